"""The gateway: the public HTTP API. Commands go to the programme services over nameko RPC;
queries are answered from the read models the projections keep."""
from __future__ import annotations

from pathlib import Path

from nameko.extensions import DependencyProvider
from nameko.rpc import RpcProxy
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from chassis.auth import Officer, Role
from chassis.errors import NotFound
from chassis.readmodel import build_read_model_store
from chassis.service import CallContext
from chassis.settings import Settings, load_settings
from contracts.reference import DISTRICTS
from gateway.api import programme_apis
from gateway.http import api, json_response
from gateway.openapi import openapi_document
from gateway.projections.persons import PERSONS


WEB_PAGE = (Path(__file__).parent / "web" / "index.html").read_bytes()


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


class GatewayService(*programme_apis()):
    """The shared endpoints; each programme's endpoints come from its module in gateway/api/."""

    name = "gateway"
    settings: Settings = SettingsProvider()
    read_models = ReadModels()
    call_context = CallContext()
    access_log = RpcProxy("complaints")  # the key vault and its access log are platform-wide; the spine answers

    @http("GET", "/openapi.json")
    def openapi(self, request: Request) -> Response:
        return json_response(200, openapi_document())

    @http("GET", "/")
    def complainant_page(self, request: Request) -> Response:
        """The VIKALP page: register a complaint and follow it with the access code (Hindi and English)."""
        return Response(WEB_PAGE, content_type="text/html; charset=utf-8")

    @http("GET", "/health")
    def health(self, request: Request) -> Response:
        return json_response(200, {"status": "ok"})

    @api("GET", "/api/v1/districts", summary="The 75 districts of Uttar Pradesh", tag="reference")
    def districts(self, request):
        return [{"code": d.code, "name": d.name, "name_hi": d.name_hi} for d in DISTRICTS]

    @api("GET", "/api/v1/persons/<person_ref>", summary="Every record that concerns one person, across programmes",
         tag="state", auth="officer")
    def person(self, request, person_ref: str, officer: Officer):
        officer.require_role(Role.MSP_HQ, Role.AUDITOR)
        doc = self.read_models.get(PERSONS, person_ref)
        if doc is None:
            raise NotFound("person", "no records for this person_ref")
        return {"person_ref": person_ref, "records": sorted(doc.get("records", []))}

    @api("GET", "/api/v1/persons/<person_ref>/reads", tag="state", auth="officer",
         summary="Who opened this person's personal data: when, on which record, for what purpose (MSP HQ, auditors)")
    def person_reads(self, request, person_ref: str, officer: Officer):
        officer.require_role(Role.MSP_HQ, Role.AUDITOR)
        return self.access_log.personal_data_reads(person_ref, officer.claims())
