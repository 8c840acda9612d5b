"""The OpenAPI 3.1 document, built from the routes declared with @api and their pydantic models."""
from __future__ import annotations

import re

from pydantic.json_schema import models_json_schema

from gateway.http import ROUTES

PROBLEM = {
    "type": "object",
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                   "detail": {"type": "string"}, "rule": {"type": "string"}, "field": {"type": "string"}},
    "required": ["type", "title", "status", "detail"],
}


def openapi_document() -> dict:
    models = {m for route in ROUTES for m in (route.body, route.response) if m is not None}
    refs, schemas = models_json_schema([(m, "validation") for m in models],
                                       ref_template="#/components/schemas/{model}")
    paths: dict[str, dict] = {}
    for route in ROUTES:
        operation: dict = {"summary": route.summary, "tags": [route.tag], "responses": {}}
        params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in re.findall(r"{(\w+)}", route.path)]
        params += [{"name": name, "in": "query", "required": False, "description": description,
                    "schema": {"type": "string"}} for name, description in route.query]
        if route.auth == "access_code":
            params.append({"name": "X-Access-Code", "in": "header", "required": True, "schema": {"type": "string"}})
        if route.auth == "officer":
            operation["security"] = [{"officerToken": []}]
        if params:
            operation["parameters"] = params
        if route.body_format == "csv":
            operation["requestBody"] = {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
        elif route.body is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": refs[(route.body, "validation")]}}}
        success = {"description": "OK"}
        if route.response is not None:
            success["content"] = {"application/json": {"schema": refs[(route.response, "validation")]}}
        operation["responses"][str(route.status)] = success
        for status, why in ((401, "missing, expired or badly signed token"), (403, "role or district not allowed"),
                            (404, "not found"), (409, "the rule named in `rule` forbids this now"),
                            (422, "the field named in `field` breaks a rule")):
            if status in (401, 403) and route.auth != "officer":
                continue
            operation["responses"][str(status)] = {"description": why, "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    components = dict(schemas.get("$defs", {}))
    components["Problem"] = PROBLEM
    return {
        "openapi": "3.1.0",
        "info": {"title": "WCSO platform API", "version": "1.0.0",
                 "description": "UP Police Women and Child Security Organisation: VIKALP complaints and the "
                                "cross-programme district views. Errors are application/problem+json."},
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": {
            "officerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }
