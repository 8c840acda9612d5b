"""The Vatsalya Application below the nameko layer: in-memory persistence (SQLite where two
instances must share a store), a movable clock, real sealing with a per-child key."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from chassis.auth import Officer, Role
from chassis.clock import MovableClock
from chassis.errors import Forbidden, InvalidInput, NotFound, RuleViolated
from chassis.personal_data import person_ref
from chassis.bootstrap import build_application
from chassis.settings import load_settings
from contracts.missing_child import DecisionBody, FoundReportForm, MissingReportForm, RecoveryBody
from services.missing_child.application import MissingChildApplication
from services.missing_child.domain import ChildReport, PotentialMatch

H = timedelta(hours=1)
DAY = timedelta(days=1)
NAME, MARKS, PHONE, PHOTO = "Sunita Kumari", "mole on left cheek, burn scar on right hand", "9876543210", "photo-7781"

STATION = Officer("so-lko-1", Role.STATION_OFFICER, "LKO")
NODAL_AGR = Officer("no-agr-1", Role.DISTRICT_NODAL_OFFICER, "AGR")
MSP = Officer("msp-1", Role.MSP_HQ, "UP")
AUDITOR = Officer("aud-1", Role.AUDITOR, "UP")


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def open_app(clock):
    """Opens applications on given settings (two on one SQLite store are two instances); closes them after."""
    opened: list[MissingChildApplication] = []

    def open_on(settings) -> MissingChildApplication:
        opened.append(build_application(MissingChildApplication, settings, clock))
        return opened[-1]

    yield open_on
    for application in opened:
        application.close()
        application.cipher.vault.db.close()


@pytest.fixture
def app(tmp_path, open_app):
    return open_app(load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "memory"}))


@pytest.fixture
def shared_store(tmp_path):
    return load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "sqlite"})


def missing_form(clock, **child) -> MissingReportForm:
    return MissingReportForm.model_validate({
        "reported_by": "parent_guardian",
        "child": {"name": NAME, "sex": "girl", "age": {"min_years": 9, "max_years": 9}, "height_cm": 128,
                  "identifying_marks": MARKS, "photo_ref": PHOTO, **child},
        "last_seen": {"district": "LKO", "police_station": "Alambagh", "locality": "near Charbagh station",
                      "at": (clock.now() - 6 * H).isoformat()},
        "circumstances": "Went to buy milk in the evening and did not come back.",
        "guardian": {"name": "Ramesh Kumar", "phone": PHONE, "relationship": "father"},
        "police_station": "Alambagh",
    })


def found_form(clock, district="LKO", now_with="police", reported_by="police", **child) -> FoundReportForm:
    description = {"name": "सुनीता", "sex": "girl", "age": {"min_years": 8, "max_years": 11}, "height_cm": 130,
                   "identifying_marks": "mole left cheek"}
    description.update(child)
    return FoundReportForm.model_validate({
        "reported_by": reported_by, "child": description, "now_with": now_with,
        "found": {"district": district, "locality": "platform 4", "at": clock.now().isoformat()},
    })


def events(app, report_id: str | None = None) -> list:
    stored = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(start=1, limit=10_000)]
    return [e for e in stored if report_id is None or e.originator_id == ChildReport.create_id(report_id)]


def names(app, report_id: str) -> list[str]:
    return [type(e).__name__ for e in events(app, report_id)]


def load(app, report_id: str) -> ChildReport:
    return app.repository.get(ChildReport.create_id(report_id))


# ------------------------------------------------------------------ filing and sealing


def test_a_missing_report_records_the_fir_at_once_and_seals_the_child(app, clock):
    filed = app.file_missing(missing_form(clock), STATION)

    assert filed["report_id"].startswith("MC-LKO-2601-")
    assert filed["status"] == "missing"
    assert filed["fir_number"] == f"e-FIR/{filed['report_id']}"
    assert names(app, filed["report_id"]) == ["Filed"]
    report = load(app, filed["report_id"])
    assert report.person_ref == person_ref(app.settings.person_ref_key, local_id=filed["report_id"])
    stored = b"".join(n.state for n in app.recorder.select_notifications(start=1, limit=100))
    for secret in (NAME, "Sunita", "mole", PHONE, PHOTO, "Charbagh", "milk", "Ramesh"):
        assert secret.encode() not in stored


def test_the_station_files_with_its_own_fir_number(app, clock):
    form = missing_form(clock).model_copy(update={"reported_by": "police_station", "fir_number": "0123/2026"})
    assert app.file_missing(form, STATION)["fir_number"] == "0123/2026"


def test_filing_is_for_police_of_the_district(app, clock):
    with pytest.raises(Forbidden):
        app.file_missing(missing_form(clock), NODAL_AGR)
    with pytest.raises(Forbidden):
        app.file_missing(missing_form(clock), AUDITOR)


def test_a_last_seen_time_in_the_future_is_refused(app, clock):
    form = missing_form(clock)
    form.last_seen.at = clock.now() + H
    with pytest.raises(InvalidInput) as caught:
        app.file_missing(form, STATION)
    assert caught.value.field == "last_seen.at"


# ------------------------------------------------------------------ matching


def test_a_found_report_proposes_the_missing_child_spelt_in_devanagari(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]
    clock.advance(DAY)

    found = app.file_found(found_form(clock), STATION)

    assert [(m["missing_report_id"], m["found_report_id"]) for m in found["potential_matches"]] == [
        (missing, found["report_id"])]
    match = app.repository.get(PotentialMatch.create_id(missing, found["report_id"]))
    assert match.score >= 0.6
    assert {r["field"] for r in match.reasons} == {"name", "marks", "age", "height", "place", "sex"}
    assert NAME not in json.dumps(match.reasons) and "mole" not in json.dumps(match.reasons)


def test_a_new_missing_report_is_scored_against_open_found_reports(app, clock):
    found = app.file_found(found_form(clock, name=None), STATION)["report_id"]
    clock.advance(H)

    filed = app.file_missing(missing_form(clock), STATION)  # last seen 6 h ago: before she was found

    assert [m["found_report_id"] for m in filed["potential_matches"]] == [found]


def test_a_child_found_before_going_missing_is_not_proposed(app, clock):
    app.file_found(found_form(clock), STATION)
    clock.advance(7 * H)
    assert app.file_missing(missing_form(clock), STATION)["potential_matches"] == []  # last seen after the finding


def test_a_boy_is_never_proposed_for_a_girl(app, clock):
    app.file_missing(missing_form(clock), STATION)
    assert app.file_found(found_form(clock, sex="boy"), STATION)["potential_matches"] == []


def test_potential_matches_show_both_children_to_the_districts_concerned_and_log_the_reads(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]
    found = app.file_found(found_form(clock, district="AGR"), NODAL_AGR)["report_id"]

    for officer, district in ((STATION, "LKO"), (NODAL_AGR, "AGR"), (MSP, "LKO")):
        [match] = app.potential_matches(district, officer)
        assert match["missing"]["child"]["name"] == NAME and match["missing"]["child"]["photo_ref"] == PHOTO
        assert match["found"]["child"]["name"] == "सुनीता"
    with pytest.raises(Forbidden):
        app.potential_matches("LKO", NODAL_AGR)
    with pytest.raises(Forbidden):
        app.potential_matches("LKO", AUDITOR)
    reads = app.cipher.vault.reads_of(load(app, missing).person_ref)
    assert sorted({r["actor"] for r in reads}) == ["msp-1", "no-agr-1", "so-lko-1"]
    assert all(r["purpose"].startswith("review potential match") for r in reads)
    assert app.cipher.vault.reads_of(load(app, found).person_ref)


def test_a_rejected_pair_is_never_proposed_again(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]
    [proposal] = app.file_found(found_form(clock), STATION)["potential_matches"]

    app.reject_match(proposal["match_id"], DecisionBody(note="Photo shown to the father: not his daughter."), STATION)

    assert app.potential_matches("LKO", STATION) == []
    assert app.search_again(missing, STATION)["potential_matches"] == []
    with pytest.raises(RuleViolated) as caught:
        app.confirm_match(proposal["match_id"], DecisionBody(note="Changed my mind."), STATION)
    assert caught.value.rule == "match_already_decided"


def test_a_confirmed_match_traces_both_reports_and_withdraws_the_other_proposals(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]
    [first] = app.file_found(found_form(clock), STATION)["potential_matches"]
    [second] = app.file_found(found_form(clock, height_cm=127), STATION)["potential_matches"]

    confirmed = app.confirm_match(second["match_id"], DecisionBody(note="Father identified her by photo."), STATION)

    assert confirmed["status"] == "confirmed"
    assert load(app, missing).status.value == "traced"
    assert load(app, second["found_report_id"]).matched_with == missing
    assert app.repository.get(PotentialMatch.create_id(missing, first["found_report_id"])).status.value == "withdrawn"
    assert load(app, first["found_report_id"]).open_for_matching
    assert app.potential_matches("LKO", STATION) == []
    with pytest.raises(RuleViolated) as caught:
        app.search_again(missing, STATION)
    assert caught.value.rule == "report_not_open"


def test_an_erased_child_drops_out_of_the_index(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]
    app.due_work.refresh()
    app.cipher.vault.erase(load(app, missing).person_ref, erased_by="dpo")

    assert app.file_found(found_form(clock), STATION)["potential_matches"] == []
    assert missing not in app.index.profiles


def test_a_match_concerning_other_districts_is_unknown_to_an_officer(app, clock):
    app.file_missing(missing_form(clock), STATION)
    [proposal] = app.file_found(found_form(clock), STATION)["potential_matches"]
    with pytest.raises(NotFound):
        app.reject_match(proposal["match_id"], DecisionBody(note="Not ours to decide."), NODAL_AGR)
    with pytest.raises(NotFound):
        app.reject_match("not-a-match-id", DecisionBody(note="Typo in the id."), MSP)


# ------------------------------------------------------------------ recovery


def test_restoration_of_a_confirmed_pair_closes_both_and_seals_who_received_the_child(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]
    [proposal] = app.file_found(found_form(clock), STATION)["potential_matches"]
    app.confirm_match(proposal["match_id"], DecisionBody(note="Father identified her."), STATION)

    view = app.record_recovery(missing, RecoveryBody.model_validate(
        {"outcome": "restored", "received_by": {"name": "Ramesh Kumar", "relationship": "father"}}), STATION)

    assert view["status"] == "restored"
    assert load(app, proposal["found_report_id"]).status.value == "restored"
    found = load(app, proposal["found_report_id"])
    assert found.cwc_due_at is None or found.status.value == "restored"
    assert "Ramesh" not in str(load(app, missing).sealed_receiver)
    with pytest.raises(RuleViolated) as caught:
        app.record_recovery(missing, RecoveryBody(outcome="produced_before_cwc"), STATION)
    assert caught.value.rule == "report_closed"


def test_an_unidentified_found_child_produced_before_the_cwc_stays_open_for_matching(app, clock):
    found = app.file_found(found_form(clock, name=None), STATION)["report_id"]

    view = app.record_recovery(found, RecoveryBody(outcome="produced_before_cwc"), STATION)

    assert view["status"] == "with_cwc" and view["cwc_due_at"] is None
    assert load(app, found).open_for_matching
    clock.advance(H)
    [proposal] = app.file_missing(missing_form(clock), STATION)["potential_matches"]
    app.confirm_match(proposal["match_id"], DecisionBody(note="The CWC showed the photo to the father."), STATION)
    assert load(app, proposal["missing_report_id"]).status.value == "with_cwc"  # she is with the CWC
    assert load(app, found).status.value == "with_cwc"
    app.record_recovery(found, RecoveryBody.model_validate(
        {"outcome": "restored", "received_by": {"name": "Ramesh Kumar", "relationship": "father"}}), STATION)
    assert {load(app, r).status.value for r in (found, proposal["missing_report_id"])} == {"restored"}


def test_the_police_view_shows_the_identity_and_logs_the_read(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]

    view = app.report_view(missing, STATION)

    assert view["child"]["name"] == NAME and view["contact"]["guardian"]["phone"] == PHONE
    assert [r["purpose"] for r in app.cipher.vault.reads_of(load(app, missing).person_ref)] == [
        "police view of the report", "police view of the report"]
    with pytest.raises(Forbidden):
        app.report_view(missing, NODAL_AGR)


# ------------------------------------------------------------------ clocks


def count(app, report_id, name, **attributes) -> int:
    return sum(1 for e in events(app, report_id)
               if type(e).__name__ == name and all(getattr(e, k) == v for k, v in attributes.items()))


def alerts(app, report_id, clock, alert) -> int:
    return count(app, report_id, "ClockAlert", clock=clock, alert=alert)


def test_a_found_child_in_charge_must_be_before_the_cwc_within_24_hours(app, clock):
    found = app.file_found(found_form(clock, name=None), STATION)["report_id"]
    start = clock.now()

    clock.set(start + 20 * H - timedelta(seconds=1))
    assert app.due_work.tick() == 0
    clock.set(start + 20 * H)
    assert app.due_work.tick() == 1
    clock.set(start + 30 * H)
    app.due_work.tick()
    app.due_work.tick()

    assert alerts(app, found, "cwc_production", "due_soon") == 1
    assert alerts(app, found, "cwc_production", "overdue") == 1
    assert app.due_work.tick() == 0


def test_a_sighting_starts_the_cwc_clock_only_when_police_take_charge(app, clock):
    sighting = app.file_sighting(found_form(clock, now_with="not_in_care", reported_by="public", name=None))
    assert set(sighting) == {"report_id"}
    clock.advance(30 * H)
    app.due_work.tick()
    assert alerts(app, sighting["report_id"], "cwc_production", "overdue") == 0

    app.take_charge(sighting["report_id"], STATION)
    clock.advance(25 * H)
    app.due_work.tick()
    assert alerts(app, sighting["report_id"], "cwc_production", "overdue") == 1


def test_a_sighting_must_come_from_the_public(app, clock):
    with pytest.raises(InvalidInput) as caught:
        app.file_sighting(found_form(clock))
    assert caught.value.field == "reported_by"


def test_untraced_four_months_hands_the_case_to_the_ahtu_once(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]
    filed_at = clock.now()

    clock.set(filed_at.replace(month=5) - 7 * DAY)
    app.due_work.tick()
    assert alerts(app, missing, "ahtu_handover", "due_soon") == 1
    clock.set(filed_at.replace(month=5))
    app.due_work.tick()
    app.due_work.tick()

    assert count(app, missing, "HandedToAhtu") == 1
    assert load(app, missing).status.value == "with_ahtu"
    assert load(app, missing).open_for_matching


def test_suspected_trafficking_hands_the_case_over_at_once(app, clock):
    missing = app.file_missing(missing_form(clock), STATION)["report_id"]

    app.suspect_trafficking(missing, DecisionBody(note="Seen with an agent at the bus stand."), STATION)

    assert load(app, missing).ahtu_reason == "trafficking_suspected"
    with pytest.raises(RuleViolated) as caught:
        app.suspect_trafficking(missing, DecisionBody(note="Again, by mistake."), STATION)
    assert caught.value.rule == "already_with_ahtu"
    clock.advance(200 * DAY)
    app.due_work.tick()
    assert count(app, missing, "HandedToAhtu") == 1


# ------------------------------------------------------------------ two instances


def test_an_instance_matches_against_reports_another_instance_filed(open_app, shared_store, clock):
    first, second = open_app(shared_store), open_app(shared_store)
    missing = first.file_missing(missing_form(clock), STATION)["report_id"]

    [proposal] = second.file_found(found_form(clock), STATION)["potential_matches"]

    assert proposal["missing_report_id"] == missing
    assert [m["match_id"] for m in first.potential_matches("LKO", STATION)] == [proposal["match_id"]]


def test_the_index_is_rebuilt_at_start_up(open_app, shared_store, clock):
    missing = open_app(shared_store).file_missing(missing_form(clock), STATION)["report_id"]

    restarted = open_app(shared_store)
    restarted.due_work.refresh()

    assert missing in restarted.index.profiles
    assert restarted.index.profiles[missing].names == (("sunita", "kumari"),)
