"""VIKALP complaints in the gateway: the endpoints (commands go to the complaints service over RPC)
and the district views (computed from the `complaints` read model)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from statistics import median

from nameko.rpc import RpcProxy

from chassis.auth import Officer
from chassis.readmodel.base import ReadModelStore
from contracts.complaints import (
    AtrBody,
    ComplaintRegistered201,
    ComplaintRegistration,
    FeedbackBody,
    LadderStageBody,
    Status,
    VettingBody,
)
from gateway.http import INCLUDE_IDENTITY, access_code, api, include_identity, known_district
from gateway.projections.complaints import COMPLAINTS


class ComplaintsApi:
    complaints = RpcProxy("complaints")

    # --- complainant (no account: the complaint ID and the secret access code) ---

    @api("POST", "/api/v1/complaints", summary="Register a VIKALP complaint", tag="complainant",
         body=ComplaintRegistration, response=ComplaintRegistered201, status=201)
    def register_complaint(self, request, body: ComplaintRegistration):
        self.call_context.update(actor="complainant")
        return self.complaints.register(body.model_dump(mode="json"))

    @api("GET", "/api/v1/complaints/<complaint_id>", summary="The complainant's view of her complaint",
         tag="complainant", auth="access_code")
    def complainant_view(self, request, complaint_id: str):
        return self.complaints.complainant_view(complaint_id, access_code(request))

    @api("POST", "/api/v1/complaints/<complaint_id>/feedback", summary="Rate the action taken",
         tag="complainant", auth="access_code", body=FeedbackBody)
    def feedback(self, request, complaint_id: str, body: FeedbackBody):
        self.call_context.update(actor="complainant")
        return self.complaints.give_feedback(complaint_id, access_code(request), body.model_dump(mode="json"))

    @api("POST", "/api/v1/complaints/<complaint_id>/ladder/feedback",
         summary="Say whether the harassment stopped after the last WPL-1090 stage", tag="complainant",
         auth="access_code", body=FeedbackBody)
    def ladder_feedback(self, request, complaint_id: str, body: FeedbackBody):
        self.call_context.update(actor="complainant")
        return self.complaints.give_ladder_feedback(complaint_id, access_code(request), body.model_dump(mode="json"))

    # --- officers (Bearer JWT with role and district) ---

    @api("GET", "/api/v1/officer/complaints/<complaint_id>", tag="officer", auth="officer", query=INCLUDE_IDENTITY,
         summary="The police view of a complaint (never the complainant's identity; MSP HQ may ask for it "
                 "with ?include_identity=true, and the read is logged)")
    def police_view(self, request, complaint_id: str, officer: Officer):
        return self.complaints.police_view(complaint_id, officer.claims(), include_identity(request))

    @api("POST", "/api/v1/complaints/<complaint_id>/atr", summary="File an Action Taken Report", tag="officer",
         auth="officer", body=AtrBody)
    def file_atr(self, request, complaint_id: str, body: AtrBody, officer: Officer):
        return self.complaints.file_atr(complaint_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/complaints/<complaint_id>/ladder", summary="Record a WPL-1090 ladder stage",
         tag="officer", auth="officer", body=LadderStageBody)
    def ladder_stage(self, request, complaint_id: str, body: LadderStageBody, officer: Officer):
        return self.complaints.record_ladder_stage(complaint_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/complaints/<complaint_id>/vetting",
         summary="MSP HQ: legal vetting done, return the complaint to the district with a new ATR clock",
         tag="officer", auth="officer", body=VettingBody)
    def vetting(self, request, complaint_id: str, body: VettingBody, officer: Officer):
        return self.complaints.return_to_district(complaint_id, body.model_dump(mode="json"), officer.claims())

    @api("GET", "/api/v1/districts/<code>/complaints", summary="The district view of VIKALP complaints",
         tag="district", auth="officer")
    def district_view(self, request, code: str, officer: Officer):
        officer.require_district(known_district(code))
        return district_complaints_view(self.read_models, code)

    @api("GET", "/api/v1/districts/<code>/complaints/pending", summary="Complaints awaiting an ATR, most urgent first",
         tag="district", auth="officer")
    def district_pending(self, request, code: str, officer: Officer):
        officer.require_district(known_district(code))
        return pending_complaints(self.read_models, code)


def district_complaints_view(store: ReadModelStore, district: str) -> dict:
    complaints = store.find(COMPLAINTS, {"district": district})
    by_status = Counter(doc["status"] for doc in complaints)
    satisfied = sum(doc.get("feedback_satisfied", 0) for doc in complaints)
    dissatisfied = sum(doc.get("feedback_dissatisfied", 0) for doc in complaints)
    hours_to_first_atr = [
        (datetime.fromisoformat(doc["first_atr_at"]) - datetime.fromisoformat(doc["registered_at"])).total_seconds() / 3600
        for doc in complaints if doc.get("first_atr_at") and doc.get("registered_at")
    ]
    return {
        "district": district,
        "total": len(complaints),
        "by_status": {status.value: by_status.get(status.value, 0) for status in Status},
        "atr_overdue": sum(1 for doc in complaints if doc.get("atr_overdue")),
        "escalations": {
            "district_nodal_officer": sum(1 for doc in complaints if doc.get("escalated_level_1")),
            "msp_hq": sum(1 for doc in complaints if doc.get("escalated_level_2")),
        },
        "feedback": {"satisfied": satisfied, "dissatisfied": dissatisfied},
        "satisfaction_rate": round(satisfied / (satisfied + dissatisfied), 3) if satisfied + dissatisfied else None,
        "median_hours_to_first_atr": round(median(hours_to_first_atr), 2) if hours_to_first_atr else None,
    }


def pending_complaints(store: ReadModelStore, district: str) -> list[dict]:
    """Complaints waiting for an ATR, the most urgent first."""
    docs = store.find(COMPLAINTS, {"district": district, "status": Status.AWAITING_ATR.value}, order_by="atr_due_at")
    keep = ("police_station", "category", "registered_at", "atr_due_at", "cycle", "escalation_level", "atr_overdue")
    return [{"complaint_id": doc["_id"], **{key: doc.get(key) for key in keep}} for doc in docs]
