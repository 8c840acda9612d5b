"""The whole platform, as users meet it: HTTP in, RPC, event store, relay, RabbitMQ, projection,
district view out. Each test drives the API and waits for the district view to change."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.broker]

NAME, PHONE = "Sunita Devi", "9876543210"


def complaint_form(district: str = "LKO", **changes) -> dict:
    form = {"filed_by": "self", "complainant": {"name": NAME, "phone": PHONE, "address": "12 Gomti Nagar"},
            "district": district, "category": "stalking",
            "description": "A man follows me every day from the bus stop to my home and calls at night."}
    form.update(changes)
    return form


def district_view(api, district: str = "LKO") -> dict:
    status, _, body = api.call("GET", f"/api/v1/districts/{district}/complaints",
                               token=api.token("district_nodal_officer", district))
    assert status == 200, body
    return body


def test_complaint_flows_from_registration_to_the_district_view(api):
    before = district_view(api)["total"]
    status, _, created = api.call("POST", "/api/v1/complaints", complaint_form())
    assert status == 201
    complaint_id, code = created["complaint_id"], created["access_code"]
    assert complaint_id.startswith("VK-LKO-") and len(code) == 10

    view = api.wait_for(lambda: district_view(api), lambda v: v["total"] == before + 1)
    assert view["by_status"]["awaiting_atr"] >= 1

    status, _, mine = api.call("GET", f"/api/v1/complaints/{complaint_id}", access_code=code)
    assert status == 200 and mine["status"] == "awaiting_atr" and mine["atr_due_at"]

    officer = api.token("station_officer", "LKO")
    status, _, filed = api.call("POST", f"/api/v1/complaints/{complaint_id}/atr",
                                {"text": "The beat officer met the accused and warned him in writing.", "language": "en"},
                                token=officer)
    assert status == 200 and filed["status"] == "atr_filed"
    api.wait_for(lambda: district_view(api), lambda v: v["median_hours_to_first_atr"] is not None)

    status, _, rated = api.call("POST", f"/api/v1/complaints/{complaint_id}/feedback", {"rating": "dissatisfied"},
                                access_code=code)
    assert status == 200 and rated["status"] == "under_msp_vetting"
    view = api.wait_for(lambda: district_view(api), lambda v: v["feedback"]["dissatisfied"] >= 1)
    assert view["satisfaction_rate"] is not None

    # MSP HQ vets and returns it to the district with a new 24 h ATR clock.
    status, _, returned = api.call("POST", f"/api/v1/complaints/{complaint_id}/vetting",
                                   {"note": "Legally vetted; SP directed to act."}, token=api.token("msp_hq"))
    assert status == 200 and returned["status"] == "awaiting_atr" and returned["cycle"] == 2


def test_missed_atr_deadline_escalates_and_shows_as_overdue(api):
    district = "VNS"
    status, _, created = api.call("POST", "/api/v1/complaints", complaint_form(district))
    assert status == 201
    api.wait_for(lambda: district_view(api, district), lambda v: v["total"] >= 1)
    api.advance_clock(timedelta(hours=25))
    view = api.wait_for(lambda: district_view(api, district), lambda v: v["atr_overdue"] >= 1)
    assert view["escalations"]["district_nodal_officer"] >= 1
    status, _, pending = api.call("GET", f"/api/v1/districts/{district}/complaints/pending",
                                  token=api.token("station_officer", district))
    assert status == 200
    assert any(p["complaint_id"] == created["complaint_id"] and p["atr_overdue"] for p in pending)


def test_wrong_access_code_looks_exactly_like_an_unknown_complaint(api):
    _, _, created = api.call("POST", "/api/v1/complaints", complaint_form())
    wrong = api.call("GET", f"/api/v1/complaints/{created['complaint_id']}", access_code="WRONGCODE1")
    unknown = api.call("GET", "/api/v1/complaints/VK-LKO-2611-ZZZZZZ", access_code=created["access_code"])
    assert wrong == unknown
    assert wrong[0] == 404 and wrong[1] == "application/problem+json"


def test_invalid_transition_is_a_409_naming_the_rule(api):
    _, _, created = api.call("POST", "/api/v1/complaints", complaint_form())
    status, content_type, problem = api.call("POST", f"/api/v1/complaints/{created['complaint_id']}/feedback",
                                             {"rating": "satisfied"}, access_code=created["access_code"])
    assert (status, content_type) == (409, "application/problem+json")
    assert problem["rule"] == "feedback_requires_atr"


def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(api):
    before = district_view(api, "AGR")["total"]
    form = complaint_form("AGR", complainant={"name": NAME, "phone": "12345"})
    status, content_type, problem = api.call("POST", "/api/v1/complaints", form)
    assert (status, content_type) == (422, "application/problem+json")
    assert problem["field"] == "complainant.phone"
    assert "12345" not in problem["detail"]  # input is never echoed back
    status, _, problem = api.call("POST", "/api/v1/complaints", raw_body=b"{not json")
    assert status == 422
    status, _, problem = api.call("POST", "/api/v1/complaints", complaint_form("XXX"))
    assert status == 422 and problem["field"] == "district"
    assert district_view(api, "AGR")["total"] == before


def test_atr_naming_the_complainant_is_refused(api):
    _, _, created = api.call("POST", "/api/v1/complaints", complaint_form())
    status, _, problem = api.call("POST", f"/api/v1/complaints/{created['complaint_id']}/atr",
                                  {"text": f"Spoke to {NAME} on {PHONE} about the accused.", "language": "en"},
                                  token=api.token("station_officer", "LKO"))
    assert status == 422 and problem["field"] == "text"
    assert NAME not in problem["detail"] and PHONE not in problem["detail"]


def test_tokens_expired_badly_signed_or_for_another_district_are_refused(api):
    _, _, created = api.call("POST", "/api/v1/complaints", complaint_form())
    atr = {"text": "The beat officer met the accused and warned him in writing.", "language": "en"}
    path = f"/api/v1/complaints/{created['complaint_id']}/atr"
    expired = api.token("station_officer", "LKO", now=datetime.now(timezone.utc) - timedelta(days=2))
    assert api.call("POST", path, atr, token=expired)[0] == 401
    from chassis.auth import issue_token

    forged = issue_token("some-other-secret-of-enough-length", role="station_officer", district="LKO", subject="x")
    status, _, problem = api.call("POST", path, atr, token=forged)
    assert status == 401 and "signature" in problem["detail"]
    assert api.call("POST", path, atr)[0] == 401
    status, _, problem = api.call("POST", path, atr, token=api.token("station_officer", "KNP"))
    assert status == 403 and problem["rule"] == "district"
    assert api.call("POST", path, atr, token=api.token("auditor"))[0] == 403
    assert api.call("GET", "/api/v1/districts/LKO/complaints", token=api.token("station_officer", "KNP"))[0] == 403


def test_police_never_see_the_complainants_identity(api):
    _, _, created = api.call("POST", "/api/v1/complaints", complaint_form())
    status, _, view = api.call("GET", f"/api/v1/officer/complaints/{created['complaint_id']}",
                               token=api.token("station_officer", "LKO"))
    assert status == 200 and "bus stop" in view["description"]
    assert NAME not in str(view) and PHONE not in str(view)


def test_personal_data_never_reaches_logs_sms_or_read_models(api, platform):
    api.call("POST", "/api/v1/complaints", complaint_form())
    data_dir = platform.settings.data_dir
    api.wait_for(lambda: (data_dir / "sms_outbox.jsonl").exists(), bool)
    for path in [*(data_dir / "logs").glob("*.log"), data_dir / "sms_outbox.jsonl",
                 *data_dir.glob("read_models.sqlite*"), *data_dir.glob("complaints_events.sqlite*")]:
        content = path.read_bytes()
        assert NAME.encode() not in content and PHONE.encode() not in content, path


def test_reference_data_and_openapi(api):
    status, _, districts = api.call("GET", "/api/v1/districts")
    assert status == 200 and len(districts) == 75
    assert {"code": "LKO", "name": "Lucknow", "name_hi": "लखनऊ"} in districts
    status, _, document = api.call("GET", "/openapi.json")
    assert status == 200 and document["openapi"].startswith("3.")
    assert "/api/v1/complaints/{complaint_id}/atr" in document["paths"]
    assert "ComplaintRegistration" in document["components"]["schemas"]
    police_view = document["paths"]["/api/v1/officer/complaints/{complaint_id}"]["get"]
    assert {"name": "include_identity", "in": "query"}.items() <= police_view["parameters"][-1].items()


def test_trace_context_and_correlation_id_cross_the_outbox_to_the_bus(api, platform):
    import kombu

    from chassis.messaging import event_exchange
    from contracts.envelope import CloudEvent

    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    with kombu.Connection(platform.settings.amqp_url) as connection:
        probe = kombu.Queue("e2e-trace-probe", event_exchange("complaints"), routing_key="complaint.registered.v1",
                            exclusive=True)
        with connection.SimpleQueue(probe) as queue:
            status, _, created = api.call("POST", "/api/v1/complaints", complaint_form(), headers={
                "traceparent": f"00-{trace_id}-00f067aa0ba902b7-01", "X-Correlation-Id": "corr-e2e-1"})
            assert status == 201
            while True:  # other tests' registrations may arrive first
                message = queue.get(timeout=10)
                message.ack()
                event = CloudEvent.model_validate_json(message.body)
                if event.subject == created["complaint_id"]:
                    break
    assert event.correlationid == "corr-e2e-1"
    assert event.traceparent.split("-")[1] == trace_id
    assert message.headers["traceparent"] == event.traceparent


def test_erasure_command_makes_her_data_unreadable_everywhere(api, platform):
    import os
    import subprocess
    import sys

    phone = "9123456780"
    _, _, created = api.call("POST", "/api/v1/complaints", complaint_form(
        complainant={"name": "Meena Kumari", "phone": phone}))
    view_path = f"/api/v1/officer/complaints/{created['complaint_id']}"
    msp = api.token("msp_hq")
    status, _, before = api.call("GET", view_path + "?include_identity=true", token=msp)
    assert status == 200 and before["complainant"]["name"] == "Meena Kumari"
    person = api.wait_for(lambda: api.call("GET", f"/api/v1/persons/{before['person_ref']}", token=msp),
                          lambda answer: answer[0] == 200)[2]
    assert person["records"] == [f"complaints/{created['complaint_id']}"]
    status, _, access_log = api.call("GET", f"/api/v1/persons/{before['person_ref']}/reads", token=api.token("auditor"))
    assert status == 200 and access_log["erased"] is False
    assert {"actor": "test-msp_hq-None", "record": created["complaint_id"], "purpose": "MSP legal vetting"}.items() \
        <= access_log["reads"][-1].items()
    assert api.call("GET", f"/api/v1/persons/{before['person_ref']}/reads",
                    token=api.token("station_officer", "LKO"))[0] == 403

    erased = subprocess.run([sys.executable, "-m", "chassis.cli", "erase-person", "--phone", f"+91 {phone}"],
                            env={**os.environ, **platform.env}, capture_output=True, text=True, check=True)
    assert "key deleted" in erased.stdout

    status, _, after = api.call("GET", view_path + "?include_identity=true", token=msp)
    assert status == 200
    assert api.call("GET", f"/api/v1/persons/{before['person_ref']}/reads", token=msp)[2]["erased"] is True
    assert after["complainant"] is None and after["description"] == "[erased]"
    # her own status page carries no personal data and still works
    assert api.call("GET", f"/api/v1/complaints/{created['complaint_id']}", access_code=created["access_code"])[0] == 200
    # and the immutable log holds only ciphertext
    for store_file in platform.settings.data_dir.glob("complaints_events.sqlite*"):  # the file and its WAL
        assert b"Meena" not in store_file.read_bytes()


def test_the_complainant_page_is_served(platform):
    import urllib.request

    with urllib.request.urlopen(platform.url + "/", timeout=10) as response:
        page = response.read().decode()
    assert response.headers.get_content_type() == "text/html"
    assert "/api/v1/complaints" in page and "Access code" in page
