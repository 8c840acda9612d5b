"""Rule 2 of the architecture: a read model can be rebuilt from the event stores at any time."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from chassis.demo import seed_demo_data
from chassis.readmodel import build_read_model_store
from gateway.projections import PlatformViews

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

VIEWS = ["complaints", "missing-children", "training", "outreach", "posh", "transgender-cell"]


def all_views(api) -> dict:
    return {view: api.district_view(view) for view in VIEWS}


def test_views_rebuilt_from_the_event_stores_equal_the_live_ones(api, platform):
    seed_demo_data(platform.url, platform.settings, 4)
    # wait until the projection has caught up: two reads a second apart agree
    previous = {}

    def settled(views: dict) -> bool:
        nonlocal previous
        same, previous = views == previous, views
        if not same:
            time.sleep(1.0)
        return same

    settled_views = api.wait_for(lambda: all_views(api), settled, timeout=60)
    assert settled_views["complaints"]["total"] >= 1

    platform.stop(["projections"])
    lost = build_read_model_store(platform.settings.resolved_read_model_url)  # the views are lost
    lost.drop_consumer(PlatformViews.name, PlatformViews().collections)
    lost.close()
    assert api.district_view("complaints")["total"] == 0

    rebuilt = subprocess.run([sys.executable, "-m", "chassis.cli", "rebuild-views"], env={**os.environ, **platform.env},
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt:" in rebuilt.stdout and "complaints:" in rebuilt.stdout

    assert all_views(api) == settled_views

    # the consumer resumes after the rebuilt positions: new events apply, old ones are not applied twice
    platform.start(["projections"])
    before = api.district_view("complaints")["total"]
    status, _, _ = api.call("POST", "/api/v1/complaints", {
        "filed_by": "self", "anonymous": True, "district": "LKO", "category": "other",
        "description": "After the rebuild: a new complaint must still reach the view."})
    assert status == 201
    api.wait_for(lambda: api.district_view("complaints")["total"], lambda total: total == before + 1)
