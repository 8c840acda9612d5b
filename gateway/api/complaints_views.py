"""Queries over the read models: the district view and the pending list. Pure functions of the
documents the projections wrote, so a rebuilt read model gives the same answers."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from statistics import median

from chassis.readmodel.base import ReadModelStore
from contracts.complaints import Status
from gateway.projections import COMPLAINTS, PERSONS


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


def person_view(store: ReadModelStore, ref: str) -> dict | None:
    doc = store.get(PERSONS, ref)
    return None if doc is None else {"person_ref": ref, "records": sorted(doc.get("records", []))}
