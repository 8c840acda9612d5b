"""Vatsalya (Track the Missing Child): the shared vocabulary, the integration events and the HTTP bodies.

Integration events carry a `person_ref`, the district, the age band, the sex and the status: never a
child's name, photo, identifying marks, clothing, the place last seen or anyone's contact.
"""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import ClassVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from contracts.complaints import normalise_indian_mobile
from contracts.events import IntegrationEvent
from contracts.reference import DistrictCode


class Sex(str, Enum):
    GIRL = "girl"
    BOY = "boy"
    TRANSGENDER = "transgender"
    UNKNOWN = "unknown"  # only on a found report: a sighting may not tell


class AgeBand(str, Enum):
    UNDER_6 = "0-5"
    FROM_6 = "6-11"
    FROM_12 = "12-14"
    FROM_15 = "15-17"


class ReportKind(str, Enum):
    MISSING = "missing"
    FOUND = "found"


class Status(str, Enum):
    MISSING = "missing"  # a missing report, open
    WITH_AHTU = "with_ahtu"  # a missing report handed to the Anti-Human-Trafficking Unit, still open
    FOUND = "found"  # a found or sighted child, not yet identified
    TRACED = "traced"  # a confirmed match: restoration or production before the CWC is next
    WITH_CWC = "with_cwc"  # produced before the Child Welfare Committee
    RESTORED = "restored"  # restored to the guardian: closed


class MissingReporter(str, Enum):
    PARENT_GUARDIAN = "parent_guardian"
    POLICE_STATION = "police_station"
    CHILDLINE = "childline"
    CCI = "cci"  # Child Care Institution


class FoundReporter(str, Enum):
    POLICE = "police"
    CCI = "cci"
    CWC = "cwc"
    RAILWAY_POLICE = "railway_police"
    PUBLIC = "public"


class ChildNowWith(str, Enum):
    """Where the found child is now; police, railway police and a CCI have taken charge of the child."""

    POLICE = "police"
    RAILWAY_POLICE = "railway_police"
    CCI = "cci"
    CWC = "cwc"
    FINDER = "finder"
    NOT_IN_CARE = "not_in_care"  # a sighting: nobody has the child


class AhtuReason(str, Enum):
    UNTRACED_FOUR_MONTHS = "untraced_four_months"
    TRAFFICKING_SUSPECTED = "trafficking_suspected"


class MatchStatus(str, Enum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # one of its reports was matched with another


class RecoveryOutcome(str, Enum):
    RESTORED = "restored"
    PRODUCED_BEFORE_CWC = "produced_before_cwc"


# Integration events: a report's carry its ref, district, age band, sex and status; a match's, the pair.


class ChildReportEvent(IntegrationEvent):
    source_service: ClassVar[str] = "missing_child"

    report_id: str
    kind: ReportKind
    district: str
    status: Status
    person_ref: str
    age_band: AgeBand
    sex: Sex

    def subject(self) -> str:
        return self.report_id


class MissingChildReported(ChildReportEvent):
    type: ClassVar[str] = "missing_child.missing_reported.v1"

    reported_by: MissingReporter
    police_station: str
    fir_number: str
    last_seen_at: datetime
    ahtu_due_at: datetime


class FoundChildReported(ChildReportEvent):
    type: ClassVar[str] = "missing_child.found_reported.v1"

    reported_by: FoundReporter
    now_with: ChildNowWith
    found_at: datetime
    cwc_due_at: datetime | None


class AhtuHandoverDueSoon(ChildReportEvent):
    type: ClassVar[str] = "missing_child.ahtu_handover_due_soon.v1"

    ahtu_due_at: datetime


class HandedToAhtu(ChildReportEvent):
    type: ClassVar[str] = "missing_child.handed_to_ahtu.v1"

    reason: AhtuReason
    escalated_to: str


class TakenInCharge(ChildReportEvent):
    type: ClassVar[str] = "missing_child.taken_in_charge.v1"

    cwc_due_at: datetime


class CwcProductionDueSoon(ChildReportEvent):
    type: ClassVar[str] = "missing_child.cwc_production_due_soon.v1"

    cwc_due_at: datetime


class CwcProductionOverdue(ChildReportEvent):
    type: ClassVar[str] = "missing_child.cwc_production_overdue.v1"

    escalated_to: str


class ChildTraced(ChildReportEvent):
    type: ClassVar[str] = "missing_child.traced.v1"

    match_id: str | None
    matched_report_id: str | None


class ProducedBeforeCwc(ChildReportEvent):
    type: ClassVar[str] = "missing_child.produced_before_cwc.v1"


class ChildRestored(ChildReportEvent):
    type: ClassVar[str] = "missing_child.restored.v1"


class MatchEvent(IntegrationEvent):
    source_service: ClassVar[str] = "missing_child"

    match_id: str
    missing_report_id: str
    found_report_id: str
    missing_district: str
    found_district: str
    score: float
    status: MatchStatus

    def subject(self) -> str:
        return self.match_id


class PotentialMatchProposed(MatchEvent):
    type: ClassVar[str] = "missing_child.match_proposed.v1"

    field_scores: dict[str, float]


class MatchConfirmed(MatchEvent):
    type: ClassVar[str] = "missing_child.match_confirmed.v1"


class MatchRejected(MatchEvent):
    type: ClassVar[str] = "missing_child.match_rejected.v1"


class MatchWithdrawn(MatchEvent):
    type: ClassVar[str] = "missing_child.match_withdrawn.v1"


# HTTP bodies

# hide_input_in_errors: a rejected name or phone number must not come back in a 422 or a log line.
_BODY = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)
MAX_CHILD_AGE = 17


