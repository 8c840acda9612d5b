from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest

from chassis.clock import MovableClock
from chassis.errors import InvalidInput, RuleViolated
from contracts.outreach import IncidentStatus
from services.outreach.domain import Activity, TransportIncident, UnsafeStop, visit_id

T0 = MovableClock().now()  # 2026-01-05 09:00 UTC
MIN = timedelta(minutes=1)
YESTERDAY = dt.date(2026, 1, 4)


def record(**overrides):
    fields = dict(programme="ru_ba_ru", saathi_stage=None, district="LKO", place_kind="school",
                  place_name="GGIC Aliganj", date=YESTERDAY, officers=["so-1", "so-2"],
                  reach={"female": {"0_17": 120, "18_30": 0}, "male": {"0_17": 30}, "transgender": {}}, at=T0)
    fields.update(overrides)
    return Activity.record(**fields)


def panic(ack_within=10 * MIN) -> TransportIncident:
    return TransportIncident.panic_alert(district="LKO", vehicle="UP32AB1234", route="Charbagh-Alambagh",
                                         location={"latitude": 26.83, "longitude": 80.92}, pressed_at=T0 - MIN,
                                         ack_within=ack_within, incident_id="SR-1", at=T0)


def reported() -> TransportIncident:
    return TransportIncident.report(district="LKO", kind="harassment", route=None, vehicle=None, stop="Charbagh",
                                    occurred_at=T0 - 60 * MIN, sealed_details="SEALED", incident_id="SR-2", at=T0)


def refused(rule: str, command, *args, **kwargs) -> None:
    with pytest.raises(RuleViolated) as caught:
        command(*args, **kwargs)
    assert caught.value.rule == rule


# ------------------------------------------------------------------ activities


def test_an_activity_keeps_only_the_counts_above_zero_and_sums_its_reach():
    activity, visits = record()
    assert activity.reach == {"female": {"0_17": 120}, "male": {"0_17": 30}}
    assert activity.total_reach == 150
    assert len(visits) == 1 and visits[0].activity_id == activity.activity_id


def test_one_id_per_place_date_and_officer_whatever_the_spelling():
    activity, visits = record(place_name="  ggic   ALIGANJ ")
    assert activity.id == visit_id("LKO", "school", "GGIC Aliganj", YESTERDAY, "so-1")
    assert visits[0].id == visit_id("LKO", "school", "GGIC Aliganj", YESTERDAY, "SO-2")
    assert activity.id != visit_id("LKO", "school", "GGIC Aliganj", YESTERDAY + timedelta(days=1), "so-1")
    assert activity.id != visit_id("LKO", "college", "GGIC Aliganj", YESTERDAY, "so-1")


def test_the_other_officers_claims_share_the_id_space_of_activities():
    _, visits = record(officers=["so-1", "so-2"])
    other, _ = record(officers=["so-2"], programme="akshaya")
    assert other.id == visits[0].id  # so saving both collides in the event store


def test_an_activity_is_recorded_once_held_and_names_an_officer_and_a_reach():
    refused("activity_in_future", record, date=dt.date(2026, 1, 6))
    record(date=dt.date(2026, 1, 5))  # today in IST
    with pytest.raises(InvalidInput):
        record(officers=[])
    with pytest.raises(InvalidInput):
        record(reach={"female": {"0_17": 0}})


def test_repeated_officers_count_once():
    activity, visits = record(officers=["so-1", "so-1", "so-2"])
    assert activity.officers == ["so-1", "so-2"] and len(visits) == 1


# ------------------------------------------------------------------ SAARTHI incidents


def test_a_panic_alert_runs_an_acknowledgement_clock_from_when_it_arrived():
    incident = panic()
    assert incident.ack_due_at == T0 + 10 * MIN and incident.status is IncidentStatus.AWAITING_ACKNOWLEDGEMENT
    assert incident.next_deadline() == T0 + 5 * MIN
    assert incident.fire_due_deadlines(T0 + 4 * MIN) == 0
    assert incident.fire_due_deadlines(T0 + 11 * MIN) == 2
    _, soon, breached = incident.collect_events()
    assert (type(soon).__name__, soon.at) == ("AckDueSoon", T0 + 5 * MIN)
    assert (type(breached).__name__, breached.at) == ("AckBreached", T0 + 10 * MIN)
    assert incident.fire_due_deadlines(T0 + 60 * MIN) == 0


def test_acknowledged_in_time_stops_the_clock_and_says_so():
    incident = panic()
    incident.acknowledge("so-1", T0 + 3 * MIN)
    assert incident.collect_events()[-1].on_time is True
    assert incident.pending_deadlines() == []


def test_acknowledged_late_is_recorded_as_late():
    incident = panic()
    incident.fire_due_deadlines(T0 + 12 * MIN)
    incident.acknowledge("so-1", T0 + 12 * MIN)
    assert incident.collect_events()[-1].on_time is False


def test_a_reported_incident_has_no_clock():
    incident = reported()
    assert incident.ack_due_at is None and incident.pending_deadlines() == []
    incident.acknowledge("so-1", T0 + 600 * MIN)
    assert incident.collect_events()[-1].on_time is None


def test_acknowledge_once_then_close_once():
    incident = reported()
    refused("not_acknowledged", incident.close, "resolved", "so-1", T0)
    incident.acknowledge("so-1", T0)
    refused("already_acknowledged", incident.acknowledge, "so-1", T0)
    incident.close("referred_to_police_station", "so-1", T0)
    assert incident.status is IncidentStatus.CLOSED
    refused("incident_closed", incident.close, "resolved", "so-1", T0)
    refused("incident_closed", incident.acknowledge, "so-1", T0)


@pytest.mark.parametrize("changes, field", [
    ({"kind": "panic_alert"}, "kind"),
    ({"stop": None}, "route"),
    ({"occurred_at": T0 + MIN}, "occurred_at"),
])
def test_a_reported_incident_says_where_and_happened_already(changes, field):
    fields = dict(district="LKO", kind="harassment", route=None, vehicle=None, stop="Charbagh",
                  occurred_at=T0 - MIN, sealed_details=None, incident_id="SR-3", at=T0)
    with pytest.raises(InvalidInput) as caught:
        TransportIncident.report(**{**fields, **changes})
    assert caught.value.field == field


def test_incident_ids_derive_from_what_identifies_them():
    assert TransportIncident.public_id("panic", "UP32AB1234", "t") == TransportIncident.public_id("panic",
                                                                                                  "UP32AB1234", "t")
    assert TransportIncident.public_id("panic", "UP32AB1234", "t").startswith("SR-")


# ------------------------------------------------------------------ unsafe stops


def test_unsafe_stop_reports_count_up_and_keep_the_latest_time():
    stop = UnsafeStop(stop_id=UnsafeStop.public_id("LKO", "Charbagh"), district="LKO", stop_name="Charbagh", at=T0)
    stop.report_unsafe(["poor_lighting", "isolated", "poor_lighting"], "R-12", T0)
    stop.report_unsafe(["no_police_presence"], None, T0 + MIN)
    events = stop.collect_events()
    assert (stop.reports, stop.last_reported_at) == (2, T0 + MIN)
    assert events[1].reasons == ["isolated", "poor_lighting"] and events[2].report_count == 2
    with pytest.raises(InvalidInput):
        stop.report_unsafe([], None, T0)
    assert UnsafeStop.public_id("LKO", " charbagh ") == stop.stop_id
