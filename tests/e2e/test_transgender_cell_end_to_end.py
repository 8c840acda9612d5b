"""The Transgender Protection Cell end to end: a grievance registered by an NGO over HTTP, referred
by the district cell, the FIR recorded by the police station, a certificate application left past
the DM's 30 days on the platform's clock, and the district view changing. The police station never
sees the person's identity; only the state cell does, and the read is logged."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.e2e.conftest import Api, running_platform

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

NAME, PHONE, GENDER = "Reshma Kinnar", "9871234560", "kinnar, she/her"
DISTRICT = "KNP"


@pytest.fixture(scope="module")
def platform(tmp_path_factory, vhost):
    with running_platform(tmp_path_factory.mktemp("transgender_cell"), vhost, services=["transgender_cell"]) as running:
        yield running


def district_view(api: Api) -> dict:
    status, _, body = api.call("GET", f"/api/v1/districts/{DISTRICT}/transgender-cell",
                               token=api.token("district_nodal_officer", DISTRICT))
    assert status == 200, body
    return body


def test_grievance_and_certificate_from_registration_to_the_district_view(api, platform):
    status, _, grievance = api.call("POST", "/api/v1/transgender-cell/grievances", {
        "registered_by": "ngo", "district": DISTRICT, "category": "removal_from_household",
        "person": {"name": NAME, "gender_identity": GENDER, "phone": PHONE},
        "representative": {"name": "Farah Naqvi", "organisation": "Sahyog Trust"},
        "description": "Her brothers threw her out of the family home and took her belongings."})
    assert status == 201
    status, _, certificate = api.call("POST", "/api/v1/transgender-cell/certificates", {
        "district": DISTRICT, "applicant": {"name": NAME, "gender_identity": GENDER, "phone": PHONE}})
    assert status == 201

    view = api.wait_for(lambda: district_view(api), lambda v: v["total"] == 1 and v["certificates"]["pending"] == 1)
    assert view["by_stage"]["registered"] == 1

    path = f"/api/v1/transgender-cell/grievances/{grievance['id']}"
    status, _, referred = api.call("POST", f"{path}/referral", {"police_station": "Kalyanpur"},
                                   token=api.token("district_nodal_officer", DISTRICT))
    assert status == 200 and referred["status"] == "referred"
    station = api.token("station_officer", DISTRICT)
    status, _, fir = api.call("POST", f"{path}/fir-decision", {"decision": "fir_registered", "fir_number": "0231/2026"},
                              token=station)
    assert status == 200 and fir["status"] == "under_investigation"
    view = api.wait_for(lambda: district_view(api), lambda v: v["firs_registered"] == 1)
    assert view["by_stage"]["under_investigation"] == 1

    status, _, seen = api.call("GET", f"/api/v1/officer/transgender-cell/grievances/{grievance['id']}", token=station)
    assert status == 200 and "family home" in seen["description"]
    assert NAME not in str(seen) and PHONE not in str(seen) and GENDER not in str(seen)
    assert api.call("GET", f"/api/v1/officer/transgender-cell/grievances/{grievance['id']}?include_identity=true",
                    token=station)[0] == 403
    status, _, state_cell = api.call(
        "GET", f"/api/v1/officer/transgender-cell/grievances/{grievance['id']}?include_identity=true",
        token=api.token("msp_hq"))
    assert status == 200 and state_cell["parties"][0]["gender_identity"] == GENDER

    # The DM's 30 days pass; the investigation's 90 do not.
    api.advance_clock(timedelta(days=31))
    view = api.wait_for(lambda: district_view(api), lambda v: v["certificates"]["pending_past_30_days"] == 1)
    assert view["overdue_by_clock"]["certificate"] == 1 and view["overdue_by_clock"]["investigation"] == 0
    assert view["escalations"]["district_nodal_officer"] == 1

    status, _, mine = api.call("GET", f"/api/v1/transgender-cell/certificates/{certificate['id']}",
                               access_code=certificate["access_code"])
    assert status == 200 and mine["status"] == "pending"

    data_dir = platform.settings.data_dir
    for leak_path in [*(data_dir / "logs").glob("*.log"), *data_dir.glob("read_models.sqlite*"),
                      *data_dir.glob("transgender_cell_events.sqlite*")]:
        content = leak_path.read_bytes()
        assert NAME.encode() not in content and PHONE.encode() not in content, leak_path
        assert GENDER.encode() not in content, leak_path


def test_refusals_name_the_rule_or_the_field(api):
    status, _, grievance = api.call("POST", "/api/v1/transgender-cell/grievances", {
        "registered_by": "self", "district": DISTRICT, "category": "verbal_abuse",
        "person": {"name": NAME, "gender_identity": GENDER},
        "description": "The shopkeeper abuses me every time I pass by the market."})
    assert status == 201
    status, _, problem = api.call("POST", f"/api/v1/transgender-cell/grievances/{grievance['id']}/resolution",
                                  token=api.token("district_nodal_officer", DISTRICT))
    assert status == 409 and problem["rule"] == "s.18_offence_to_police"

    status, _, problem = api.call("POST", "/api/v1/transgender-cell/grievances", {
        "registered_by": "ngo", "district": DISTRICT, "category": "verbal_abuse",
        "person": {"name": NAME, "gender_identity": GENDER},
        "description": "The shopkeeper abuses me every time I pass by the market."})
    assert (status, problem["field"]) == (422, "body")
    assert GENDER not in str(problem)
