"""NAVCHETNA training of police personnel: the vocabulary, the integration events and the HTTP bodies.

Personnel and trainers are people: their names, service numbers and phones stay sealed inside the
training service. Integration events carry a `person_ref`, rank, police station, sex and district,
and whether an assessment was passed, never the score itself.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, ClassVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from contracts.complaints import normalise_indian_mobile
from contracts.events import IntegrationEvent
from contracts.reference import DistrictCode, Sex


class Rank(str, Enum):
    CONSTABLE = "constable"
    HEAD_CONSTABLE = "head_constable"
    SUB_INSPECTOR = "sub_inspector"
    INSPECTOR = "inspector"
    DEPUTY_SP = "deputy_sp"
    ADDITIONAL_SP = "additional_sp"
    SP_AND_ABOVE = "sp_and_above"


class RefresherState(str, Enum):
    CURRENT = "current"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


# ---------------------------------------------------------------------------------------------
# Integration events
# ---------------------------------------------------------------------------------------------


class TrainingEvent(IntegrationEvent):
    source_service: ClassVar[str] = "training"


class CourseCreated(TrainingEvent):
    type: ClassVar[str] = "training.course_created.v1"

    course_id: str
    title: str
    modules: list[str]
    hours: float
    pass_mark: float
    refresher_after_days: int

    def subject(self) -> str:
        return self.course_id


class TrainerRegistered(TrainingEvent):
    type: ClassVar[str] = "training.trainer_registered.v1"

    trainer_id: str
    person_ref: str
    district: str
    course_ids: list[str]

    def subject(self) -> str:
        return self.trainer_id


class SessionScheduled(TrainingEvent):
    type: ClassVar[str] = "training.session_scheduled.v1"

    session_id: str
    course_id: str
    district: str
    starts_at: datetime
    hours: float
    capacity: int
    trainer_ids: list[str]

    def subject(self) -> str:
        return self.session_id


class PersonnelEvent(TrainingEvent):
    """An event about one person in one session of a course, with what the district view counts by."""

    session_id: str
    course_id: str
    district: str
    person_ref: str
    rank: Rank
    police_station: str
    sex: Sex

    def subject(self) -> str:
        return self.session_id


class Enrolled(PersonnelEvent):
    type: ClassVar[str] = "training.enrolled.v1"

    enrolled: int  # how many are enrolled in the session after this one
    capacity: int


class AttendanceRecorded(PersonnelEvent):
    type: ClassVar[str] = "training.attendance_recorded.v1"

    hours: float
    course_hours_attended: float  # since the person's last certificate for this course


class AssessmentRecorded(PersonnelEvent):
    type: ClassVar[str] = "training.assessment_recorded.v1"

    passed: bool


class CertificateIssued(PersonnelEvent):
    type: ClassVar[str] = "training.certificate_issued.v1"

    certificate_id: str
    certificate_no: int  # 1 for the first certificate in this course, 2 for the first refresher ...
    refresher_due_at: datetime


class RefresherDueSoon(PersonnelEvent):
    type: ClassVar[str] = "training.refresher_due_soon.v1"

    certificate_id: str
    refresher_due_at: datetime


class RefresherOverdue(PersonnelEvent):
    type: ClassVar[str] = "training.refresher_overdue.v1"

    certificate_id: str
    refresher_due_at: datetime


class StationStrengthRecorded(TrainingEvent):
    type: ClassVar[str] = "training.station_strength_recorded.v1"

    district: str
    police_station: str
    strength: int

    def subject(self) -> str:
        return f"{self.district}/{self.police_station}"


# ---------------------------------------------------------------------------------------------
# HTTP bodies
# ---------------------------------------------------------------------------------------------

_BODY = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)
_CODE = r"^[A-Z0-9][A-Z0-9-]{1,19}$"
ServiceNumber = Annotated[str, Field(pattern=r"^[A-Za-z0-9/-]{3,20}$", description="the police service number")]
IndianMobile = Annotated[str, AfterValidator(normalise_indian_mobile)]


class CourseBody(BaseModel):
    model_config = _BODY

    course_id: str = Field(pattern=_CODE, description="the course code, e.g. NC-GS-01")
    title: str = Field(min_length=3, max_length=200)
    modules: list[str] = Field(min_length=1, max_length=30)
    hours: float = Field(gt=0, le=200, description="hours a participant must attend to be certified")
    pass_mark: float = Field(ge=0, le=100, description="the assessment score (0-100) needed to be certified")
    refresher_after_days: int = Field(365, ge=90, le=1825,
                                      description="a certificate's refresher falls due this many days after issue")


class TrainerBody(BaseModel):
    model_config = _BODY

    name: str = Field(min_length=2, max_length=120)
    phone: IndianMobile
    district: DistrictCode
    course_ids: list[str] = Field(min_length=1, max_length=30)


class SessionBody(BaseModel):
    model_config = _BODY

    course_id: str = Field(pattern=_CODE)
    district: DistrictCode
    venue: str = Field(min_length=2, max_length=200)
    starts_at: AwareDatetime
    hours: float | None = Field(None, gt=0, le=200, description="default: the course's hours")
    capacity: int = Field(ge=1, le=500)
    trainer_ids: list[str] = Field(min_length=1, max_length=10)


class Personnel(BaseModel):
    model_config = _BODY

    service_number: ServiceNumber
    name: str = Field(min_length=2, max_length=120)
    phone: IndianMobile | None = None


class EnrolmentBody(BaseModel):
    model_config = _BODY

    personnel: Personnel
    rank: Rank
    police_station: str = Field(min_length=2, max_length=120)
    sex: Sex


class AttendanceBody(BaseModel):
    """Also one row of a session's attendance sheet (CSV columns `service_number,hours`)."""

    model_config = _BODY

    service_number: ServiceNumber
    hours: float = Field(gt=0, le=200)


class AssessmentBody(BaseModel):
    model_config = _BODY

    service_number: ServiceNumber
    score: float = Field(ge=0, le=100)


class CertificateBody(BaseModel):
    model_config = _BODY

    service_number: ServiceNumber


class StationStrengthBody(BaseModel):
    model_config = _BODY

    district: DistrictCode
    police_station: str = Field(min_length=2, max_length=120)
    strength: int = Field(ge=1, le=5000, description="sanctioned personnel posted at the station")
