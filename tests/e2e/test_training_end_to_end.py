"""NAVCHETNA end to end, as a district meets it: a course, a trainer, a session, enrolments (one
too many), the attendance sheet imported as CSV, assessments and certificates, the station's
headcount, and the district view counting personnel by rank and sex, the share of the station
certified, and the refreshers overdue once the platform's clock passes their date."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.e2e.conftest import running_platform

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

PEOPLE = [  # service number, name, rank, sex
    ("UP0410001", "Kavita Singh", "constable", "female"),
    ("UP0410002", "Meena Pal", "sub_inspector", "female"),
    ("UP0410003", "Rajesh Gupta", "constable", "male"),
]


@pytest.fixture(scope="module")
def platform(tmp_path_factory, vhost):
    with running_platform(tmp_path_factory.mktemp("navchetna"), vhost, services=["training"]) as running:
        yield running



@pytest.fixture(scope="module")
def session_id(api) -> str:
    nodal = api.token("district_nodal_officer", "LKO")
    status, _, _ = api.call("POST", "/api/v1/training/courses", {
        "course_id": "NC-GS-01", "title": "Gender sensitisation", "modules": ["law", "attitudes", "victim care"],
        "hours": 6, "pass_mark": 60, "refresher_after_days": 365}, token=api.token("msp_hq"))
    assert status == 201
    status, _, trainer = api.call("POST", "/api/v1/training/trainers", {
        "name": "Asha Rani", "phone": "9876543210", "district": "LKO", "course_ids": ["NC-GS-01"]}, token=nodal)
    assert status == 201
    starts = (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat()
    status, _, session = api.call("POST", "/api/v1/training/sessions", {
        "course_id": "NC-GS-01", "district": "LKO", "venue": "Police Lines, Lucknow", "starts_at": starts,
        "capacity": 3, "trainer_ids": [trainer["trainer_id"]]}, token=nodal)
    assert status == 201, session
    return session["session_id"]


def test_training_flows_from_enrolment_and_an_attendance_sheet_to_the_district_view(api, session_id):
    nodal = api.token("district_nodal_officer", "LKO")
    status, _, _ = api.call("POST", "/api/v1/training/station-strength",
                            {"district": "LKO", "police_station": "Hazratganj", "strength": 4}, token=nodal)
    assert status == 200
    for service_no, name, rank, sex in PEOPLE:
        status, _, enrolled = api.call("POST", f"/api/v1/training/sessions/{session_id}/enrolments", {
            "personnel": {"service_number": service_no, "name": name}, "rank": rank,
            "police_station": "Hazratganj", "sex": sex}, token=nodal)
        assert status == 201, enrolled
    status, _, problem = api.call("POST", f"/api/v1/training/sessions/{session_id}/enrolments", {
        "personnel": {"service_number": "UP0410004", "name": "Fourth Officer"}, "rank": "constable",
        "police_station": "Hazratganj", "sex": "male"}, token=nodal)
    assert (status, problem["rule"]) == (409, "session_full")

    sheet = "service_number,hours\nUP0410001,6\nUP0410002,6\nUP0410003,4\nUP0419999,6\nbad number,6\n"
    status, _, summary = api.call("POST", f"/api/v1/training/sessions/{session_id}/attendance-sheet",
                                  raw_body=sheet.encode(), content_type="text/csv", token=nodal)
    assert status == 200, summary
    assert (summary["recorded"], summary["duplicates"]) == (3, 0)
    assert [(r["line"], r["reason"].split(":")[0]) for r in summary["rejected"]] == [
        (5, "not_enrolled"), (6, "service_number")]
    _, _, again = api.call("POST", f"/api/v1/training/sessions/{session_id}/attendance-sheet",
                           raw_body=sheet.encode(), content_type="text/csv", token=nodal)
    assert (again["recorded"], again["duplicates"]) == (0, 3)

    for service_no, score in (("UP0410001", 82), ("UP0410002", 64), ("UP0410003", 90)):
        status, _, _ = api.call("POST", f"/api/v1/training/sessions/{session_id}/assessments",
                                {"service_number": service_no, "score": score}, token=nodal)
        assert status == 200
    for service_no in ("UP0410001", "UP0410002"):
        status, _, certificate = api.call("POST", f"/api/v1/training/sessions/{session_id}/certificates",
                                          {"service_number": service_no}, token=nodal)
        assert status == 201, certificate
    status, _, problem = api.call("POST", f"/api/v1/training/sessions/{session_id}/certificates",
                                  {"service_number": "UP0410003"}, token=nodal)
    assert (status, problem["rule"]) == (409, "certificate_not_earned")  # 4 of 6 hours

    view = api.wait_for(lambda: api.district_view("training"), lambda v: v["personnel_certified"]["total"] == 2)
    assert view["personnel_trained"]["total"] == 3
    assert view["personnel_trained"]["by_sex"] == {"female": 2, "male": 1, "transgender": 0}
    assert view["personnel_certified"]["by_rank"]["sub_inspector"]["female"] == 1
    assert view["personnel_certified"]["by_rank"]["constable"] == {"female": 1, "male": 0, "transgender": 0}
    assert view["stations"] == [{"police_station": "Hazratganj", "strength": 4, "certified": 2,
                                 "share_certified": 0.5}]
    assert (view["sessions"], view["enrolments"]) == (1, 3)
    assert view["refreshers"] == {"current": 2, "due_soon": 0, "overdue": 0}


def test_refreshers_fall_overdue_on_the_platform_clock(api, session_id):
    api.wait_for(lambda: api.district_view("training"), lambda v: v["refreshers"]["current"] == 2)
    api.advance_clock(timedelta(days=366))
    view = api.wait_for(lambda: api.district_view("training"), lambda v: v["refreshers"]["overdue"] == 2)
    assert view["refreshers"]["current"] == 0


def test_rules_and_access_over_http(api, session_id):
    status, _, problem = api.call("POST", f"/api/v1/training/sessions/{session_id}/attendance",
                                  {"service_number": "UP0419999", "hours": 2},
                                  token=api.token("district_nodal_officer", "LKO"))
    assert (status, problem["rule"]) == (409, "not_enrolled")
    status, _, problem = api.call("POST", f"/api/v1/training/sessions/{session_id}/attendance-sheet",
                                  raw_body=b"service_number,hours\n", token=api.token("district_nodal_officer", "LKO"))
    assert (status, problem["field"]) == (422, "body")  # not sent as text/csv
    assert api.call("GET", "/api/v1/districts/LKO/training", token=api.token("station_officer", "AGR"))[0] == 403
    status, _, _ = api.call("POST", f"/api/v1/training/sessions/{session_id}/enrolments", {
        "personnel": {"service_number": "UP0410009", "name": "X Y"}, "rank": "constable",
        "police_station": "Hazratganj", "sex": "male"}, token=api.token("district_nodal_officer", "AGR"))
    assert status == 403


def test_personnel_identity_never_reaches_logs_or_read_models(api, platform, session_id):
    api.wait_for(lambda: api.district_view("training"), lambda v: v["personnel_trained"]["total"] == 3)
    data_dir = platform.settings.data_dir
    for path in [*(data_dir / "logs").glob("*.log"), data_dir / "read_models.sqlite"]:
        content = path.read_bytes()
        for service_no, name, _, _ in PEOPLE:
            assert name.encode() not in content and service_no.encode() not in content, path
        assert b"Asha Rani" not in content and b"9876543210" not in content, path
