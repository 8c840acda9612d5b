"""Vatsalya end to end, as officers and the public meet it: a missing report and a found report over
HTTP, the potential match, its confirmation, the restoration, and the district view changing; the
CWC clock breached on the platform's clock; no child's identity in logs or read models."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.e2e.conftest import Api, running_platform

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

NAME, PHONE, PHOTO, MARKS = "Sunita Kumari", "9876543210", "photo-ref-5521", "mole on left cheek, scar on chin"


@pytest.fixture(scope="module")
def platform(tmp_path_factory, vhost):
    with running_platform(tmp_path_factory.mktemp("vatsalya"), vhost, services=["missing_child"]) as running:
        yield running


@pytest.fixture(scope="module")
def api(platform) -> Api:
    return Api(platform)


def now() -> datetime:
    return datetime.now(timezone.utc)


def missing_report(district: str = "LKO") -> dict:
    return {
        "reported_by": "parent_guardian",
        "child": {"name": NAME, "other_names": ["Guddi"], "sex": "girl", "age": {"min_years": 9, "max_years": 9},
                  "height_cm": 128, "identifying_marks": MARKS, "photo_ref": PHOTO, "languages": ["Hindi"]},
        "last_seen": {"district": district, "police_station": "Alambagh", "locality": "Charbagh bus stand",
                      "at": (now() - timedelta(hours=5)).isoformat()},
        "circumstances": "Went to the market with her brother and was separated in the crowd.",
        "guardian": {"name": "Ramesh Kumar", "phone": PHONE, "relationship": "father"},
        "police_station": "Alambagh",
    }


def found_report(district: str, **child) -> dict:
    description = {"name": "सुनीता", "sex": "girl", "age": {"min_years": 8, "max_years": 11}, "height_cm": 130,
                   "identifying_marks": "mole left cheek"}
    description.update(child)
    return {"reported_by": "railway_police", "child": description, "now_with": "railway_police",
            "found": {"district": district, "locality": "platform 3", "at": now().isoformat()}}


def district_view(api: Api, district: str) -> dict:
    status, _, body = api.call("GET", f"/api/v1/districts/{district}/missing-children",
                               token=api.token("district_nodal_officer", district))
    assert status == 200, body
    return body


def test_missing_and_found_reports_meet_in_a_confirmed_match_and_a_restoration(api):
    station = api.token("station_officer", "LKO")
    status, _, filed = api.call("POST", "/api/v1/missing-children/missing-reports", missing_report(), token=station)
    assert status == 201, filed
    missing_id = filed["report_id"]
    assert filed["fir_number"] == f"e-FIR/{missing_id}" and filed["status"] == "missing"
    api.wait_for(lambda: district_view(api, "LKO"), lambda v: v["open_missing"] >= 1)

    # Railway police in Barabanki find a girl who gives her name in Hindi.
    railway = api.token("station_officer", "BBK")
    status, _, found = api.call("POST", "/api/v1/missing-children/found-reports", found_report("BBK"), token=railway)
    assert status == 201, found
    [proposal] = [p for p in found["potential_matches"] if p["missing_report_id"] == missing_id]

    status, _, matches = api.call("GET", "/api/v1/missing-children/matches?district=LKO", token=station)
    assert status == 200
    [match] = [m for m in matches if m["match_id"] == proposal["match_id"]]
    assert match["missing"]["child"]["name"] == NAME and match["missing"]["child"]["photo_ref"] == PHOTO
    assert {r["field"] for r in match["reasons"]} >= {"name", "age", "sex", "place"}
    other = api.token("station_officer", "AGR")
    assert api.call("GET", "/api/v1/missing-children/matches?district=LKO", token=other)[0] == 403
    api.wait_for(lambda: district_view(api, "LKO"), lambda v: v["potential_matches_pending"] >= 1)

    status, _, confirmed = api.call("POST", f"/api/v1/missing-children/matches/{proposal['match_id']}/confirm",
                                    {"note": "The father identified her from the photo."}, token=station)
    assert status == 200 and confirmed["status"] == "confirmed"
    api.wait_for(lambda: district_view(api, "LKO"), lambda v: v["traced_this_month"] >= 1)

    status, _, restored = api.call("POST", f"/api/v1/missing-children/reports/{missing_id}/recovery",
                                   {"outcome": "restored", "received_by": {"name": "Ramesh Kumar",
                                                                           "relationship": "father"}}, token=station)
    assert status == 200 and restored["status"] == "restored"
    view = api.wait_for(lambda: district_view(api, "LKO"), lambda v: v["restored"] >= 1)
    assert view["median_days_to_trace"] is not None
    assert api.call("POST", f"/api/v1/missing-children/matches/{proposal['match_id']}/reject",
                    {"note": "Too late to reject."}, token=station)[2]["rule"] == "match_already_decided"


def test_a_found_child_not_produced_before_the_cwc_in_24_hours_shows_as_overdue(api):
    officer = api.token("station_officer", "VNS")
    status, _, found = api.call("POST", "/api/v1/missing-children/found-reports",
                                found_report("VNS", name=None, sex="boy", identifying_marks=None), token=officer)
    assert status == 201
    api.wait_for(lambda: district_view(api, "VNS"), lambda v: v["found_unidentified"] >= 1)
    api.advance_clock(timedelta(hours=25))
    api.wait_for(lambda: district_view(api, "VNS"), lambda v: v["cwc_production_overdue"] >= 1)
    status, _, produced = api.call("POST", f"/api/v1/missing-children/reports/{found['report_id']}/recovery",
                                   {"outcome": "produced_before_cwc"}, token=officer)
    assert status == 200 and produced["status"] == "with_cwc"
    api.wait_for(lambda: district_view(api, "VNS"), lambda v: v["with_cwc"] >= 1 and v["cwc_production_overdue"] == 0)


def test_the_public_reports_a_sighting_and_learns_only_the_reference(api):
    sighting = found_report("PRJ", name=None)
    sighting.update(reported_by="public", now_with="not_in_care")
    status, _, received = api.call("POST", "/api/v1/missing-children/sightings", sighting)
    assert status == 201 and set(received) == {"report_id"}
    sighting["reported_by"] = "police"
    status, _, problem = api.call("POST", "/api/v1/missing-children/sightings", sighting)
    assert status == 422 and problem["field"] == "reported_by"
    assert api.call("POST", "/api/v1/missing-children/found-reports", sighting)[0] == 401


def test_bad_input_names_the_field_and_never_echoes_it(api):
    station = api.token("station_officer", "LKO")
    form = missing_report()
    form["guardian"]["phone"] = "12345"
    status, content_type, problem = api.call("POST", "/api/v1/missing-children/missing-reports", form, token=station)
    assert (status, content_type) == (422, "application/problem+json")
    assert problem["field"] == "guardian.phone" and "12345" not in problem["detail"]
    form = missing_report()
    form["reported_by"] = "police_station"
    status, _, problem = api.call("POST", "/api/v1/missing-children/missing-reports", form, token=station)
    assert status == 422 and "fir_number_required" in problem["detail"]


def test_suspected_trafficking_hands_the_case_to_the_ahtu(api):
    station = api.token("station_officer", "GKP")
    form = missing_report("GKP")
    form["trafficking_suspected"] = True
    status, _, filed = api.call("POST", "/api/v1/missing-children/missing-reports", form, token=station)
    assert status == 201 and filed["status"] == "with_ahtu"
    api.wait_for(lambda: district_view(api, "GKP"), lambda v: v["handed_to_ahtu"] >= 1)


def test_no_child_identity_in_logs_or_read_models(api, platform):
    station = api.token("station_officer", "MRT")
    status, _, filed = api.call("POST", "/api/v1/missing-children/missing-reports", missing_report("MRT"),
                                token=station)
    assert status == 201
    api.wait_for(lambda: district_view(api, "MRT"), lambda v: v["open_missing"] >= 1)
    data_dir = platform.settings.data_dir
    for path in [*(data_dir / "logs").glob("*.log"), data_dir / "read_models.sqlite",
                 data_dir / "missing_child_events.sqlite"]:
        content = path.read_bytes()
        for secret in (NAME, PHONE, PHOTO, "Charbagh", "सुनीता"):
            assert secret.encode() not in content, (path, secret)
