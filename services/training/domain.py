"""NAVCHETNA: courses, trainers, sessions with a capacity, and each person's training record
(enrolments, attendance hours, assessment, certificates and the recurring refresher).

Pure: no I/O and no reading of the system clock; every command takes `at`. Private `@event`
methods only mutate state. Ids are derived (uuid5) from what identifies the record, so scheduling
the same session twice or importing the same sheet twice collides in the event store.
A session's own rules (capacity, only enrolled personnel attend) live on `Session`; a person's
certificate and refresher rules live on `PersonnelRecord`; the application saves both together.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chassis.deadlines import Deadline, HasDeadlines
from chassis.errors import InvalidInput, RuleViolated
from contracts.reference import Sex
from contracts.training import Rank

# Fixed forever: the same record maps to the same aggregate id in every environment.
TRAINING_NAMESPACE = UUID("3b0f2c1e-7d4a-5c9b-8e6f-1a2b3c4d5e60")

REFRESHER_DUE_SOON_BEFORE = timedelta(days=30)


class Course(Aggregate):
    @staticmethod
    def create_id(course_id: str) -> UUID:
        return uuid5(TRAINING_NAMESPACE, f"course:{course_id}")

    @event("Defined")
    def __init__(self, course_id: str, title: str, modules: list[str], hours: float, pass_mark: float,
                 refresher_after_days: int, at: datetime):
        self.course_id = course_id
        self.title = title
        self.modules = list(modules)
        self.hours = hours
        self.pass_mark = pass_mark
        self.refresher_after_days = refresher_after_days
        self.created_at = at


class Trainer(Aggregate):
    @staticmethod
    def create_id(trainer_id: str) -> UUID:
        return uuid5(TRAINING_NAMESPACE, f"trainer:{trainer_id}")

    @event("Registered")
    def __init__(self, trainer_id: str, person_ref: str, sealed_identity: str, district: str,
                 course_ids: list[str], at: datetime):
        self.trainer_id = trainer_id
        self.person_ref = person_ref
        self.sealed_identity = sealed_identity
        self.district = district
        self.course_ids = list(course_ids)
        self.registered_at = at


class Station(Aggregate):
    """A police station's headcount, so "share of the station certified" divides recorded numbers."""

    @staticmethod
    def create_id(district: str, police_station: str) -> UUID:
        return uuid5(TRAINING_NAMESPACE, f"station:{district}:{police_station.casefold()}")

    @event("Registered")
    def __init__(self, district: str, police_station: str, at: datetime):
        self.district = district
        self.police_station = police_station
        self.strength: int | None = None

    def record_strength(self, strength: int, officer_id: str, at: datetime) -> None:
        if strength < 1:
            raise InvalidInput("strength", "strength must be at least 1")
        self._record_strength(strength=strength, officer_id=officer_id, district=self.district,
                              police_station=self.police_station, at=at)

    @event("StrengthRecorded")
    def _record_strength(self, strength: int, officer_id: str, district: str, police_station: str,
                         at: datetime) -> None:
        self.strength = strength


class Session(Aggregate):
    @staticmethod
    def public_id(course_id: str, district: str, venue: str, starts_at: datetime) -> str:
        key = f"{course_id}|{district}|{' '.join(venue.split()).casefold()}|{starts_at.isoformat()}"
        return f"NC-{district}-{uuid5(TRAINING_NAMESPACE, key).hex[:10].upper()}"

    @staticmethod
    def create_id(session_id: str) -> UUID:
        return uuid5(TRAINING_NAMESPACE, f"session:{session_id}")

    @classmethod
    def schedule(cls, *, course: Course, district: str, venue: str, starts_at: datetime, hours: float | None,
                 capacity: int, trainers: list[Trainer], at: datetime) -> "Session":
        if capacity < 1:
            raise InvalidInput("capacity", "capacity must be at least 1")
        unqualified = [t.trainer_id for t in trainers if course.course_id not in t.course_ids]
        if unqualified:
            raise RuleViolated("trainer_not_qualified",
                               f"trainer(s) {', '.join(unqualified)} are not registered for course {course.course_id}")
        return cls(
            session_id=cls.public_id(course.course_id, district, venue, starts_at),
            course_id=course.course_id, district=district, venue=venue, starts_at=starts_at,
            hours=hours or course.hours, capacity=capacity, trainer_ids=[t.trainer_id for t in trainers], at=at,
        )

    @event("Scheduled")
    def __init__(self, session_id: str, course_id: str, district: str, venue: str, starts_at: datetime,
                 hours: float, capacity: int, trainer_ids: list[str], at: datetime):
        self.session_id = session_id
        self.course_id = course_id
        self.district = district
        self.venue = venue
        self.starts_at = starts_at
        self.hours = hours
        self.capacity = capacity
        self.trainer_ids = list(trainer_ids)
        self.enrolled: list[str] = []  # person_refs
        self.attended: dict[str, float] = {}  # person_ref -> hours

    def enrol(self, person_ref: str, at: datetime) -> None:
        if person_ref in self.enrolled:
            raise RuleViolated("already_enrolled", "this person is already enrolled in the session")
        if len(self.enrolled) >= self.capacity:
            raise RuleViolated("session_full", f"the session is full ({self.capacity} enrolled)")
        self._enrol(person_ref=person_ref, session_id=self.session_id, at=at)

    @event("Enrolled")
    def _enrol(self, person_ref: str, session_id: str, at: datetime) -> None:
        self.enrolled.append(person_ref)

    def record_attendance(self, person_ref: str, hours: float, at: datetime) -> None:
        if person_ref not in self.enrolled:
            raise RuleViolated("not_enrolled", "attendance is recorded only for personnel enrolled in the session")
        if at < self.starts_at:
            raise RuleViolated("session_not_started", "attendance is recorded once the session has started")
        if person_ref in self.attended:
            raise RuleViolated("attendance_already_recorded", "this person's attendance is already recorded")
        if hours <= 0 or hours > self.hours:
            raise InvalidInput("hours", f"hours attended must be more than 0 and at most the session's {self.hours}")
        self._record_attendance(person_ref=person_ref, hours=hours, session_id=self.session_id, at=at)

    @event("AttendanceRecorded")
    def _record_attendance(self, person_ref: str, hours: float, session_id: str, at: datetime) -> None:
        self.attended[person_ref] = hours


