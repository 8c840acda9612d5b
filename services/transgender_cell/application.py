"""The Transgender Protection Cell Application: grievances and certificate applications.

Identity is protected as a sexual offence victim's is: the person (with the gender they state)
and whoever registered for them are sealed with their own keys; the police station, the district
cell and auditors work without them; only the state cell (MSP HQ) may open them, and every read
is logged. The district cell is the district nodal officer's role, the state cell MSP HQ's.
"""
from __future__ import annotations

import json
from datetime import datetime
from importlib.resources import files
from typing import Any, Callable

from chassis.auth import POLICE_ROLES, Officer, Role
from chassis.case_application import CaseApplication
from chassis.casework import Case, Party
from chassis.personal_data import hash_secret, new_secret_code
from contracts.transgender_cell import (
    CertificateApplication as CertificateForm,
    CertificateDecisionBody,
    FirDecisionBody,
    GrievanceRegistration,
    InvestigationOutcomeBody,
    ProsecutionUpdateBody,
    ReferralBody,
    Representative,
    VerdictBody,
)
from services.transgender_cell.domain import CertificateApplication, Grievance, Limits, limits_from
from services.transgender_cell.integration import to_integration_event

CELL_ROLES = (Role.DISTRICT_NODAL_OFFICER, Role.MSP_HQ)  # the district cell, the state cell
READ_ROLES = (*POLICE_ROLES, Role.AUDITOR)
GRIEVANCE, CERTIFICATE = "grievance", "certificate application"


def shipped_limits() -> Limits:
    return limits_from(json.loads(files("services.transgender_cell").joinpath("limits.json").read_text("utf-8")))


