"""The complaints Application end to end below the nameko layer: in-memory persistence (SQLite
where two instances must share a store), a movable clock and a fake SMS port."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from eventsourcing.persistence import IntegrityError

from chassis.auth import Officer, Role
from chassis.clock import MovableClock
from chassis.errors import DomainError, Forbidden, InvalidInput, NotFound, RuleViolated
from chassis.personal_data import PersonalDataCipher, PersonKeyVault, person_ref
from chassis.settings import load_settings
from chassis.sms import SmsReceipt
from chassis.sql import SqlDatabase
from contracts.complaints import AtrBody, ComplaintRegistration, FeedbackBody, VettingBody
from services.complaints.application import ComplaintsApplication
from services.complaints.domain import Complaint

H = timedelta(hours=1)
NAME = "Sunita Devi"
PHONE = "+91 98765-43210"
ADDRESS = "12 Gomti Nagar Extension"
DESCRIPTION = "A man follows me from the Charbagh bus stop every evening and shouts at me."
ATR_TEXT = "The respondent was called to the thana and warned in writing; patrolling increased."
SECRETS = ("Sunita", "Devi", "9876543210", "98765", "Gomti")

STATION = Officer("so-lko-1", Role.STATION_OFFICER, "LKO")
NODAL = Officer("no-lko-1", Role.DISTRICT_NODAL_OFFICER, "LKO")
OTHER_STATION = Officer("so-agr-1", Role.STATION_OFFICER, "AGR")
MSP = Officer("msp-1", Role.MSP_HQ, "UP")


class FakeSms:
    """The SMS port, recording every send; `fail` makes it report a failed delivery."""

    def __init__(self, name: str = "fake", fail: bool = False):
        self.name, self.fail = name, fail
        self.sent: list[tuple[str, str, str]] = []

    def send(self, request_id: str, recipient_group: str, message: str) -> SmsReceipt:
        self.sent.append((request_id, recipient_group, message))
        if self.fail:
            return SmsReceipt(False, error="provider down")
        return SmsReceipt(True, provider_ref=f"{self.name}:{request_id}")


def registration(**overrides) -> ComplaintRegistration:
    body = {
        "filed_by": "self",
        "complainant": {"name": NAME, "phone": PHONE, "address": ADDRESS},
        "district": "LKO",
        "police_station": "Hazratganj",
        "category": "stalking",
        "description": DESCRIPTION,
    }
    body.update(overrides)
    return ComplaintRegistration.model_validate(body)


def make_app(settings, clock, sms) -> ComplaintsApplication:
    vault = PersonKeyVault(SqlDatabase.for_settings(settings, "person_keys"))
    return ComplaintsApplication(settings, clock, PersonalDataCipher(vault), sms=sms)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def sms() -> FakeSms:
    return FakeSms()


@pytest.fixture
def app(tmp_path, clock, sms):
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "memory"})
    application = make_app(settings, clock, sms)
    yield application
    application.close()
    application.cipher.vault.db.close()


@pytest.fixture
def registered(app) -> tuple[str, str]:
    result = app.register(registration())
    return result["complaint_id"], result["access_code"]


def load(app: ComplaintsApplication, complaint_id: str) -> Complaint:
    return app.repository.get(Complaint.create_id(complaint_id))


def stored_events(app: ComplaintsApplication, complaint_id: str | None = None) -> list:
    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(start=1, limit=10_000)]
    if complaint_id is None:
        return events
    return [e for e in events if e.originator_id == Complaint.create_id(complaint_id)]


def event_names(app: ComplaintsApplication, complaint_id: str) -> list[str]:
    return [type(e).__name__ for e in stored_events(app, complaint_id)]


def stored_bytes(app: ComplaintsApplication) -> bytes:
    return b"\n".join(n.state for n in app.recorder.select_notifications(start=1, limit=10_000)).lower()


# ------------------------------------------------------------------ registration and the complainant's view


def test_register_returns_a_readable_id_and_an_access_code(app, clock):
    result = app.register(registration())

    assert set(result) == {"complaint_id", "access_code"}
    assert re.fullmatch(r"VK-LKO-2601-[0-9A-HJKMNP-TV-Z]{6}", result["complaint_id"])
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{10}", result["access_code"])
    assert event_names(app, result["complaint_id"]) == ["Registered", "SmsRequested", "SmsRequested"]
    other = app.register(registration(district="AGR"))
    assert other["complaint_id"].startswith("VK-AGR-2601-")
    assert other["complaint_id"] != result["complaint_id"]
    assert other["access_code"] != result["access_code"]


def test_the_complainant_follows_her_complaint_with_the_access_code(app, clock, registered):
    complaint_id, code = registered

    view = app.complainant_view(complaint_id, code)

    assert view["complaint_id"] == complaint_id
    assert view["status"] == "awaiting_atr"
    assert view["district"] == "LKO"
    assert view["cycle"] == 1
    assert view["atr_due_at"] == (clock.now() + 24 * H).isoformat()
    assert view["next_deadline"] == {"name": "atr_due_soon", "due_at": (clock.now() + 20 * H).isoformat()}
    assert app.complainant_view(complaint_id, f"  {code.lower()} ") == view
    text = json.dumps(view)
    for secret in SECRETS + ("Charbagh",):
        assert secret not in text


def test_a_wrong_code_and_an_unknown_id_get_the_same_answer(app, registered):
    complaint_id, code = registered
    wrong = "0000000000" if code != "0000000000" else "1111111111"

    with pytest.raises(NotFound) as wrong_code:
        app.complainant_view(complaint_id, wrong)
    with pytest.raises(NotFound) as unknown_id:
        app.complainant_view("VK-LKO-2601-ZZZZZZ", code)
    with pytest.raises(NotFound) as empty_code:
        app.complainant_view(complaint_id, "")

    assert str(wrong_code.value) == str(unknown_id.value) == str(empty_code.value)
    assert complaint_id not in str(wrong_code.value)


def test_an_anonymous_complaint_has_no_identity_and_its_own_person(app):
    result = app.register(registration(anonymous=True, complainant=None))
    complaint = load(app, result["complaint_id"])

    assert complaint.sealed_identity is None
    assert complaint.person_ref == person_ref(app.settings.person_ref_key, local_id=result["complaint_id"])
    assert app.police_view(result["complaint_id"], MSP, include_identity=True)["complainant"] is None


def test_an_anonymous_complaint_with_a_phone_is_not_linked_to_that_phone(app):
    result = app.register(registration(anonymous=True))

    complaint = load(app, result["complaint_id"])
    assert complaint.person_ref != person_ref(app.settings.person_ref_key, phone=PHONE)


# ------------------------------------------------------------------ the police view


def test_another_districts_officer_is_forbidden(app, registered):
    complaint_id, _ = registered

    with pytest.raises(Forbidden) as caught:
        app.police_view(complaint_id, OTHER_STATION)

    assert caught.value.rule == "district"


def test_the_district_sees_the_description_but_never_the_identity(app, registered):
    complaint_id, _ = registered

    view = app.police_view(complaint_id, STATION)

    assert view["description"] == DESCRIPTION
    assert view["status"] == "awaiting_atr"
    assert view["police_station"] == "Hazratganj"
    assert "complainant" not in view
    text = json.dumps(view).lower()
    for secret in SECRETS + (ADDRESS,):
        assert secret.lower() not in text
    assert app.police_view(complaint_id, NODAL)["description"] == DESCRIPTION


def test_the_station_cannot_ask_for_the_identity(app, registered):
    complaint_id, _ = registered

    with pytest.raises(Forbidden):
        app.police_view(complaint_id, STATION, include_identity=True)


def test_msp_hq_sees_the_identity_and_every_read_is_logged(app, registered):
    complaint_id, _ = registered
    ref = load(app, complaint_id).person_ref
    assert ref == person_ref(app.settings.person_ref_key, phone=PHONE)

    app.police_view(complaint_id, STATION)
    view = app.police_view(complaint_id, MSP, include_identity=True)

    assert view["complainant"] == {"name": NAME, "phone": "9876543210", "address": ADDRESS}
    assert view["description"] == DESCRIPTION
    reads = app.cipher.vault.reads_of(ref)
    assert sorted((r["actor"], r["record"], r["purpose"]) for r in reads) == [
        ("msp-1", complaint_id, "MSP legal vetting"),
        ("msp-1", complaint_id, "police view"),
        ("so-lko-1", complaint_id, "police view"),
    ]


def test_an_unknown_complaint_is_not_found_for_officers(app):
    with pytest.raises(NotFound, match="VK-LKO-2601-ZZZZZZ"):
        app.police_view("VK-LKO-2601-ZZZZZZ", MSP)


def test_an_auditor_may_not_use_the_police_view(app, registered):
    with pytest.raises(Forbidden):
        app.police_view(registered[0], Officer("aud-1", Role.AUDITOR, "UP"))


# ------------------------------------------------------------------ due work: SMS and the ATR clock


def count(app, complaint_id, name, **attributes) -> int:
    return sum(1 for e in stored_events(app, complaint_id)
               if type(e).__name__ == name and all(getattr(e, k) == v for k, v in attributes.items()))


def test_both_sms_are_sent_once_and_their_outcomes_recorded(app, sms, registered):
    complaint_id, _ = registered

    assert app.due_work.tick() == 1
    assert app.due_work.tick() == 0

    assert [(request_id, group) for request_id, group, _ in sms.sent] == [
        ("sms-1", "district:LKO:supervisors"), ("sms-2", "msp_hq")]
    for _, _, message in sms.sent:
        assert complaint_id in message
        for secret in SECRETS:
            assert secret not in message
    complaint = load(app, complaint_id)
    assert complaint.pending_sms() == []
    assert {r: (s["delivered"], s["provider_ref"]) for r, s in complaint.sms.items()} == {
        "sms-1": (True, "fake:sms-1"), "sms-2": (True, "fake:sms-2")}
    assert count(app, complaint_id, "SmsOutcomeRecorded") == 2


def test_a_failed_delivery_is_recorded_and_not_resent_on_every_tick(tmp_path, clock):
    failing = FakeSms(fail=True)
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "memory"})
    app = make_app(settings, clock, failing)
    complaint_id = app.register(registration())["complaint_id"]

    app.due_work.tick()
    app.due_work.tick()

    assert len(failing.sent) == 2
    assert {s["error"] for s in load(app, complaint_id).sms.values()} == {"provider down"}
    assert {s["delivered"] for s in load(app, complaint_id).sms.values()} == {False}
    app.close()
    app.cipher.vault.db.close()


def test_the_atr_clock_fires_each_step_exactly_once(app, clock, registered):
    complaint_id, _ = registered
    start = clock.now()
    app.due_work.tick()

    clock.set(start + 20 * H - timedelta(seconds=1))
    assert app.due_work.tick() == 0
    clock.set(start + 20 * H)
    assert app.due_work.tick() == 1
    assert app.due_work.tick() == 0
    assert count(app, complaint_id, "AtrDueSoon") == 1
    assert count(app, complaint_id, "AtrOverdue") == 0

    clock.set(start + 24 * H)
    app.due_work.tick()
    app.due_work.tick()
    assert count(app, complaint_id, "AtrOverdue", level=1, escalated_to="district_nodal_officer") == 1
    assert app.police_view(complaint_id, STATION)["escalation_level"] == 1

    clock.set(start + 48 * H)
    app.due_work.tick()
    clock.set(start + 100 * H)
    app.due_work.tick()
    assert count(app, complaint_id, "AtrDueSoon") == 1
    assert count(app, complaint_id, "AtrOverdue", level=1) == 1
    assert count(app, complaint_id, "AtrOverdue", level=2, escalated_to="msp_hq") == 1
    assert count(app, complaint_id, "AtrOverdue") == 2
    assert app.due_work.next_due == {}


def test_a_filed_atr_stops_the_clock(app, clock, registered):
    complaint_id, _ = registered
    app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="hi"), STATION)

    clock.advance(72 * H)
    app.due_work.tick()

    assert count(app, complaint_id, "AtrDueSoon") == 0
    assert count(app, complaint_id, "AtrOverdue") == 0
    assert count(app, complaint_id, "SmsOutcomeRecorded") == 2


def test_a_tick_handles_every_complaint_due(app, clock, sms):
    ids = [app.register(registration(district=d))["complaint_id"] for d in ("LKO", "AGR", "VNS")]
    clock.advance(25 * H)

    assert app.due_work.tick() == 3

    assert len(sms.sent) == 6
    for complaint_id in ids:
        assert count(app, complaint_id, "AtrOverdue", level=1) == 1


def test_one_complaint_whose_due_work_fails_does_not_starve_the_others(app, clock, sms):
    broken = app.register(registration())["complaint_id"]
    app.due_work.refresh()  # indexed first, so each tick comes to it first
    healthy = app.register(registration(district="AGR"))["complaint_id"]
    send = sms.send

    def flaky(request_id, recipient_group, message):
        if broken in message:
            raise ConnectionResetError("provider closed the connection")
        return send(request_id, recipient_group, message)

    sms.send = flaky
    for _ in range(2):
        try:
            app.due_work.tick()
        except ConnectionResetError:
            pass

    assert count(app, healthy, "SmsOutcomeRecorded") == 2


# ------------------------------------------------------------------ exactly once with two instances


@pytest.fixture
def two_instances(tmp_path, clock):
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "sqlite"})
    first, second = make_app(settings, clock, FakeSms("first")), make_app(settings, clock, FakeSms("second"))
    yield first, second
    for application in (first, second):
        application.close()
        application.cipher.vault.db.close()


def test_two_instances_ticking_record_each_deadline_once(two_instances, clock):
    first, second = two_instances
    complaint_id = first.register(registration())["complaint_id"]
    first.due_work.refresh()
    second.due_work.refresh()
    assert Complaint.create_id(complaint_id) in second.due_work.next_due
    clock.advance(25 * H)

    changed = first.due_work.tick() + second.due_work.tick()

    assert changed == 1
    assert count(first, complaint_id, "AtrDueSoon") == 1
    assert count(first, complaint_id, "AtrOverdue", level=1) == 1
    assert count(first, complaint_id, "AtrOverdue") == 1
    assert count(first, complaint_id, "SmsOutcomeRecorded") == 2
    assert len(first.sms.sent) + len(second.sms.sent) == 2
    assert event_names(second, complaint_id) == event_names(first, complaint_id)


def test_the_same_version_saved_by_two_instances_is_refused_the_second_time(two_instances, clock):
    first, second = two_instances
    complaint_id = first.register(registration())["complaint_id"]
    now = clock.advance(25 * H)
    mine, theirs = load(first, complaint_id), load(second, complaint_id)

    assert mine.fire_due_deadlines(now) == theirs.fire_due_deadlines(now) == 2
    first.save(mine)
    with pytest.raises(IntegrityError):
        second.save(theirs)

    assert count(first, complaint_id, "AtrDueSoon") == 1
    assert count(first, complaint_id, "AtrOverdue") == 1


def test_a_tick_that_loses_the_race_swallows_the_conflict(two_instances, clock):
    first, second = two_instances
    complaint_id = first.register(registration())["complaint_id"]
    first.due_work.refresh()
    second.due_work.refresh()
    now = clock.advance(25 * H)

    # The second instance has loaded the complaint and done its work when the first saves the
    # same version: its own save then hits the version check.
    do_work = second.perform_due_work

    def racing(aggregate, at):
        do_work(aggregate, at)
        assert first.due_work.tick(at) == 1

    second.perform_due_work = racing
    assert second.due_work.tick(now) == 0

    assert count(first, complaint_id, "AtrDueSoon") == 1
    assert count(first, complaint_id, "AtrOverdue", level=1) == 1
    assert count(first, complaint_id, "SmsOutcomeRecorded") == 2
    # The outcomes on record are the first instance's; the loser's SMS went out too (at-least-once
    # delivery, with the request id as the provider's idempotency key).
    assert {s["provider_ref"] for s in load(first, complaint_id).sms.values()} == {"first:sms-1", "first:sms-2"}
    assert len(second.sms.sent) == 2
    # The loser re-indexed the complaint from the store: nothing more is due until 48 h.
    assert second.due_work.next_due[Complaint.create_id(complaint_id)] == now - 25 * H + 48 * H
    assert second.due_work.tick(now) == 0


# ------------------------------------------------------------------ the ATR, feedback and vetting


@pytest.mark.parametrize("text", [
    "Sunita was counselled at the thana and the respondent was warned in writing.",
    "The respondent was warned; the complainant can be reached on 98765 43210 if needed.",
    "The respondent was warned; call back on +91-9123456780 for the status of the case.",
])
def test_an_atr_naming_her_or_carrying_a_phone_number_is_refused_and_not_stored(app, registered, text):
    complaint_id, _ = registered
    before = len(stored_events(app))

    with pytest.raises(InvalidInput) as caught:
        app.file_atr(complaint_id, AtrBody(text=text, language="en"), STATION)

    assert caught.value.field == "text"
    assert "Sunita" not in str(caught.value) and "98765" not in str(caught.value)
    assert len(stored_events(app)) == before


def test_a_clean_atr_is_filed(app, registered):
    complaint_id, code = registered

    view = app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="en"), STATION)

    assert view["status"] == "atr_filed"
    assert [(a["atr_no"], a["text"], a["language"]) for a in view["atrs"]] == [(1, ATR_TEXT, "en")]
    assert app.complainant_view(complaint_id, code)["atrs"][0]["text"] == ATR_TEXT


def test_only_the_districts_police_file_an_atr(app, registered):
    complaint_id, _ = registered
    body = AtrBody(text=ATR_TEXT, language="hi")

    with pytest.raises(Forbidden):
        app.file_atr(complaint_id, body, OTHER_STATION)
    with pytest.raises(Forbidden):
        app.file_atr(complaint_id, body, MSP)
    assert app.file_atr(complaint_id, body, NODAL)["status"] == "atr_filed"


def test_feedback_with_a_wrong_code_is_not_found(app, registered):
    complaint_id, code = registered
    app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="hi"), STATION)

    with pytest.raises(NotFound):
        app.give_feedback(complaint_id, "WRONGCODE0", FeedbackBody(rating="satisfied"))
    assert app.complainant_view(complaint_id, code)["feedback"] == []


def test_feedback_before_an_atr_is_refused(app, registered):
    complaint_id, code = registered

    with pytest.raises(RuleViolated):
        app.give_feedback(complaint_id, code, FeedbackBody(rating="satisfied"))


def test_dissatisfied_goes_to_msp_which_returns_it_to_the_district_with_a_new_clock(app, clock, registered):
    complaint_id, code = registered
    app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="hi"), STATION)
    clock.advance(3 * H)

    view = app.give_feedback(complaint_id, code, FeedbackBody(rating="dissatisfied", comment="He is still there."))
    assert view["status"] == "under_msp_vetting"
    assert view["feedback"][0]["rating"] == "dissatisfied"
    assert "He is still there" not in json.dumps(view)

    vetting = VettingBody(note="The respondent has not been traced; act again.")
    with pytest.raises(Forbidden):
        app.return_to_district(complaint_id, vetting, STATION)
    with pytest.raises(Forbidden):
        app.return_to_district(complaint_id, vetting, NODAL)

    returned_at = clock.advance(2 * H)
    view = app.return_to_district(complaint_id, vetting, MSP)
    assert view["status"] == "awaiting_atr"
    assert view["cycle"] == 2
    assert view["atr_due_at"] == (returned_at + 24 * H).isoformat()

    clock.set(returned_at + 24 * H)
    app.due_work.tick()
    assert count(app, complaint_id, "AtrOverdue", cycle=2, level=1) == 1
    assert count(app, complaint_id, "AtrOverdue", cycle=1) == 0  # the first ATR came in time


def test_return_to_district_needs_a_case_under_vetting(app, registered):
    with pytest.raises(RuleViolated):
        app.return_to_district(registered[0], VettingBody(note="nothing to vet"), MSP)


def test_satisfied_then_final_feedback_closes(app, clock, registered):
    complaint_id, code = registered
    app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="hi"), STATION)
    app.give_feedback(complaint_id, code, FeedbackBody(rating="satisfied"))

    clock.advance(timedelta(days=30, hours=1))
    app.due_work.tick()
    assert app.complainant_view(complaint_id, code)["status"] == "final_feedback_requested"

    view = app.give_feedback(complaint_id, code, FeedbackBody(rating="satisfied"))
    assert view["status"] == "closed"
    assert view["closed_reason"] == "satisfied"


# ------------------------------------------------------------------ erasure


def test_erasure_leaves_the_case_but_no_personal_data(app, registered):
    complaint_id, code = registered
    app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="hi"), STATION)
    complaint = load(app, complaint_id)
    vault = app.cipher.vault

    assert vault.erase(complaint.person_ref, "dpo") is True

    police = app.police_view(complaint_id, STATION)
    assert police["description"] == "[erased]"
    assert police["atrs"][0]["text"] == ATR_TEXT
    assert app.police_view(complaint_id, MSP, include_identity=True)["complainant"] is None
    mine = app.complainant_view(complaint_id, code)
    assert mine["status"] == "atr_filed"
    assert "description" not in mine and "complainant" not in mine
    raw = stored_bytes(app)
    for secret in SECRETS + ("Charbagh",):
        assert secret.lower().encode() not in raw
    assert app.cipher.open(complaint.sealed_identity) is None
    assert app.cipher.open(complaint.sealed_description) is None
    # The case goes on: the complainant still gives feedback (without a comment to seal).
    assert app.give_feedback(complaint_id, code, FeedbackBody(rating="dissatisfied"))["status"] == "under_msp_vetting"


@pytest.fixture
def erased(app, registered) -> tuple[str, str]:
    complaint_id, code = registered
    app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="hi"), STATION)
    app.cipher.vault.erase(load(app, complaint_id).person_ref, "dpo")
    return complaint_id, code


def test_a_comment_after_erasure_gets_a_typed_answer(app, erased):
    complaint_id, code = erased

    try:
        app.give_feedback(complaint_id, code, FeedbackBody(rating="dissatisfied", comment="He is still there."))
    except DomainError:
        pass


def test_an_erased_complainant_filing_again_gets_a_typed_answer_or_a_new_complaint(app, erased):
    try:
        result = app.register(registration())
    except DomainError:
        return
    assert app.complainant_view(result["complaint_id"], result["access_code"])["status"] == "awaiting_atr"
