"""The training Application below the nameko layer: in-memory persistence (SQLite where two
instances must share a store) and a movable clock."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chassis.auth import Officer, Role
from chassis.clock import MovableClock
from chassis.errors import Forbidden, InvalidInput, NotFound, RuleViolated
from chassis.bootstrap import build_application
from chassis.settings import load_settings
from contracts.training import (
    AssessmentBody,
    AttendanceBody,
    CertificateBody,
    CourseBody,
    EnrolmentBody,
    SessionBody,
    StationStrengthBody,
    TrainerBody,
)
from services.training.application import TrainingApplication

DAY = timedelta(days=1)
MSP = Officer("msp-1", Role.MSP_HQ, "UP")
NODAL = Officer("no-lko-1", Role.DISTRICT_NODAL_OFFICER, "LKO")
STATION = Officer("so-lko-1", Role.STATION_OFFICER, "LKO")
OTHER_NODAL = Officer("no-agr-1", Role.DISTRICT_NODAL_OFFICER, "AGR")
NAME, SERVICE_NO, PHONE = "Ramesh Yadav", "UP0412345", "9876501234"


def open_app(settings, clock) -> TrainingApplication:
    return build_application(TrainingApplication, settings, clock)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path, clock):
    application = open_app(load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "memory"}), clock)
    yield application
    application.close()
    application.cipher.vault.db.close()


def enrolment(service_no: str = SERVICE_NO, name: str = NAME, phone: str | None = None, **changes) -> EnrolmentBody:
    body = {"personnel": {"service_number": service_no, "name": name, **({"phone": phone} if phone else {})},
            "rank": "constable", "police_station": "Hazratganj", "sex": "male"}
    body.update(changes)
    return EnrolmentBody.model_validate(body)


@pytest.fixture
def session_id(app, clock) -> str:
    app.create_course(CourseBody(course_id="NC-GS-01", title="Gender sensitisation", modules=["law"], hours=6,
                                 pass_mark=60, refresher_after_days=365), MSP)
    trainer = app.register_trainer(TrainerBody(name="Asha Rani", phone="9876543210", district="LKO",
                                               course_ids=["NC-GS-01"]), NODAL)
    return app.schedule_session(SessionBody(course_id="NC-GS-01", district="LKO", venue="Police Lines",
                                            starts_at=clock.now(), capacity=2, trainer_ids=[trainer["trainer_id"]]),
                                NODAL)["session_id"]


def stored(app) -> list:
    return [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(start=1, limit=10_000)]


def stored_bytes(app) -> bytes:
    return b"\n".join(n.state for n in app.recorder.select_notifications(start=1, limit=10_000))


def refused(rule: str, command, *args) -> None:
    with pytest.raises(RuleViolated) as caught:
        command(*args)
    assert caught.value.rule == rule


def certify(app, session_id: str, service_no: str = SERVICE_NO) -> dict:
    app.record_attendance(session_id, AttendanceBody(service_number=service_no, hours=6), NODAL)
    app.record_assessment(session_id, AssessmentBody(service_number=service_no, score=72), NODAL)
    return app.issue_certificate(session_id, CertificateBody(service_number=service_no), NODAL)


# ------------------------------------------------------------------ the whole course, and personal data


def test_enrol_attend_assess_and_certify(app, session_id):
    enrolled = app.enrol(session_id, enrolment(), NODAL)
    assert (enrolled["enrolled"], enrolled["capacity"]) == (1, 2)

    view = app.record_attendance(session_id, AttendanceBody(service_number=SERVICE_NO, hours=6), NODAL)
    assert view["attended"] == 1
    assessed = app.record_assessment(session_id, AssessmentBody(service_number=SERVICE_NO, score=72), NODAL)
    assert assessed == {"session_id": session_id, "person_ref": enrolled["person_ref"], "passed": True}
    certificate = app.issue_certificate(session_id, CertificateBody(service_number=SERVICE_NO), NODAL)
    assert certificate["person_ref"] == enrolled["person_ref"]
    assert certificate["refresher_due_at"].startswith("2027-01-05")


def test_names_service_numbers_and_phones_are_sealed_and_never_published(app, session_id):
    app.enrol(session_id, enrolment(phone="+91 98765 01234"), NODAL)
    certify(app, session_id)
    content = stored_bytes(app)
    for secret in (NAME, SERVICE_NO, PHONE, "Asha", "9876543210"):
        assert secret.encode() not in content, secret
    published = str([e.data for e in app.integration_events(0, 1000).events])
    assert SERVICE_NO not in published and NAME not in published and "72" not in published  # no score either


def test_a_person_is_found_again_by_service_number_and_linked_by_phone(app, session_id, clock):
    with_phone = app.enrol(session_id, enrolment(phone=PHONE), NODAL)
    second = app.schedule_session(SessionBody(course_id="NC-GS-01", district="LKO", venue="Thana Aliganj",
                                              starts_at=clock.now(), capacity=5, trainer_ids=[_trainer_id(app)]),
                                  NODAL)["session_id"]
    again = app.enrol(second, enrolment(service_no=SERVICE_NO.lower()), NODAL)
    assert again["person_ref"] == with_phone["person_ref"]
    without_phone = app.enrol(second, enrolment(service_no="UP0499999", name="Sita Verma", sex="female"), NODAL)
    assert without_phone["person_ref"] != with_phone["person_ref"]


def _trainer_id(app) -> str:
    return next(e.trainer_id for e in stored(app) if type(e).__name__ == "Registered" and hasattr(e, "trainer_id"))


# ------------------------------------------------------------------ rules


def test_the_session_is_not_over_enrolled_and_nobody_twice(app, session_id):
    app.enrol(session_id, enrolment(), NODAL)
    refused("already_enrolled", app.enrol, session_id, enrolment(), NODAL)
    app.enrol(session_id, enrolment(service_no="UP0400002", name="Sita Verma", sex="female"), NODAL)
    refused("session_full", app.enrol, session_id, enrolment(service_no="UP0400003", name="Third Person"), NODAL)
    registered = [e for e in stored(app) if type(e).__name__ == "Registered" and hasattr(e, "personnel_key")]
    assert len(registered) == 2  # the refused third person left nothing half-written


def test_two_instances_racing_for_the_last_seat_cannot_over_enrol(tmp_path, clock):
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "sqlite"})
    first, second = open_app(settings, clock), open_app(settings, clock)
    try:
        first.create_course(CourseBody(course_id="NC-GS-01", title="Gender sensitisation", modules=["law"], hours=6,
                                       pass_mark=60), MSP)
        trainer = first.register_trainer(TrainerBody(name="Asha Rani", phone="9876543210", district="LKO",
                                                     course_ids=["NC-GS-01"]), NODAL)
        session_id = first.schedule_session(SessionBody(course_id="NC-GS-01", district="LKO", venue="Lines",
                                                        starts_at=clock.now(), capacity=1,
                                                        trainer_ids=[trainer["trainer_id"]]), NODAL)["session_id"]
        save = second.save

        def save_after_the_rival(*aggregates, **kwargs):  # the rival takes the seat between load and save
            second.save = save
            first.enrol(session_id, enrolment(service_no="UP0400002", name="Sita Verma", sex="female"), NODAL)
            return save(*aggregates, **kwargs)

        second.save = save_after_the_rival
        refused("session_full", second.enrol, session_id, enrolment(), NODAL)
        assert first.session_view(session_id, NODAL)["enrolled"] == 1
    finally:
        for application in (first, second):
            application.close()


def test_attendance_assessment_and_certificate_only_for_the_enrolled(app, session_id):
    app.enrol(session_id, enrolment(), NODAL)
    stranger = "UP0400099"
    refused("not_enrolled", app.record_attendance, session_id, AttendanceBody(service_number=stranger, hours=2), NODAL)
    refused("not_enrolled", app.record_assessment, session_id, AssessmentBody(service_number=stranger, score=80), NODAL)
    refused("not_enrolled", app.issue_certificate, session_id, CertificateBody(service_number=stranger), NODAL)


def test_a_certificate_is_refused_until_earned(app, session_id):
    app.enrol(session_id, enrolment(), NODAL)
    app.record_attendance(session_id, AttendanceBody(service_number=SERVICE_NO, hours=4), NODAL)
    app.record_assessment(session_id, AssessmentBody(service_number=SERVICE_NO, score=90), NODAL)
    refused("certificate_not_earned", app.issue_certificate, session_id, CertificateBody(service_number=SERVICE_NO),
            NODAL)


def test_records_identified_by_content_are_refused_the_second_time(app, session_id, clock):
    refused("course_exists", app.create_course, CourseBody(course_id="NC-GS-01", title="Again", modules=["x"],
                                                           hours=2, pass_mark=50), MSP)
    refused("trainer_exists", app.register_trainer, TrainerBody(name="Asha R", phone="+919876543210", district="LKO",
                                                                course_ids=["NC-GS-01"]), NODAL)
    refused("session_exists", app.schedule_session, SessionBody(course_id="NC-GS-01", district="LKO",
                                                                venue="police  lines", starts_at=clock.now(),
                                                                capacity=9, trainer_ids=[_trainer_id(app)]), NODAL)


def test_unknown_course_trainer_or_session_is_not_found(app, session_id, clock):
    with pytest.raises(NotFound):
        app.schedule_session(SessionBody(course_id="NC-XX-99", district="LKO", venue="Lines", starts_at=clock.now(),
                                         capacity=2, trainer_ids=["TR-1"]), NODAL)
    with pytest.raises(NotFound):
        app.schedule_session(SessionBody(course_id="NC-GS-01", district="LKO", venue="Lines", starts_at=clock.now(),
                                         capacity=2, trainer_ids=["TR-NOBODY"]), NODAL)
    with pytest.raises(NotFound):
        app.session_view("NC-LKO-NOPE", NODAL)


def test_roles_and_districts(app, session_id):
    with pytest.raises(Forbidden):
        app.create_course(CourseBody(course_id="NC-X-1", title="Course", modules=["m"], hours=1, pass_mark=1), NODAL)
    with pytest.raises(Forbidden):
        app.enrol(session_id, enrolment(), STATION)
    with pytest.raises(Forbidden):
        app.enrol(session_id, enrolment(), OTHER_NODAL)
    with pytest.raises(Forbidden):
        app.record_station_strength(StationStrengthBody(district="LKO", police_station="Hazratganj", strength=80),
                                    OTHER_NODAL)


def test_station_strength_is_recorded_and_replaced(app):
    body = StationStrengthBody(district="LKO", police_station="Hazratganj", strength=80)
    assert app.record_station_strength(body, NODAL)["strength"] == 80
    assert app.record_station_strength(body.model_copy(update={"strength": 92}), NODAL)["strength"] == 92
    published = [e for e in app.integration_events(0, 100).events if e.type.endswith("station_strength_recorded.v1")]
    assert [e.data["strength"] for e in published] == [80, 92]


# ------------------------------------------------------------------ the attendance sheet


def test_attendance_sheet_records_good_rows_reports_bad_ones_and_reimports_nothing(app, session_id):
    app.enrol(session_id, enrolment(), NODAL)
    app.enrol(session_id, enrolment(service_no="UP0400002", name="Sita Verma", sex="female"), NODAL)
    sheet = (f"service_number,hours\n{SERVICE_NO},6\nUP0400002,9\nUP0400404,3\n??,2\n"
             f"UP0400002,5.5\n{SERVICE_NO},6\n")
    summary = app.import_attendance(session_id, sheet, NODAL)
    assert summary == {"rows": 6, "recorded": 2, "duplicates": 1, "duplicate_lines": [7], "rejected": [
        {"line": 3, "reason": "hours: hours attended must be more than 0 and at most the session's 6.0"},
        {"line": 4, "reason": "not_enrolled: no personnel with this service number is enrolled in any session"},
        {"line": 5, "reason": "service_number: String should match pattern '^[A-Za-z0-9/-]{3,20}$'"}]}
    events_before = len(stored(app))
    again = app.import_attendance(session_id, sheet, NODAL)
    # line 3's person has attended since (line 6), so the whole re-import is duplicates or refusals
    assert (again["recorded"], again["duplicates"], len(again["rejected"])) == (0, 4, 2)
    assert len(stored(app)) == events_before
    # each recorded row wrote both records: the session's roster and the person's hours
    names = [type(e).__name__ for e in stored(app)]
    assert names.count("AttendanceRecorded") == names.count("AttendanceCredited") == 2


def test_a_broken_sheet_records_nothing(app, session_id):
    app.enrol(session_id, enrolment(), NODAL)
    with pytest.raises(InvalidInput):
        app.import_attendance(session_id, f"service_number,minutes\n{SERVICE_NO},60\n", NODAL)
    assert app.session_view(session_id, NODAL)["attended"] == 0


# ------------------------------------------------------------------ the refresher clock


def test_refresher_due_soon_and_overdue_fire_once_on_the_clock(app, session_id, clock):
    app.enrol(session_id, enrolment(), NODAL)
    certify(app, session_id)
    clock.advance(334 * DAY)
    assert app.due_work.tick() == 0
    clock.advance(2 * DAY)
    assert app.due_work.tick() == 1
    clock.advance(40 * DAY)
    assert app.due_work.tick() == 1
    assert app.due_work.tick() == 0
    fired = [e.type for e in app.integration_events(0, 1000).events if "refresher" in e.type]
    assert fired == ["training.refresher_due_soon.v1", "training.refresher_overdue.v1"]
