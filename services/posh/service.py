"""The posh nameko service: parse, call the application, let typed errors travel back."""
from __future__ import annotations

from chassis.auth import Officer
from chassis.service import ApplicationProvider, ServiceEntrypoints, command, validated
from contracts.posh import (
    AppealBody,
    ComplaintFiling,
    EmployerActionBody,
    ExtensionBody,
    InquiryBody,
    InterimReliefBody,
    InternalCommitteeBody,
    LocalCommitteeBody,
    ReportBody,
    RespondentBody,
    SettlementBody,
    WorkplaceRegistration,
)
from services.posh.application import PoshApplication

class PoshService(ServiceEntrypoints):
    name = "posh"
    app: PoshApplication = ApplicationProvider(PoshApplication)

    @command
    def register_workplace(self, payload: dict, officer: dict) -> dict:
        return self.app.register_workplace(validated(WorkplaceRegistration, payload), Officer.from_claims(officer))

    @command
    def record_internal_committee(self, workplace_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_internal_committee(workplace_id, validated(InternalCommitteeBody, payload),
                                                  Officer.from_claims(officer))

    @command
    def workplace_view(self, workplace_id: str, officer: dict) -> dict:
        return self.app.workplace_view(workplace_id, Officer.from_claims(officer))

    @command
    def register_local_committee(self, payload: dict, officer: dict) -> dict:
        return self.app.register_local_committee(validated(LocalCommitteeBody, payload), Officer.from_claims(officer))

    @command
    def file_complaint(self, payload: dict) -> dict:
        return self.app.file_complaint(validated(ComplaintFiling, payload))

    @command
    def complainant_view(self, complaint_id: str, access_code: str) -> dict:
        return self.app.complainant_view(complaint_id, access_code)

    @command
    def request_conciliation(self, complaint_id: str, access_code: str) -> dict:
        return self.app.request_conciliation(complaint_id, access_code)

    @command
    def request_interim_relief(self, complaint_id: str, access_code: str, payload: dict) -> dict:
        return self.app.request_interim_relief(complaint_id, access_code, validated(InterimReliefBody, payload))

    @command
    def grant_extension(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.grant_extension(complaint_id, validated(ExtensionBody, payload), Officer.from_claims(officer))

    @command
    def record_copy_sent(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_copy_sent(complaint_id, validated(RespondentBody, payload), Officer.from_claims(officer))

    @command
    def record_reply(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_reply(complaint_id, validated(RespondentBody, payload), Officer.from_claims(officer))

    @command
    def settle(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.settle(complaint_id, validated(SettlementBody, payload), Officer.from_claims(officer))

    @command
    def end_conciliation(self, complaint_id: str, officer: dict) -> dict:
        return self.app.end_conciliation(complaint_id, Officer.from_claims(officer))

    @command
    def recommend_interim_relief(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.recommend_interim_relief(complaint_id, validated(InterimReliefBody, payload),
                                                 Officer.from_claims(officer))

    @command
    def complete_inquiry(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.complete_inquiry(complaint_id, validated(InquiryBody, payload), Officer.from_claims(officer))

    @command
    def submit_report(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.submit_report(complaint_id, validated(ReportBody, payload), Officer.from_claims(officer))

    @command
    def record_employer_action(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_employer_action(complaint_id, validated(EmployerActionBody, payload),
                                               Officer.from_claims(officer))

    @command
    def file_appeal(self, complaint_id: str, payload: dict, officer: dict) -> dict:
        return self.app.file_appeal(complaint_id, validated(AppealBody, payload), Officer.from_claims(officer))

    @command
    def officer_view(self, complaint_id: str, officer: dict, include_identity: bool = False) -> dict:
        return self.app.officer_view(complaint_id, Officer.from_claims(officer), bool(include_identity))

    @command
    def published_report(self, complaint_id: str, officer: dict) -> dict:
        return self.app.published_report(complaint_id, Officer.from_claims(officer))
