"""The clocks of case programmes (POSH, the Transgender Protection Cell) → one document per clock
run, written once for every case programme: each programme's module adds `clock_handlers(...)`
to its HANDLERS and answers its district view's "overdue" and "escalations" with
`clock_figures(...)`. No personal data: a clock is a case id, a clock name, a rule and times."""
from __future__ import annotations

from collections import Counter
from typing import Callable

from chassis.readmodel.base import ReadModelStore, Upsert
from contracts.envelope import CloudEvent

ESCALATION_ROLES = ("district_nodal_officer", "msp_hq")


def _clock(collection: str, event: CloudEvent, add_to_set: dict | None = None, **fields) -> Upsert:
    return Upsert(collection, f"{event.data['case_id']}/{event.data['key']}", set=fields, add_to_set=add_to_set or {})


def clock_handlers(collection: str, source: str) -> dict[str, Callable[[CloudEvent, ReadModelStore], list[Upsert]]]:
    """{event type: handler} for `<source>.clock_started.v1` and its siblings."""

    def started(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
        data = event.data
        return [_clock(collection, event, case_id=data["case_id"], case_kind=data["case_kind"],
                       district=data["district"], clock=data["clock"], rule=data["rule"], due_at=data["due_at"],
                       running=True, overdue=False, breach_level=0)]

    def due_soon(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
        return [_clock(collection, event, due_soon=True)]

    def breached(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
        data = event.data
        escalated = {"escalated_to": data["escalated_to"]} if data["escalated_to"] else {}
        return [_clock(collection, event, add_to_set=escalated, overdue=True, breach_level=data["level"])]

    def stopped(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
        return [_clock(collection, event, running=False, overdue=False, met=event.data["met"],
                       stopped_at=event.data["occurred_at"])]

    return {
        f"{source}.clock_started.v1": started,
        f"{source}.clock_due_soon.v1": due_soon,
        f"{source}.clock_breached.v1": breached,
        f"{source}.clock_stopped.v1": stopped,
    }


def clock_figures(store: ReadModelStore, collection: str, district: str, clocks: tuple[str, ...]) -> dict:
    """How many clocks of the district are running past their due time, by clock, and how many
    were ever escalated to each level's role."""
    docs = store.find(collection, {"district": district})
    overdue = Counter(doc["clock"] for doc in docs if doc.get("overdue"))
    return {
        "overdue_by_clock": {clock: overdue.get(clock, 0) for clock in clocks},
        "escalations": {role: sum(1 for doc in docs if role in doc.get("escalated_to", []))
                        for role in ESCALATION_ROLES},
    }
