from __future__ import annotations

from datetime import timedelta

import pytest

from chassis.clock import MovableClock
from chassis.errors import InvalidInput, RuleViolated
from services.training.domain import REFRESHER_DUE_SOON_BEFORE, Course, PersonnelRecord, Session, Station, Trainer

T0 = MovableClock().now()
H = timedelta(hours=1)
DAY = timedelta(days=1)


def course(**overrides) -> Course:
    fields = dict(course_id="NC-GS-01", title="Gender sensitisation", modules=["law", "attitudes"], hours=6.0,
                  pass_mark=60.0, refresher_after_days=365, at=T0)
    fields.update(overrides)
    return Course(**fields)


def trainer(course_ids=("NC-GS-01",)) -> Trainer:
    return Trainer(trainer_id="TR-1", person_ref="p_trainer", sealed_identity="SEALED", district="LKO",
                   course_ids=list(course_ids), at=T0)


def session(capacity: int = 2, hours: float | None = None, starts_at=T0) -> Session:
    return Session.schedule(course=course(), district="LKO", venue="Police Lines", starts_at=starts_at, hours=hours,
                            capacity=capacity, trainers=[trainer()], at=T0)


def person(ref: str = "p_ram") -> PersonnelRecord:
    return PersonnelRecord(personnel_key=f"key-{ref}", person_ref=ref, sealed_identity="SEALED", at=T0)


def enrolled(a_session: Session, ref: str = "p_ram", rank="constable", station="Hazratganj",
             sex="male") -> PersonnelRecord:
    record = person(ref)
    a_session.enrol(ref, T0)
    record.enrol(a_session, rank, station, sex, T0)
    return record


def attended(a_session: Session, record: PersonnelRecord, hours: float, at=T0 + H) -> None:
    a_session.record_attendance(record.person_ref, hours, at)
    record.credit_attendance(a_session, hours, at)


def refused(rule: str, command, *args, **kwargs) -> None:
    with pytest.raises(RuleViolated) as caught:
        command(*args, **kwargs)
    assert caught.value.rule == rule


def names(aggregate) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def certified() -> tuple[Session, PersonnelRecord]:
    a_session = session()
    record = enrolled(a_session)
    attended(a_session, record, 6)
    record.record_assessment(a_session, 75, 60, T0 + 7 * H)
    record.issue_certificate(a_session, course(), T0 + 8 * H)
    record.collect_events()
    return a_session, record


# ------------------------------------------------------------------ sessions


def test_a_session_takes_the_course_hours_unless_given_and_its_id_derives_from_what_it_is():
    first, again = session(), session()
    assert first.hours == 6.0 and session(hours=3).hours == 3
    assert first.session_id == again.session_id and first.session_id.startswith("NC-LKO-")
    assert first.id == Session.create_id(first.session_id)


def test_a_trainer_not_registered_for_the_course_cannot_run_it():
    refused("trainer_not_qualified", Session.schedule, course=course(), district="LKO", venue="Lines", starts_at=T0,
            hours=None, capacity=5, trainers=[trainer(["OTHER"])], at=T0)


def test_capacity_must_be_at_least_one():
    with pytest.raises(InvalidInput):
        session(capacity=0)


def test_a_session_cannot_be_over_enrolled():
    a_session = session(capacity=2)
    a_session.enrol("p_1", T0)
    a_session.enrol("p_2", T0)
    refused("session_full", a_session.enrol, "p_3", T0)
    assert a_session.enrolled == ["p_1", "p_2"]


def test_the_same_person_is_enrolled_once():
    a_session = session()
    record = enrolled(a_session)
    refused("already_enrolled", a_session.enrol, "p_ram", T0)
    refused("already_enrolled", record.enrol, a_session, "constable", "Hazratganj", "male", T0)


def test_enrolment_records_rank_station_and_sex_and_the_session_fill():
    a_session = session()
    record = enrolled(a_session, rank="sub_inspector", station="Aliganj", sex="female")
    enrolment = record.collect_events()[-1]
    assert (enrolment.rank, enrolment.police_station, enrolment.sex) == ("sub_inspector", "Aliganj", "female")
    assert (enrolment.enrolled, enrolment.capacity) == (1, 2)


def test_attendance_only_for_enrolled_personnel():
    a_session = session()
    refused("not_enrolled", a_session.record_attendance, "p_stranger", 2, T0 + H)
    refused("not_enrolled", person("p_stranger").credit_attendance, a_session, 2, T0 + H)


def test_attendance_not_before_the_session_starts_nor_twice_nor_beyond_its_hours():
    a_session = session(starts_at=T0 + DAY)
    record = enrolled(a_session)
    refused("session_not_started", a_session.record_attendance, record.person_ref, 2, T0)
    with pytest.raises(InvalidInput):
        a_session.record_attendance(record.person_ref, 7, T0 + DAY)
    a_session.record_attendance(record.person_ref, 6, T0 + DAY)
    refused("attendance_already_recorded", a_session.record_attendance, record.person_ref, 1, T0 + DAY)


