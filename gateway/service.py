"""The gateway: the public HTTP API. Commands go to the programme services over nameko RPC;
queries are answered from the read models the projections keep."""
from __future__ import annotations

from nameko.extensions import DependencyProvider
from nameko.rpc import RpcProxy
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from chassis.auth import Officer, Role
from chassis.errors import NotFound
from chassis.readmodel import build_read_model_store
from chassis.service import CallContext
from chassis.settings import Settings, load_settings
from contracts.complaints import (
    AtrBody,
    ComplaintRegistered201,
    ComplaintRegistration,
    FeedbackBody,
    LadderStageBody,
    VettingBody,
)
from contracts.reference import DISTRICTS, is_district_code
from gateway.http import api, json_response
from gateway.openapi import openapi_document
from gateway.views import district_complaints_view, pending_complaints, person_view


class SettingsProvider(DependencyProvider):
    def setup(self) -> None:
        self.settings = load_settings()

    def get_dependency(self, worker_ctx) -> Settings:
        return self.settings


class ReadModels(DependencyProvider):
    def setup(self) -> None:
        self.store = build_read_model_store(load_settings().resolved_read_model_url)

    def get_dependency(self, worker_ctx):
        return self.store

    def stop(self) -> None:
        self.store.close()


def _district(code: str) -> str:
    if not is_district_code(code):
        raise NotFound("district", f"no district with code {code}; see GET /api/v1/districts")
    return code


def _access_code(request: Request) -> str:
    return request.headers.get("X-Access-Code", "")


class GatewayService:
    name = "gateway"
    settings: Settings = SettingsProvider()
    read_models = ReadModels()
    call_context = CallContext()
    complaints = RpcProxy("complaints")

    @http("GET", "/openapi.json")
    def openapi(self, request: Request) -> Response:
        return json_response(200, openapi_document())

    @http("GET", "/health")
    def health(self, request: Request) -> Response:
        return json_response(200, {"status": "ok"})

    @api("GET", "/api/v1/districts", summary="The 75 districts of Uttar Pradesh", tag="reference")
    def districts(self, request):
        return [{"code": d.code, "name": d.name, "name_hi": d.name_hi} for d in DISTRICTS]

    # --- complainant (no account: the complaint ID and the secret access code) ---

    @api("POST", "/api/v1/complaints", summary="Register a VIKALP complaint", tag="complainant",
         body=ComplaintRegistration, response=ComplaintRegistered201, status=201)
    def register_complaint(self, request, body: ComplaintRegistration):
        self.call_context.update(actor="complainant")
        return self.complaints.register(body.model_dump(mode="json"))

    @api("GET", "/api/v1/complaints/<complaint_id>", summary="The complainant's view of her complaint",
         tag="complainant", auth="access_code")
    def complainant_view(self, request, complaint_id: str):
        return self.complaints.complainant_view(complaint_id, _access_code(request))

    @api("POST", "/api/v1/complaints/<complaint_id>/feedback", summary="Rate the action taken",
         tag="complainant", auth="access_code", body=FeedbackBody)
    def feedback(self, request, complaint_id: str, body: FeedbackBody):
        self.call_context.update(actor="complainant")
        return self.complaints.give_feedback(complaint_id, _access_code(request), body.model_dump(mode="json"))

    @api("POST", "/api/v1/complaints/<complaint_id>/ladder/feedback",
         summary="Say whether the harassment stopped after the last WPL-1090 stage", tag="complainant",
         auth="access_code", body=FeedbackBody)
    def ladder_feedback(self, request, complaint_id: str, body: FeedbackBody):
        self.call_context.update(actor="complainant")
        return self.complaints.give_ladder_feedback(complaint_id, _access_code(request), body.model_dump(mode="json"))

    # --- officers (Bearer JWT with role and district) ---

    @api("GET", "/api/v1/officer/complaints/<complaint_id>", tag="officer", auth="officer",
         summary="The police view of a complaint (never the complainant's identity; MSP HQ may ask for it "
                 "with ?include_identity=true, and the read is logged)")
    def police_view(self, request, complaint_id: str, officer: Officer):
        include = request.args.get("include_identity", "false").lower() == "true"
        return self.complaints.police_view(complaint_id, officer.claims(), include)

    @api("POST", "/api/v1/complaints/<complaint_id>/atr", summary="File an Action Taken Report", tag="officer",
         auth="officer", body=AtrBody)
    def file_atr(self, request, complaint_id: str, body: AtrBody, officer: Officer):
        return self.complaints.file_atr(complaint_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/complaints/<complaint_id>/ladder", summary="Record a WPL-1090 ladder stage",
         tag="officer", auth="officer", body=LadderStageBody)
    def ladder_stage(self, request, complaint_id: str, body: LadderStageBody, officer: Officer):
        return self.complaints.record_ladder_stage(complaint_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/complaints/<complaint_id>/vetting",
         summary="MSP HQ: legal vetting done, return the complaint to the district with a new ATR clock",
         tag="officer", auth="officer", body=VettingBody)
    def vetting(self, request, complaint_id: str, body: VettingBody, officer: Officer):
        return self.complaints.return_to_district(complaint_id, body.model_dump(mode="json"), officer.claims())

    @api("GET", "/api/v1/districts/<code>/complaints", summary="The district view of VIKALP complaints",
         tag="district", auth="officer")
    def district_view(self, request, code: str, officer: Officer):
        officer.require_district(_district(code))
        return district_complaints_view(self.read_models, code)

    @api("GET", "/api/v1/districts/<code>/complaints/pending", summary="Complaints awaiting an ATR, most urgent first",
         tag="district", auth="officer")
    def district_pending(self, request, code: str, officer: Officer):
        officer.require_district(_district(code))
        return pending_complaints(self.read_models, code)

    @api("GET", "/api/v1/persons/<person_ref>", summary="Every record that concerns one person, across programmes",
         tag="state", auth="officer")
    def person(self, request, person_ref: str, officer: Officer):
        officer.require_role(Role.MSP_HQ, Role.AUDITOR)
        view = person_view(self.read_models, person_ref)
        if view is None:
            raise NotFound("person", "no records for this person_ref")
        return view
