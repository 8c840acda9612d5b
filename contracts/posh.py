"""POSH (Sexual Harassment of Women at Workplace Act 2013 and Rules 2013): the vocabulary, the
integration events and the HTTP bodies.

Integration events carry ids, codes, counts and `person_ref`s only: no name, phone, address,
description, reasons or settlement terms of a complainant, respondent or committee member ever
leaves the posh service.
"""
from __future__ import annotations

from datetime import date
from enum import Enum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from contracts.casework import IndianMobile, clock_contracts
from contracts.events import IntegrationEvent
from contracts.reference import DistrictCode

# s.4(1): an employer with ten or more workers constitutes an Internal Committee; below that, the
# district's Local Committee hears the complaint (s.6(1)).
INTERNAL_COMMITTEE_THRESHOLD = 10


class Clock(str, Enum):
    """The statutory clocks of a complaint."""

    COPY_TO_RESPONDENT = "copy_to_respondent"  # Rules r.7(2): 7 working days
    RESPONDENT_REPLY = "respondent_reply"  # Rules r.7(4): 10 working days
    INQUIRY = "inquiry"  # s.11(4): 90 days
    REPORT = "report"  # s.13(1): 10 days
    EMPLOYER_ACTION = "employer_action"  # s.13(4): 60 days


class Committee(str, Enum):
    INTERNAL = "internal"  # s.4, the workplace's Internal Committee
    LOCAL = "local"  # s.6, the district's Local Committee


class Routing(str, Enum):
    """Why the complaint went to the committee it went to (s.6(1), s.9)."""

    INTERNAL_COMMITTEE = "internal_committee"
    FEWER_THAN_TEN_EMPLOYEES = "fewer_than_ten_employees"
    AGAINST_EMPLOYER = "against_employer"
    INTERNAL_COMMITTEE_NOT_CONSTITUTED = "internal_committee_not_constituted"
    NO_REGISTERED_WORKPLACE = "no_registered_workplace"


class Status(str, Enum):
    AWAITING_EXTENSION = "awaiting_extension"  # filed 3-6 months after the incident: s.9(1) proviso
    RECEIVED = "received"  # copies to the respondents pending
    UNDER_INQUIRY = "under_inquiry"
    CONCILIATION = "conciliation"
    SETTLED = "settled"
    INQUIRY_COMPLETED = "inquiry_completed"
    REPORT_SUBMITTED = "report_submitted"
    ACTION_TAKEN = "action_taken"
    APPEALED = "appealed"


class Finding(str, Enum):
    PROVED = "proved"
    NOT_PROVED = "not_proved"
    MALICIOUS_OR_FALSE = "malicious_or_false"  # s.14


class Recommendation(str, Enum):
    """Rule 9 and s.13(3) actions."""

    WRITTEN_APOLOGY = "written_apology"
    WARNING = "warning"
    REPRIMAND_OR_CENSURE = "reprimand_or_censure"
    WITHHOLDING_PROMOTION = "withholding_promotion"
    WITHHOLDING_INCREMENTS = "withholding_increments"
    TERMINATION = "termination"
    COUNSELLING = "counselling"
    COMMUNITY_SERVICE = "community_service"
    DEDUCTION_FROM_SALARY = "deduction_from_salary"  # s.13(3)(ii) compensation, fixed under s.15
    NO_ACTION = "no_action"


class EmployerOutcome(str, Enum):
    IMPLEMENTED = "implemented"
    PARTLY_IMPLEMENTED = "partly_implemented"
    NOT_IMPLEMENTED = "not_implemented"


class InterimRelief(str, Enum):
    """s.12(1) and Rule 8."""

    TRANSFER = "transfer"
    LEAVE = "leave"
    RESTRAIN_RESPONDENT_REPORTING = "restrain_respondent_reporting"


class Appellant(str, Enum):
    COMPLAINANT = "complainant"
    RESPONDENT = "respondent"


# ---------------------------------------------------------------------------------------------
# Integration events
# ---------------------------------------------------------------------------------------------


class WorkplaceEvent(IntegrationEvent):
    source_service: ClassVar[str] = "posh"

    workplace_id: str
    district: str

    def subject(self) -> str:
        return self.workplace_id


class WorkplaceRegistered(WorkplaceEvent):
    type: ClassVar[str] = "posh.workplace_registered.v1"

    name: str  # an organisation, not a person
    employee_count: int


class InternalCommitteeRecorded(WorkplaceEvent):
    type: ClassVar[str] = "posh.internal_committee_recorded.v1"

    constituted: bool  # s.4(2): a presiding officer, two or more members and an external member
    member_count: int


class LocalCommitteeRegistered(IntegrationEvent):
    type: ClassVar[str] = "posh.local_committee_registered.v1"
    source_service: ClassVar[str] = "posh"

    district: str
    member_count: int

    def subject(self) -> str:
        return f"LC-{self.district}"


class ComplaintEvent(IntegrationEvent):
    source_service: ClassVar[str] = "posh"

    complaint_id: str
    district: str
    status: Status

    def subject(self) -> str:
        return self.complaint_id


