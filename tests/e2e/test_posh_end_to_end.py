"""POSH end to end, as the committees' side and a complainant meet it: workplaces and committees
registered over HTTP, complaints routed to the committee with jurisdiction, the steps to the
report, a working-day clock breached on the platform's clock, and the district view changing.
No party's identity in logs, event-free read models or refusals."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chassis.clock import OffsetFileClock
from chassis.working_days import IST
from tests.e2e.conftest import Api, running_platform

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

NAME, PHONE, RESPONDENT = "Kavita Srivastava", "9812345670", "Rakesh Tandon"
DISTRICT = "LKO"


@pytest.fixture(scope="module")
def platform(tmp_path_factory, vhost):
    with running_platform(tmp_path_factory.mktemp("posh"), vhost, services=["posh"]) as running:
        yield running


def today(api: Api):
    return OffsetFileClock(api.platform.settings.clock_file).now().astimezone(IST).date()


def filing(api: Api, workplace_id: str | None, days_ago: int = 10, **changes) -> dict:
    form = {"district": DISTRICT, "workplace_id": workplace_id,
            "complainant": {"name": NAME, "phone": PHONE, "designation": "Accounts assistant"},
            "respondents": [{"name": RESPONDENT, "designation": "Branch manager"}],
            "incident_date": (today(api) - timedelta(days=days_ago)).isoformat(),
            "description": "The branch manager made sexually coloured remarks at me in the weekly meeting."}
    form.update(changes)
    return form


def district_view(api: Api) -> dict:
    status, _, body = api.call("GET", f"/api/v1/districts/{DISTRICT}/posh",
                               token=api.token("district_nodal_officer", DISTRICT))
    assert status == 200, body
    return body


def register_workplace(api: Api, officer: str, name: str, employees: int) -> str:
    status, _, created = api.call("POST", "/api/v1/posh/workplaces", {
        "name": name, "district": DISTRICT, "employee_count": employees, "employer": f"{name} Pvt Ltd"},
        token=officer)
    assert status == 201, created
    return created["workplace_id"]


def test_posh_complaint_from_filing_to_the_district_view(api, platform):
    officer = api.token("district_nodal_officer", DISTRICT)
    with_ic = register_workplace(api, officer, "Gomti Textiles", 120)
    without_ic = register_workplace(api, officer, "Hazratganj Traders", 40)
    status, _, workplace = api.call("PUT", f"/api/v1/posh/workplaces/{with_ic}/internal-committee", {
        "presiding_officer": {"name": "Asha Verma"}, "members": [{"name": "Neha Gupta"}, {"name": "Imran Khan"}],
        "external_member": {"name": "Sarita Singh", "designation": "Sakhi NGO"}}, token=officer)
    assert status == 200 and workplace["internal_committee_constituted"] is True
    status, _, _ = api.call("PUT", "/api/v1/posh/local-committees", {
        "district": DISTRICT, "chairperson": {"name": "Dr. Meera Das"}, "members": [{"name": "Rekha Pal"}]},
        token=officer)
    assert status == 200

    status, _, to_ic = api.call("POST", "/api/v1/posh/complaints", filing(api, with_ic))
    assert status == 201 and to_ic["committee"] == "internal" and to_ic["status"] == "received"
    status, _, to_lc = api.call("POST", "/api/v1/posh/complaints", filing(api, without_ic))
    assert status == 201 and to_lc["committee"] == "local"

    view = api.wait_for(lambda: district_view(api), lambda v: v["total"] == 2)
    assert view["by_stage"]["received"] == 2
    assert view["workplaces_without_constituted_ic"] == [
        {"workplace_id": without_ic, "name": "Hazratganj Traders", "employee_count": 40}]
    assert view["routed_to_local_committee_for_missing_ic"] == 1
    assert view["local_committee_registered"] is True

    # The Internal Committee's complaint goes to the report; the Local Committee's copy is never sent.
    path = f"/api/v1/posh/complaints/{to_ic['complaint_id']}"
    for step, body in (("copy-sent", {"respondent_no": 1}), ("reply", {"respondent_no": 1}),
                       ("inquiry", {"finding": "proved"}), ("report", {"recommendations": ["written_apology"]})):
        status, _, answer = api.call("POST", f"{path}/{step}", body, token=officer)
        assert status == 200, (step, answer)
    assert answer["status"] == "report_submitted"
    view = api.wait_for(lambda: district_view(api), lambda v: v["median_days_to_report"] is not None)
    assert view["by_stage"]["report_submitted"] == 1

    status, _, mine = api.call("GET", f"/api/v1/posh/complaints/{to_lc['complaint_id']}",
                               access_code=to_lc["access_code"])
    assert status == 200 and mine["routing"] == "internal_committee_not_constituted"

    # Seven working days (Sundays and gazetted holidays skipped) cannot span more than 16 days here.
    api.advance_clock(timedelta(days=16))
    view = api.wait_for(lambda: district_view(api), lambda v: v["overdue_by_clock"]["copy_to_respondent"] == 1)
    assert view["escalations"]["district_nodal_officer"] >= 1

    status, _, report = api.call("GET", f"{path}/report", token=officer)
    assert status == 200 and report["finding"] == "proved" and report["recommendations"] == ["written_apology"]
    assert NAME not in str(report) and RESPONDENT not in str(report)

    data_dir = platform.settings.data_dir
    for leak_path in [*(data_dir / "logs").glob("*.log"), *data_dir.glob("read_models.sqlite*"),
                      *data_dir.glob("posh_events.sqlite*")]:
        content = leak_path.read_bytes()
        assert NAME.encode() not in content and PHONE.encode() not in content, leak_path
        assert RESPONDENT.encode() not in content, leak_path


def test_refusals_name_the_rule(api):
    status, _, late = api.call("POST", "/api/v1/posh/complaints", filing(api, None, days_ago=200))
    assert status == 409 and late["rule"] == "s.9(1)"
    assert NAME not in str(late)

    status, _, waiting = api.call("POST", "/api/v1/posh/complaints", filing(api, None, days_ago=120))
    assert status == 201 and waiting["status"] == "awaiting_extension"
    path = f"/api/v1/posh/complaints/{waiting['complaint_id']}"
    officer = api.token("district_nodal_officer", DISTRICT)
    status, _, extended = api.call("POST", f"{path}/extension", {
        "reasons": "She was on medical leave after the incident."}, token=officer)
    assert status == 200 and extended["status"] == "received"

    status, _, _ = api.call("POST", f"{path}/conciliation-request", access_code=waiting["access_code"])
    assert status == 200
    status, _, money = api.call("POST", f"{path}/settlement", {
        "terms": "Apology in writing and payment of Rs 50,000.", "monetary_settlement": True}, token=officer)
    assert status == 409 and money["rule"] == "s.10(1)"

    status, _, leave = api.call("POST", f"{path}/interim-relief-request", {"relief": "leave", "leave_days": 120},
                                access_code=waiting["access_code"])
    assert status == 409 and leave["rule"] == "s.12(1)(b)"

    status, _, other_district = api.call("POST", f"{path}/copy-sent", {"respondent_no": 1},
                                         token=api.token("district_nodal_officer", "AGR"))
    assert status == 403 and other_district["rule"] == "district"
