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


def test_no_process_outlives_a_killed_launcher(tmp_path, vhost):
    import os
    import signal
    import subprocess
    import sys

    from chassis.launcher import free_port

    env = {**os.environ, "WCSO_DATA_DIR": str(tmp_path), "WCSO_GATEWAY_PORT": str(free_port()),
           "WCSO_AMQP_URL": f"amqp://guest:guest@127.0.0.1:5672/{vhost}"}
    launcher = subprocess.Popen([sys.executable, "-W", "ignore", "-c", (
        "import time; from chassis.launcher import Platform; from chassis.settings import load_settings; "
        "p = Platform(load_settings(), services=['complaints']); p.start(); p.wait_ready(); "
        "print(' '.join(str(c.pid) for c in p.processes.values()), flush=True); time.sleep(600)")],
        env=env, stdout=subprocess.PIPE, text=True)
    children = [int(pid) for pid in launcher.stdout.readline().split()]
    assert len(children) == 4  # service, relay, projections, gateway

    launcher.send_signal(signal.SIGKILL)  # no chance to clean up
    launcher.wait()

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if alive(pid)], "orphans outlived the launcher"
