"""The missing_child nameko service: parse, call the application, let typed errors travel back."""
from __future__ import annotations

from chassis.auth import Officer
from chassis.service import ApplicationProvider, ServiceEntrypoints, command, validated
from contracts.missing_child import DecisionBody, FoundReportForm, MissingReportForm, RecoveryBody
from services.missing_child.application import MissingChildApplication

class MissingChildService(ServiceEntrypoints):
    name = "missing_child"
    app: MissingChildApplication = ApplicationProvider(MissingChildApplication)

    @command
    def file_missing(self, payload: dict, officer: dict) -> dict:
        return self.app.file_missing(validated(MissingReportForm, payload), Officer.from_claims(officer))

    @command
    def file_found(self, payload: dict, officer: dict) -> dict:
        return self.app.file_found(validated(FoundReportForm, payload), Officer.from_claims(officer))

    @command
    def file_sighting(self, payload: dict) -> dict:
        return self.app.file_sighting(validated(FoundReportForm, payload))

    @command
    def search_again(self, report_id: str, officer: dict) -> dict:
        return self.app.search_again(report_id, Officer.from_claims(officer))

    @command
    def confirm_match(self, match_id: str, payload: dict, officer: dict) -> dict:
        return self.app.confirm_match(match_id, validated(DecisionBody, payload), Officer.from_claims(officer))

    @command
    def reject_match(self, match_id: str, payload: dict, officer: dict) -> dict:
        return self.app.reject_match(match_id, validated(DecisionBody, payload), Officer.from_claims(officer))

    @command
    def suspect_trafficking(self, report_id: str, payload: dict, officer: dict) -> dict:
        return self.app.suspect_trafficking(report_id, validated(DecisionBody, payload), Officer.from_claims(officer))

    @command
    def take_charge(self, report_id: str, officer: dict) -> dict:
        return self.app.take_charge(report_id, Officer.from_claims(officer))

    @command
    def record_recovery(self, report_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_recovery(report_id, validated(RecoveryBody, payload), Officer.from_claims(officer))

    @command
    def report_view(self, report_id: str, officer: dict) -> dict:
        return self.app.report_view(report_id, Officer.from_claims(officer))

    @command
    def potential_matches(self, district: str, officer: dict) -> list[dict]:
        return self.app.potential_matches(district, Officer.from_claims(officer))
