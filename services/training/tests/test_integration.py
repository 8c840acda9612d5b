from __future__ import annotations

from datetime import timedelta

import pytest

from chassis.clock import MovableClock
from chassis.integration import declared_events
from services.training.domain import Course, PersonnelRecord, Session, Station, Trainer
from services.training.integration import to_integration_event

T0 = MovableClock().now()
H = timedelta(hours=1)
SECRETS = ["SEALED-PERSON", "SEALED-TRAINER", "key-secret", "Police Lines", "no-officer-1"]
AGGREGATES = (Course, Trainer, Station, Session, PersonnelRecord)


def full_story() -> list:
    """Every domain event class at least once, with a marker in each private field."""
    course = Course(course_id="NC-GS-01", title="Gender sensitisation", modules=["law"], hours=6, pass_mark=60,
                    refresher_after_days=365, at=T0)
    trainer = Trainer(trainer_id="TR-1", person_ref="p_trainer", sealed_identity="SEALED-TRAINER", district="LKO",
                      course_ids=["NC-GS-01"], at=T0)
    station = Station(district="LKO", police_station="Hazratganj", at=T0)
    station.record_strength(80, "no-officer-1", T0)
    session = Session.schedule(course=course, district="LKO", venue="Police Lines", starts_at=T0, hours=None,
                               capacity=5, trainers=[trainer], at=T0)
    person = PersonnelRecord(personnel_key="key-secret", person_ref="p_ram", sealed_identity="SEALED-PERSON", at=T0)
    session.enrol("p_ram", T0)
    person.enrol(session, "constable", "Hazratganj", "male", T0)
    session.record_attendance("p_ram", 6, T0 + H)
    person.credit_attendance(session, 6, T0 + H)
    person.record_assessment(session, 61.25, 60, T0 + 2 * H)
    person.issue_certificate(session, course, T0 + 3 * H)
    person.fire_due_deadlines(T0 + timedelta(days=400))
    return [e for aggregate in (course, trainer, station, session, person) for e in aggregate.collect_events()]


def test_every_domain_event_is_mapped_or_explicitly_private():
    assert to_integration_event.unaccounted_for(*AGGREGATES) == set()


def test_the_story_covers_every_event_class():
    assert {type(e) for e in full_story()} == declared_events(*AGGREGATES)


def test_no_integration_event_carries_sealed_fields_scores_or_keys():
    published = [p for p in map(to_integration_event, full_story()) if p is not None]
    assert len(published) == 10
    for event in published:
        body = event.model_dump_json()
        assert not [secret for secret in SECRETS if secret in body], type(event).__name__
        assert "61.25" not in body  # a score is the person's own; only passed/failed is published
        assert event.source_service == "training" and event.type.endswith(".v1")


def test_person_events_carry_what_the_district_view_counts_by():
    published = [p for p in map(to_integration_event, full_story()) if p is not None]
    overdue = published[-1]
    assert overdue.type == "training.refresher_overdue.v1"
    assert (overdue.rank.value, overdue.police_station, overdue.sex.value, overdue.district) == (
        "constable", "Hazratganj", "male", "LKO")
    assert overdue.occurred_at == overdue.refresher_due_at == T0 + 3 * H + timedelta(days=365)


def test_an_unknown_event_is_an_error_not_silence():
    with pytest.raises(LookupError):
        to_integration_event(object())
