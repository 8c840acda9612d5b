"""Outreach and SAARTHI end to end: an activity recorded and its duplicate refused, a district's
activity sheet imported as CSV (and again, recording nothing twice), a panic alert left past its
acknowledgement time, unsafe-stop reports, and the district view summing it all by programme,
sex and age band."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from services.outreach.domain import IST
from tests.e2e.conftest import running_platform

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

DAY_BEFORE = (datetime.now(IST) - timedelta(days=2)).date().isoformat()
DESCRIPTION = "Conductor of the bus misbehaved with a college student near the last stop"


@pytest.fixture(scope="module")
def platform(tmp_path_factory, vhost):
    with running_platform(tmp_path_factory.mktemp("outreach"), vhost, services=["outreach"]) as running:
        yield running



def test_activities_flow_from_the_api_and_a_sheet_to_the_district_view(api):
    officer = api.token("station_officer", "LKO")
    activity = {"programme": "ru_ba_ru", "place": {"kind": "school", "name": "GGIC Aliganj", "district": "LKO"},
                "date": DAY_BEFORE, "officers": ["so-lko-1", "so-lko-2"],
                "reach": {"female": {"0_17": 120}, "male": {"0_17": 30}}}
    status, _, recorded = api.call("POST", "/api/v1/outreach/activities", activity, token=officer)
    assert status == 201, recorded
    status, _, problem = api.call("POST", "/api/v1/outreach/activities", {**activity, "officers": ["so-lko-2"],
                                                                          "programme": "akshaya"}, token=officer)
    assert (status, problem["rule"]) == (409, "duplicate_activity")
    assert recorded["activity_id"] in problem["detail"]

    sheet = ("programme,saathi_stage,place_kind,place_name,date,officers,female_0_17,female_18_30,male_18_30,"
             "transgender_18_30\n"
             f"akshaya,,school,GGIC Aliganj,{DAY_BEFORE},so-lko-3,80,,,\n"
             f"saathi,enrolment,college,KKC,{DAY_BEFORE},so-lko-4,,14,10,1\n"
             f"mission_shakti_beat,,gram_panchayat,Mohanlalganj,{DAY_BEFORE},wbo-17,,25,,\n"
             f"ru_ba_ru,,school,GGIC Aliganj,{DAY_BEFORE},so-lko-1,99,,,\n"
             "jagriti,,ward,Ward 12,not a date,so-lko-5,10,,,\n")
    status, _, summary = api.call("POST", "/api/v1/outreach/activity-sheets/LKO", raw_body=sheet.encode("utf-8-sig"),
                                  content_type="text/csv", token=officer)
    assert status == 200, summary
    assert (summary["recorded"], summary["duplicates"], summary["duplicate_lines"]) == (3, 1, [5])
    assert [(r["line"], r["reason"].split(":")[0]) for r in summary["rejected"]] == [(6, "date")]
    _, _, again = api.call("POST", "/api/v1/outreach/activity-sheets/LKO", raw_body=sheet.encode(),
                           content_type="text/csv", token=officer)
    assert (again["recorded"], again["duplicates"]) == (0, 4)

    view = api.wait_for(lambda: api.district_view("outreach"), lambda v: v["reach"]["activities"] == 4)
    assert view["reach"]["total"] == 150 + 80 + 25 + 25
    assert view["reach"]["by_sex"] == {"female": 120 + 80 + 14 + 25, "male": 30 + 10, "transgender": 1}
    assert view["programmes"]["ru_ba_ru"]["by_sex_and_age_band"]["female"]["0_17"] == 120
    assert view["programmes"]["akshaya"]["total"] == 80
    assert view["saathi_by_stage"]["enrolment"] == view["programmes"]["saathi"]
    assert view["programmes"]["mission_shakti_beat"]["by_sex"]["female"] == 25
    assert view["places_visited"] == {"college": 1, "gram_panchayat": 1, "school": 1}


def test_a_panic_alert_left_unacknowledged_is_breached_and_counted(api):
    officer = api.token("station_officer", "LKO")
    alert = {"district": "LKO", "vehicle": "UP32AB1234", "route": "Charbagh-Alambagh",
             "location": {"latitude": 26.83, "longitude": 80.92}, "pressed_at": datetime.now(IST).isoformat()}
    status, _, opened = api.call("POST", "/api/v1/outreach/saarthi/panic-alerts", alert, token=officer)
    assert status == 201 and opened["status"] == "awaiting_acknowledgement"
    api.wait_for(lambda: api.district_view("outreach"), lambda v: v["saarthi"]["panic_alerts"]["awaiting_acknowledgement"] == 1)
    api.advance_clock(timedelta(minutes=11))  # the default window is 10 minutes
    view = api.wait_for(lambda: api.district_view("outreach"), lambda v: v["saarthi"]["panic_alerts"]["breached"] == 1)
    assert view["saarthi"]["open"] == 1
    status, _, acknowledged = api.call("POST", f"/api/v1/outreach/saarthi/incidents/{opened['incident_id']}"
                                               "/acknowledgement", token=api.token("district_nodal_officer", "LKO"))
    assert status == 200 and acknowledged["status"] == "acknowledged"
    view = api.wait_for(lambda: api.district_view("outreach"), lambda v: v["saarthi"]["panic_alerts"]["acknowledged_late"] == 1)
    assert view["saarthi"]["panic_alerts"]["acknowledged_on_time"] == 0


def test_reported_incidents_keep_their_details_sealed(api, platform):
    officer = api.token("station_officer", "LKO")
    status, _, opened = api.call("POST", "/api/v1/outreach/saarthi/incidents", {
        "district": "LKO", "kind": "harassment", "route": "R-12", "stop": "Polytechnic Chauraha",
        "occurred_at": datetime.now(IST).isoformat(), "description": DESCRIPTION,
        "photo_refs": ["photo-store://saarthi/77"]}, token=officer)
    assert status == 201, opened
    status, _, view = api.call("GET", f"/api/v1/outreach/saarthi/incidents/{opened['incident_id']}", token=officer)
    assert status == 200 and view["description"] == DESCRIPTION
    api.wait_for(lambda: api.district_view("outreach"), lambda v: v["saarthi"]["incidents"]["awaiting_acknowledgement"] >= 1)
    data_dir = platform.settings.data_dir
    for path in [*(data_dir / "logs").glob("*.log"), data_dir / "read_models.sqlite"]:
        content = path.read_bytes()
        assert DESCRIPTION.encode() not in content and b"photo-store://saarthi/77" not in content, path
        assert b"UP32AB1234" not in content, path


def test_unsafe_stop_reports_build_the_hotspot_list(api):
    for stop, reasons in (("Charbagh", ["poor_lighting"]), ("charbagh ", ["isolated", "poor_lighting"]),
                          ("Alambagh", ["no_police_presence"])):
        status, _, _ = api.call("POST", "/api/v1/outreach/saarthi/unsafe-stops",
                                {"district": "LKO", "stop_name": stop, "reasons": reasons})
        assert status == 201
    view = api.wait_for(lambda: api.district_view("outreach"), lambda v: sum(h["reports"] for h in v["hotspots"]) == 3)
    top = view["hotspots"][0]
    assert (top["stop_name"], top["reports"], top["reasons"]) == ("Charbagh", 2, {"poor_lighting": 2, "isolated": 1})
    assert view["hotspots"][1]["stop_name"] == "Alambagh"


def test_sheets_and_views_are_district_bound(api):
    status, _, _ = api.call("POST", "/api/v1/outreach/activity-sheets/LKO", raw_body=b"programme\n",
                            content_type="text/csv", token=api.token("station_officer", "AGR"))
    assert status == 403
    status, _, problem = api.call("POST", "/api/v1/outreach/activity-sheets/LKO", raw_body=b"colour\nred\n",
                                  content_type="text/csv", token=api.token("station_officer", "LKO"))
    assert (status, problem["field"]) == (422, "sheet")
    assert api.call("GET", "/api/v1/districts/XXX/outreach", token=api.token("msp_hq"))[0] == 404