class AgeRange(BaseModel):
    """An estimate in whole years at the time of the report (last seen, or found)."""

    model_config = _BODY

    min_years: int = Field(ge=0, le=MAX_CHILD_AGE)
    max_years: int = Field(ge=0, le=MAX_CHILD_AGE)

    @model_validator(mode="after")
    def _ordered(self) -> "AgeRange":
        if self.min_years > self.max_years:
            raise ValueError("age_range_order: min_years must not exceed max_years")
        return self


class ChildDescription(BaseModel):
    model_config = _BODY

    name: str | None = Field(None, min_length=1, max_length=120)
    other_names: list[str] = Field(default_factory=list, max_length=10)
    sex: Sex
    age: AgeRange | None = None
    date_of_birth: date | None = None
    height_cm: int | None = Field(None, ge=30, le=210)
    build: str | None = Field(None, max_length=60)
    complexion: str | None = Field(None, max_length=60)
    identifying_marks: str | None = Field(None, max_length=1000)
    clothing: str | None = Field(None, max_length=1000)
    languages: list[str] = Field(default_factory=list, max_length=10)
    photo_ref: str | None = Field(None, max_length=300)

    @field_validator("other_names", "languages")
    @classmethod
    def _short_entries(cls, values: list[str]) -> list[str]:
        if any(not value.strip() or len(value) > 120 for value in values):
            raise ValueError("short_entries: each entry must be 1 to 120 characters")
        return [value.strip() for value in values]

    @model_validator(mode="after")
    def _age_or_date_of_birth(self) -> "ChildDescription":
        if (self.age is None) == (self.date_of_birth is None):
            raise ValueError("age_or_date_of_birth: give either age (a range in years) or date_of_birth")
        return self


class PlaceAndTime(BaseModel):
    model_config = _BODY

    district: DistrictCode
    police_station: str | None = Field(None, max_length=120)
    locality: str | None = Field(None, max_length=300)
    at: AwareDatetime



class ContactPerson(BaseModel):
    model_config = _BODY

    name: str = Field(min_length=2, max_length=120)
    phone: str | None = None
    relationship: str | None = Field(None, max_length=60)
    address: str | None = Field(None, max_length=500)

    @field_validator("phone")
    @classmethod
    def _indian_mobile(cls, value: str | None) -> str | None:
        return None if value is None else normalise_indian_mobile(value)


class MissingReportForm(BaseModel):
    """Filed at the police station. The FIR is registered at once: its station is required, and so
    is its number when the station itself reports; otherwise the e-FIR is numbered on filing."""

    model_config = _BODY

    reported_by: MissingReporter
    child: ChildDescription
    last_seen: PlaceAndTime
    circumstances: str = Field(min_length=10, max_length=5000)
    guardian: ContactPerson
    police_station: str = Field(min_length=2, max_length=120)
    fir_number: str | None = Field(None, min_length=1, max_length=60)
    trafficking_suspected: bool = False

    @model_validator(mode="after")
    def _named_child_and_fir(self) -> "MissingReportForm":
        if not self.child.name:
            raise ValueError("child_named: a missing child's name is required")
        if self.child.sex is Sex.UNKNOWN:
            raise ValueError("child_sex_known: a missing child's sex is girl, boy or transgender")
        if self.reported_by is MissingReporter.POLICE_STATION and not self.fir_number:
            raise ValueError("fir_number_required: a report by the police station carries its FIR number")
        return self


class FoundReportForm(BaseModel):
    model_config = _BODY

    reported_by: FoundReporter
    child: ChildDescription
    found: PlaceAndTime
    now_with: ChildNowWith
    circumstances: str | None = Field(None, max_length=5000)
    finder: ContactPerson | None = None


class FiledReport201(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_id: str
    status: Status
    fir_number: str | None = None
    potential_matches: list[dict] = Field(default_factory=list)


class SightingReceived201(BaseModel):
    """What a member of the public gets back: the reference, never a match."""

    model_config = ConfigDict(extra="forbid")

    report_id: str


class DecisionBody(BaseModel):
    model_config = _BODY

    note: str = Field(min_length=5, max_length=2000)


class RecoveryBody(BaseModel):
    model_config = _BODY

    outcome: RecoveryOutcome
    received_by: ContactPerson | None = None  # who received the child from the police or the CWC
    note: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _receiver_when_restored(self) -> "RecoveryBody":
        if self.outcome is RecoveryOutcome.RESTORED and self.received_by is None:
            raise ValueError("received_by_required: say who received the child")
        return self
