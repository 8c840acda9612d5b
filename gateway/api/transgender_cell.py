"""The Transgender Protection Cell in the gateway: the endpoints (commands go to the
transgender_cell service over RPC) and the district view (computed from its read models)."""
from __future__ import annotations

from collections import Counter

from nameko.rpc import RpcProxy

from chassis.auth import Officer
from chassis.readmodel.base import ReadModelStore
from contracts.transgender_cell import (
    CLOCKS,
    CertificateApplication,
    CertificateDecisionBody,
    CertificateStatus,
    FirDecisionBody,
    GrievanceRegistration,
    GrievanceStatus,
    InvestigationOutcomeBody,
    ProsecutionUpdateBody,
    ReferralBody,
    Registered201,
    VerdictBody,
)
from gateway.http import INCLUDE_IDENTITY, access_code, api, include_identity, known_district
from gateway.projections.casework import clock_figures
from gateway.projections.transgender_cell import TG_CERTIFICATES, TG_CLOCKS, TG_GRIEVANCES

GRIEVANCE = "/api/v1/transgender-cell/grievances/<grievance_id>"
CERTIFICATE = "/api/v1/transgender-cell/certificates/<application_id>"


class TransgenderCellApi:
    transgender_cell = RpcProxy("transgender_cell")

    # --- the person, a representative or an NGO (the ID and the secret access code) ---

    @api("POST", "/api/v1/transgender-cell/grievances", summary="Register a grievance or an offence (s.18)",
         tag="transgender-cell", body=GrievanceRegistration, response=Registered201, status=201)
    def tg_register_grievance(self, request, body: GrievanceRegistration):
        self.call_context.update(actor="person")
        return self.transgender_cell.register_grievance(body.model_dump(mode="json"))

    @api("GET", GRIEVANCE, summary="Follow a grievance", tag="transgender-cell", auth="access_code")
    def tg_grievance_status(self, request, grievance_id: str):
        return self.transgender_cell.grievance_status(grievance_id, access_code(request))

    @api("POST", "/api/v1/transgender-cell/certificates", summary="Apply for a certificate of identity",
         tag="transgender-cell", body=CertificateApplication, response=Registered201, status=201)
    def tg_apply_for_certificate(self, request, body: CertificateApplication):
        self.call_context.update(actor="person")
        return self.transgender_cell.apply_for_certificate(body.model_dump(mode="json"))

    @api("GET", CERTIFICATE, summary="Follow a certificate application", tag="transgender-cell", auth="access_code")
    def tg_certificate_status(self, request, application_id: str):
        return self.transgender_cell.certificate_status(application_id, access_code(request))

    # --- the district cell (district nodal officer), the state cell (MSP HQ), the police station ---

    @api("POST", f"{GRIEVANCE}/referral", summary="District cell: refer to the police station", tag="transgender-cell",
         auth="officer", body=ReferralBody)
    def tg_refer(self, request, grievance_id: str, body: ReferralBody, officer: Officer):
        return self.transgender_cell.refer(grievance_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", f"{GRIEVANCE}/resolution", summary="District cell: a grievance that is not an offence, redressed",
         tag="transgender-cell", auth="officer")
    def tg_resolve(self, request, grievance_id: str, officer: Officer):
        return self.transgender_cell.resolve(grievance_id, officer.claims())

    @api("POST", f"{GRIEVANCE}/fir-decision", summary="Police station: FIR registered, or referred to the magistrate",
         tag="transgender-cell", auth="officer", body=FirDecisionBody)
    def tg_fir_decision(self, request, grievance_id: str, body: FirDecisionBody, officer: Officer):
        return self.transgender_cell.record_fir_decision(grievance_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", f"{GRIEVANCE}/investigation", summary="Police station: charge-sheet or closure report",
         tag="transgender-cell", auth="officer", body=InvestigationOutcomeBody)
    def tg_investigation(self, request, grievance_id: str, body: InvestigationOutcomeBody, officer: Officer):
        return self.transgender_cell.conclude_investigation(grievance_id, body.model_dump(mode="json"),
                                                            officer.claims())

    @api("POST", f"{GRIEVANCE}/prosecution-update", summary="Progress of the prosecution (every 90 days at most)",
         tag="transgender-cell", auth="officer", body=ProsecutionUpdateBody)
    def tg_prosecution_update(self, request, grievance_id: str, body: ProsecutionUpdateBody, officer: Officer):
        return self.transgender_cell.record_prosecution_update(grievance_id, body.model_dump(mode="json"),
                                                               officer.claims())

    @api("POST", f"{GRIEVANCE}/verdict", summary="The court's verdict", tag="transgender-cell", auth="officer",
         body=VerdictBody)
    def tg_verdict(self, request, grievance_id: str, body: VerdictBody, officer: Officer):
        return self.transgender_cell.record_verdict(grievance_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", f"{CERTIFICATE}/decision", summary="The District Magistrate's decision (30 days)",
         tag="transgender-cell", auth="officer", body=CertificateDecisionBody)
    def tg_certificate_decision(self, request, application_id: str, body: CertificateDecisionBody, officer: Officer):
        return self.transgender_cell.decide_certificate(application_id, body.model_dump(mode="json"),
                                                        officer.claims())

    @api("GET", "/api/v1/officer/transgender-cell/grievances/<grievance_id>", tag="transgender-cell", query=INCLUDE_IDENTITY,
         auth="officer", summary="The officers' view of a grievance, never the person's identity "
                                 "(?include_identity=true: MSP HQ only, logged)")
    def tg_grievance_for_officer(self, request, grievance_id: str, officer: Officer):
        return self.transgender_cell.grievance_for_officer(grievance_id, officer.claims(), include_identity(request))

    @api("GET", "/api/v1/officer/transgender-cell/certificates/<application_id>", tag="transgender-cell", query=INCLUDE_IDENTITY,
         auth="officer", summary="The officers' view of a certificate application "
                                 "(?include_identity=true: MSP HQ only, logged)")
    def tg_certificate_for_officer(self, request, application_id: str, officer: Officer):
        return self.transgender_cell.certificate_for_officer(application_id, officer.claims(),
                                                             include_identity(request))

    @api("GET", "/api/v1/districts/<code>/transgender-cell", summary="The district view of the Transgender "
         "Protection Cell", tag="district", auth="officer")
    def tg_district_view(self, request, code: str, officer: Officer):
        officer.require_district(known_district(code))
        return district_transgender_cell_view(self.read_models, code)


def district_transgender_cell_view(store: ReadModelStore, district: str) -> dict:
    grievances = store.find(TG_GRIEVANCES, {"district": district})
    by_stage = Counter(doc["status"] for doc in grievances)
    certificates = Counter(doc["status"] for doc in store.find(TG_CERTIFICATES, {"district": district}))
    clocks = clock_figures(store, TG_CLOCKS, district, CLOCKS)
    return {
        "district": district,
        "total": len(grievances),
        "by_stage": {status.value: by_stage.get(status.value, 0) for status in GrievanceStatus},
        "firs_registered": sum(1 for doc in grievances if doc.get("fir_registered")),
        **clocks,
        "certificates": {
            **{status.value: certificates.get(status.value, 0) for status in CertificateStatus},
            "pending_past_30_days": clocks["overdue_by_clock"]["certificate"],
        },
    }
