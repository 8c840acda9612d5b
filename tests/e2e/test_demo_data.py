"""Demo data end to end: every programme's demo (services/<name>/demo.py) loads through the public
HTTP API into the running platform, as `wcso run` and `wcso seed` load it, and each programme's
district view for a demo district then shows it. Loading it again (a second `wcso seed`) adds to
it instead of failing on what the first load created."""
from __future__ import annotations

import contextlib
import io

import pytest

from chassis.demo import DEMO_DISTRICTS, demo_modules, seed_demo_data
from tests.e2e.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

DISTRICT = DEMO_DISTRICTS[0]
COUNT = 3
PROGRAMMES = ["complaints", "missing_child", "outreach", "posh", "training", "transgender_cell"]
# The district view of each programme (GET /api/v1/districts/<code>/<view>) and what in it says
# that demo data arrived.
VIEWS = {
    "complaints": lambda v: v["total"] > 0,
    "missing-children": lambda v: v["open_missing"] + v["restored"] > 0 and v["traced_this_month"] > 0,
    "training": lambda v: v["sessions"] > 0 and v["enrolments"] > 0 and v["personnel_trained"]["total"] > 0
    and v["personnel_certified"]["total"] > 0 and v["stations"] != [],
    "outreach": lambda v: v["reach"]["activities"] > 0 and v["reach"]["total"] > 0
    and v["saarthi"]["panic_alerts"]["total"] > 0 and v["hotspots"] != [],
    "posh": lambda v: v["total"] > 0 and v["local_committee_registered"],
    "transgender-cell": lambda v: v["total"] > 0 and v["certificates"]["pending"] + v["certificates"]["issued"] > 0,
}


def load(platform) -> list[str]:
    """Loads the demo data as `wcso seed --count 3` does; returns the lines it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        seed_demo_data(platform.url, platform.settings, COUNT)
    return printed.getvalue().splitlines()


@pytest.fixture(scope="module")
def loaded(platform) -> list[str]:
    return load(platform)


def test_every_programme_ships_a_demo_and_each_prints_its_summary(loaded):
    assert sorted(module.__name__.split(".")[1] for module in demo_modules()) == PROGRAMMES
    header, *summaries = loaded
    assert header.startswith(f"Loading demo data for {len(PROGRAMMES)} programme(s)")
    assert len(summaries) == len(PROGRAMMES) and all(line.strip() for line in summaries), loaded


@pytest.mark.parametrize("view", list(VIEWS))
def test_the_district_view_of_each_programme_shows_the_demo_data(api: Api, loaded, view):
    api.wait_for(lambda: api.district_view(view, DISTRICT), VIEWS[view])


def test_loading_the_demo_data_again_adds_to_it(api: Api, platform, loaded):
    before = api.wait_for(lambda: api.district_view("missing-children", DISTRICT), lambda v: v["restored"] >= 1)
    again = load(platform)
    assert len(again) == len(PROGRAMMES) + 1, again
    api.wait_for(lambda: api.district_view("missing-children", DISTRICT),
                 lambda v: v["restored"] > before["restored"])
    api.wait_for(lambda: api.district_view("posh", DISTRICT), lambda v: v["total"] >= 2)
