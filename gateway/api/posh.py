"""POSH in the gateway: the endpoints (commands go to the posh service over RPC) and the district
view (computed from the posh read models)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from statistics import median

from nameko.rpc import RpcProxy

from chassis.auth import Officer
from chassis.readmodel.base import ReadModelStore
from contracts.posh import (
    INTERNAL_COMMITTEE_THRESHOLD,
    AppealBody,
    Clock,
    ComplaintFiled201,
    ComplaintFiling,
    EmployerActionBody,
    ExtensionBody,
    InquiryBody,
    InterimReliefBody,
    InternalCommitteeBody,
    LocalCommitteeBody,
    ReportBody,
    RespondentBody,
    Routing,
    SettlementBody,
    Status,
    WorkplaceRegistered201,
    WorkplaceRegistration,
)
from gateway.http import INCLUDE_IDENTITY, access_code, api, include_identity, known_district
from gateway.projections.casework import clock_figures
from gateway.projections.posh import POSH_CLOCKS, POSH_COMPLAINTS, POSH_LOCAL_COMMITTEES, POSH_WORKPLACES

COMPLAINT = "/api/v1/posh/complaints/<complaint_id>"


def _json(body) -> dict:
    return body.model_dump(mode="json")


class PoshApi:
    posh = RpcProxy("posh")

    # --- workplaces and committees (the District Officer's side: district nodal officer, MSP HQ) ---

    @api("POST", "/api/v1/posh/workplaces", summary="Register a workplace", tag="posh", auth="officer",
         body=WorkplaceRegistration, response=WorkplaceRegistered201, status=201)
    def posh_register_workplace(self, request, body: WorkplaceRegistration, officer: Officer):
        return self.posh.register_workplace(_json(body), officer.claims())

    @api("GET", "/api/v1/posh/workplaces/<workplace_id>", summary="A workplace and whether its Internal Committee "
         "is constituted", tag="posh", auth="officer")
    def posh_workplace(self, request, workplace_id: str, officer: Officer):
        return self.posh.workplace_view(workplace_id, officer.claims())

    @api("PUT", "/api/v1/posh/workplaces/<workplace_id>/internal-committee", tag="posh", auth="officer",
         summary="Record the workplace's Internal Committee (presiding officer, members, external member)",
         body=InternalCommitteeBody)
    def posh_internal_committee(self, request, workplace_id: str, body: InternalCommitteeBody, officer: Officer):
        return self.posh.record_internal_committee(workplace_id, _json(body), officer.claims())

    @api("PUT", "/api/v1/posh/local-committees", summary="Register (or reconstitute) the district's Local Committee",
         tag="posh", auth="officer", body=LocalCommitteeBody)
    def posh_local_committee(self, request, body: LocalCommitteeBody, officer: Officer):
        return self.posh.register_local_committee(_json(body), officer.claims())

    # --- the complainant (the complaint ID and the secret access code) ---

    @api("POST", "/api/v1/posh/complaints", summary="File a complaint of sexual harassment at the workplace",
         tag="posh", body=ComplaintFiling, response=ComplaintFiled201, status=201)
    def posh_file_complaint(self, request, body: ComplaintFiling):
        self.call_context.update(actor="complainant")
        return self.posh.file_complaint(_json(body))

    @api("GET", COMPLAINT, summary="The complainant's view of her POSH complaint", tag="posh", auth="access_code")
    def posh_complainant_view(self, request, complaint_id: str):
        return self.posh.complainant_view(complaint_id, access_code(request))

    @api("POST", f"{COMPLAINT}/conciliation-request", summary="Ask for conciliation (s.10; never monetary)",
         tag="posh", auth="access_code")
    def posh_request_conciliation(self, request, complaint_id: str):
        self.call_context.update(actor="complainant")
        return self.posh.request_conciliation(complaint_id, access_code(request))

    @api("POST", f"{COMPLAINT}/interim-relief-request", summary="Ask in writing for interim relief (s.12)",
         tag="posh", auth="access_code", body=InterimReliefBody)
    def posh_request_interim_relief(self, request, complaint_id: str, body: InterimReliefBody):
        self.call_context.update(actor="complainant")
        return self.posh.request_interim_relief(complaint_id, access_code(request), _json(body))

    # --- the committee's steps, recorded by the district nodal officer or MSP HQ ---

    @api("POST", f"{COMPLAINT}/extension", summary="Extend the filing limit by up to 3 months, with reasons (s.9(1))",
         tag="posh", auth="officer", body=ExtensionBody)
    def posh_extension(self, request, complaint_id: str, body: ExtensionBody, officer: Officer):
        return self.posh.grant_extension(complaint_id, _json(body), officer.claims())

    @api("POST", f"{COMPLAINT}/copy-sent", summary="A copy was sent to a respondent (r.7(2): 7 working days)",
         tag="posh", auth="officer", body=RespondentBody)
    def posh_copy_sent(self, request, complaint_id: str, body: RespondentBody, officer: Officer):
        return self.posh.record_copy_sent(complaint_id, _json(body), officer.claims())

    @api("POST", f"{COMPLAINT}/reply", summary="A respondent's reply arrived (r.7(4): 10 working days)",
         tag="posh", auth="officer", body=RespondentBody)
    def posh_reply(self, request, complaint_id: str, body: RespondentBody, officer: Officer):
        return self.posh.record_reply(complaint_id, _json(body), officer.claims())

    @api("POST", f"{COMPLAINT}/settlement", summary="Conciliation settled (s.10; a monetary settlement is refused)",
         tag="posh", auth="officer", body=SettlementBody)
    def posh_settlement(self, request, complaint_id: str, body: SettlementBody, officer: Officer):
        return self.posh.settle(complaint_id, _json(body), officer.claims())

    @api("POST", f"{COMPLAINT}/conciliation-end", summary="Conciliation failed; the inquiry goes on",
         tag="posh", auth="officer")
    def posh_conciliation_end(self, request, complaint_id: str, officer: Officer):
        return self.posh.end_conciliation(complaint_id, officer.claims())

    @api("POST", f"{COMPLAINT}/interim-relief", summary="Recommend the interim relief she asked for (leave up to "
         "3 months)", tag="posh", auth="officer", body=InterimReliefBody)
    def posh_interim_relief(self, request, complaint_id: str, body: InterimReliefBody, officer: Officer):
        return self.posh.recommend_interim_relief(complaint_id, _json(body), officer.claims())

    @api("POST", f"{COMPLAINT}/inquiry", summary="Inquiry completed (s.11(4): 90 days)", tag="posh",
         auth="officer", body=InquiryBody)
    def posh_inquiry(self, request, complaint_id: str, body: InquiryBody, officer: Officer):
        return self.posh.complete_inquiry(complaint_id, _json(body), officer.claims())

    @api("POST", f"{COMPLAINT}/report", summary="Report to the employer / District Officer (s.13(1): 10 days)",
         tag="posh", auth="officer", body=ReportBody)
    def posh_report(self, request, complaint_id: str, body: ReportBody, officer: Officer):
        return self.posh.submit_report(complaint_id, _json(body), officer.claims())

    @api("POST", f"{COMPLAINT}/employer-action", summary="The employer acted on the report (s.13(4): 60 days)",
         tag="posh", auth="officer", body=EmployerActionBody)
    def posh_employer_action(self, request, complaint_id: str, body: EmployerActionBody, officer: Officer):
        return self.posh.record_employer_action(complaint_id, _json(body), officer.claims())

    @api("POST", f"{COMPLAINT}/appeal", summary="An appeal was filed (s.18(2): within 90 days of the report)",
         tag="posh", auth="officer", body=AppealBody)
    def posh_appeal(self, request, complaint_id: str, body: AppealBody, officer: Officer):
        return self.posh.file_appeal(complaint_id, _json(body), officer.claims())

    @api("GET", "/api/v1/officer/posh/complaints/<complaint_id>", tag="posh", auth="officer", query=INCLUDE_IDENTITY,
         summary="The committee's view of a complaint (?include_identity=true: the parties and the description, "
                 "district nodal officer or MSP HQ only, every read logged)")
    def posh_officer_view(self, request, complaint_id: str, officer: Officer):
        return self.posh.officer_view(complaint_id, officer.claims(), include_identity(request))

    @api("GET", f"{COMPLAINT}/report", summary="The published report: findings and recommendations, no identity",
         tag="posh", auth="officer")
    def posh_published_report(self, request, complaint_id: str, officer: Officer):
        return self.posh.published_report(complaint_id, officer.claims())

    @api("GET", "/api/v1/districts/<code>/posh", summary="The district view of POSH complaints and committees",
         tag="district", auth="officer")
    def posh_district_view(self, request, code: str, officer: Officer):
        officer.require_district(known_district(code))
        return district_posh_view(self.read_models, code)


def district_posh_view(store: ReadModelStore, district: str) -> dict:
    complaints = store.find(POSH_COMPLAINTS, {"district": district})
    by_stage = Counter(doc["status"] for doc in complaints)
    days_to_report = [
        (datetime.fromisoformat(doc["report_at"]) - datetime.fromisoformat(doc["filed_at"])).total_seconds() / 86400
        for doc in complaints if doc.get("report_at") and doc.get("filed_at")
    ]
    without_ic = [
        {"workplace_id": doc["_id"], "name": doc["name"], "employee_count": doc["employee_count"]}
        for doc in store.find(POSH_WORKPLACES, {"district": district, "ic_constituted": False}, order_by="name")
        if doc["employee_count"] >= INTERNAL_COMMITTEE_THRESHOLD
    ]
    return {
        "district": district,
        "total": len(complaints),
        "by_stage": {status.value: by_stage.get(status.value, 0) for status in Status},
        **clock_figures(store, POSH_CLOCKS, district, tuple(clock.value for clock in Clock)),
        "workplaces_without_constituted_ic": without_ic,
        "routed_to_local_committee_for_missing_ic": sum(
            1 for doc in complaints if doc.get("routing") == Routing.INTERNAL_COMMITTEE_NOT_CONSTITUTED.value),
        "local_committee_registered": store.get(POSH_LOCAL_COMMITTEES, district) is not None,
        "median_days_to_report": round(median(days_to_report), 1) if days_to_report else None,
    }
