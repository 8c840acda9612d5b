"""Transgender Protection Cell (Transgender Persons (Protection of Rights) Act 2019, Rules 2020):
the vocabulary, the integration events and the HTTP bodies.

A person's identity, including the gender they state, is personal data protected as a sexual
offence victim's is: it never leaves the transgender_cell service. Integration events carry ids,
codes and a `person_ref` only.
"""
from __future__ import annotations

from datetime import date
from enum import Enum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.casework import IndianMobile, clock_contracts
from contracts.events import IntegrationEvent
from contracts.reference import DistrictCode

# The stage clocks, named as in services/transgender_cell/limits.json.
CLOCKS = ("referral", "fir_decision", "investigation_sexual_abuse", "investigation", "prosecution_update",
          "certificate")


class Category(str, Enum):
    """s.18 offences, and grievances that are not offences (s.3 discrimination and the like)."""

    FORCED_LABOUR = "forced_labour"  # s.18(a)
    DENIAL_OF_PUBLIC_PLACE = "denial_of_public_place"  # s.18(b)
    REMOVAL_FROM_HOUSEHOLD = "removal_from_household"  # s.18(c)
    PHYSICAL_ABUSE = "physical_abuse"  # s.18(d)
    SEXUAL_ABUSE = "sexual_abuse"  # s.18(d)
    VERBAL_ABUSE = "verbal_abuse"  # s.18(d)
    EMOTIONAL_ABUSE = "emotional_abuse"  # s.18(d)
    ECONOMIC_ABUSE = "economic_abuse"  # s.18(d)
    OTHER_GRIEVANCE = "other_grievance"


class RegisteredBy(str, Enum):
    SELF = "self"
    REPRESENTATIVE = "representative"
    NGO = "ngo"


class GrievanceStatus(str, Enum):
    REGISTERED = "registered"  # the district cell refers it to the police station
    REFERRED = "referred"  # the police station decides on the FIR
    UNDER_INVESTIGATION = "under_investigation"
    REFERRED_TO_MAGISTRATE = "referred_to_magistrate"  # non-cognisable: BNSS s.174(1)
    PROSECUTION = "prosecution"
    CLOSED = "closed"


class FirDecision(str, Enum):
    FIR_REGISTERED = "fir_registered"
    REFERRED_TO_MAGISTRATE = "referred_to_magistrate"


class InvestigationOutcome(str, Enum):
    CHARGESHEET = "chargesheet"
    CLOSURE_REPORT = "closure_report"


class Verdict(str, Enum):
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"


class CertificateStatus(str, Enum):
    PENDING = "pending"
    ISSUED = "issued"
    REJECTED = "rejected"


class CertificateDecision(str, Enum):
    ISSUED = "issued"
    REJECTED = "rejected"


# ---------------------------------------------------------------------------------------------
# Integration events
# ---------------------------------------------------------------------------------------------


class GrievanceEvent(IntegrationEvent):
    source_service: ClassVar[str] = "transgender_cell"

    grievance_id: str
    district: str
    status: GrievanceStatus

    def subject(self) -> str:
        return self.grievance_id


class GrievanceRegistered(GrievanceEvent):
    type: ClassVar[str] = "transgender_cell.grievance_registered.v1"

    category: Category
    registered_by: RegisteredBy
    person_ref: str


class GrievanceReferred(GrievanceEvent):
    type: ClassVar[str] = "transgender_cell.grievance_referred.v1"

    police_station: str


class FirDecisionRecorded(GrievanceEvent):
    type: ClassVar[str] = "transgender_cell.fir_decision_recorded.v1"

    decision: FirDecision
    fir_number: str | None


class InvestigationConcluded(GrievanceEvent):
    type: ClassVar[str] = "transgender_cell.investigation_concluded.v1"

    outcome: InvestigationOutcome


class ProsecutionUpdateRecorded(GrievanceEvent):
    type: ClassVar[str] = "transgender_cell.prosecution_update_recorded.v1"

    update_no: int
    next_hearing: date | None


