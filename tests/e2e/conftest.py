"""Starts the real platform (every process, on the real RabbitMQ, in a throw-away vhost) once per module."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest

from chassis.clock import OffsetFileClock
from chassis.launcher import Platform, free_port
from chassis.settings import load_settings

MANAGEMENT = "http://127.0.0.1:15672/api"


def _management(method: str, path: str, body: dict | None = None) -> None:
    data = json.dumps(body or {}).encode() if method == "PUT" else None
    request = urllib.request.Request(f"{MANAGEMENT}{path}", method=method, data=data, headers={
        "Content-Type": "application/json", "Authorization": "Basic Z3Vlc3Q6Z3Vlc3Q="})  # guest:guest
    urllib.request.urlopen(request, timeout=10).close()


@pytest.fixture(scope="module")
def vhost():
    name = f"wcso-e2e-{uuid.uuid4().hex[:8]}"
    _management("PUT", f"/vhosts/{name}")
    _management("PUT", f"/permissions/{name}/guest", {"configure": ".*", "write": ".*", "read": ".*"})
    yield name
    _management("DELETE", f"/vhosts/{name}")


@contextmanager
def running_platform(data_dir, vhost: str, services: list[str] | None = None, settings: dict | None = None):
    """The platform's processes (only `services` among the programmes, when given) on `vhost`, with
    any further `settings` (WCSO_ variables)."""
    env = {
        "WCSO_DATA_DIR": str(data_dir),
        "WCSO_AMQP_URL": f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
        "WCSO_GATEWAY_PORT": str(free_port()),
        "WCSO_CLOCK": "offset-file",
        "WCSO_TIMER_INTERVAL": "0.3",
        "WCSO_RELAY_POLL_INTERVAL": "0.05",
        "WCSO_RPC_TIMEOUT": "3",
        **(settings or {}),
    }
    running = Platform(load_settings(env), env, services=services)
    running.start()
    try:
        running.wait_ready(timeout=90)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def platform(tmp_path_factory, vhost):
    with running_platform(tmp_path_factory.mktemp("platform"), vhost) as running:
        yield running


class Api:
    def __init__(self, platform: Platform):
        self.platform = platform
        self.base = platform.url

    def call(self, method: str, path: str, body=None, token: str | None = None, access_code: str | None = None,
             raw_body: bytes | None = None, content_type: str = "application/json", headers: dict | None = None):
        headers = {"Content-Type": content_type, **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if access_code is not None:
            headers["X-Access-Code"] = access_code
        data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers.get_content_type(), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get_content_type(), json.loads(error.read() or b"null")

    def token(self, role: str, district: str | None = None, **kwargs) -> str:
        from chassis.auth import issue_token

        return issue_token(self.platform.settings.jwt_secret, role=role, district=district,
                           subject=f"test-{role}-{district}", **kwargs)

    def district_view(self, programme: str, district: str = "LKO") -> dict:
        """GET /api/v1/districts/{district}/{programme}, as the district's nodal officer."""
        status, _, body = self.call("GET", f"/api/v1/districts/{district}/{programme}",
                                    token=self.token("district_nodal_officer", district))
        assert status == 200, body
        return body

    def advance_clock(self, delta: timedelta) -> None:
        OffsetFileClock(self.platform.settings.clock_file).advance(delta)

    def wait_for(self, what, predicate, timeout: float = 20.0):
        """Polls `what()` until `predicate(result)`; returns the result or fails with the last one."""
        deadline = time.monotonic() + timeout
        result = what()
        while not predicate(result):
            if time.monotonic() > deadline:
                pytest.fail(f"condition not met within {timeout}s; last result: {result}")
            time.sleep(0.1)
            result = what()
        return result


@pytest.fixture(scope="module")
def api(platform) -> Api:
    return Api(platform)
