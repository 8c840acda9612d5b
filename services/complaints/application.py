"""The complaints Application: commands and queries over the Complaint aggregate.

Here personal data is sealed before it reaches the domain and opened (and the read logged) only
for the views that may show it. Officers arrive as verified claims from the gateway; the district
binding of a record is checked here, where the record is.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from chassis.auth import POLICE_ROLES, Officer, Role
from chassis.errors import RuleViolated
from chassis.case_application import CaseApplication
from chassis.personal_data import hash_secret, new_secret_code
from chassis.sms import SmsPort, build_sms_port
from contracts.complaints import (
    AtrBody,
    ComplaintRegistration,
    FeedbackBody,
    LadderStageBody,
    VettingBody,
)
from services.complaints.domain import Complaint
from services.complaints.integration import to_integration_event

class ComplaintsApplication(CaseApplication):
    service_name = "complaints"
    to_integration_event = staticmethod(to_integration_event)

    def __init__(self, *args: Any, sms: SmsPort | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sms = sms or build_sms_port(self.settings)

    # ------------------------------------------------------------------ commands

    def register(self, form: ComplaintRegistration) -> dict[str, str]:
        now = self.clock.now()
        access_code = new_secret_code()
        complaint_id = self.save_new(lambda: f"VK-{form.district}-{now:%y%m}-{new_secret_code(6)}",
                                     lambda new_id: self._new_complaint(form, new_id, access_code, now))
        return {"complaint_id": complaint_id, "access_code": access_code}

    def _new_complaint(self, form: ComplaintRegistration, complaint_id: str, access_code: str,
                       now: datetime) -> Complaint:
        person = form.complainant
        # An anonymous complainant is a person of her own: her ref links to nothing else.
        phone = person.phone if person and not form.anonymous else None
        ref = self.pseudonym(phone=phone, local_id=complaint_id)
        identity = person.model_dump(exclude_none=True) if person else {}
        return Complaint.register(
            complaint_id=complaint_id,
            district=form.district,
            police_station=form.police_station,
            category=form.category,
            filed_by=form.filed_by,
            anonymous=form.anonymous,
            language=form.language,
            person_ref=ref,
            sealed_identity=self.cipher.seal(ref, identity) if identity else None,
            sealed_description=self.cipher.seal(ref, {"description": form.description}),
            evidence_refs=form.evidence_refs,
            access_code_hash=hash_secret(access_code),
            at=now,
        )

    def give_feedback(self, complaint_id: str, access_code: str, body: FeedbackBody) -> dict:
        complaint = self.for_holder(Complaint, complaint_id, access_code, "complaint")
        complaint.give_feedback(body.rating, self._seal_comment(complaint, body.comment), self.clock.now())
        self.save(complaint)
        return self._complainant_view(complaint)

    def give_ladder_feedback(self, complaint_id: str, access_code: str, body: FeedbackBody) -> dict:
        complaint = self.for_holder(Complaint, complaint_id, access_code, "complaint")
        complaint.give_ladder_feedback(body.rating, self._seal_comment(complaint, body.comment), self.clock.now())
        self.save(complaint)
        return self._complainant_view(complaint)

    def file_atr(self, complaint_id: str, body: AtrBody, officer: Officer) -> dict:
        complaint = self.for_officer(Complaint, complaint_id, officer, "complaint",
                                     Role.STATION_OFFICER, Role.DISTRICT_NODAL_OFFICER)
        identity = self.cipher.open_for(complaint.sealed_identity, actor=officer.subject, record=complaint_id,
                                        purpose="screen ATR text for the complainant's name") or {}
        complaint.file_atr(body.text, body.language, officer.subject, self.clock.now(),
                           protected_names=(identity.get("name") or "").split())
        self.save(complaint)
        return self._police_view(complaint)

    def record_ladder_stage(self, complaint_id: str, body: LadderStageBody, officer: Officer) -> dict:
        complaint = self.for_officer(Complaint, complaint_id, officer, "complaint",
                                     Role.MSP_HQ, Role.DISTRICT_NODAL_OFFICER)
        complaint.record_ladder_stage(body.stage, body.outcome, officer.subject, self.clock.now())
        self.save(complaint)
        return self._police_view(complaint)

    def return_to_district(self, complaint_id: str, body: VettingBody, officer: Officer) -> dict:
        complaint = self.for_officer(Complaint, complaint_id, officer, "complaint", Role.MSP_HQ)
        complaint.return_to_district(body.note, officer.subject, self.clock.now())
        self.save(complaint)
        return self._police_view(complaint)

    # ------------------------------------------------------------------ queries

    def complainant_view(self, complaint_id: str, access_code: str) -> dict:
        return self._complainant_view(self.for_holder(Complaint, complaint_id, access_code, "complaint"))

    def police_view(self, complaint_id: str, officer: Officer, include_identity: bool = False) -> dict:
        roles = (Role.MSP_HQ,) if include_identity else POLICE_ROLES
        complaint = self.for_officer(Complaint, complaint_id, officer, "complaint", *roles)
        view = self._police_view(complaint)
        view["description"] = (self.cipher.open_for(complaint.sealed_description, actor=officer.subject,
                                                    record=complaint_id, purpose="police view")
                               or {}).get("description", "[erased]")
        if officer.role is Role.MSP_HQ:  # the pseudonym that opens the cross-programme person view
            view["person_ref"] = complaint.person_ref
        if include_identity:  # only MSP HQ (checked above), for legal vetting; never the police station
            view["complainant"] = self.cipher.open_for(complaint.sealed_identity, actor=officer.subject,
                                                       record=complaint_id, purpose="MSP legal vetting")
        return view

    # ------------------------------------------------------------------ due work

    def next_due(self, aggregate: Complaint) -> datetime | None:
        if aggregate.pending_sms():
            return aggregate.registered_at
        return aggregate.next_deadline()

    def perform_due_work(self, aggregate: Complaint, now: datetime) -> None:
        for request in aggregate.pending_sms():
            receipt = self.sms.send(request["request_id"], request["recipient_group"], request["message"])
            aggregate.record_sms_outcome(request["request_id"], receipt.delivered, receipt.provider_ref,
                                         receipt.error, now)
        aggregate.fire_due_deadlines(now)

    # ------------------------------------------------------------------ helpers

    def _seal_comment(self, complaint: Complaint, comment: str | None) -> str | None:
        if not comment:
            return None
        if self.cipher.vault.is_erased(complaint.person_ref):
            raise RuleViolated("person_erased", "this complaint's personal data was erased, so a comment cannot be "
                                                "kept; send the rating without a comment")
        return self.cipher.seal(complaint.person_ref, {"comment": comment})

    def _common_view(self, complaint: Complaint) -> dict:
        return {
            "complaint_id": complaint.complaint_id,
            "status": complaint.status.value,
            "district": complaint.district,
            "police_station": complaint.police_station,
            "category": complaint.category.value,
            "registered_at": complaint.registered_at.isoformat(),
            "cycle": complaint.cycle,
            "atr_due_at": complaint.atr_due_at.isoformat() if complaint.atr_due_at else None,
            "escalation_level": complaint.escalation_level,
            "atrs": [{"atr_no": atr["atr_no"], "text": atr["text"], "language": atr["language"].value
                      if hasattr(atr["language"], "value") else atr["language"], "filed_at": atr["filed_at"].isoformat()}
                     for atr in complaint.atrs],
            "feedback": [{"rating": _value(f["rating"]), "final": f["final"], "at": f["at"].isoformat()}
                         for f in complaint.feedback],
            "ladder": [{"stage": _value(step["stage"]), "rating": _value(step["rating"]),
                        "recorded_at": step["recorded_at"].isoformat()} for step in complaint.ladder],
            "next_deadline": _deadline(complaint),
            "closed_reason": complaint.closed_reason,
        }

    def _complainant_view(self, complaint: Complaint) -> dict:
        return self._common_view(complaint)

    def _police_view(self, complaint: Complaint) -> dict:
        view = self._common_view(complaint)
        view.update(anonymous=complaint.anonymous, filed_by=complaint.filed_by.value,
                    language=complaint.language.value, evidence_refs=list(complaint.evidence_refs))
        for step, public in zip(complaint.ladder, view["ladder"]):
            public["outcome"] = step["outcome"]
        return view


def _value(member: Any) -> Any:
    return getattr(member, "value", member)


def _deadline(complaint: Complaint) -> dict | None:
    pending = complaint.pending_deadlines()
    return {"name": pending[0].name, "due_at": pending[0].due_at.isoformat()} if pending else None