class ComplaintFiled(ComplaintEvent):
    type: ClassVar[str] = "posh.complaint_filed.v1"

    workplace_id: str | None
    committee: Committee
    routing: Routing
    complainant_ref: str
    respondent_refs: list[str]
    incident_date: date
    filing_limit: date  # 3 months after the incident (s.9(1))


class ExtensionGranted(ComplaintEvent):
    type: ClassVar[str] = "posh.extension_granted.v1"


class CopySent(ComplaintEvent):
    type: ClassVar[str] = "posh.copy_sent.v1"

    respondent_no: int


class ReplyReceived(ComplaintEvent):
    type: ClassVar[str] = "posh.reply_received.v1"

    respondent_no: int


class ConciliationRequested(ComplaintEvent):
    type: ClassVar[str] = "posh.conciliation_requested.v1"


class ConciliationEnded(ComplaintEvent):
    type: ClassVar[str] = "posh.conciliation_ended.v1"

    settled: bool


class InterimReliefRequested(ComplaintEvent):
    type: ClassVar[str] = "posh.interim_relief_requested.v1"

    relief: InterimRelief


class InterimReliefRecommended(ComplaintEvent):
    type: ClassVar[str] = "posh.interim_relief_recommended.v1"

    relief: InterimRelief
    leave_days: int | None


class InquiryCompleted(ComplaintEvent):
    type: ClassVar[str] = "posh.inquiry_completed.v1"

    finding: Finding


class ReportSubmitted(ComplaintEvent):
    type: ClassVar[str] = "posh.report_submitted.v1"

    report_to: str  # "employer" (Internal Committee) or "district_officer" (Local Committee), s.13(1)
    recommendations: list[Recommendation]


class EmployerActionRecorded(ComplaintEvent):
    type: ClassVar[str] = "posh.employer_action_recorded.v1"

    outcome: EmployerOutcome


class AppealFiled(ComplaintEvent):
    type: ClassVar[str] = "posh.appeal_filed.v1"

    appellant: Appellant


ClockStarted, ClockStopped, ClockDueSoon, ClockBreached = clock_contracts("posh")


# ---------------------------------------------------------------------------------------------
# HTTP bodies
# ---------------------------------------------------------------------------------------------

# hide_input_in_errors: a rejected name or phone must not come back in a 422 or a log line.
_BODY = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)


class Person(BaseModel):
    """A complainant, respondent or committee member: personal data, sealed on arrival."""

    model_config = _BODY

    name: str = Field(min_length=2, max_length=120)
    phone: IndianMobile | None = None
    designation: str | None = Field(None, max_length=120)
    address: str | None = Field(None, max_length=500)


class WorkplaceRegistration(BaseModel):
    model_config = _BODY

    name: str = Field(min_length=2, max_length=200)
    district: DistrictCode
    employee_count: int = Field(ge=1, le=10_000_000)
    employer: str = Field(min_length=2, max_length=200)


class WorkplaceRegistered201(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workplace_id: str


class InternalCommitteeBody(BaseModel):
    model_config = _BODY

    presiding_officer: Person | None = None
    members: list[Person] = Field(default_factory=list, max_length=20)
    external_member: Person | None = None


class LocalCommitteeBody(BaseModel):
    model_config = _BODY

    district: DistrictCode
    chairperson: Person
    members: list[Person] = Field(min_length=1, max_length=20)


class ComplaintFiling(BaseModel):
    model_config = _BODY

    district: DistrictCode
    workplace_id: str | None = Field(None, max_length=40)
    against_employer: bool = False
    complainant: Person
    respondents: list[Person] = Field(min_length=1, max_length=10)
    incident_date: date  # the incident, or the last incident of a series (s.9(1))
    series: bool = False
    description: str = Field(min_length=20, max_length=5000)


class ComplaintFiled201(BaseModel):
    model_config = ConfigDict(extra="forbid")

    complaint_id: str
    access_code: str
    committee: Committee
    status: Status


class ExtensionBody(BaseModel):
    model_config = _BODY

    reasons: str = Field(min_length=10, max_length=2000)  # s.9(1) proviso: reasons recorded in writing


class RespondentBody(BaseModel):
    model_config = _BODY

    respondent_no: int = Field(ge=1, le=10)


class SettlementBody(BaseModel):
    model_config = _BODY

    terms: str = Field(min_length=10, max_length=2000)
    monetary_settlement: bool = False  # s.10(1) proviso: never allowed; true is refused by the rule


class InterimReliefBody(BaseModel):
    model_config = _BODY

    relief: InterimRelief
    leave_days: int | None = Field(None, ge=1, le=3650)


class InquiryBody(BaseModel):
    model_config = _BODY

    finding: Finding


class ReportBody(BaseModel):
    model_config = _BODY

    recommendations: list[Recommendation] = Field(min_length=1, max_length=10)


class EmployerActionBody(BaseModel):
    model_config = _BODY

    outcome: EmployerOutcome


class AppealBody(BaseModel):
    model_config = _BODY

    appellant: Appellant