class PersonnelRecord(HasDeadlines, Aggregate):
    """One police officer's training record across courses. Identity (name, service number, phone)
    is sealed by the application before it gets here."""

    @staticmethod
    def create_id(personnel_key: str) -> UUID:
        return uuid5(TRAINING_NAMESPACE, f"personnel:{personnel_key}")

    @event("Registered")
    def __init__(self, personnel_key: str, person_ref: str, sealed_identity: str, at: datetime):
        self.personnel_key = personnel_key
        self.person_ref = person_ref
        self.sealed_identity = sealed_identity
        self.district: str | None = None
        self.rank: Rank | None = None
        self.police_station: str | None = None
        self.sex: Sex | None = None
        self.sessions: dict[str, str] = {}  # session_id -> course_id
        self.hours: dict[str, float] = {}  # course_id -> hours since the last certificate
        self.score: dict[str, float] = {}  # course_id -> the latest score since the last certificate
        self.certificates: dict[str, dict[str, Any]] = {}  # course_id -> the current certificate
        self.fired_deadlines: set[tuple[str, int, str]] = set()

    # ------------------------------------------------------------------ enrolment and attendance

    def enrol(self, session: Session, rank: Rank | str, police_station: str, sex: Sex | str, at: datetime) -> None:
        if session.session_id in self.sessions:
            raise RuleViolated("already_enrolled", "this person is already enrolled in the session")
        self._enrol(enrolled=len(session.enrolled), capacity=session.capacity,
                    **self._stamp(session.session_id, session.course_id, session.district, at,
                                  rank=Rank(rank), police_station=police_station, sex=Sex(sex)))

    @event("Enrolled")
    def _enrol(
        self, enrolled: int, capacity: int,
        session_id: str, course_id: str, district: str, person_ref: str, rank: str, police_station: str,
        sex: str, at: datetime,
    ) -> None:
        # Rank and posting are as at the latest enrolment: the district view counts people as they are now.
        self.rank, self.police_station, self.sex, self.district = Rank(rank), police_station, Sex(sex), district
        self.sessions[session_id] = course_id

    def credit_attendance(self, session: Session, hours: float, at: datetime) -> None:
        self._require_enrolled(session)
        course_id = session.course_id
        self._credit_attendance(hours=hours, course_hours_attended=self.hours.get(course_id, 0) + hours,
                                **self._stamp(session.session_id, course_id, session.district, at))

    @event("AttendanceCredited")
    def _credit_attendance(
        self, hours: float, course_hours_attended: float,
        session_id: str, course_id: str, district: str, person_ref: str, rank: str, police_station: str,
        sex: str, at: datetime,
    ) -> None:
        self.hours[course_id] = course_hours_attended

    # ------------------------------------------------------------------ assessment and certificate

    def record_assessment(self, session: Session, score: float, pass_mark: float, at: datetime) -> bool:
        """Records the latest score (a re-test replaces it); returns whether it passes."""
        self._require_enrolled(session)
        if not 0 <= score <= 100:
            raise InvalidInput("score", "score must be between 0 and 100")
        self._record_assessment(score=score, passed=score >= pass_mark,
                                **self._stamp(session.session_id, session.course_id, session.district, at))
        return score >= pass_mark

    @event("AssessmentRecorded")
    def _record_assessment(
        self, score: float, passed: bool,
        session_id: str, course_id: str, district: str, person_ref: str, rank: str, police_station: str,
        sex: str, at: datetime,
    ) -> None:
        self.score[course_id] = score

    def issue_certificate(self, session: Session, course: Course, at: datetime) -> dict[str, Any]:
        """Issues the course's certificate if it is earned; returns it."""
        self._require_enrolled(session)
        attended = self.hours.get(course.course_id, 0)
        score = self.score.get(course.course_id)
        missing = []
        if attended < course.hours:
            missing.append(f"attended {attended:g} of the course's {course.hours:g} hours")
        if score is None:
            missing.append("no assessment is recorded")
        elif score < course.pass_mark:
            missing.append("the assessment score is below the pass mark")
        if missing:
            raise RuleViolated("certificate_not_earned", "; ".join(missing))
        number = self.certificates.get(course.course_id, {}).get("certificate_no", 0) + 1
        certificate_id = f"{session.session_id}-{self.person_ref[2:10].upper()}-{number}"
        self._issue_certificate(
            certificate_id=certificate_id, certificate_no=number,
            refresher_due_at=at + timedelta(days=course.refresher_after_days),
            **self._stamp(session.session_id, course.course_id, session.district, at),
        )
        return self.certificates[course.course_id]

    @event("CertificateIssued")
    def _issue_certificate(
        self, certificate_id: str, certificate_no: int, refresher_due_at: datetime,
        session_id: str, course_id: str, district: str, person_ref: str, rank: str, police_station: str,
        sex: str, at: datetime,
    ) -> None:
        self.certificates[course_id] = {"certificate_id": certificate_id, "certificate_no": certificate_no,
                                        "session_id": session_id, "issued_at": at,
                                        "refresher_due_at": refresher_due_at}
        # A refresher is earned afresh: hours and score count from this certificate on.
        self.hours.pop(course_id, None)
        self.score.pop(course_id, None)

    # ------------------------------------------------------------------ refresher deadlines

    def pending_deadlines(self) -> list[Deadline]:
        pending = []
        for course_id, certificate in self.certificates.items():
            due = certificate["refresher_due_at"]
            for deadline in (Deadline(due - REFRESHER_DUE_SOON_BEFORE, f"refresher_due_soon:{course_id}"),
                             Deadline(due, f"refresher_overdue:{course_id}")):
                if (course_id, certificate["certificate_no"], deadline.name) not in self.fired_deadlines:
                    pending.append(deadline)
        return sorted(pending)

    def _fire(self, deadline: Deadline) -> None:
        kind, course_id = deadline.name.split(":", 1)
        certificate = self.certificates[course_id]
        fire = self._refresher_due_soon if kind == "refresher_due_soon" else self._refresher_overdue
        fire(name=deadline.name, certificate_id=certificate["certificate_id"],
             certificate_no=certificate["certificate_no"], refresher_due_at=certificate["refresher_due_at"],
             **self._stamp(certificate["session_id"], course_id, self.district, deadline.due_at))

    @event("RefresherDueSoon")
    def _refresher_due_soon(
        self, name: str, certificate_id: str, certificate_no: int, refresher_due_at: datetime,
        session_id: str, course_id: str, district: str, person_ref: str, rank: str, police_station: str,
        sex: str, at: datetime,
    ) -> None:
        self.fired_deadlines.add((course_id, certificate_no, name))

    @event("RefresherOverdue")
    def _refresher_overdue(
        self, name: str, certificate_id: str, certificate_no: int, refresher_due_at: datetime,
        session_id: str, course_id: str, district: str, person_ref: str, rank: str, police_station: str,
        sex: str, at: datetime,
    ) -> None:
        self.fired_deadlines.add((course_id, certificate_no, name))

    # ------------------------------------------------------------------ helpers

    def _require_enrolled(self, session: Session) -> None:
        if session.session_id not in self.sessions:
            raise RuleViolated("not_enrolled", "this person is not enrolled in the session")

    def _stamp(self, session_id: str, course_id: str, district: str, at: datetime, *, rank: Rank | None = None,
               police_station: str | None = None, sex: Sex | None = None) -> dict[str, Any]:
        """What every event about this person carries: the district view counts by rank, station and sex."""
        return {"session_id": session_id, "course_id": course_id, "district": district,
                "person_ref": self.person_ref, "rank": (rank or self.rank).value,
                "police_station": police_station or self.police_station, "sex": (sex or self.sex).value, "at": at}