class GrievanceClosed(GrievanceEvent):
    type: ClassVar[str] = "transgender_cell.grievance_closed.v1"

    reason: str  # resolved_by_cell, closure_report, convicted, acquitted


class CertificateEvent(IntegrationEvent):
    source_service: ClassVar[str] = "transgender_cell"

    application_id: str
    district: str
    status: CertificateStatus

    def subject(self) -> str:
        return self.application_id


class CertificateApplied(CertificateEvent):
    type: ClassVar[str] = "transgender_cell.certificate_applied.v1"

    person_ref: str


class CertificateDecided(CertificateEvent):
    type: ClassVar[str] = "transgender_cell.certificate_decided.v1"

    decision: CertificateDecision


ClockStarted, ClockStopped, ClockDueSoon, ClockBreached = clock_contracts("transgender_cell")


# ---------------------------------------------------------------------------------------------
# HTTP bodies
# ---------------------------------------------------------------------------------------------

# hide_input_in_errors: a rejected name, phone or stated gender must not come back in a 422 or a log line.
_BODY = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)


class Person(BaseModel):
    """The person the grievance or the certificate is about. `gender_identity` is recorded as they
    state it, in their words: free text, never a list to choose from, never checked."""

    model_config = _BODY

    name: str = Field(min_length=1, max_length=120)
    gender_identity: str = Field(min_length=1, max_length=100)
    phone: IndianMobile | None = None
    address: str | None = Field(None, max_length=500)


class Representative(BaseModel):
    """Someone registering on the person's behalf: a representative or an NGO's worker."""

    model_config = _BODY

    name: str = Field(min_length=2, max_length=120)
    organisation: str | None = Field(None, max_length=200)
    phone: IndianMobile | None = None


class GrievanceRegistration(BaseModel):
    model_config = _BODY

    registered_by: RegisteredBy
    person: Person
    representative: Representative | None = None
    district: DistrictCode
    category: Category
    description: str = Field(min_length=20, max_length=5000)

    @model_validator(mode="after")
    def _representative_named(self) -> "GrievanceRegistration":
        if (self.registered_by is RegisteredBy.SELF) != (self.representative is None):
            raise ValueError("representative_matches_registered_by: name the representative or NGO when "
                             "registered_by is representative or ngo, and only then")
        return self


class Registered201(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    access_code: str


class ReferralBody(BaseModel):
    model_config = _BODY

    police_station: str = Field(min_length=2, max_length=120)


class FirDecisionBody(BaseModel):
    model_config = _BODY

    decision: FirDecision
    fir_number: str | None = Field(None, min_length=1, max_length=40)

    @model_validator(mode="after")
    def _number_with_fir(self) -> "FirDecisionBody":
        if (self.decision is FirDecision.FIR_REGISTERED) != (self.fir_number is not None):
            raise ValueError("fir_number_with_fir: give fir_number when the FIR is registered, and only then")
        return self


class InvestigationOutcomeBody(BaseModel):
    model_config = _BODY

    outcome: InvestigationOutcome


class ProsecutionUpdateBody(BaseModel):
    model_config = _BODY

    next_hearing: date | None = None


class VerdictBody(BaseModel):
    model_config = _BODY

    verdict: Verdict


class CertificateApplication(BaseModel):
    model_config = _BODY

    applicant: Person
    representative: Representative | None = None
    district: DistrictCode


class CertificateDecisionBody(BaseModel):
    model_config = _BODY

    decision: CertificateDecision
    certificate_number: str | None = Field(None, min_length=1, max_length=40)

    @model_validator(mode="after")
    def _number_when_issued(self) -> "CertificateDecisionBody":
        if (self.decision is CertificateDecision.ISSUED) != (self.certificate_number is not None):
            raise ValueError("certificate_number_when_issued: give certificate_number when issued, and only then")
        return self
