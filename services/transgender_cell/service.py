"""The transgender_cell nameko service: parse, call the application, let typed errors travel back."""
from __future__ import annotations

from chassis.auth import Officer
from chassis.service import ApplicationProvider, ServiceEntrypoints, command, validated
from contracts.transgender_cell import (
    CertificateApplication,
    CertificateDecisionBody,
    FirDecisionBody,
    GrievanceRegistration,
    InvestigationOutcomeBody,
    ProsecutionUpdateBody,
    ReferralBody,
    VerdictBody,
)
from services.transgender_cell.application import TransgenderCellApplication

class TransgenderCellService(ServiceEntrypoints):
    name = "transgender_cell"
    app: TransgenderCellApplication = ApplicationProvider(TransgenderCellApplication)

    @command
    def register_grievance(self, payload: dict) -> dict:
        return self.app.register_grievance(validated(GrievanceRegistration, payload))

    @command
    def grievance_status(self, grievance_id: str, access_code: str) -> dict:
        return self.app.grievance_status(grievance_id, access_code)

    @command
    def apply_for_certificate(self, payload: dict) -> dict:
        return self.app.apply_for_certificate(validated(CertificateApplication, payload))

    @command
    def certificate_status(self, application_id: str, access_code: str) -> dict:
        return self.app.certificate_status(application_id, access_code)

    @command
    def refer(self, grievance_id: str, payload: dict, officer: dict) -> dict:
        return self.app.refer(grievance_id, validated(ReferralBody, payload), Officer.from_claims(officer))

    @command
    def resolve(self, grievance_id: str, officer: dict) -> dict:
        return self.app.resolve(grievance_id, Officer.from_claims(officer))

    @command
    def record_fir_decision(self, grievance_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_fir_decision(grievance_id, validated(FirDecisionBody, payload),
                                            Officer.from_claims(officer))

    @command
    def conclude_investigation(self, grievance_id: str, payload: dict, officer: dict) -> dict:
        return self.app.conclude_investigation(grievance_id, validated(InvestigationOutcomeBody, payload),
                                               Officer.from_claims(officer))

    @command
    def record_prosecution_update(self, grievance_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_prosecution_update(grievance_id, validated(ProsecutionUpdateBody, payload),
                                                  Officer.from_claims(officer))

    @command
    def record_verdict(self, grievance_id: str, payload: dict, officer: dict) -> dict:
        return self.app.record_verdict(grievance_id, validated(VerdictBody, payload), Officer.from_claims(officer))

    @command
    def decide_certificate(self, application_id: str, payload: dict, officer: dict) -> dict:
        return self.app.decide_certificate(application_id, validated(CertificateDecisionBody, payload),
                                           Officer.from_claims(officer))

    @command
    def grievance_for_officer(self, grievance_id: str, officer: dict, include_identity: bool = False) -> dict:
        return self.app.grievance_for_officer(grievance_id, Officer.from_claims(officer), bool(include_identity))

    @command
    def certificate_for_officer(self, application_id: str, officer: dict, include_identity: bool = False) -> dict:
        return self.app.certificate_for_officer(application_id, Officer.from_claims(officer), bool(include_identity))
