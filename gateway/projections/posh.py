"""POSH → the `posh_complaints`, `posh_workplaces`, `posh_local_committees` and `posh_clocks`
collections, no personal data (a party is a person_ref, linked in the person view). The district
view is computed from these documents (gateway/api/posh.py)."""
from __future__ import annotations

from typing import Callable

from chassis.readmodel.base import ReadModelStore, Upsert
from contracts.envelope import CloudEvent
from gateway.projections.casework import clock_handlers
from gateway.projections.persons import person_record

SOURCE = "posh"
POSH_COMPLAINTS = "posh_complaints"
POSH_WORKPLACES = "posh_workplaces"
POSH_LOCAL_COMMITTEES = "posh_local_committees"
POSH_CLOCKS = "posh_clocks"
COLLECTIONS = (POSH_COMPLAINTS, POSH_WORKPLACES, POSH_LOCAL_COMMITTEES, POSH_CLOCKS)  # what a rebuild clears


def _complaint(event: CloudEvent, **fields) -> Upsert:
    data = event.data
    return Upsert(POSH_COMPLAINTS, data["complaint_id"],
                  set={"status": data["status"], "updated_at": data["occurred_at"], **fields})


def _workplace_registered(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(POSH_WORKPLACES, data["workplace_id"],
                   set={"district": data["district"], "name": data["name"], "employee_count": data["employee_count"],
                        "ic_constituted": False, "ic_member_count": 0})]


def _internal_committee(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(POSH_WORKPLACES, data["workplace_id"],
                   set={"ic_constituted": data["constituted"], "ic_member_count": data["member_count"]})]


def _local_committee(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(POSH_LOCAL_COMMITTEES, data["district"],
                   set={"member_count": data["member_count"], "constituted_at": data["occurred_at"]})]


def _filed(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [
        _complaint(event, district=data["district"], workplace_id=data["workplace_id"], committee=data["committee"],
                   routing=data["routing"], filed_at=data["occurred_at"],
                   respondent_count=len(data["respondent_refs"])),
        *(person_record(ref, SOURCE, data["complaint_id"])
          for ref in [data["complainant_ref"], *data["respondent_refs"]]),
    ]


def _inquiry_completed(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_complaint(event, finding=event.data["finding"], inquiry_completed_at=event.data["occurred_at"])]


def _report(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_complaint(event, report_at=event.data["occurred_at"], report_to=event.data["report_to"])]


def _status_only(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_complaint(event)]


HANDLERS: dict[str, Callable[[CloudEvent, ReadModelStore], list[Upsert]]] = {
    "posh.workplace_registered.v1": _workplace_registered,
    "posh.internal_committee_recorded.v1": _internal_committee,
    "posh.local_committee_registered.v1": _local_committee,
    "posh.complaint_filed.v1": _filed,
    "posh.extension_granted.v1": _status_only,
    "posh.copy_sent.v1": _status_only,
    "posh.reply_received.v1": _status_only,
    "posh.conciliation_requested.v1": _status_only,
    "posh.conciliation_ended.v1": _status_only,
    "posh.interim_relief_requested.v1": _status_only,
    "posh.interim_relief_recommended.v1": _status_only,
    "posh.inquiry_completed.v1": _inquiry_completed,
    "posh.report_submitted.v1": _report,
    "posh.employer_action_recorded.v1": _status_only,
    "posh.appeal_filed.v1": _status_only,
    **clock_handlers(POSH_CLOCKS, SOURCE),
}
