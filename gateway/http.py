"""One place for HTTP mechanics: every endpoint is declared with `@api(...)`, which parses the body
with its pydantic model, verifies the officer's token, maps every typed error to
application/problem+json (RFC 9457) naming the field and the rule, and records the route for the
OpenAPI document."""
from __future__ import annotations

import functools
import json
import logging
import re
import uuid
from dataclasses import dataclass
from typing import Any, Callable

import eventlet
from nameko.exceptions import RemoteError, UnknownService
from nameko.web.handlers import http
from opentelemetry.trace import SpanKind
from pydantic import BaseModel, ValidationError
from werkzeug.wrappers import Request, Response

from chassis.auth import Officer, verify_token
from chassis.errors import DomainError, InvalidInput, NotFound
from chassis.telemetry import context_from, current_traceparent, tracer
from contracts.reference import is_district_code

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    summary: str
    auth: str  # "none" | "officer" | "access_code"
    body: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    tag: str
    body_format: str = "json"  # "json" (parsed with `body`) or "csv" (the sheet's text)
    query: tuple[tuple[str, str], ...] = ()  # (name, description) of the optional query parameters


ROUTES: list[Route] = []


def problem(status: int, title: str, detail: str, rule: str | None = None, field: str | None = None) -> Response:
    body = {"type": f"https://wcso.up.gov.in/problems/{rule or title.lower().replace(' ', '-')}",
            "title": title, "status": status, "detail": detail}
    if rule:
        body["rule"] = rule
    if field:
        body["field"] = field
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/problem+json", headers=headers)


_TITLES = {400: "Bad request", 401: "Unauthenticated", 403: "Forbidden", 404: "Not found",
           409: "Rule violated", 422: "Invalid input", 503: "Service unavailable"}


def problem_for(exc: DomainError) -> Response:
    field = getattr(exc, "field", None)
    return problem(exc.http_status, _TITLES.get(exc.http_status, "Error"), exc.detail,
                   rule=None if field else exc.rule, field=field)


def known_district(code: str) -> str:
    """A district code from a URL path, or 404 naming it."""
    if not is_district_code(code):
        raise NotFound("district", f"no district with code {code}; see GET /api/v1/districts")
    return code


def json_response(status: int, payload: Any) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False, default=str), status=status,
                    content_type="application/json")


def parse_body(request: Request, model: type[BaseModel]) -> BaseModel:
    if not (request.mimetype or "").endswith("json"):
        raise InvalidInput("body", "send a JSON body with Content-Type: application/json")
    try:
        return model.model_validate_json(request.get_data() or b"")
    except ValidationError as exc:
        raise InvalidInput.first_of(exc.errors()) from None


MAX_CSV_BYTES = 5 * 1024 * 1024


def read_csv_body(request: Request) -> str:
    """A CSV sheet sent as the raw body (Content-Type: text/csv, UTF-8, a spreadsheet's BOM allowed)."""
    if request.mimetype != "text/csv":
        raise InvalidInput("body", "send the sheet as the body with Content-Type: text/csv")
    raw = request.get_data()
    if len(raw) > MAX_CSV_BYTES:
        raise InvalidInput("body", f"the sheet is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB; split it")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("body", "the sheet is not UTF-8 text; save it as CSV UTF-8") from None


INCLUDE_IDENTITY = {"include_identity": "true: include the person's identity (allowed roles only; the read is logged)"}


def access_code(request: Request) -> str:
    """The complainant's secret code (X-Access-Code); a missing one fails like a wrong one."""
    return request.headers.get("X-Access-Code", "")


def include_identity(request: Request) -> bool:
    return request.args.get("include_identity", "false").lower() == "true"


def api(method: str, path: str, *, summary: str, tag: str, auth: str = "none",
        body: type[BaseModel] | None = None, response: type[BaseModel] | None = None,
        query: dict[str, str] | None = None,
        status: int = 200, body_format: str = "json") -> Callable:
    """Declares an endpoint. The handler gets `request`, path params, `body=` (parsed model) when a
    body model is given, or the sheet's text when body_format is "csv", and `officer=` when auth is
    "officer"; it returns a JSON-able payload."""
    route = Route(method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path), summary, auth, body, response, status, tag,
                  body_format, tuple((query or {}).items()))
    ROUTES.append(route)

    def decorate(handler: Callable) -> Callable:
        @functools.wraps(handler)
        def endpoint(self, request: Request, **params: Any) -> Response:
            with tracer(__name__).start_as_current_span(
                f"{method} {route.path}", context=context_from(request.headers.get("traceparent")),
                kind=SpanKind.SERVER,
            ) as span:
                response = respond(self, request, params)
                span.set_attribute("http.response.status_code", response.status_code)
                return response

        def respond(self, request: Request, params: dict[str, Any]) -> Response:
            correlation_id = request.headers.get("X-Correlation-Id") or uuid.uuid4().hex
            self.call_context.update(correlation_id=correlation_id, traceparent=current_traceparent())
            try:
                if auth == "officer":
                    officer: Officer = verify_token(self.settings.jwt_secret, request.headers.get("Authorization"))
                    params["officer"] = officer
                    self.call_context.update(actor=f"{officer.role.value}:{officer.subject}")
                if body_format == "csv":
                    params["body"] = read_csv_body(request)
                elif body is not None:
                    params["body"] = parse_body(request, body)
                # nameko 2's RPC waits for ever for a service that is down but whose queue exists
                with eventlet.Timeout(self.settings.rpc_timeout):
                    response = json_response(status, handler(self, request, **params))
            except DomainError as exc:
                response = problem_for(exc)
            except (UnknownService, RemoteError, eventlet.Timeout) as exc:
                log.error("upstream failure on %s %s: %s", method, path, type(exc).__name__)
                response = problem(503, "Service unavailable", "a platform service did not answer; try again shortly")
            response.headers["X-Correlation-Id"] = correlation_id
            return response

        return http(method, path)(endpoint)

    return decorate
