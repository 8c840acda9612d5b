from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest

from chassis.clock import MovableClock
from chassis.integration import declared_events
from services.outreach.domain import Activity, OfficerVisit, TransportIncident, UnsafeStop
from services.outreach.integration import to_integration_event

T0 = MovableClock().now()
MIN = timedelta(minutes=1)
SECRETS = ["SEALED-DETAILS", "UP32AB1234", "so-officer-1", "so-officer-2", "26.83", "80.92"]
AGGREGATES = (Activity, OfficerVisit, TransportIncident, UnsafeStop)


def full_story() -> list:
    """Every domain event class at least once, with a marker in each private field."""
    activity, visits = Activity.record(programme="saathi", saathi_stage="training", district="LKO",
                                       place_kind="college", place_name="KKC", date=dt.date(2026, 1, 4),
                                       officers=["so-officer-1", "so-officer-2"],
                                       reach={"female": {"18_30": 14}, "transgender": {"18_30": 1}}, at=T0)
    alert = TransportIncident.panic_alert(district="LKO", vehicle="UP32AB1234", route="R-12",
                                          location={"latitude": 26.83, "longitude": 80.92}, pressed_at=T0,
                                          ack_within=10 * MIN, incident_id="SR-1", at=T0)
    alert.fire_due_deadlines(T0 + 20 * MIN)
    alert.acknowledge("so-officer-1", T0 + 21 * MIN)
    alert.close("resolved", "so-officer-1", T0 + 30 * MIN)
    report = TransportIncident.report(district="LKO", kind="stalking", route=None, vehicle="UP32AB1234",
                                      stop="Charbagh", occurred_at=T0, sealed_details="SEALED-DETAILS",
                                      incident_id="SR-2", at=T0)
    stop = UnsafeStop(stop_id="ST-LKO-1", district="LKO", stop_name="Charbagh", at=T0)
    stop.report_unsafe(["poor_lighting"], "R-12", T0)
    return [e for aggregate in (activity, *visits, alert, report, stop) for e in aggregate.collect_events()]


def test_every_domain_event_is_mapped_or_explicitly_private():
    assert to_integration_event.unaccounted_for(*AGGREGATES) == set()


def test_the_story_covers_every_event_class():
    assert {type(e) for e in full_story()} == declared_events(*AGGREGATES)


def test_no_integration_event_carries_sealed_details_vehicles_locations_or_officer_ids():
    published = [p for p in map(to_integration_event, full_story()) if p is not None]
    assert len(published) == 8
    for event in published:
        body = event.model_dump_json()
        assert not [secret for secret in SECRETS if secret in body], type(event).__name__
        assert event.source_service == "outreach" and event.type.endswith(".v1")


def test_reach_is_published_per_sex_and_age_band_with_its_total():
    recorded = to_integration_event(full_story()[0])
    assert [(r.sex.value, r.age_band.value, r.count) for r in recorded.reach] == [
        ("female", "18_30", 14), ("transgender", "18_30", 1)]
    assert (recorded.total_reach, recorded.officer_count, recorded.saathi_stage.value) == (15, 2, "training")


def test_an_unknown_event_is_an_error_not_silence():
    with pytest.raises(LookupError):
        to_integration_event(object())
