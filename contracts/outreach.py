"""Community outreach (RU-BA-RU, SAATHI, AKSHAYA, ADHIKAAR, JAGRITI, Mission Shakti beat work) and
SAARTHI safe public transport: the vocabulary, the integration events and the HTTP bodies.

Reach is counted, never listed: an activity records how many people of each sex and age band it
reached. SAARTHI photo references and descriptions are sealed inside the outreach service, and a
vehicle number (a taxi's identifies its driver) never leaves it either.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from contracts.events import IntegrationEvent
from contracts.reference import DistrictCode, Sex


class Programme(str, Enum):
    RU_BA_RU = "ru_ba_ru"  # student-cop connect in schools and colleges
    SAATHI = "saathi"  # citizen cadets
    AKSHAYA = "akshaya"  # self-defence for girls
    ADHIKAAR = "adhikaar"  # legal literacy
    JAGRITI = "jagriti"  # awareness by public figures
    MISSION_SHAKTI_BEAT = "mission_shakti_beat"  # women beat officers' visits to gram panchayats and wards


class SaathiStage(str, Enum):
    ENROLMENT = "enrolment"
    TRAINING = "training"
    ACTIVITY = "activity"


class PlaceKind(str, Enum):
    SCHOOL = "school"
    COLLEGE = "college"
    BUS_DEPOT = "bus_depot"
    RAILWAY_STATION = "railway_station"
    GRAM_PANCHAYAT = "gram_panchayat"
    WARD = "ward"
    MARKET = "market"
    WORKPLACE = "workplace"
    OTHER = "other"


class AgeBand(str, Enum):
    CHILD = "0_17"
    YOUNG_ADULT = "18_30"
    ADULT = "31_60"
    SENIOR = "61_plus"


class IncidentSource(str, Enum):
    REPORTED = "reported"
    PANIC_BUTTON = "panic_button"


class IncidentKind(str, Enum):
    HARASSMENT = "harassment"
    STALKING = "stalking"
    UNSAFE_DRIVING = "unsafe_driving"
    OVERCROWDING = "overcrowding"
    PANIC_ALERT = "panic_alert"
    OTHER = "other"


class IncidentStatus(str, Enum):
    AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


class Resolution(str, Enum):
    RESOLVED = "resolved"
    REFERRED_TO_POLICE_STATION = "referred_to_police_station"
    FALSE_ALARM = "false_alarm"


class UnsafeReason(str, Enum):
    POOR_LIGHTING = "poor_lighting"
    ISOLATED = "isolated"
    HARASSMENT_SEEN = "harassment_seen"
    NO_POLICE_PRESENCE = "no_police_presence"
    NO_SHELTER = "no_shelter"
    OTHER = "other"


# ---------------------------------------------------------------------------------------------
# Integration events
# ---------------------------------------------------------------------------------------------


class OutreachEvent(IntegrationEvent):
    source_service: ClassVar[str] = "outreach"

    district: str


class ReachCount(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sex: Sex
    age_band: AgeBand
    count: int


class ActivityRecorded(OutreachEvent):
    type: ClassVar[str] = "outreach.activity_recorded.v1"

    activity_id: str
    programme: Programme
    saathi_stage: SaathiStage | None
    place_kind: PlaceKind
    place_name: str
    date: dt.date
    officer_count: int
    reach: list[ReachCount]  # one entry per (sex, age band) with a count above 0
    total_reach: int

    def subject(self) -> str:
        return self.activity_id


class IncidentEvent(OutreachEvent):
    incident_id: str
    status: IncidentStatus

    def subject(self) -> str:
        return self.incident_id


class IncidentOpened(IncidentEvent):
    type: ClassVar[str] = "outreach.saarthi_incident_opened.v1"

    source: IncidentSource
    kind: IncidentKind
    route: str | None
    stop: str | None
    ack_due_at: dt.datetime | None  # panic alerts only


class IncidentAckDueSoon(IncidentEvent):
    type: ClassVar[str] = "outreach.saarthi_ack_due_soon.v1"

    ack_due_at: dt.datetime


class IncidentAckBreached(IncidentEvent):
    type: ClassVar[str] = "outreach.saarthi_ack_breached.v1"

    ack_due_at: dt.datetime


class IncidentAcknowledged(IncidentEvent):
    type: ClassVar[str] = "outreach.saarthi_incident_acknowledged.v1"

    on_time: bool | None  # None when the incident had no acknowledgement clock


class IncidentClosed(IncidentEvent):
    type: ClassVar[str] = "outreach.saarthi_incident_closed.v1"

    resolution: Resolution


class UnsafeStopReported(OutreachEvent):
    type: ClassVar[str] = "outreach.unsafe_stop_reported.v1"

    stop_id: str
    stop_name: str
    route: str | None
    reasons: list[UnsafeReason]
    report_count: int  # reports of this stop so far, this one included

    def subject(self) -> str:
        return self.stop_id


# ---------------------------------------------------------------------------------------------
# HTTP bodies
# ---------------------------------------------------------------------------------------------

_BODY = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)
OfficerId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{2,64}$")]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
VehicleNumber = Annotated[str, Field(pattern=r"^[A-Z]{2}[0-9A-Z -]{4,12}$", description="registration number")]


class Place(BaseModel):
    model_config = _BODY

    kind: PlaceKind
    name: str = Field(min_length=2, max_length=200)
    district: DistrictCode


class ActivityBody(BaseModel):
    """One activity. Also one row of a district's activity sheet (see `ACTIVITY_SHEET_COLUMNS`)."""

    model_config = _BODY

    programme: Programme
    saathi_stage: SaathiStage | None = Field(None, description="SAATHI only: cadet enrolment, training or activity")
    place: Place
    date: dt.date
    officers: list[OfficerId] = Field(min_length=1, max_length=20, description="ids of the officers who held it")
    reach: dict[Sex, dict[AgeBand, Count]] = Field(description="people reached, by sex and age band")

    @model_validator(mode="after")
    def _rules(self) -> "ActivityBody":
        if (self.programme is Programme.SAATHI) != (self.saathi_stage is not None):
            raise ValueError("saathi_stage: saathi_stage is given for SAATHI activities and only for them")
        if not sum(count for bands in self.reach.values() for count in bands.values()):
            raise ValueError("reach: an activity reaches at least one person")
        return self


