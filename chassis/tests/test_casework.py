"""Case work: parties, statutory limits, and clocks that warn, breach and escalate exactly once."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from enum import Enum
from uuid import UUID, uuid5

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import event

from chassis.casework import Case, Party, StatutoryLimit, add_months, clock_event_mappers, member, utc
from chassis.errors import InvalidInput
from chassis.working_days import IST, WorkingDayCalendar
from contracts.casework import clock_contracts

T0 = datetime(2026, 1, 23, 6, 0, tzinfo=timezone.utc)  # a Friday; Monday 26 Jan is Republic Day
DAY = timedelta(days=1)
CALENDAR = WorkingDayCalendar({date(2026, 1, 26)})
TEN_DAYS = StatutoryLimit("decision", "Test Act s.1", 10, warn_before=2 * DAY,
                          escalate_to=("district_nodal_officer", "msp_hq"), escalate_every=5 * DAY)


class Stage(str, Enum):
    OPEN = "open"


class SampleCase(Case):
    case_kind = "sample"
    id_namespace = UUID("00000000-0000-5000-8000-000000000001")

    @event("Opened")
    def __init__(self, case_id: str, district: str, party: dict):
        self.case_id, self.district, self.status = case_id, district, Stage.OPEN
        self.party = Party.from_event(party)
        self._open_case()


def opened() -> SampleCase:
    return SampleCase(case_id="C-1", district="LKO", party=Party("complainant", "p_1", "SEALED").as_event())


def names(case: Case) -> list[str]:
    return [type(e).__name__ for e in case.collect_events()]


def test_a_calendar_day_limit_warns_breaches_and_escalates_each_level_once():
    case = opened()
    case.start_clock("decision", TEN_DAYS, T0)
    case.collect_events()
    assert [d.due_at for d in case.pending_deadlines()] == [T0 + 8 * DAY, T0 + 10 * DAY, T0 + 15 * DAY]

    assert case.fire_due_deadlines(T0 + 8 * DAY - timedelta(seconds=1)) == 0
    assert case.fire_due_deadlines(T0 + 11 * DAY) == 2
    events = case.collect_events()
    assert [type(e).__name__ for e in events] == ["ClockDueSoon", "ClockBreached"]
    breach = events[1]
    assert (breach.level, breach.escalated_to, breach.at, breach.rule) == (1, "district_nodal_officer",
                                                                           T0 + 10 * DAY, "Test Act s.1")
    assert case.fire_due_deadlines(T0 + 11 * DAY) == 0  # nothing fires twice
    assert case.fire_due_deadlines(T0 + 30 * DAY) == 1
    second = case.collect_events()[0]
    assert (second.level, second.escalated_to, second.at) == (2, "msp_hq", T0 + 15 * DAY)
    assert case.pending_deadlines() == [] and case.clocks["decision"]["level"] == 2


def test_a_working_day_limit_counts_past_a_sunday_and_a_holiday():
    limit = StatutoryLimit("copy", "r.7", 7, working_days=True)
    assert limit.due_at(T0, CALENDAR) == datetime(2026, 2, 3, 0, 0, tzinfo=IST)
    with pytest.raises(ValueError, match="calendar"):
        limit.due_at(T0)
    # No escalation roles: the breach is still recorded, told to nobody.
    assert [a["escalated_to"] for a in limit.alerts(T0)] == [None, None]


def test_stopping_a_clock_records_whether_it_was_met_and_silences_it():
    case = opened()
    case.start_clock("decision", TEN_DAYS, T0)
    case.stop_clock("decision", T0 + 3 * DAY)
    case.stop_clock("decision", T0 + 4 * DAY)  # already stopped: nothing more
    case.stop_clock("never-started", T0)
    assert names(case) == ["Opened", "ClockStarted", "ClockStopped"]
    assert case.clocks["decision"]["met"] is True and case.running_clocks() == {}
    assert case.fire_due_deadlines(T0 + 100 * DAY) == 0

    late = opened()
    late.start_clock("decision", TEN_DAYS, T0)
    late.fire_due_deadlines(T0 + 10 * DAY)
    late.stop_clock("decision", T0 + 12 * DAY)
    assert late.clocks["decision"]["met"] is False


def test_a_case_id_maps_to_one_aggregate_id_per_kind():
    assert opened().id == SampleCase.create_id("C-1") == uuid5(SampleCase.id_namespace, "sample/C-1")


def test_a_clock_key_is_used_once():
    case = opened()
    case.start_clock("decision", TEN_DAYS, T0)
    with pytest.raises(ValueError):
        case.start_clock("decision", TEN_DAYS, T0)
    with pytest.raises(ValueError):
        case.start_clock("bad#key", TEN_DAYS, T0)


def test_replaying_the_stored_events_rebuilds_clocks_and_fired_alerts():
    app = Application(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    case = opened()
    case.start_clock("decision", TEN_DAYS, T0, CALENDAR)
    case.fire_due_deadlines(T0 + 10 * DAY)
    app.save(case)
    copy = app.repository.get(case.id)
    assert copy.clocks == case.clocks and copy.fired_alerts == case.fired_alerts
    assert copy.party == Party("complainant", "p_1", "SEALED")
    assert copy.clock_summary()[0] == {"key": "decision", "clock": "decision", "rule": "Test Act s.1",
                                       "due_at": (T0 + 10 * DAY).isoformat(), "running": True, "met": None,
                                       "breach_level": 1}


def test_clock_events_carry_the_case_kind_and_map_onto_a_programmes_contracts():
    mappers = clock_event_mappers(*clock_contracts("sample"))
    case = opened()
    case.start_clock("decision", TEN_DAYS, T0)
    case.fire_due_deadlines(T0 + 10 * DAY)
    case.stop_clock("decision", T0 + 11 * DAY)
    published = [mappers[type(e)](e) for e in case.collect_events() if type(e) in mappers]
    assert [p.type for p in published] == ["sample.clock_started.v1", "sample.clock_due_soon.v1",
                                           "sample.clock_breached.v1", "sample.clock_stopped.v1"]
    assert {(p.case_id, p.case_kind, p.district) for p in published} == {("C-1", "sample", "LKO")}
    assert published[2].escalated_to == "district_nodal_officer" and published[3].met is False
    assert "SEALED" not in str([p.model_dump() for p in published])


def test_months_count_by_the_calendar_and_end_on_the_last_day_of_a_short_month():
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 10, 31), 4) == date(2028, 2, 29)


def test_helpers_refuse_naive_times_and_unknown_values_naming_the_field():
    with pytest.raises(InvalidInput) as naive:
        utc(datetime(2026, 1, 1))
    assert naive.value.field == "at"
    with pytest.raises(InvalidInput) as unknown:
        member(Stage, "shut", "stage")
    assert unknown.value.field == "stage" and "open" in unknown.value.detail
    assert member(Stage, "open", "stage") is Stage.OPEN