class TransgenderCellApplication(CaseApplication):
    service_name = "transgender_cell"
    to_integration_event = staticmethod(to_integration_event)

    def __init__(self, *args: Any, limits: Limits | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.limits = limits or shipped_limits()

    # ------------------------------------------------------------------ the person (or whoever registers for them)

    def register_grievance(self, form: GrievanceRegistration) -> dict:
        now = self.clock.now()
        access_code = new_secret_code()

        def build(grievance_id: str) -> Grievance:
            person = self._person("person", form.person.model_dump(exclude_none=True), form.person.phone, grievance_id)
            return Grievance.register(
                grievance_id=grievance_id, district=form.district, category=form.category,
                registered_by=form.registered_by, person=person,
                representative=self._representative(form.representative, grievance_id),
                sealed_description=self.cipher.seal(person.person_ref, {"description": form.description}),
                access_code_hash=hash_secret(access_code), at=now, limits=self.limits,
            )

        grievance_id = self.save_new(lambda: f"TG-{form.district}-{now:%y%m}-{new_secret_code(6)}", build)
        return {"id": grievance_id, "access_code": access_code}

    def apply_for_certificate(self, form: CertificateForm) -> dict:
        now = self.clock.now()
        access_code = new_secret_code()

        def build(application_id: str) -> CertificateApplication:
            return CertificateApplication.apply(
                application_id=application_id, district=form.district,
                applicant=self._person("applicant", form.applicant.model_dump(exclude_none=True),
                                       form.applicant.phone, application_id),
                representative=self._representative(form.representative, application_id),
                access_code_hash=hash_secret(access_code), at=now, limits=self.limits,
            )

        application_id = self.save_new(lambda: f"TC-{form.district}-{now:%y%m}-{new_secret_code(6)}", build)
        return {"id": application_id, "access_code": access_code}

    def grievance_status(self, grievance_id: str, access_code: str) -> dict:
        return self._grievance_view(self.for_holder(Grievance, grievance_id, access_code, GRIEVANCE))

    def certificate_status(self, application_id: str, access_code: str) -> dict:
        return self._certificate_view(
            self.for_holder(CertificateApplication, application_id, access_code, CERTIFICATE))

    # ------------------------------------------------------------------ the cells and the police station

    def refer(self, grievance_id: str, body: ReferralBody, officer: Officer) -> dict:
        return self._act(grievance_id, officer, CELL_ROLES,
                         lambda g, now: g.refer(body.police_station, officer.subject, now, self.limits))

    def resolve(self, grievance_id: str, officer: Officer) -> dict:
        return self._act(grievance_id, officer, CELL_ROLES, lambda g, now: g.resolve(officer.subject, now))

    def record_fir_decision(self, grievance_id: str, body: FirDecisionBody, officer: Officer) -> dict:
        return self._act(grievance_id, officer, POLICE_ROLES, lambda g, now: g.record_fir_decision(
            body.decision, body.fir_number, officer.subject, now, self.limits))

    def conclude_investigation(self, grievance_id: str, body: InvestigationOutcomeBody, officer: Officer) -> dict:
        return self._act(grievance_id, officer, POLICE_ROLES, lambda g, now: g.conclude_investigation(
            body.outcome, officer.subject, now, self.limits))

    def record_prosecution_update(self, grievance_id: str, body: ProsecutionUpdateBody, officer: Officer) -> dict:
        return self._act(grievance_id, officer, POLICE_ROLES, lambda g, now: g.record_prosecution_update(
            body.next_hearing, officer.subject, now, self.limits))

    def record_verdict(self, grievance_id: str, body: VerdictBody, officer: Officer) -> dict:
        return self._act(grievance_id, officer, POLICE_ROLES,
                         lambda g, now: g.record_verdict(body.verdict, officer.subject, now))

    def decide_certificate(self, application_id: str, body: CertificateDecisionBody, officer: Officer) -> dict:
        application = self.for_officer(CertificateApplication, application_id, officer, CERTIFICATE, *CELL_ROLES)
        application.decide(body.decision, body.certificate_number, officer.subject, self.clock.now())
        self.save(application)
        return self._certificate_view(application)

    def grievance_for_officer(self, grievance_id: str, officer: Officer, include_identity: bool = False) -> dict:
        grievance = self.for_officer(Grievance, grievance_id, officer, GRIEVANCE, *self._read_roles(include_identity))
        view = self._grievance_view(grievance)
        view["description"] = (self.cipher.open_for(grievance.sealed_description, actor=officer.subject,
                                                    record=grievance_id, purpose="grievance action")
                               or {}).get("description", "[erased]")
        if include_identity:
            view["parties"] = self._identities(grievance, [grievance.person, grievance.representative], officer)
        return view

    def certificate_for_officer(self, application_id: str, officer: Officer, include_identity: bool = False) -> dict:
        application = self.for_officer(CertificateApplication, application_id, officer, CERTIFICATE,
                                       *self._read_roles(include_identity))
        view = self._certificate_view(application)
        if include_identity:
            view["parties"] = self._identities(application, [application.applicant, application.representative],
                                               officer)
        return view

    # ------------------------------------------------------------------ helpers

    def _person(self, role: str, fields: dict, phone: str | None, record_id: str) -> Party:
        return self.seal_party(role, fields, phone, f"{record_id}/{role}")

    def _representative(self, representative: Representative | None, record_id: str) -> Party | None:
        if representative is None:
            return None
        return self._person("representative", representative.model_dump(exclude_none=True), representative.phone,
                            record_id)

    @staticmethod
    def _read_roles(include_identity: bool) -> tuple[Role, ...]:
        # Identity: the state cell only, as for a victim of a sexual offence; never the police station.
        return (Role.MSP_HQ,) if include_identity else READ_ROLES

    def _identities(self, case: Case, parties: list[Party | None], officer: Officer) -> list[dict]:
        return self.open_parties([p for p in parties if p], officer, case.case_id, "state cell review")

    def _act(self, grievance_id: str, officer: Officer, roles: tuple[Role, ...],
             action: Callable[[Grievance, datetime], None]) -> dict:
        grievance = self.for_officer(Grievance, grievance_id, officer, GRIEVANCE, *roles)
        action(grievance, self.clock.now())
        self.save(grievance)
        return self._grievance_view(grievance)

    def _grievance_view(self, grievance: Grievance) -> dict:
        return {
            "grievance_id": grievance.grievance_id,
            "status": grievance.status.value,
            "district": grievance.district,
            "category": grievance.category.value,
            "registered_by": grievance.registered_by.value,
            "registered_at": grievance.registered_at.isoformat(),
            "police_station": grievance.police_station,
            "fir_decision": grievance.fir_decision.value if grievance.fir_decision else None,
            "fir_number": grievance.fir_number,
            "investigation_outcome": grievance.investigation_outcome.value
            if grievance.investigation_outcome else None,
            "prosecution_updates": grievance.prosecution_updates,
            "closed_reason": grievance.closed_reason,
            "clocks": grievance.clock_summary(),
        }

    def _certificate_view(self, application: CertificateApplication) -> dict:
        return {
            "application_id": application.application_id,
            "status": application.status.value,
            "district": application.district,
            "applied_at": application.applied_at.isoformat(),
            "decided_at": application.decided_at.isoformat() if application.decided_at else None,
            "certificate_number": application.certificate_number,
            "clocks": application.clock_summary(),
        }
