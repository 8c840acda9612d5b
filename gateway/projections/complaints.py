"""Projections: fold integration events into the read models the gateway serves.

`complaints`   one document per complaint (no personal data): the district view is computed from these.
`persons`      one document per person_ref: which records in which programmes concern that person
               (the cross-programme person view; it holds references only).

Run as its own process (no eventlet): `python -m gateway.projections`.
"""
from __future__ import annotations

import logging
import signal
from typing import Callable, Sequence

from chassis.consumer import ProjectionApplier, TrackingConsumer
from chassis.readmodel import build_read_model_store
from chassis.readmodel.base import ReadModelStore, Upsert
from chassis.settings import Settings, load_settings
from chassis.telemetry import configure_tracing
from contracts.envelope import CloudEvent

log = logging.getLogger(__name__)

COMPLAINTS = "complaints"
PERSONS = "persons"


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
        Upsert(PERSONS, data["person_ref"], add_to_set={"records": f"complaints/{data['complaint_id']}"},
               inc={"record_count": 1}),
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


class PlatformViews:
    """The gateway's projection: every programme's events into the district and person views."""

    name = "gateway.views"
    sources: Sequence[str] = ("complaints",)

    def changes_for(self, event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
        handler = HANDLERS.get(event.type)
        if handler is None:
            log.info("%s: no view uses %s; recorded as applied", self.name, event.type)
            return []
        return handler(event, store)


def remote_log_reader(settings: Settings):
    """Reads a service's integration log over nameko RPC (gap filling)."""
    from nameko.standalone.rpc import ClusterRpcProxy

    def read(service: str, after: int, up_to: int) -> list[CloudEvent]:
        with ClusterRpcProxy({"AMQP_URI": settings.amqp_url}, timeout=30) as rpc:
            events = getattr(rpc, service).integration_events(after, up_to)
        return [CloudEvent.model_validate(event) for event in events]

    return read


def main() -> None:
    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    configure_tracing("projections", settings.trace_exporter)
    store = build_read_model_store(settings.resolved_read_model_url)
    consumer = TrackingConsumer(ProjectionApplier(PlatformViews(), store, remote_log_reader(settings)),
                                settings.amqp_url, max_attempts=settings.consumer_max_attempts)

    def stop(*_):
        consumer.should_stop = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("projection %s consuming %s", PlatformViews.name, ", ".join(PlatformViews.sources))
    try:
        consumer.run()
    finally:
        store.close()


if __name__ == "__main__":
    main()
