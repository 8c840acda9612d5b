"""The training nameko service: parse, call the application, let typed errors travel back."""
from __future__ import annotations

from chassis.auth import Officer
from chassis.service import ApplicationProvider, ServiceEntrypoints, command, validated
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

class TrainingService(ServiceEntrypoints):
    name = "training"
    app: TrainingApplication = ApplicationProvider(TrainingApplication)

    @command
    def create_course(self, payload: dict, officer: dict) -> dict:
        return self.app.create_course(validated(CourseBody, payload), Officer.from_claims(officer))

    @command
    def course_view(self, course_id: str) -> dict:
        return self.app.course_view(course_id)

    @command
    def register_trainer(self, payload: dict, officer: dict) -> dict:
        return self.app.register_trainer(validated(TrainerBody, payload), Officer.from_claims(officer))

    @command
    def record_station_strength(self, payload: dict, officer: dict) -> dict:
        return self.app.record_station_strength(validated(StationStrengthBody, payload), Officer.from_claims(officer))

    @command
    def schedule_session(self, payload: dict, officer: dict) -> dict:
        return self.app.schedule_session(validated(SessionBody, payload), Officer.from_claims(officer))

    @command
    def session_view(self, session_id: str, officer: dict) -> dict:
        return self.app.session_view(session_id, Officer.from_claims(officer))

    @command
    def enrol(self, session_id: str, payload: dict, officer: dict) -> dict:
        return self.app.enrol(session_id, validated(EnrolmentBody, payload), Officer.from_claims(officer))

    @command
    def record_attendance(self, session_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_attendance(session_id, validated(AttendanceBody, payload), Officer.from_claims(officer))

    @command
    def import_attendance(self, session_id: str, sheet: str, officer: dict) -> dict:
        return self.app.import_attendance(session_id, str(sheet), Officer.from_claims(officer))

    @command
    def record_assessment(self, session_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_assessment(session_id, validated(AssessmentBody, payload), Officer.from_claims(officer))

    @command
    def issue_certificate(self, session_id: str, payload: dict, officer: dict) -> dict:
        return self.app.issue_certificate(session_id, validated(CertificateBody, payload), Officer.from_claims(officer))
