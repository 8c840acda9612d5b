"""Vatsalya → the `child_reports` collection (one document per missing or found report) and
`potential_matches` (one per proposed pair). No names, photos or marks: those never leave the service.
The district view is computed from these documents (gateway/api/missing_child.py)."""
from __future__ import annotations

from typing import Callable

from chassis.readmodel.base import ReadModelStore, Upsert
from contracts.envelope import CloudEvent
from gateway.projections.persons import person_record

SOURCE = "missing_child"
CHILD_REPORTS = "child_reports"
POTENTIAL_MATCHES = "potential_matches"
COLLECTIONS = (CHILD_REPORTS, POTENTIAL_MATCHES)  # what a rebuild clears


def _report(event: CloudEvent, **fields) -> Upsert:
    data = event.data
    return Upsert(CHILD_REPORTS, data["report_id"],
                  set={"status": data["status"], "updated_at": data["occurred_at"], **fields})


def _filed(event: CloudEvent, **fields) -> list[Upsert]:
    data = event.data
    common = {key: data[key] for key in ("kind", "district", "age_band", "sex", "reported_by")}
    return [_report(event, filed_at=data["occurred_at"], **common, **fields),
            person_record(data["person_ref"], SOURCE, data["report_id"])]


def _missing_reported(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return _filed(event, police_station=data["police_station"], fir_number=data["fir_number"],
                  last_seen_at=data["last_seen_at"], ahtu_due_at=data["ahtu_due_at"])


def _found_reported(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return _filed(event, found_at=data["found_at"], now_with=data["now_with"], cwc_due_at=data["cwc_due_at"])


def _handed_to_ahtu(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_report(event, ahtu_reason=event.data["reason"], ahtu_handed_at=event.data["occurred_at"])]


def _taken_in_charge(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_report(event, cwc_due_at=event.data["cwc_due_at"])]


def _cwc_overdue(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_report(event, cwc_overdue=True)]


def _traced(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_report(event, traced_at=event.data["occurred_at"], matched_with=event.data["matched_report_id"])]


def _produced(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_report(event, cwc_due_at=None, produced_before_cwc_at=event.data["occurred_at"])]


def _restored(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_report(event, restored_at=event.data["occurred_at"], cwc_due_at=None)]


def _status_only(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_report(event)]


def _match(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    keep = ("missing_report_id", "found_report_id", "missing_district", "found_district", "score", "status")
    return [Upsert(POTENTIAL_MATCHES, data["match_id"],
                   set={**{key: data[key] for key in keep}, "updated_at": data["occurred_at"]})]


HANDLERS: dict[str, Callable[[CloudEvent, ReadModelStore], list[Upsert]]] = {
    "missing_child.missing_reported.v1": _missing_reported,
    "missing_child.found_reported.v1": _found_reported,
    "missing_child.ahtu_handover_due_soon.v1": _status_only,
    "missing_child.handed_to_ahtu.v1": _handed_to_ahtu,
    "missing_child.taken_in_charge.v1": _taken_in_charge,
    "missing_child.cwc_production_due_soon.v1": _status_only,
    "missing_child.cwc_production_overdue.v1": _cwc_overdue,
    "missing_child.traced.v1": _traced,
    "missing_child.produced_before_cwc.v1": _produced,
    "missing_child.restored.v1": _restored,
    "missing_child.match_proposed.v1": _match,
    "missing_child.match_confirmed.v1": _match,
    "missing_child.match_rejected.v1": _match,
    "missing_child.match_withdrawn.v1": _match,
}
