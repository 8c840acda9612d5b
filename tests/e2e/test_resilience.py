"""What users meet when a part of the platform is down: a clear 503 in bounded time, and service
again once the part is back; nothing recorded while it was down is lost."""
from __future__ import annotations

import time

import pytest

from .conftest import running_platform

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

FORM = {"filed_by": "self", "anonymous": True, "district": "LKO", "category": "other",
        "description": "Resilience probe: a complaint filed while parts of the platform restart."}


@pytest.fixture(scope="module")
def platform(tmp_path_factory, vhost):
    with running_platform(tmp_path_factory.mktemp("resilience"), vhost, services=["complaints"]) as running:
        yield running


def district_total(api) -> int:
    return api.call("GET", "/api/v1/districts/LKO/complaints", token=api.token("msp_hq"))[2]["total"]


def test_a_stopped_service_gets_a_503_in_bounded_time_and_service_returns(api, platform):
    _, _, created = api.call("POST", "/api/v1/complaints", FORM)
    path = f"/api/v1/complaints/{created['complaint_id']}"

    platform.stop(["complaints-service"])  # its request queue stays: nameko alone would wait for ever
    started = time.monotonic()
    status, content_type, problem = api.call("GET", path, access_code=created["access_code"])
    waited = time.monotonic() - started
    assert (status, content_type) == (503, "application/problem+json"), problem
    assert waited < 15, f"the gateway waited {waited:.1f}s"

    platform.start(["complaints-service"])
    api.wait_for(lambda: api.call("GET", path, access_code=created["access_code"])[0], lambda s: s == 200, timeout=30)


def test_views_catch_up_after_the_relay_and_the_projections_were_down(api, platform):
    before = district_total(api)
    platform.stop(["complaints-relay", "projections"])
    for _ in range(3):
        assert api.call("POST", "/api/v1/complaints", FORM)[0] == 201  # the event store is the outbox
    assert district_total(api) == before
    platform.start(["complaints-relay", "projections"])
    api.wait_for(lambda: district_total(api), lambda total: total == before + 3, timeout=30)
