"""The cell's Application below the nameko layer: in-memory persistence and a movable clock."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from chassis.auth import Officer, Role
from chassis.clock import MovableClock
from chassis.errors import Forbidden, NotFound
from chassis.bootstrap import build_application
from chassis.settings import load_settings
from contracts import transgender_cell as body
from services.transgender_cell.application import TransgenderCellApplication

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
NAME, PHONE, GENDER, NGO_WORKER = "Reshma Kinnar", "9871234560", "kinnar, she/her", "Farah Naqvi"
SECRETS = (NAME, PHONE, GENDER, NGO_WORKER, "family home")

STATION = Officer("so-knp", Role.STATION_OFFICER, "KNP")
CELL = Officer("no-knp", Role.DISTRICT_NODAL_OFFICER, "KNP")
OTHER_CELL = Officer("no-lko", Role.DISTRICT_NODAL_OFFICER, "LKO")
STATE_CELL = Officer("msp", Role.MSP_HQ, "UP")
AUDITOR = Officer("audit", Role.AUDITOR, "UP")


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(T0)


@pytest.fixture
def app(tmp_path, clock):
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "memory"})
    application = build_application(TransgenderCellApplication, settings, clock)
    yield application
    application.close()
    application.cipher.vault.db.close()


def grievance_form(**changes) -> body.GrievanceRegistration:
    form = {"registered_by": "ngo", "district": "KNP", "category": "removal_from_household",
            "person": {"name": NAME, "gender_identity": GENDER, "phone": PHONE},
            "representative": {"name": NGO_WORKER, "organisation": "Sahyog Trust"},
            "description": "Her brothers threw her out of the family home and took her belongings."}
    form.update(changes)
    return body.GrievanceRegistration.model_validate(form)


def stored_bytes(app) -> bytes:
    return b"\n".join(n.state for n in app.recorder.select_notifications(start=1, limit=10_000))


def test_a_grievance_is_registered_followed_and_carried_to_prosecution(app, clock):
    created = app.register_grievance(grievance_form())
    grievance_id, code = created["id"], created["access_code"]
    assert grievance_id.startswith("TG-KNP-2603-")
    assert app.grievance_status(grievance_id, code)["status"] == "registered"
    with pytest.raises(NotFound):
        app.grievance_status(grievance_id, "WRONGCODE1")
    app.refer(grievance_id, body.ReferralBody(police_station="Kalyanpur"), CELL)
    with pytest.raises(Forbidden):
        app.refer(grievance_id, body.ReferralBody(police_station="Kalyanpur"), STATION)
    view = app.record_fir_decision(grievance_id, body.FirDecisionBody(decision="fir_registered",
                                                                      fir_number="0231/2026"), STATION)
    assert view["status"] == "under_investigation"
    clock.advance(20 * DAY)
    app.conclude_investigation(grievance_id, body.InvestigationOutcomeBody(outcome="chargesheet"), STATION)
    app.record_prosecution_update(grievance_id, body.ProsecutionUpdateBody(next_hearing="2026-05-01"), STATION)
    view = app.record_verdict(grievance_id, body.VerdictBody(verdict="convicted"), STATION)
    assert (view["status"], view["closed_reason"], view["prosecution_updates"]) == ("closed", "convicted", 1)


def test_identity_as_for_a_victim_of_a_sexual_offence_only_the_state_cell_opens_it_and_is_logged(app):
    grievance_id = app.register_grievance(grievance_form())["id"]
    assert not [s for s in SECRETS if s.encode() in stored_bytes(app)]
    for officer in (STATION, CELL, AUDITOR):
        seen = app.grievance_for_officer(grievance_id, officer)
        assert NAME not in json.dumps(seen) and GENDER not in json.dumps(seen)
        with pytest.raises(Forbidden):
            app.grievance_for_officer(grievance_id, officer, include_identity=True)
    assert "family home" in app.grievance_for_officer(grievance_id, STATION)["description"]
    with pytest.raises(Forbidden):
        app.grievance_for_officer(grievance_id, OTHER_CELL)
    state = app.grievance_for_officer(grievance_id, STATE_CELL, include_identity=True)
    person, representative = state["parties"]
    assert (person["name"], person["gender_identity"]) == (NAME, GENDER)  # as stated, unchanged
    assert representative["name"] == NGO_WORKER
    reads = app.cipher.vault.reads_of(person["person_ref"])
    assert {(r["actor"], r["purpose"]) for r in reads} >= {("msp", "state cell review")}


def test_a_certificate_application_breaches_the_dms_thirty_days_on_the_timer(app, clock):
    created = app.apply_for_certificate(body.CertificateApplication.model_validate(
        {"district": "KNP", "applicant": {"name": NAME, "gender_identity": GENDER}}))
    clock.advance(30 * DAY + timedelta(hours=1))
    assert app.due_work.tick() == 1
    view = app.certificate_status(created["id"], created["access_code"])
    assert view["status"] == "pending" and view["clocks"][0]["breach_level"] == 1
    with pytest.raises(Forbidden):
        app.decide_certificate(created["id"], body.CertificateDecisionBody(
            decision="issued", certificate_number="UP/KNP/42"), STATION)
    view = app.decide_certificate(created["id"], body.CertificateDecisionBody(
        decision="issued", certificate_number="UP/KNP/42"), CELL)
    assert view["status"] == "issued" and view["clocks"][0]["met"] is False
    identity = app.certificate_for_officer(created["id"], STATE_CELL, include_identity=True)["parties"]
    assert identity[0]["gender_identity"] == GENDER
    with pytest.raises(Forbidden):
        app.certificate_for_officer(created["id"], CELL, include_identity=True)
