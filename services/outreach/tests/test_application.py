"""The outreach Application below the nameko layer: in-memory persistence (SQLite where two
instances must share a store) and a movable clock."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chassis.auth import Officer, Role
from chassis.clock import MovableClock
from chassis.errors import Forbidden, InvalidInput, NotFound, RuleViolated
from chassis.bootstrap import build_application
from chassis.settings import load_settings
from contracts.outreach import ActivityBody, ClosureBody, IncidentBody, PanicAlertBody, UnsafeStopBody
from services.outreach.application import OutreachApplication

MIN = timedelta(minutes=1)
STATION = Officer("so-lko-1", Role.STATION_OFFICER, "LKO")
NODAL = Officer("no-lko-1", Role.DISTRICT_NODAL_OFFICER, "LKO")
OTHER = Officer("so-agr-1", Role.STATION_OFFICER, "AGR")
AUDITOR = Officer("aud-1", Role.AUDITOR, "UP")
DESCRIPTION, PHOTO = "A man in a blue shirt followed her off the bus", "photo-store://saarthi/ph-77"


def open_app(settings, clock) -> OutreachApplication:
    return build_application(OutreachApplication, settings, clock)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path, clock):
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "memory",
                              "WCSO_SAARTHI_ACK_MINUTES": "8"})
    application = open_app(settings, clock)
    yield application
    application.close()
    application.cipher.vault.db.close()


def activity(**changes) -> ActivityBody:
    body = {"programme": "ru_ba_ru", "place": {"kind": "school", "name": "GGIC Aliganj", "district": "LKO"},
            "date": "2026-01-04", "officers": ["so-1", "so-2"], "reach": {"female": {"0_17": 120}, "male": {"0_17": 30}}}
    body.update(changes)
    return ActivityBody.model_validate(body)


def alert(**changes) -> PanicAlertBody:
    body = {"district": "LKO", "vehicle": "UP32AB1234", "route": "Charbagh-Alambagh",
            "location": {"latitude": 26.83, "longitude": 80.92}, "pressed_at": "2026-01-05T08:59:30Z"}
    body.update(changes)
    return PanicAlertBody.model_validate(body)


def refused(rule: str, command, *args) -> RuleViolated:
    with pytest.raises(RuleViolated) as caught:
        command(*args)
    assert caught.value.rule == rule
    return caught.value


def published(app) -> list:
    return app.integration_events(0, 10_000).events


# ------------------------------------------------------------------ activities and duplicates


def test_an_activity_is_recorded_with_its_reach(app):
    view = app.record_activity(activity(), STATION)
    assert view["total_reach"] == 150 and view["officers"] == ["so-1", "so-2"]
    assert app.activity_view(view["activity_id"], NODAL) == view
    [event] = published(app)
    assert event.type == "outreach.activity_recorded.v1" and event.data["total_reach"] == 150


@pytest.mark.parametrize("changes", [
    {},  # the same submission again
    {"officers": ["so-3", "SO-2"], "programme": "akshaya"},  # another form naming one of the same officers
    {"place": {"kind": "school", "name": "ggic  aliganj", "district": "LKO"}, "officers": ["so-1"]},
])
def test_the_same_place_date_and_officer_is_refused_naming_the_rule_and_the_activity(app, changes):
    first = app.record_activity(activity(), STATION)
    error = refused("duplicate_activity", app.record_activity, activity(**changes), STATION)
    assert first["activity_id"] in error.detail
    assert len(published(app)) == 1


def test_a_duplicate_racing_past_the_check_still_collides_in_the_event_store(tmp_path, clock):
    settings = load_settings({"WCSO_DATA_DIR": str(tmp_path), "WCSO_EVENT_STORE": "sqlite"})
    first, second = open_app(settings, clock), open_app(settings, clock)
    try:
        check = second.get_or_none

        def check_before_the_rival_saves(aggregate_id):
            second.get_or_none = check
            return None  # the duplicate check ran before the rival's save

        second.get_or_none = check_before_the_rival_saves
        first.record_activity(activity(), STATION)
        refused("duplicate_activity", second.record_activity, activity(officers=["so-2"]), STATION)
        assert len(published(first)) == 1
    finally:
        for application in (first, second):
            application.close()


def test_other_places_dates_or_officers_are_other_activities(app):
    app.record_activity(activity(), STATION)
    app.record_activity(activity(date="2026-01-03"), STATION)
    app.record_activity(activity(officers=["so-7"]), STATION)
    app.record_activity(activity(place={"kind": "college", "name": "GGIC Aliganj", "district": "LKO"}), STATION)
    assert len(published(app)) == 4


def test_activities_need_a_police_role_of_the_district(app):
    with pytest.raises(Forbidden):
        app.record_activity(activity(), OTHER)
    with pytest.raises(Forbidden):
        app.record_activity(activity(), AUDITOR)
    view = app.record_activity(activity(), STATION)
    with pytest.raises(Forbidden):
        app.activity_view(view["activity_id"], OTHER)
    with pytest.raises(NotFound):
        app.activity_view("not-an-id", STATION)


def test_a_future_activity_is_refused(app):
    refused("activity_in_future", app.record_activity, activity(date="2026-01-06"), STATION)


# ------------------------------------------------------------------ the district's activity sheet

SHEET = (
    "programme,saathi_stage,place_kind,place_name,date,officers,female_0_17,female_18_30,male_0_17,transgender_18_30\n"
    "ru_ba_ru,,school,GGIC Aliganj,2026-01-04,so-1;so-2,120,,30,\n"        # 2: recorded
    "saathi,enrolment,college,KKC,2026-01-03,so-5,,14,,1\n"                   # 3: recorded
    "jagriti,,ward,Ward 12,2026-01-09,so-5,40,,,\n"                            # 4: in the future
    "akshaya,,school,GGIC Aliganj,2026-01-04,so-2,60,,,\n"                     # 5: so-2 was there on line 2
    "adhikaar,,gram_panchayat,\"Bakshi\nKa Talab\",2026-01-02,so-8,,25,,\n"    # 6-7: recorded (quoted line break)
    "mission_shakti_beat,,ward,Ward 3,2026-01-02,so-8,,,,\n"                   # 8: reaches nobody
    "saathi,,college,KKC,2026-01-02,so-9,3,,,\n"                               # 9: SAATHI without its stage
)


def test_the_sheet_records_good_rows_and_reports_bad_ones_by_line(app):
    summary = app.import_activities("LKO", SHEET, STATION)
    assert (summary["rows"], summary["recorded"], summary["duplicates"], summary["duplicate_lines"]) == (7, 3, 1, [5])
    assert [(r["line"], r["reason"].split(":")[0]) for r in summary["rejected"]] == [
        (4, "activity_in_future"), (8, "row"), (9, "row")]
    assert "reaches at least one person" in summary["rejected"][1]["reason"]
    assert "saathi_stage" in summary["rejected"][2]["reason"]
    reach = {e.data["place_name"]: e.data["total_reach"] for e in published(app)}
    assert reach == {"GGIC Aliganj": 150, "KKC": 15, "Bakshi\nKa Talab": 25}


def test_a_reimport_records_nothing_twice(app):
    app.import_activities("LKO", SHEET, STATION)
    before = len(app.recorder.select_notifications(start=1, limit=10_000))
    again = app.import_activities("LKO", SHEET, STATION)
    assert (again["recorded"], again["duplicates"], again["duplicate_lines"]) == (0, 4, [2, 3, 5, 6])
    assert len(app.recorder.select_notifications(start=1, limit=10_000)) == before


def test_a_row_is_recorded_whole_with_its_visits_or_not_at_all(app):
    app.import_activities("LKO", SHEET, STATION)
    names = [type(app.mapper.to_domain_event(n)).__qualname__
             for n in app.recorder.select_notifications(start=1, limit=10_000)]
    assert names == ["Activity.Recorded", "OfficerVisit.Claimed", "Activity.Recorded", "Activity.Recorded"]


def test_a_sheet_for_another_district_or_with_unknown_columns_is_refused_whole(app):
    with pytest.raises(Forbidden):
        app.import_activities("AGR", SHEET, STATION)
    with pytest.raises(InvalidInput) as caught:
        app.import_activities("LKO", "programme,place,date\nru_ba_ru,x,2026-01-01\n", STATION)
    assert caught.value.field == "sheet"
    assert app.recorder.select_notifications(start=1, limit=10) == []


# ------------------------------------------------------------------ SAARTHI


def test_a_panic_alert_must_be_acknowledged_within_the_configured_time(app, clock):
    opened = app.panic_alert(alert(), STATION)
    assert opened["ack_due_at"] == "2026-01-05T09:08:00+00:00"  # WCSO_SAARTHI_ACK_MINUTES=8
    clock.advance(5 * MIN)
    assert app.due_work.tick() == 1
    clock.advance(4 * MIN)
    assert app.due_work.tick() == 1
    acknowledged = app.acknowledge_incident(opened["incident_id"], NODAL)
    assert acknowledged["status"] == "acknowledged"
    types = [e.type for e in published(app)]
    assert types == ["outreach.saarthi_incident_opened.v1", "outreach.saarthi_ack_due_soon.v1",
                     "outreach.saarthi_ack_breached.v1", "outreach.saarthi_incident_acknowledged.v1"]
    assert published(app)[-1].data["on_time"] is False


def test_the_same_alert_sent_again_is_the_same_incident(app):
    first = app.panic_alert(alert(), STATION)
    assert app.panic_alert(alert(), STATION)["incident_id"] == first["incident_id"]
    assert app.panic_alert(alert(pressed_at="2026-01-05T08:59:45Z"), STATION)["incident_id"] != first["incident_id"]


def test_incident_details_are_sealed_opened_for_the_district_and_never_published(app):
    body = IncidentBody.model_validate({"district": "LKO", "kind": "harassment", "route": "R-12", "vehicle": "UP32AB1234",
                                        "occurred_at": "2026-01-05T08:00:00Z", "description": DESCRIPTION,
                                        "photo_refs": [PHOTO]})
    opened = app.report_incident(body, STATION)
    content = b"".join(n.state for n in app.recorder.select_notifications(start=1, limit=100))
    assert DESCRIPTION.encode() not in content and PHOTO.encode() not in content
    assert "UP32AB1234" not in str([e.data for e in published(app)])
    view = app.incident_view(opened["incident_id"], NODAL)
    assert (view["description"], view["photo_refs"], view["vehicle"]) == (DESCRIPTION, [PHOTO], "UP32AB1234")
    with pytest.raises(Forbidden):
        app.incident_view(opened["incident_id"], OTHER)
    refused("incident_exists", app.report_incident, body, STATION)


def test_close_after_acknowledgement(app):
    opened = app.panic_alert(alert(), STATION)
    refused("not_acknowledged", app.close_incident, opened["incident_id"], ClosureBody(resolution="false_alarm"), NODAL)
    app.acknowledge_incident(opened["incident_id"], STATION)
    closed = app.close_incident(opened["incident_id"], ClosureBody(resolution="false_alarm"), NODAL)
    assert (closed["status"], closed["resolution"]) == ("closed", "false_alarm")
    with pytest.raises(Forbidden):
        app.acknowledge_incident(opened["incident_id"], AUDITOR)


def test_unsafe_stop_reports_build_up_per_stop(app):
    body = UnsafeStopBody(district="LKO", stop_name="Charbagh", reasons=["poor_lighting"])
    app.report_unsafe_stop(body)
    second = app.report_unsafe_stop(UnsafeStopBody(district="LKO", stop_name="CHARBAGH ", reasons=["isolated"]))
    assert second["reports"] == 2 and second["stop_name"] == "Charbagh"
    assert [e.data["report_count"] for e in published(app)] == [1, 2]
