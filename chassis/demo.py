"""Demo data, loaded through the public HTTP API exactly as users would enter it.

Each programme may ship `services/<name>/demo.py` with `seed(client: DemoClient, count: int) -> str`
(the returned line summarises what it loaded); `wcso seed` and `wcso run` find and run them all.
"""
from __future__ import annotations

import importlib
import json
import pkgutil
import random
import urllib.error
import urllib.request
from typing import Any

from chassis.auth import issue_token
from chassis.settings import Settings

DEMO_DISTRICTS = ["LKO", "KNP", "VNS", "AGR", "PRJ", "GKP", "MRT", "BRL"]


class Refused(Exception):
    """The API refused a demo request; `problem` is its application/problem+json body."""

    def __init__(self, method: str, path: str, status: int, problem: dict):
        super().__init__(f"demo {method} {path} refused: {status} {problem}")
        self.status = status
        self.problem = problem


class DemoClient:
    def __init__(self, url: str, settings: Settings, seed: int = 1090):
        self.url = url.rstrip("/")
        self.settings = settings
        self.random = random.Random(seed)

    def token(self, role: str, district: str | None = None) -> str:
        return issue_token(self.settings.jwt_secret, role=role, district=district, subject=f"demo-{role}")

    def call(self, method: str, path: str, body: Any = None, *, token: str | None = None,
             access_code: str | None = None, csv: str | None = None) -> Any:
        headers = {"Content-Type": "text/csv" if csv is not None else "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if access_code:
            headers["X-Access-Code"] = access_code
        data = csv.encode() if csv is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:  # demo data must be valid: say exactly what was refused
            try:
                problem = json.loads(error.read())
            except ValueError:
                problem = {"detail": "no problem+json body"}
            raise Refused(method, path, error.code, problem) from None

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, body, **kwargs)

    def post_unless(self, rule: str, path: str, body: Any = None, **kwargs: Any) -> Any | None:
        """POST, or None when refused by `rule` (the record exists from an earlier demo run)."""
        try:
            return self.post(path, body, **kwargs)
        except Refused as refused:
            if refused.problem.get("rule") != rule:
                raise
            return None


def demo_modules() -> list[Any]:
    import services

    modules = []
    for module_info in sorted(pkgutil.iter_modules(services.__path__), key=lambda m: m.name):
        try:
            modules.append(importlib.import_module(f"services.{module_info.name}.demo"))
        except ModuleNotFoundError as missing:
            if missing.name != f"services.{module_info.name}.demo":
                raise
    return modules


def seed_demo_data(url: str, settings: Settings, count: int) -> None:
    client = DemoClient(url, settings)
    modules = demo_modules()
    print(f"Loading demo data for {len(modules)} programme(s) across {len(DEMO_DISTRICTS)} districts ...", flush=True)
    for module in modules:
        print(f"  {module.seed(client, count)}", flush=True)
