"""Transgender Protection Cell → the `tg_grievances`, `tg_certificates` and `tg_clocks`
collections, no personal data (the person is a person_ref, linked in the person view; the gender
they state never leaves the service). The district view is computed from these documents
(gateway/api/transgender_cell.py)."""
from __future__ import annotations

from typing import Callable

from chassis.readmodel.base import ReadModelStore, Upsert
from contracts.envelope import CloudEvent
from gateway.projections.casework import clock_handlers
from gateway.projections.persons import person_record

SOURCE = "transgender_cell"
TG_GRIEVANCES = "tg_grievances"
TG_CERTIFICATES = "tg_certificates"
TG_CLOCKS = "tg_clocks"
COLLECTIONS = (TG_GRIEVANCES, TG_CERTIFICATES, TG_CLOCKS)  # what a rebuild clears


def _grievance(event: CloudEvent, **fields) -> Upsert:
    data = event.data
    return Upsert(TG_GRIEVANCES, data["grievance_id"],
                  set={"status": data["status"], "updated_at": data["occurred_at"], **fields})


def _certificate(event: CloudEvent, **fields) -> Upsert:
    data = event.data
    return Upsert(TG_CERTIFICATES, data["application_id"],
                  set={"status": data["status"], "updated_at": data["occurred_at"], **fields})


def _registered(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [_grievance(event, district=data["district"], category=data["category"],
                       registered_by=data["registered_by"], registered_at=data["occurred_at"], fir_registered=False),
            person_record(data["person_ref"], SOURCE, data["grievance_id"])]


def _referred(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_grievance(event, police_station=event.data["police_station"])]


def _fir_decision(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_grievance(event, fir_registered=event.data["decision"] == "fir_registered")]


def _closed(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_grievance(event, closed_reason=event.data["reason"])]


def _grievance_status(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_grievance(event)]


def _applied(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [_certificate(event, district=data["district"], applied_at=data["occurred_at"]),
            person_record(data["person_ref"], SOURCE, data["application_id"])]


def _decided(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_certificate(event, decided_at=event.data["occurred_at"])]


HANDLERS: dict[str, Callable[[CloudEvent, ReadModelStore], list[Upsert]]] = {
    "transgender_cell.grievance_registered.v1": _registered,
    "transgender_cell.grievance_referred.v1": _referred,
    "transgender_cell.fir_decision_recorded.v1": _fir_decision,
    "transgender_cell.investigation_concluded.v1": _grievance_status,
    "transgender_cell.prosecution_update_recorded.v1": _grievance_status,
    "transgender_cell.grievance_closed.v1": _closed,
    "transgender_cell.certificate_applied.v1": _applied,
    "transgender_cell.certificate_decided.v1": _decided,
    **clock_handlers(TG_CLOCKS, SOURCE),
}