REACH_COLUMNS = {f"{sex.value}_{band.value}": (sex, band) for sex in Sex for band in AgeBand}
ACTIVITY_SHEET_COLUMNS = ["programme", "saathi_stage", "place_kind", "place_name", "date", "officers",
                          *REACH_COLUMNS]
ACTIVITY_SHEET_REQUIRED = ["programme", "place_kind", "place_name", "date", "officers"]


def activity_from_sheet_row(district: str, cells: dict[str, str]) -> dict:
    """A sheet row (officers separated by ';', one column per sex and age band, e.g. female_0_17)
    as the ActivityBody it stands for, in `district`."""
    reach: dict[str, dict[str, str]] = {}
    for column, (sex, band) in REACH_COLUMNS.items():
        if column in cells:
            reach.setdefault(sex.value, {})[band.value] = cells[column]
    return {
        "programme": cells.get("programme"),
        **({"saathi_stage": cells["saathi_stage"]} if "saathi_stage" in cells else {}),
        "place": {"kind": cells.get("place_kind"), "name": cells.get("place_name"), "district": district},
        "date": cells.get("date"),
        "officers": [officer.strip() for officer in cells.get("officers", "").split(";") if officer.strip()],
        "reach": reach,
    }


class Location(BaseModel):
    model_config = _BODY

    latitude: float = Field(ge=23.8, le=30.5, description="inside Uttar Pradesh")
    longitude: float = Field(ge=77.0, le=84.7)


class IncidentBody(BaseModel):
    model_config = _BODY

    district: DistrictCode
    kind: IncidentKind
    route: str | None = Field(None, min_length=1, max_length=60)
    vehicle: VehicleNumber | None = None
    stop: str | None = Field(None, min_length=2, max_length=120)
    occurred_at: AwareDatetime
    description: str | None = Field(None, max_length=2000)
    photo_refs: list[str] = Field(default_factory=list, max_length=5)

    @model_validator(mode="after")
    def _somewhere(self) -> "IncidentBody":
        if not (self.route or self.vehicle or self.stop):
            raise ValueError("route: an incident names its route, vehicle or stop")
        if self.kind is IncidentKind.PANIC_ALERT:
            raise ValueError("kind: panic alerts come from the vehicle's panic button (POST .../panic-alerts)")
        return self


class PanicAlertBody(BaseModel):
    model_config = _BODY

    district: DistrictCode
    vehicle: VehicleNumber
    route: str | None = Field(None, min_length=1, max_length=60)
    location: Location
    pressed_at: AwareDatetime


class ClosureBody(BaseModel):
    model_config = _BODY

    resolution: Resolution


class UnsafeStopBody(BaseModel):
    model_config = _BODY

    district: DistrictCode
    stop_name: str = Field(min_length=2, max_length=120)
    route: str | None = Field(None, min_length=1, max_length=60)
    reasons: list[UnsafeReason] = Field(min_length=1, max_length=6)
