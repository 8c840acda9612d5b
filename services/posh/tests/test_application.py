"""The POSH Application below the nameko layer: in-memory persistence, a movable clock, the
shipped working-day calendar."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from chassis.auth import Officer, Role
from chassis.clock import MovableClock
from chassis.errors import Forbidden, InvalidInput, NotFound, RuleViolated
from chassis.bootstrap import build_application
from chassis.settings import load_settings
from contracts import posh as body
from services.posh.application import PoshApplication

FRIDAY = datetime(2026, 1, 23, 6, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
NAME, PHONE, RESPONDENT = "Kavita Srivastava", "9812345670", "Rakesh Tandon"
SECRETS = (NAME, PHONE, RESPONDENT, "Asha Verma", "sexually coloured", "medical leave")

NODAL = Officer("no-lko", Role.DISTRICT_NODAL_OFFICER, "LKO")
OTHER_NODAL = Officer("no-agr", Role.DISTRICT_NODAL_OFFICER, "AGR")
STATION = Officer("so-lko", Role.STATION_OFFICER, "LKO")
MSP = Officer("msp", Role.MSP_HQ, "UP")
AUDITOR = Officer("audit", Role.AUDITOR, "UP")


def make_app(tmp_path, clock, **env) -> PoshApplication:
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "memory", **env})
    return build_application(PoshApplication, settings, clock)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(FRIDAY)


@pytest.fixture
def app(tmp_path, clock):
    application = make_app(tmp_path, clock)
    yield application
    application.close()
    application.cipher.vault.db.close()


def workplace(app: PoshApplication, employees: int = 120, committee: bool = True) -> str:
    workplace_id = app.register_workplace(body.WorkplaceRegistration(
        name="Gomti Textiles", district="LKO", employee_count=employees, employer="Gomti Textiles Pvt Ltd"),
        NODAL)["workplace_id"]
    if committee:
        app.record_internal_committee(workplace_id, body.InternalCommitteeBody.model_validate({
            "presiding_officer": {"name": "Asha Verma"}, "members": [{"name": "Neha Gupta"}, {"name": "Imran Khan"}],
            "external_member": {"name": "Sarita Singh"}}), NODAL)
    return workplace_id


def filing(workplace_id: str | None, incident: str = "2026-01-10", **changes) -> body.ComplaintFiling:
    form = {"district": "LKO", "workplace_id": workplace_id, "complainant": {"name": NAME, "phone": PHONE},
            "respondents": [{"name": RESPONDENT}], "incident_date": incident,
            "description": "The branch manager made sexually coloured remarks at me in the weekly meeting."}
    form.update(changes)
    return body.ComplaintFiling.model_validate(form)


def stored_bytes(app: PoshApplication) -> bytes:
    return b"\n".join(n.state for n in app.recorder.select_notifications(start=1, limit=10_000))


def test_a_complaint_is_filed_routed_and_followed_with_its_access_code(app):
    filed = app.file_complaint(filing(workplace(app)))
    assert filed["committee"] == "internal" and filed["status"] == "received"
    assert filed["complaint_id"].startswith("PO-LKO-2601-")
    view = app.complainant_view(filed["complaint_id"], filed["access_code"])
    assert view["routing"] == "internal_committee"
    assert [c["due_at"] for c in view["clocks"] if c["clock"] == "copy_to_respondent"] == [
        "2026-02-02T18:30:00+00:00"]  # end of Mon 2 Feb IST: Sunday 25 and Republic Day skipped
    with pytest.raises(NotFound) as wrong:
        app.complainant_view(filed["complaint_id"], "WRONGCODE1")
    with pytest.raises(NotFound) as unknown:
        app.complainant_view("PO-LKO-2601-ZZZZZZ", filed["access_code"])
    assert (wrong.value.rule, wrong.value.detail) == (unknown.value.rule, unknown.value.detail)


def test_a_workplace_without_a_constituted_committee_sends_complaints_to_the_local_committee(app):
    filed = app.file_complaint(filing(workplace(app, committee=False)))
    assert filed["committee"] == "local"
    assert app.complainant_view(filed["complaint_id"], filed["access_code"])["routing"] == \
        "internal_committee_not_constituted"
    with pytest.raises(InvalidInput) as elsewhere:
        app.file_complaint(filing(workplace(app), district="AGR"))
    assert elsewhere.value.field == "district"
    with pytest.raises(NotFound):
        app.file_complaint(filing("WP-LKO-NOSUCH"))


def test_identities_are_sealed_and_only_the_committees_side_opens_them_with_each_read_logged(app):
    filed = app.file_complaint(filing(None))
    complaint_id = filed["complaint_id"]
    stored = stored_bytes(app)
    assert not [s for s in SECRETS if s.encode() in stored]
    assert NAME not in json.dumps(app.officer_view(complaint_id, AUDITOR))
    view = app.officer_view(complaint_id, NODAL, include_identity=True)
    assert [p["name"] for p in view["parties"]] == [NAME, RESPONDENT] and "sexually" in view["description"]
    reads = app.cipher.vault.reads_of(view["parties"][0]["person_ref"])
    assert {r["actor"] for r in reads} == {"no-lko"} and len(reads) == 2  # her identity and the description
    for officer in (AUDITOR, STATION):
        with pytest.raises(Forbidden):
            app.officer_view(complaint_id, officer, include_identity=True)
    with pytest.raises(Forbidden):
        app.officer_view(complaint_id, OTHER_NODAL)


def test_late_filing_is_refused_and_seals_nobody(app):
    with pytest.raises(RuleViolated) as late:
        app.file_complaint(filing(None, incident="2025-06-01"))
    assert late.value.rule == "s.9(1)"
    assert app.recorder.max_notification_id() in (None, 0)
    assert not app.cipher.vault.db.query("SELECT 1 FROM person_keys")


def test_the_extension_reasons_are_sealed_and_the_clocks_start(app):
    filed = app.file_complaint(filing(None, incident="2025-09-01"))
    assert filed["status"] == "awaiting_extension"
    view = app.grant_extension(filed["complaint_id"], body.ExtensionBody(reasons="She was on medical leave."), NODAL)
    assert view["status"] == "received" and view["clocks"]
    assert b"medical leave" not in stored_bytes(app)


def test_the_committee_carries_the_complaint_to_the_published_report(app, clock):
    complaint_id = app.file_complaint(filing(workplace(app)))["complaint_id"]
    app.record_copy_sent(complaint_id, body.RespondentBody(respondent_no=1), NODAL)
    app.record_reply(complaint_id, body.RespondentBody(respondent_no=1), NODAL)
    clock.advance(30 * DAY)
    app.complete_inquiry(complaint_id, body.InquiryBody(finding="proved"), MSP)
    view = app.submit_report(complaint_id, body.ReportBody(recommendations=["warning", "counselling"]), NODAL)
    assert view["status"] == "report_submitted"
    report = app.published_report(complaint_id, AUDITOR)
    assert report["report_to"] == "employer" and report["recommendations"] == ["warning", "counselling"]
    assert not [s for s in SECRETS if s in json.dumps(report)]
    assert app.record_employer_action(complaint_id, body.EmployerActionBody(outcome="implemented"),
                                      NODAL)["status"] == "action_taken"
    assert app.file_appeal(complaint_id, body.AppealBody(appellant="respondent"), NODAL)["status"] == "appealed"
    with pytest.raises(Forbidden):
        app.complete_inquiry(complaint_id, body.InquiryBody(finding="proved"), STATION)


def test_the_complainant_asks_for_conciliation_and_relief_and_money_is_refused(app):
    filed = app.file_complaint(filing(None))
    complaint_id, code = filed["complaint_id"], filed["access_code"]
    app.request_interim_relief(complaint_id, code, body.InterimReliefBody(relief="transfer"))
    view = app.recommend_interim_relief(complaint_id, body.InterimReliefBody(relief="transfer"), NODAL)
    assert view["interim_relief_recommended"] == [{"relief": "transfer", "leave_days": None}]
    assert app.request_conciliation(complaint_id, code)["status"] == "conciliation"
    with pytest.raises(RuleViolated) as money:
        app.settle(complaint_id, body.SettlementBody(terms="Rs 50,000 and an apology", monetary_settlement=True),
                   NODAL)
    assert money.value.rule == "s.10(1)"
    assert app.end_conciliation(complaint_id, NODAL)["status"] == "received"
    app.request_conciliation(complaint_id, code)
    assert app.settle(complaint_id, body.SettlementBody(terms="A written apology."), NODAL)["status"] == "settled"


def test_the_timer_fires_the_working_day_breach_once(app, clock):
    app.file_complaint(filing(None))
    clock.set(datetime(2026, 2, 2, 18, 29, tzinfo=timezone.utc))
    app.due_work.tick()
    clock.set(datetime(2026, 2, 2, 18, 30, tzinfo=timezone.utc))
    assert app.due_work.tick() == 1
    assert app.due_work.tick() == 0
    names = [type(app.mapper.to_domain_event(n)).__name__
             for n in app.recorder.select_notifications(start=1, limit=100)]
    assert names.count("ClockBreached") == 1 and names.count("ClockDueSoon") == 1


def test_the_calendar_comes_from_the_environment_when_set(tmp_path, clock):
    calendar = tmp_path / "holidays.json"
    calendar.write_text(json.dumps({"holidays": [{"date": "2027-01-26"}]}))
    app = make_app(tmp_path, clock, WCSO_HOLIDAY_CALENDAR=str(calendar))
    filed = app.file_complaint(filing(None))
    view = app.complainant_view(filed["complaint_id"], filed["access_code"])
    # Without the shipped Republic Day, Mon 26 Jan counts: day 7 is Sat 31 Jan.
    assert view["clocks"][0]["due_at"] == "2026-01-31T18:30:00+00:00"
    app.close()
    app.cipher.vault.db.close()


def test_local_committees_are_registered_by_their_district_and_reconstituted(app):
    form = body.LocalCommitteeBody.model_validate({"district": "LKO", "chairperson": {"name": "Dr. Meera Das"},
                                                   "members": [{"name": "Rekha Pal"}]})
    assert app.register_local_committee(form, NODAL)["member_count"] == 2
    assert app.register_local_committee(form, MSP)["member_count"] == 2
    with pytest.raises(Forbidden):
        app.register_local_committee(form, OTHER_NODAL)
    with pytest.raises(Forbidden):
        app.register_local_committee(form, STATION)
    names = [type(app.mapper.to_domain_event(n)).__name__
             for n in app.recorder.select_notifications(start=1, limit=100)]
    assert names == ["Registered", "Reconstituted"]
