"""VIKALP complaints → the `complaints` collection: one document per complaint, no personal data.
The district view and the pending list are computed from these documents (gateway/api/complaints.py)."""
from __future__ import annotations

from typing import Callable

from chassis.readmodel.base import ReadModelStore, Upsert
from contracts.envelope import CloudEvent
from gateway.projections.persons import person_record

SOURCE = "complaints"
COMPLAINTS = "complaints"
COLLECTIONS = (COMPLAINTS,)  # what a rebuild clears


def _complaint(event: CloudEvent, **fields) -> Upsert:
    data = event.data
    return Upsert(COMPLAINTS, data["complaint_id"],
                  set={"status": data["status"], "updated_at": data["occurred_at"], **fields})


def _registered(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [
        _complaint(event, district=data["district"], police_station=data["police_station"],
                   category=data["category"], anonymous=data["anonymous"], registered_at=data["occurred_at"],
                   atr_due_at=data["atr_due_at"], cycle=1, escalation_level=0, atr_overdue=False),
        person_record(data["person_ref"], SOURCE, data["complaint_id"]),
    ]


def _atr_overdue(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    level = event.data["level"]
    return [_complaint(event, atr_overdue=True, escalation_level=level,
                       **{f"escalated_level_{level}": True})]


def _atr_filed(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    fields = {"status": data["status"], "updated_at": data["occurred_at"], "atr_overdue": False, "atr_due_at": None}
    # Events arrive once and in order per source, so reading the document here is safe.
    if not (store.get(COMPLAINTS, data["complaint_id"]) or {}).get("first_atr_at"):
        fields["first_atr_at"] = data["occurred_at"]
    return [Upsert(COMPLAINTS, data["complaint_id"], inc={"atr_count": 1}, set=fields)]


def _feedback(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    rating = event.data["rating"]
    return [Upsert(COMPLAINTS, event.data["complaint_id"], inc={f"feedback_{rating}": 1},
                   set={"status": event.data["status"], "updated_at": event.data["occurred_at"],
                        "last_rating": rating})]


def _returned(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_complaint(event, cycle=event.data["cycle"], atr_due_at=event.data["atr_due_at"],
                       escalation_level=0, atr_overdue=False)]


def _ladder_stage(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_complaint(event, ladder_stage=event.data["stage"])]


def _status_only(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_complaint(event)]


HANDLERS: dict[str, Callable[[CloudEvent, ReadModelStore], list[Upsert]]] = {
    "complaint.registered.v1": _registered,
    "complaint.atr_due_soon.v1": _status_only,
    "complaint.atr_overdue.v1": _atr_overdue,
    "complaint.atr_filed.v1": _atr_filed,
    "complaint.feedback_given.v1": _feedback,
    "complaint.ladder_feedback_given.v1": _status_only,
    "complaint.returned_to_district.v1": _returned,
    "complaint.final_feedback_requested.v1": _status_only,
    "complaint.closed.v1": _status_only,
    "complaint.ladder_stage_recorded.v1": _ladder_stage,
}
