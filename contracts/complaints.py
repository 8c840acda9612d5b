"""VIKALP + WPL-1090 complaints: the shared vocabulary, the integration events and the HTTP bodies.

Integration events carry codes, ids and a `person_ref` only: no name, phone, address, ATR text,
comment or counselling outcome ever leaves the complaints service.
"""
from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.events import IntegrationEvent
from contracts.reference import DistrictCode


class Category(str, Enum):
    EVE_TEASING = "eve_teasing"
    STALKING = "stalking"
    PHONE_ONLINE_HARASSMENT = "phone_online_harassment"
    DOMESTIC_VIOLENCE = "domestic_violence"
    DOWRY = "dowry"
    SEXUAL_ASSAULT = "sexual_assault"
    OTHER = "other"


class Status(str, Enum):
    AWAITING_ATR = "awaiting_atr"
    ATR_FILED = "atr_filed"
    UNDER_MSP_VETTING = "under_msp_vetting"
    AWAITING_FINAL_FEEDBACK = "awaiting_final_feedback"
    FINAL_FEEDBACK_REQUESTED = "final_feedback_requested"
    CLOSED = "closed"


class Rating(str, Enum):
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"


class LadderStage(str, Enum):
    """WPL-1090 ladder, in the order the stages must be taken."""

    WARNING_CALL = "warning_call"
    FFR_COUNSELLING = "ffr_counselling"
    POLICE_STATION_ESCALATION = "police_station_escalation"


class Filer(str, Enum):
    SELF = "self"
    ON_BEHALF = "on_behalf"


class Language(str, Enum):
    HI = "hi"
    EN = "en"


# ---------------------------------------------------------------------------------------------
# Integration events
# ---------------------------------------------------------------------------------------------


class ComplaintEvent(IntegrationEvent):
    source_service: ClassVar[str] = "complaints"

    complaint_id: str
    district: str
    status: Status

    def subject(self) -> str:
        return self.complaint_id


class ComplaintRegistered(ComplaintEvent):
    type: ClassVar[str] = "complaint.registered.v1"

    police_station: str | None
    category: Category
    filed_by: Filer
    anonymous: bool
    language: Language
    person_ref: str
    atr_due_at: datetime


class AtrDueSoon(ComplaintEvent):
    type: ClassVar[str] = "complaint.atr_due_soon.v1"

    cycle: int
    atr_due_at: datetime


class AtrOverdue(ComplaintEvent):
    type: ClassVar[str] = "complaint.atr_overdue.v1"

    cycle: int
    level: int
    escalated_to: str


class AtrFiled(ComplaintEvent):
    type: ClassVar[str] = "complaint.atr_filed.v1"

    atr_no: int
    first_in_cycle: bool
    language: Language


class FeedbackGiven(ComplaintEvent):
    type: ClassVar[str] = "complaint.feedback_given.v1"

    rating: Rating
    final: bool


class ReturnedToDistrict(ComplaintEvent):
    type: ClassVar[str] = "complaint.returned_to_district.v1"

    cycle: int
    atr_due_at: datetime


class FinalFeedbackRequested(ComplaintEvent):
    type: ClassVar[str] = "complaint.final_feedback_requested.v1"


class ComplaintClosed(ComplaintEvent):
    type: ClassVar[str] = "complaint.closed.v1"

    reason: str


class LadderStageRecorded(ComplaintEvent):
    type: ClassVar[str] = "complaint.ladder_stage_recorded.v1"

    stage: LadderStage


class LadderFeedbackGiven(ComplaintEvent):
    type: ClassVar[str] = "complaint.ladder_feedback_given.v1"

    stage: LadderStage
    rating: Rating


# ---------------------------------------------------------------------------------------------
# HTTP bodies
# ---------------------------------------------------------------------------------------------

# hide_input_in_errors: a rejected phone number or name must not come back in a 422 or a log line.
_BODY = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)

_PHONE_SEPARATORS = re.compile(r"[\s-]")
_INDIAN_MOBILE = re.compile(r"^[6-9]\d{9}$")


def normalise_indian_mobile(raw: str) -> str:
    """'+91 98765-43210', '09876543210', '9876543210' → '9876543210'; anything else → ValueError."""
    digits = _PHONE_SEPARATORS.sub("", raw)
    if digits.startswith("+91"):
        digits = digits[3:]
    elif len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if not _INDIAN_MOBILE.match(digits):
        raise ValueError(
            "indian_mobile: phone must be an Indian mobile number, 10 digits starting with 6-9, "
            "optionally prefixed by +91 or 0"
        )
    return digits


class Complainant(BaseModel):
    model_config = _BODY

    name: str | None = Field(None, min_length=2, max_length=120)
    phone: str | None = None
    address: str | None = Field(None, max_length=500)

    @field_validator("phone")
    @classmethod
    def _indian_mobile(cls, value: str | None) -> str | None:
        return None if value is None else normalise_indian_mobile(value)


class ComplaintRegistration(BaseModel):
    model_config = _BODY

    filed_by: Filer
    anonymous: bool = False
    complainant: Complainant | None = None
    district: DistrictCode
    police_station: str | None = Field(None, max_length=120)
    category: Category
    description: str = Field(min_length=20, max_length=5000)
    language: Language = Language.HI
    evidence_refs: list[str] = Field(default_factory=list, max_length=20)


    @model_validator(mode="after")
    def _identified_unless_anonymous(self) -> "ComplaintRegistration":
        if self.anonymous:
            return self
        complainant = self.complainant
        if complainant is None or not complainant.name or not complainant.phone:
            raise ValueError(
                "identified_unless_anonymous: complainant name and phone are required "
                "unless anonymous is true"
            )
        return self


class ComplaintRegistered201(BaseModel):
    model_config = ConfigDict(extra="forbid")

    complaint_id: str
    access_code: str


class FeedbackBody(BaseModel):
    model_config = _BODY

    rating: Rating
    comment: str | None = Field(None, max_length=1000)


class AtrBody(BaseModel):
    model_config = _BODY

    text: str = Field(min_length=20, max_length=5000)
    language: Language


class LadderStageBody(BaseModel):
    model_config = _BODY

    stage: LadderStage
    outcome: str = Field(min_length=5, max_length=2000)


class VettingBody(BaseModel):
    model_config = _BODY

    note: str = Field(min_length=5, max_length=2000)
