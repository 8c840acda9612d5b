"""Outreach and SAARTHI → read models with no personal data: `outreach_activities` (one per
activity, its reach by sex and age band), `saarthi_incidents` (one per incident, its status and
acknowledgement clock) and `saarthi_stops` (one per reported stop: how often, how lately, why).
Every number of the district view (gateway/api/outreach.py) is summed from these."""
from __future__ import annotations

from typing import Callable

from chassis.readmodel.base import ReadModelStore, Upsert
from contracts.envelope import CloudEvent

SOURCE = "outreach"
ACTIVITIES = "outreach_activities"
INCIDENTS = "saarthi_incidents"
STOPS = "saarthi_stops"
COLLECTIONS = (ACTIVITIES, INCIDENTS, STOPS)  # what a rebuild clears


def _activity(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(ACTIVITIES, data["activity_id"], set={
        key: data[key] for key in ("district", "programme", "saathi_stage", "place_kind", "place_name", "date",
                                   "officer_count", "reach", "total_reach")})]


def _incident(event: CloudEvent, **fields) -> Upsert:
    data = event.data
    return Upsert(INCIDENTS, data["incident_id"], set={"status": data["status"], "updated_at": data["occurred_at"],
                                                       **fields})


def _opened(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [_incident(event, district=data["district"], source=data["source"], kind=data["kind"],
                      route=data["route"], stop=data["stop"], opened_at=data["occurred_at"],
                      ack_due_at=data["ack_due_at"], ack_breached=False)]


def _acknowledged(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_incident(event, acknowledged_at=event.data["occurred_at"], acknowledged_on_time=event.data["on_time"])]


def _unsafe_stop(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(STOPS, data["stop_id"], inc={"reports": 1, **{f"reason_{reason}": 1 for reason in data["reasons"]}},
                   set={"district": data["district"], "stop_name": data["stop_name"],
                        "last_reported_at": data["occurred_at"]})]


HANDLERS: dict[str, Callable[[CloudEvent, ReadModelStore], list[Upsert]]] = {
    "outreach.activity_recorded.v1": _activity,
    "outreach.saarthi_incident_opened.v1": _opened,
    "outreach.saarthi_ack_due_soon.v1": lambda event, store: [_incident(event, ack_due_soon=True)],
    "outreach.saarthi_ack_breached.v1": lambda event, store: [_incident(event, ack_breached=True)],
    "outreach.saarthi_incident_acknowledged.v1": _acknowledged,
    "outreach.saarthi_incident_closed.v1": lambda event, store: [_incident(event, resolution=event.data["resolution"])],
    "outreach.unsafe_stop_reported.v1": _unsafe_stop,
}