def test_hours_add_up_across_sessions_of_the_same_course():
    first, second = session(), Session.schedule(course=course(), district="LKO", venue="Thana Aliganj",
                                                starts_at=T0, hours=3, capacity=5, trainers=[trainer()], at=T0)
    record = enrolled(first)
    second.enrol(record.person_ref, T0)
    record.enrol(second, "constable", "Hazratganj", "male", T0)
    attended(first, record, 3)
    attended(second, record, 3)
    assert record.hours["NC-GS-01"] == 6
    assert record.collect_events()[-1].course_hours_attended == 6


# ------------------------------------------------------------------ assessment and certificate


def test_assessment_only_for_enrolled_personnel_and_in_range():
    a_session = session()
    refused("not_enrolled", person().record_assessment, a_session, 70, 60, T0)
    record = enrolled(a_session)
    with pytest.raises(InvalidInput):
        record.record_assessment(a_session, 101, 60, T0)
    assert record.record_assessment(a_session, 59, 60, T0) is False
    assert record.record_assessment(a_session, 60, 60, T0) is True  # a re-test replaces the score


@pytest.mark.parametrize("hours, score, why", [
    (5, 80, "attended 5 of the course's 6 hours"),
    (6, None, "no assessment is recorded"),
    (6, 59.5, "below the pass mark"),
])
def test_a_certificate_only_when_earned(hours, score, why):
    a_session = session()
    record = enrolled(a_session)
    attended(a_session, record, hours)
    if score is not None:
        record.record_assessment(a_session, score, 60, T0 + 7 * H)
    with pytest.raises(RuleViolated) as caught:
        record.issue_certificate(a_session, course(), T0 + 8 * H)
    assert caught.value.rule == "certificate_not_earned" and why in caught.value.detail


def test_an_earned_certificate_sets_the_refresher_from_the_course_period():
    a_session = session()
    record = enrolled(a_session)
    attended(a_session, record, 6)
    record.record_assessment(a_session, 75, 60, T0 + 7 * H)
    certificate = record.issue_certificate(a_session, course(refresher_after_days=180), T0 + 8 * H)
    assert certificate["refresher_due_at"] == T0 + 8 * H + 180 * DAY
    assert certificate["certificate_no"] == 1 and certificate["certificate_id"].startswith(a_session.session_id)
    # hours and score count afresh for the refresher: the same certificate cannot be issued again
    refused("certificate_not_earned", record.issue_certificate, a_session, course(), T0 + 9 * H)


# ------------------------------------------------------------------ refresher deadlines


def test_refresher_due_soon_then_overdue_each_once_at_their_own_time():
    _, record = certified()
    due = T0 + 8 * H + 365 * DAY
    assert record.next_deadline() == due - REFRESHER_DUE_SOON_BEFORE
    assert record.fire_due_deadlines(due - REFRESHER_DUE_SOON_BEFORE - H) == 0
    assert record.fire_due_deadlines(due + DAY) == 2
    soon, overdue = record.collect_events()
    assert (type(soon).__name__, soon.at) == ("RefresherDueSoon", due - REFRESHER_DUE_SOON_BEFORE)
    assert (type(overdue).__name__, overdue.at, overdue.refresher_due_at) == ("RefresherOverdue", due, due)
    assert record.fire_due_deadlines(due + 30 * DAY) == 0 and record.next_deadline() is None


def test_a_refresher_certificate_starts_a_new_cycle():
    _, record = certified()
    record.fire_due_deadlines(T0 + 400 * DAY)
    refresher = Session.schedule(course=course(), district="LKO", venue="Police Lines", starts_at=T0 + 400 * DAY,
                                 hours=None, capacity=5, trainers=[trainer()], at=T0 + 399 * DAY)
    refresher.enrol(record.person_ref, T0 + 399 * DAY)
    record.enrol(refresher, "head_constable", "Hazratganj", "male", T0 + 399 * DAY)
    attended(refresher, record, 6, at=T0 + 400 * DAY)
    record.record_assessment(refresher, 90, 60, T0 + 400 * DAY)
    certificate = record.issue_certificate(refresher, course(), T0 + 401 * DAY)
    assert certificate["certificate_no"] == 2
    assert record.next_deadline() == T0 + 401 * DAY + 365 * DAY - REFRESHER_DUE_SOON_BEFORE
    assert record.collect_events()[-1].rank == "head_constable"


def test_replaying_the_events_rebuilds_the_same_record():
    a_session = session()
    record = enrolled(a_session)
    attended(a_session, record, 6)
    events = record.collect_events()
    rebuilt = None
    for stored in events:
        rebuilt = stored.mutate(rebuilt)
    assert rebuilt.hours == {"NC-GS-01": 6} and rebuilt.sessions == {a_session.session_id: "NC-GS-01"}


# ------------------------------------------------------------------ station strength


def test_a_station_strength_is_recorded_and_must_be_positive():
    station = Station(district="LKO", police_station="Hazratganj", at=T0)
    with pytest.raises(InvalidInput):
        station.record_strength(0, "no-1", T0)
    station.record_strength(84, "no-1", T0)
    assert station.strength == 84 and names(station) == ["Registered", "StrengthRecorded"]
    assert Station.create_id("LKO", "HAZRATGANJ") == station.id
