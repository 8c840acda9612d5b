"""The training Application: commands and queries over courses, trainers, sessions and each
person's training record.

Personnel are identified by their service number, which (with their name and phone) is sealed
with the person's key before it reaches the domain. The person's record is found again by a keyed
hash of the service number, so the number itself is never stored in clear nor used as an id.
Commands that touch a session and a person save both in one transaction: the session's version
check is what keeps two simultaneous enrolments from over-filling it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from chassis.auth import Officer, Role
from chassis.csv_import import parse_sheet, record_rows
from chassis.errors import NotFound, RuleViolated
from chassis.eventstore import ServiceApplication
from chassis.personal_data import person_ref
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
from services.training.domain import Course, PersonnelRecord, Session, Station, Trainer
from services.training.integration import to_integration_event

# Curriculum is set by MSP HQ; the district's nodal officer runs the district's sessions.
CURRICULUM_ROLES = (Role.MSP_HQ,)
TRAINING_ROLES = (Role.DISTRICT_NODAL_OFFICER, Role.MSP_HQ)


class TrainingApplication(ServiceApplication):
    service_name = "training"
    to_integration_event = staticmethod(to_integration_event)

    # ------------------------------------------------------------------ curriculum and trainers

    def create_course(self, body: CourseBody, officer: Officer) -> dict:
        officer.require_role(*CURRICULUM_ROLES)
        course = Course(course_id=body.course_id, title=body.title, modules=body.modules, hours=body.hours,
                        pass_mark=body.pass_mark, refresher_after_days=body.refresher_after_days,
                        at=self.clock.now())
        self.save_unique(course, "course_exists", f"course {body.course_id} already exists")
        return _course_view(course)

    def register_trainer(self, body: TrainerBody, officer: Officer) -> dict:
        officer.require_role(*TRAINING_ROLES)
        officer.require_district(body.district)
        for course_id in body.course_ids:
            self._course(course_id)
        ref = person_ref(self.settings.person_ref_key, phone=body.phone)
        trainer_id = f"TR-{ref[2:14].upper()}"
        trainer = Trainer(trainer_id=trainer_id, person_ref=ref,
                          sealed_identity=self.cipher.seal(ref, {"name": body.name, "phone": body.phone}),
                          district=body.district, course_ids=body.course_ids, at=self.clock.now())
        self.save_unique(trainer, "trainer_exists", f"this trainer is already registered as {trainer_id}")
        return {"trainer_id": trainer_id, "person_ref": ref, "district": body.district,
                "course_ids": list(body.course_ids)}

    def record_station_strength(self, body: StationStrengthBody, officer: Officer) -> dict:
        officer.require_role(*TRAINING_ROLES)
        officer.require_district(body.district)

        def record() -> Station:
            station = self.get_or_none(Station.create_id(body.district, body.police_station))
            if station is None:
                station = Station(district=body.district, police_station=body.police_station, at=self.clock.now())
            station.record_strength(body.strength, officer.subject, self.clock.now())
            self.save(station)
            return station

        station = self.retry_on_conflict(record)
        return {"district": station.district, "police_station": station.police_station, "strength": station.strength}

    # ------------------------------------------------------------------ sessions

    def schedule_session(self, body: SessionBody, officer: Officer) -> dict:
        officer.require_role(*TRAINING_ROLES)
        officer.require_district(body.district)
        course = self._course(body.course_id)
        trainers = [self._trainer(trainer_id) for trainer_id in dict.fromkeys(body.trainer_ids)]
        session = Session.schedule(course=course, district=body.district, venue=body.venue,
                                   starts_at=body.starts_at, hours=body.hours, capacity=body.capacity,
                                   trainers=trainers, at=self.clock.now())
        self.save_unique(session, "session_exists", f"session {session.session_id} is already scheduled")
        return _session_view(session)

    def enrol(self, session_id: str, body: EnrolmentBody, officer: Officer) -> dict:
        officer.require_role(*TRAINING_ROLES)

        def enrol() -> tuple[Session, PersonnelRecord]:
            session = self._session(session_id, officer)
            person = self._personnel(body.personnel.service_number)
            if person is None:
                person = self._new_personnel(body)
            now = self.clock.now()
            session.enrol(person.person_ref, now)
            person.enrol(session, body.rank, body.police_station, body.sex, now)
            self.save(session, person)
            return session, person

        session, person = self.retry_on_conflict(enrol)
        return {"session_id": session.session_id, "person_ref": person.person_ref,
                "enrolled": len(session.enrolled), "capacity": session.capacity}

    def record_attendance(self, session_id: str, body: AttendanceBody, officer: Officer) -> dict:
        officer.require_role(*TRAINING_ROLES)
        self._attend(session_id, body, officer)
        return self.session_view(session_id, officer)

    def import_attendance(self, session_id: str, sheet: str, officer: Officer) -> dict:
        """A session's attendance sheet (`service_number,hours`): each row recorded whole or not at all;
        a row already recorded is a duplicate, not an error, so a re-import records nothing twice."""
        officer.require_role(*TRAINING_ROLES)
        self._session(session_id, officer)
        parsed = parse_sheet(sheet, AttendanceBody)

        def record(row: AttendanceBody) -> bool:
            try:
                self._attend(session_id, row, officer)
            except RuleViolated as exc:
                if exc.rule == "attendance_already_recorded":
                    return False
                raise
            return True

        return record_rows(parsed, record, what=f"training attendance {session_id}").as_dict()

    def record_assessment(self, session_id: str, body: AssessmentBody, officer: Officer) -> dict:
        officer.require_role(*TRAINING_ROLES)

        def assess() -> dict:
            session = self._session(session_id, officer)
            person = self._enrolled_personnel(body.service_number)
            passed = person.record_assessment(session, body.score, self._course(session.course_id).pass_mark,
                                              self.clock.now())
            self.save(person)
            return {"session_id": session_id, "person_ref": person.person_ref, "passed": passed}

        return self.retry_on_conflict(assess)

    def issue_certificate(self, session_id: str, body: CertificateBody, officer: Officer) -> dict:
        officer.require_role(*TRAINING_ROLES)

        def issue() -> dict:
            session = self._session(session_id, officer)
            person = self._enrolled_personnel(body.service_number)
            certificate = person.issue_certificate(session, self._course(session.course_id), self.clock.now())
            self.save(person)
            return {"certificate_id": certificate["certificate_id"], "person_ref": person.person_ref,
                    "issued_at": certificate["issued_at"].isoformat(),
                    "refresher_due_at": certificate["refresher_due_at"].isoformat()}

        return self.retry_on_conflict(issue)

    # ------------------------------------------------------------------ queries

    def session_view(self, session_id: str, officer: Officer) -> dict:
        return _session_view(self._session(session_id, officer))

    def course_view(self, course_id: str) -> dict:
        return _course_view(self._course(course_id))

    # ------------------------------------------------------------------ due work

    def next_due(self, aggregate: Any) -> datetime | None:
        return aggregate.next_deadline() if isinstance(aggregate, PersonnelRecord) else None

    def perform_due_work(self, aggregate: Any, now: datetime) -> None:
        aggregate.fire_due_deadlines(now)

    # ------------------------------------------------------------------ helpers

    def _attend(self, session_id: str, body: AttendanceBody, officer: Officer) -> None:
        def attend() -> None:
            session = self._session(session_id, officer)
            person = self._enrolled_personnel(body.service_number)
            now = self.clock.now()
            session.record_attendance(person.person_ref, body.hours, now)
            person.credit_attendance(session, body.hours, now)
            self.save(session, person)

        self.retry_on_conflict(attend)

    def _personnel_key(self, service_number: str) -> str:
        return person_ref(self.settings.person_ref_key, local_id=f"police-service-number:{service_number.upper()}")

    def _personnel(self, service_number: str) -> PersonnelRecord | None:
        return self.get_or_none(PersonnelRecord.create_id(self._personnel_key(service_number)))

    def _enrolled_personnel(self, service_number: str) -> PersonnelRecord:
        person = self._personnel(service_number)
        if person is None:
            raise RuleViolated("not_enrolled", "no personnel with this service number is enrolled in any session")
        return person

    def _new_personnel(self, body: EnrolmentBody) -> PersonnelRecord:
        personnel = body.personnel
        key = self._personnel_key(personnel.service_number)
        # Her phone links her to her records in other programmes; without one, her service number does.
        ref = person_ref(self.settings.person_ref_key, phone=personnel.phone) if personnel.phone else key
        if self.cipher.vault.is_erased(ref):
            raise RuleViolated("person_erased", "this person's data was erased; a new record cannot reuse it")
        sealed = self.cipher.seal(ref, personnel.model_dump(exclude_none=True))
        return PersonnelRecord(personnel_key=key, person_ref=ref, sealed_identity=sealed, at=self.clock.now())

    def _course(self, course_id: str) -> Course:
        course = self.get_or_none(Course.create_id(course_id))
        if course is None:
            raise NotFound("course", f"no course {course_id}")
        return course

    def _trainer(self, trainer_id: str) -> Trainer:
        trainer = self.get_or_none(Trainer.create_id(trainer_id))
        if trainer is None:
            raise NotFound("trainer", f"no trainer {trainer_id}")
        return trainer

    def _session(self, session_id: str, officer: Officer) -> Session:
        session = self.get_or_none(Session.create_id(session_id))
        if session is None:
            raise NotFound("session", f"no session {session_id}")
        officer.require_district(session.district)
        return session


def _course_view(course: Course) -> dict:
    return {"course_id": course.course_id, "title": course.title, "modules": list(course.modules),
            "hours": course.hours, "pass_mark": course.pass_mark,
            "refresher_after_days": course.refresher_after_days}


def _session_view(session: Session) -> dict:
    return {"session_id": session.session_id, "course_id": session.course_id, "district": session.district,
            "venue": session.venue, "starts_at": session.starts_at.isoformat(), "hours": session.hours,
            "capacity": session.capacity, "trainer_ids": list(session.trainer_ids),
            "enrolled": len(session.enrolled), "attended": len(session.attended)}
