from __future__ import annotations

from datetime import timedelta

import pytest

from chassis.clock import MovableClock
from contracts import missing_child as public
from contracts.events import EVENT_TYPES
from gateway.projections.missing_child import HANDLERS
from services.missing_child.domain import ChildReport, PotentialMatch
from services.missing_child.integration import MAPPERS, PRIVATE_EVENTS, to_integration_event

T0 = MovableClock().now()
H = timedelta(hours=1)
SECRETS = ["SEALED-CHILD", "SEALED-CONTACT", "SEALED-RECEIVER", "SEALED-NOTE", "REASON-TEXT", "Alambagh-Locality"]


def every_event_class() -> set[type]:
    classes = set()
    for aggregate in (ChildReport, PotentialMatch):
        bases = {aggregate.Event, aggregate.Created}  # abstract bases eventsourcing adds; never triggered
        classes |= {value for value in vars(aggregate).values()
                    if isinstance(value, type) and issubclass(value, aggregate.Event) and value not in bases}
    return classes


def full_story() -> list:
    """Every domain event class at least once, with a marker in each private field."""
    missing = ChildReport.file_missing(
        report_id="MC-1", district="LKO", police_station="Alambagh", fir_number=None, reported_by="childline",
        person_ref="p-1", sex="girl", age_low=9, age_high=10, height_cm=128.5, last_seen_at=T0 - H,
        sealed_child="SEALED-CHILD", sealed_contact="SEALED-CONTACT", trafficking_suspected=False, at=T0)
    missing.fire_due_deadlines(T0 + timedelta(days=200))
    found = ChildReport.file_found(
        report_id="FC-1", district="BBK", police_station=None, reported_by="public", now_with="not_in_care",
        person_ref="p-2", sex="girl", age_low=8, age_high=12, height_cm=None, found_at=T0 + H,
        sealed_child="SEALED-CHILD", sealed_contact="SEALED-CONTACT", at=T0 + H)
    found.take_charge("so-1", T0 + 2 * H)
    found.fire_due_deadlines(T0 + 30 * H)
    found.produce_before_cwc("so-1", T0 + 31 * H)
    match = PotentialMatch.propose(missing_report_id="MC-1", found_report_id="FC-1", missing_district="LKO",
                                   found_district="BBK", score=0.8,
                                   reasons=[{"field": "name", "score": 1.0, "why": "REASON-TEXT"}], at=T0 + H)
    match.confirm("so-1", "SEALED-NOTE", T0 + 32 * H)
    found.trace(match.match_id, "MC-1", False, T0 + 32 * H)
    missing.trace(match.match_id, "FC-1", True, T0 + 32 * H)
    missing.restore("SEALED-RECEIVER", "cwc", T0 + 40 * H)
    other, withdrawn = (PotentialMatch.propose(missing_report_id="MC-1", found_report_id=f"FC-{n}",
                                               missing_district="LKO", found_district="LKO", score=0.7, reasons=[],
                                               at=T0) for n in (2, 3))
    other.reject("so-1", "SEALED-NOTE", T0 + H)
    withdrawn.withdraw(match.match_id, T0 + 32 * H)
    trafficked = ChildReport.file_missing(
        report_id="MC-2", district="GKP", police_station="Cantt", fir_number="9/26", reported_by="police_station",
        person_ref="p-3", sex="boy", age_low=12, age_high=13, height_cm=None, last_seen_at=T0 - H,
        sealed_child="SEALED-CHILD", sealed_contact="SEALED-CONTACT", trafficking_suspected=False, at=T0)
    trafficked.suspect_trafficking("so-9", "SEALED-NOTE", T0 + H)
    return [event for aggregate in (missing, found, match, other, withdrawn, trafficked)
            for event in aggregate.collect_events()]


def test_every_domain_event_is_mapped_or_explicitly_private():
    assert every_event_class() == set(MAPPERS) | PRIVATE_EVENTS


def test_the_story_covers_every_event_class():
    assert {type(e) for e in full_story()} == every_event_class()


def test_no_integration_event_carries_sealed_fields_heights_or_reasons():
    published = [to_integration_event(e) for e in full_story()]

    for event in published:
        body = event.model_dump_json()
        assert not [secret for secret in SECRETS if secret in body], type(event).__name__
        assert "128.5" not in body and "height" not in body
        assert event.source_service == "missing_child"


def test_each_clock_alert_is_published_as_its_own_type():
    types = [to_integration_event(e).type for e in full_story()]
    assert {"missing_child.ahtu_handover_due_soon.v1", "missing_child.cwc_production_due_soon.v1",
            "missing_child.cwc_production_overdue.v1", "missing_child.handed_to_ahtu.v1"} <= set(types)


def test_report_events_carry_ref_district_band_sex_and_status():
    registered = to_integration_event(full_story()[0])
    assert isinstance(registered, public.MissingChildReported)
    assert (registered.person_ref, registered.district, registered.age_band, registered.sex, registered.status) == (
        "p-1", "LKO", public.AgeBand.FROM_6, public.Sex.GIRL, public.Status.MISSING)
    assert registered.fir_number == "e-FIR/MC-1" and registered.ahtu_due_at == T0.replace(month=5)
    assert registered.subject() == "MC-1"


def test_match_events_carry_the_pair_and_field_scores_only():
    proposed = next(to_integration_event(e) for e in full_story() if isinstance(e, PotentialMatch.Proposed))
    assert proposed.type == "missing_child.match_proposed.v1"
    assert proposed.field_scores == {"name": 1.0}
    assert proposed.subject() == str(PotentialMatch.create_id("MC-1", "FC-1"))


def test_every_published_type_has_a_projection_handler():
    ours = {t for t, model in EVENT_TYPES.items() if model.source_service == "missing_child"}
    assert ours == set(HANDLERS)


def test_an_unknown_event_is_an_error_not_silence():
    with pytest.raises(LookupError):
        to_integration_event(object())
