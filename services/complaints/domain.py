"""The Complaint aggregate: VIKALP registration, the 24 h ATR clock, the dissatisfied-reopens loop,
the 30-day final feedback, and the WPL-1090 warning → FFR → police-station ladder.

Pure: no I/O and no reading of the system clock. Every command takes `at` from the caller;
`fire_due_deadlines(now)` is how time moves the complaint on.

Command methods validate and compute; the private `@event` methods only mutate state, so replaying
the stored events rebuilds exactly the same aggregate. Every event carries complaint_id, district,
status (after the event) and `at`, so an integration event can be built from the event alone.
Enum values are stored in events as plain strings: the transcoder does not know our enums.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chassis.casework import member, utc
from chassis.deadlines import Deadline, HasDeadlines
from chassis.errors import InvalidInput, RuleViolated
from contracts.complaints import Category, Filer, LadderStage, Language, Rating, Status

# Fixed forever: complaint ids map to the same aggregate id in every environment.
COMPLAINT_NAMESPACE = UUID("6f1c2a9e-4b7d-5e3a-9c1f-2d8e7a6b5c40")

HARASSMENT_CATEGORIES = frozenset(
    {Category.EVE_TEASING, Category.STALKING, Category.PHONE_ONLINE_HARASSMENT}
)

ATR_DUE_SOON_AFTER = timedelta(hours=20)
ATR_DUE_AFTER = timedelta(hours=24)
ATR_SECOND_BREACH_AFTER = timedelta(hours=48)
FINAL_FEEDBACK_AFTER = timedelta(days=30)
FINAL_FEEDBACK_ANSWER_WITHIN = timedelta(days=7)

ESCALATION_BY_LEVEL = {1: "district_nodal_officer", 2: "msp_hq"}
MSP_HQ_GROUP = "msp_hq"

# SMS go to officers in Uttar Pradesh; IST has no daylight saving, so a fixed offset is exact.
IST = timezone(timedelta(hours=5, minutes=30), "IST")

# Indian mobile with optional +91 / 91 / 0 prefix and single spaces or dashes between digits,
# or any run of ten or more digits.
PHONE_PATTERN = re.compile(
    r"""
    (?<!\d)
    (?: (?:\+|00)?91[ \-]? | 0 )?
    [6-9](?:[ \-]?\d){9}
    (?!\d)
    |
    \d{10,}
    """,
    re.VERBOSE,
)
_MIN_PROTECTED_NAME_LENGTH = 3

_LADDER_ORDER = list(LadderStage)

class Complaint(HasDeadlines, Aggregate):
    # ------------------------------------------------------------------ creation

    @staticmethod
    def create_id(complaint_id: str) -> UUID:
        return uuid5(COMPLAINT_NAMESPACE, complaint_id)

    @classmethod
    def register(
        cls,
        *,
        complaint_id: str,
        district: str,
        police_station: str | None,
        category: Category | str,
        filed_by: Filer | str,
        anonymous: bool,
        language: Language | str,
        person_ref: str,
        sealed_identity: str | None,
        sealed_description: str,
        evidence_refs: list[str],
        access_code_hash: str,
        at: datetime,
    ) -> "Complaint":
        """Registers the complaint and asks for the SMS to the district's supervisors and MSP HQ."""
        at = utc(at)
        category = member(Category, category, "category")
        for field, value in (
            ("complaint_id", complaint_id),
            ("district", district),
            ("person_ref", person_ref),
            ("sealed_description", sealed_description),
            ("access_code_hash", access_code_hash),
        ):
            if not value:
                raise InvalidInput(field, f"{field} is required")
        if not anonymous and sealed_identity is None:
            raise InvalidInput(
                "complainant", "name and phone are required unless the complaint is anonymous"
            )
        complaint = cls(
            complaint_id=complaint_id,
            district=district,
            police_station=police_station,
            category=category.value,
            filed_by=member(Filer, filed_by, "filed_by").value,
            anonymous=anonymous,
            language=member(Language, language, "language").value,
            person_ref=person_ref,
            sealed_identity=sealed_identity,
            sealed_description=sealed_description,
            evidence_refs=list(evidence_refs),
            access_code_hash=access_code_hash,
            at=at,
        )
        # Officers learn only what identifies the case, never the person.
        message = (
            f"VIKALP complaint {complaint_id} ({category.value}) registered in district {district}. "
            f"ATR due by {(at + ATR_DUE_AFTER).astimezone(IST):%d %b %Y %H:%M} IST."
        )
        for group in (f"district:{district}:supervisors", MSP_HQ_GROUP):
            complaint._request_sms(
                request_id=f"sms-{len(complaint.sms) + 1}",
                recipient_group=group,
                message=message,
                **complaint._stamp(complaint.status, at),
            )
        return complaint

    @event("Registered")
    def __init__(
        self,
        complaint_id: str,
        district: str,
        police_station: str | None,
        category: str,
        filed_by: str,
        anonymous: bool,
        language: str,
        person_ref: str,
        sealed_identity: str | None,
        sealed_description: str,
        evidence_refs: list[str],
        access_code_hash: str,
        at: datetime,
        status: str = Status.AWAITING_ATR.value,
    ):
        self.complaint_id = complaint_id
        self.district = district
        self.police_station = police_station
        self.category = Category(category)
        self.filed_by = Filer(filed_by)
        self.anonymous = anonymous
        self.language = Language(language)
        self.person_ref = person_ref
        self.sealed_identity = sealed_identity
        self.sealed_description = sealed_description
        self.evidence_refs = list(evidence_refs)
        self.access_code_hash = access_code_hash
        self.registered_at = at
        self.status = Status(status)
        self.cycle = 1
        self.cycle_started_at = at
        self.escalation_level = 0
        self.atrs: list[dict[str, Any]] = []
        self.first_atr_at: datetime | None = None
        self.feedback: list[dict[str, Any]] = []
        self.last_feedback_at: datetime | None = None
        self.final_feedback_requested_at: datetime | None = None
        self.ladder: list[dict[str, Any]] = []
        self.sms: dict[str, dict[str, Any]] = {}
        self.closed_reason: str | None = None
        self.closed_at: datetime | None = None
        self.fired_deadlines: set[tuple[int, str]] = set()

    # ------------------------------------------------------------------ SMS

    def pending_sms(self) -> list[dict[str, Any]]:
        return [dict(request) for request in self.sms.values() if request["delivered"] is None]

    def record_sms_outcome(
        self,
        request_id: str,
        delivered: bool,
        provider_ref: str | None,
        error: str | None,
        at: datetime,
    ) -> None:
        request = self.sms.get(request_id)
        if request is None:
            raise RuleViolated("unknown_sms_request", "this complaint has no such SMS request")
        if request["delivered"] is not None:
            raise RuleViolated(
                "sms_outcome_already_recorded", "the outcome of this SMS request is already recorded"
            )
        self._record_sms_outcome(
            request_id=request_id,
            delivered=delivered,
            provider_ref=provider_ref,
            error=error,
            **self._stamp(self.status, utc(at)),
        )

    @event("SmsRequested")
    def _request_sms(
        self, request_id: str, recipient_group: str, message: str,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.sms[request_id] = {
            "request_id": request_id,
            "recipient_group": recipient_group,
            "message": message,
            "requested_at": at,
            "delivered": None,
            "provider_ref": None,
            "error": None,
            "outcome_at": None,
        }

    @event("SmsOutcomeRecorded")
    def _record_sms_outcome(
        self, request_id: str, delivered: bool, provider_ref: str | None, error: str | None,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.sms[request_id].update(
            delivered=delivered, provider_ref=provider_ref, error=error, outcome_at=at
        )

    # ------------------------------------------------------------------ deadlines

    @property
    def atr_due_at(self) -> datetime | None:
        if self.status is not Status.AWAITING_ATR:
            return None
        return self.cycle_started_at + ATR_DUE_AFTER

    def pending_deadlines(self) -> list[Deadline]:
        """Deadlines of the current state that have not fired yet, earliest first."""
        if self.status is Status.AWAITING_ATR:
            start = self.cycle_started_at
            candidates = [
                Deadline(start + ATR_DUE_SOON_AFTER, "atr_due_soon"),
                Deadline(start + ATR_DUE_AFTER, "atr_overdue_1"),
                Deadline(start + ATR_SECOND_BREACH_AFTER, "atr_overdue_2"),
            ]
        elif self.status is Status.AWAITING_FINAL_FEEDBACK:
            candidates = [
                Deadline(self.last_feedback_at + FINAL_FEEDBACK_AFTER, "final_feedback_request")
            ]
        elif self.status is Status.FINAL_FEEDBACK_REQUESTED:
            candidates = [
                Deadline(
                    self.final_feedback_requested_at + FINAL_FEEDBACK_ANSWER_WITHIN,
                    "final_feedback_lapsed",
                )
            ]
        else:
            candidates = []
        return sorted(d for d in candidates if (self.cycle, d.name) not in self.fired_deadlines)

    def fire_due_deadlines(self, now: datetime) -> int:
        return super().fire_due_deadlines(utc(now))

    def _fire(self, deadline: Deadline) -> None:
        # The event's `at` is the due time, so reports show when the breach happened.
        at = deadline.due_at
        if deadline.name == "atr_due_soon":
            self._atr_due_soon(
                cycle=self.cycle,
                atr_due_at=self.cycle_started_at + ATR_DUE_AFTER,
                **self._stamp(self.status, at),
            )
        elif deadline.name.startswith("atr_overdue_"):
            level = int(deadline.name.rsplit("_", 1)[1])
            self._atr_overdue(
                cycle=self.cycle,
                level=level,
                escalated_to=ESCALATION_BY_LEVEL[level],
                **self._stamp(self.status, at),
            )
        elif deadline.name == "final_feedback_request":
            self._request_final_feedback(
                cycle=self.cycle, **self._stamp(Status.FINAL_FEEDBACK_REQUESTED, at)
            )
        elif deadline.name == "final_feedback_lapsed":
            self._close(reason="no_final_feedback", **self._stamp(Status.CLOSED, at))
        else:  # pragma: no cover - pending_deadlines only names the ones above
            raise AssertionError(deadline.name)

    @event("AtrDueSoon")
    def _atr_due_soon(
        self, cycle: int, atr_due_at: datetime,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.fired_deadlines.add((cycle, "atr_due_soon"))

    @event("AtrOverdue")
    def _atr_overdue(
        self, cycle: int, level: int, escalated_to: str,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.fired_deadlines.add((cycle, f"atr_overdue_{level}"))
        self.escalation_level = level

    @event("FinalFeedbackRequested")
    def _request_final_feedback(
        self, cycle: int, complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.fired_deadlines.add((cycle, "final_feedback_request"))
        self.final_feedback_requested_at = at
        self.status = Status(status)

    @event("Closed")
    def _close(self, reason: str, complaint_id: str, district: str, status: str, at: datetime) -> None:
        self.closed_reason = reason
        self.closed_at = at
        self.status = Status(status)

    # ------------------------------------------------------------------ ATR

    def file_atr(
        self,
        text: str,
        language: Language | str,
        officer_id: str,
        at: datetime,
        protected_names: list[str],
    ) -> None:
        if self.status is Status.CLOSED:
            raise RuleViolated("complaint_closed", "the complaint is closed")
        if self.status is Status.UNDER_MSP_VETTING:
            raise RuleViolated(
                "under_msp_vetting", "MSP HQ is vetting the case; an ATR is accepted after it returns"
            )
        if self.status in (Status.AWAITING_FINAL_FEEDBACK, Status.FINAL_FEEDBACK_REQUESTED):
            raise RuleViolated(
                "awaiting_final_feedback", "the complainant's final feedback is awaited"
            )
        _refuse_identifying_text(text, protected_names)
        self._file_atr(
            atr_no=len(self.atrs) + 1,
            text=text,
            language=member(Language, language, "language").value,
            officer_id=officer_id,
            first_in_cycle=self.status is Status.AWAITING_ATR,
            **self._stamp(Status.ATR_FILED, utc(at)),
        )

    @event("AtrFiled")
    def _file_atr(
        self, atr_no: int, text: str, language: str, officer_id: str, first_in_cycle: bool,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.atrs.append(
            {
                "atr_no": atr_no,
                "text": text,
                "language": Language(language),
                "officer_id": officer_id,
                "filed_at": at,
            }
        )
        if self.first_atr_at is None:
            self.first_atr_at = at
        self.status = Status(status)

    # ------------------------------------------------------------------ feedback and vetting

    def give_feedback(self, rating: Rating | str, comment_sealed: str | None, at: datetime) -> None:
        if self.status is Status.CLOSED:
            raise RuleViolated("complaint_closed", "the complaint is closed")
        if self.first_atr_at is None:
            raise RuleViolated(
                "feedback_requires_atr", "feedback can be given once the police have filed an ATR"
            )
        if self.status is Status.UNDER_MSP_VETTING:
            raise RuleViolated(
                "under_msp_vetting", "MSP HQ is already vetting the case after the last feedback"
            )
        if self.status is Status.AWAITING_ATR:
            raise RuleViolated(
                "awaiting_new_atr", "feedback can be given once the police file the new ATR"
            )
        rating = member(Rating, rating, "rating")
        final = self.status in (Status.AWAITING_FINAL_FEEDBACK, Status.FINAL_FEEDBACK_REQUESTED)
        if rating is Rating.DISSATISFIED:
            # While she is dissatisfied the loop stays open: MSP HQ vets and the district acts again.
            after = Status.UNDER_MSP_VETTING
        elif final:
            after = Status.CLOSED
        else:
            after = Status.AWAITING_FINAL_FEEDBACK
        at = utc(at)
        self._give_feedback(
            rating=rating.value, final=final, comment_sealed=comment_sealed, **self._stamp(after, at)
        )
        if after is Status.CLOSED:
            self._close(reason="satisfied", **self._stamp(Status.CLOSED, at))

    @event("FeedbackGiven")
    def _give_feedback(
        self, rating: str, final: bool, comment_sealed: str | None,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.feedback.append(
            {"rating": Rating(rating), "final": final, "comment_sealed": comment_sealed, "at": at}
        )
        self.last_feedback_at = at
        self.status = Status(status)

    def return_to_district(self, note: str, officer_id: str, at: datetime) -> None:
        if self.status is not Status.UNDER_MSP_VETTING:
            raise RuleViolated(
                "not_under_vetting", "only a complaint under MSP HQ vetting can be returned"
            )
        self._return_to_district(
            note=note,
            officer_id=officer_id,
            cycle=self.cycle + 1,
            **self._stamp(Status.AWAITING_ATR, utc(at)),
        )

    @event("ReturnedToDistrict")
    def _return_to_district(
        self, note: str, officer_id: str, cycle: int,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.cycle = cycle
        self.cycle_started_at = at
        self.escalation_level = 0
        self.status = Status(status)

    # ------------------------------------------------------------------ WPL-1090 ladder

    def record_ladder_stage(
        self, stage: LadderStage | str, outcome: str, officer_id: str, at: datetime
    ) -> None:
        if self.category not in HARASSMENT_CATEGORIES:
            raise RuleViolated(
                "ladder_not_applicable", "the WPL-1090 ladder applies to harassment complaints only"
            )
        if self.status is Status.CLOSED:
            raise RuleViolated("complaint_closed", "the complaint is closed")
        stage = member(LadderStage, stage, "stage")
        expected = _LADDER_ORDER[len(self.ladder)] if len(self.ladder) < len(_LADDER_ORDER) else None
        if stage is not expected:
            raise RuleViolated(
                "ladder_stage_out_of_order",
                f"the next ladder stage is {expected.value if expected else 'none (all taken)'}",
            )
        if self.ladder:
            previous = self.ladder[-1]
            if previous["rating"] is None:
                raise RuleViolated(
                    "ladder_feedback_pending",
                    "the complainant's feedback on the previous stage is needed first",
                )
            if previous["rating"] is Rating.SATISFIED:
                raise RuleViolated(
                    "ladder_resolved",
                    "the complainant reported that the harassment stopped after the previous stage",
                )
        self._record_ladder_stage(
            stage=stage.value, outcome=outcome, officer_id=officer_id,
            **self._stamp(self.status, utc(at)),
        )

    @event("LadderStageRecorded")
    def _record_ladder_stage(
        self, stage: str, outcome: str, officer_id: str,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.ladder.append(
            {
                "stage": LadderStage(stage),
                "outcome": outcome,
                "officer_id": officer_id,
                "recorded_at": at,
                "rating": None,
                "comment_sealed": None,
                "feedback_at": None,
            }
        )

    def give_ladder_feedback(
        self, rating: Rating | str, comment_sealed: str | None, at: datetime
    ) -> None:
        if self.status is Status.CLOSED:
            raise RuleViolated("complaint_closed", "the complaint is closed")
        if not self.ladder or self.ladder[-1]["rating"] is not None:
            raise RuleViolated(
                "no_ladder_stage_awaiting_feedback", "no ladder stage is awaiting feedback"
            )
        self._give_ladder_feedback(
            stage=self.ladder[-1]["stage"].value,
            rating=member(Rating, rating, "rating").value,
            comment_sealed=comment_sealed,
            **self._stamp(self.status, utc(at)),
        )

    @event("LadderFeedbackGiven")
    def _give_ladder_feedback(
        self, stage: str, rating: str, comment_sealed: str | None,
        complaint_id: str, district: str, status: str, at: datetime,
    ) -> None:
        self.ladder[-1].update(rating=Rating(rating), comment_sealed=comment_sealed, feedback_at=at)
        # Ladder feedback counts as "the last feedback" for the 30-day final-feedback clock.
        self.last_feedback_at = at

    # ------------------------------------------------------------------ helpers

    def _stamp(self, status: Status, at: datetime) -> dict[str, Any]:
        """The attributes every event carries."""
        return {
            "complaint_id": self.complaint_id,
            "district": self.district,
            "status": status.value,
            "at": at,
        }



def _refuse_identifying_text(text: str, protected_names: list[str]) -> None:
    """The ATR reaches the police station, which must never learn who complained."""
    if PHONE_PATTERN.search(text):
        raise InvalidInput("text", "the ATR must not contain a phone number")
    parts = {part for name in protected_names for part in name.split()}
    for part in parts:
        if len(part) < _MIN_PROTECTED_NAME_LENGTH:
            continue
        if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text, re.IGNORECASE):
            raise InvalidInput(
                "text", "the ATR must not name the complainant; refer to her as 'the complainant'"
            )
