from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chassis.clock import MovableClock
from chassis.errors import InvalidInput, RuleViolated
from services.missing_child.domain import ChildReport, PotentialMatch

T0 = MovableClock().now()  # 5 Jan 2026, 09:00 UTC
H = timedelta(hours=1)
DAY = timedelta(days=1)


def missing(**overrides) -> ChildReport:
    fields = dict(report_id="MC-LKO-1", district="LKO", police_station="Alambagh", fir_number=None,
                  reported_by="parent_guardian", person_ref="p-child-1", sex="girl", age_low=9, age_high=10,
                  height_cm=128, last_seen_at=T0 - 5 * H, sealed_child="SEALED-CHILD", sealed_contact="SEALED-GUARDIAN",
                  trafficking_suspected=False, at=T0)
    fields.update(overrides)
    return ChildReport.file_missing(**fields)


def found(**overrides) -> ChildReport:
    fields = dict(report_id="FC-BBK-1", district="BBK", police_station="GRP Barabanki", reported_by="railway_police",
                  now_with="railway_police", person_ref="p-child-2", sex="girl", age_low=8, age_high=12,
                  height_cm=130, found_at=T0 + DAY, sealed_child="SEALED-FOUND", sealed_contact=None, at=T0 + DAY)
    fields.update(overrides)
    return ChildReport.file_found(**fields)


def proposal(**overrides) -> PotentialMatch:
    fields = dict(missing_report_id="MC-LKO-1", found_report_id="FC-BBK-1", missing_district="LKO",
                  found_district="BBK", score=0.82, reasons=[{"field": "name", "score": 1.0}], at=T0 + DAY)
    fields.update(overrides)
    return PotentialMatch.propose(**fields)


def names(aggregate) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def refused(rule: str, command, *args, **kwargs) -> None:
    with pytest.raises(RuleViolated) as caught:
        command(*args, **kwargs)
    assert caught.value.rule == rule


def invalid(field: str, command, *args, **kwargs) -> None:
    with pytest.raises(InvalidInput) as caught:
        command(*args, **kwargs)
    assert caught.value.field == field


# ------------------------------------------------------------------ filing


def test_a_missing_report_is_filed_with_its_fir_in_one_event():
    report = missing()

    assert names(report) == ["Filed"]
    assert report.status.value == "missing"
    assert (report.fir_number, report.police_station) == ("e-FIR/MC-LKO-1", "Alambagh")
    assert report.age_band == "6-11"
    assert report.ahtu_due_at == T0.replace(month=5)
    assert report.open_for_matching


def test_the_station_reports_with_its_fir_number_or_not_at_all():
    assert missing(reported_by="police_station", fir_number="77/2026").fir_number == "77/2026"
    invalid("fir_number", missing, reported_by="police_station")
    invalid("police_station", missing, police_station="")


def test_filing_refuses_bad_values_naming_the_field():
    invalid("child.sex", missing, sex="unknown")
    invalid("child.sex", missing, sex="x")
    invalid("child.age", missing, age_low=12, age_high=9)
    invalid("last_seen.at", missing, last_seen_at=T0 + H)
    invalid("found.at", found, found_at=T0 + 2 * DAY)
    invalid("at", missing, at=datetime(2026, 1, 5, 9, 0))
    invalid("reported_by", found, reported_by="neighbour")
    invalid("now_with", found, now_with="somewhere")


def test_trafficking_suspected_at_filing_hands_the_case_to_the_ahtu_at_once():
    report = missing(trafficking_suspected=True)

    assert names(report) == ["Filed", "HandedToAhtu"]
    assert report.status.value == "with_ahtu" and report.ahtu_reason == "trafficking_suspected"
    assert report.pending_deadlines() == []


def test_a_found_child_in_police_charge_starts_the_cwc_clock_at_the_finding():
    report = found()
    assert report.status.value == "found" and report.in_charge_since == T0 + DAY
    assert report.cwc_due_at == T0 + DAY + 24 * H


def test_a_child_found_by_the_cwc_is_already_before_it():
    report = found(now_with="cwc", reported_by="cwc")
    assert report.status.value == "with_cwc" and report.cwc_due_at is None
    assert report.open_for_matching


def test_a_sighting_has_no_cwc_clock_until_police_take_charge():
    report = found(now_with="not_in_care", reported_by="public")
    assert report.pending_deadlines() == []

    report.take_charge("so-1", T0 + 2 * DAY)

    assert report.cwc_due_at == T0 + 3 * DAY
    refused("already_in_charge", report.take_charge, "so-1", T0 + 2 * DAY)
    refused("not_a_found_report", missing().take_charge, "so-1", T0)


# ------------------------------------------------------------------ clocks


def test_the_ahtu_clock_warns_a_week_before_and_hands_over_at_four_months_once():
    report = missing()
    due = T0.replace(month=5)

    assert report.fire_due_deadlines(due - 7 * DAY - H) == 0
    assert report.fire_due_deadlines(due - 7 * DAY) == 1
    assert report.fire_due_deadlines(due) == 1
    assert report.fire_due_deadlines(due + 100 * DAY) == 0

    events = list(report.collect_events())
    assert [type(e).__name__ for e in events] == ["Filed", "ClockAlert", "HandedToAhtu"]
    assert (events[1].clock, events[1].alert) == ("ahtu_handover", "due_soon")
    assert events[1].at == due - 7 * DAY and events[1].due_at == due
    assert (events[2].at, events[2].reason, events[2].escalated_to) == (due, "untraced_four_months", "ahtu:LKO")
    assert report.status.value == "with_ahtu" and report.open_for_matching


def test_a_report_filed_on_the_31st_is_due_on_the_months_last_day():
    report = missing(at=T0.replace(month=10, day=31), last_seen_at=T0.replace(month=10, day=30))
    assert report.ahtu_due_at == T0.replace(year=2027, month=2, day=28)


def test_a_traced_child_stops_the_ahtu_clock():
    report = missing()
    report.trace("m-1", "FC-BBK-1", False, T0 + DAY)
    assert report.fire_due_deadlines(T0 + 200 * DAY) == 0


def test_the_cwc_clock_warns_at_20_hours_and_breaches_at_24_once():
    report = found()
    start = T0 + DAY

    assert report.fire_due_deadlines(start + 20 * H) == 1
    assert report.fire_due_deadlines(start + 30 * H) == 1
    assert report.fire_due_deadlines(start + 60 * H) == 0

    events = list(report.collect_events())[1:]
    assert [(e.clock, e.alert, e.at, e.due_at) for e in events] == [
        ("cwc_production", "due_soon", start + 20 * H, start + 24 * H),
        ("cwc_production", "overdue", start + 24 * H, start + 24 * H)]
    assert [e.escalated_to for e in events] == [None, "district_nodal_officer"]


def test_production_before_the_cwc_or_restoration_stops_the_cwc_clock():
    produced, restored = found(), found()
    produced.produce_before_cwc("so-1", T0 + DAY + 3 * H)
    restored.restore("SEALED-RECEIVER", "so-1", T0 + DAY + 3 * H)
    assert produced.fire_due_deadlines(T0 + 10 * DAY) == restored.fire_due_deadlines(T0 + 10 * DAY) == 0


# ------------------------------------------------------------------ tracing and recovery


def test_a_confirmed_match_traces_and_closes_the_report_for_matching():
    report = missing()
    report.trace("m-1", "FC-BBK-1", False, T0 + DAY)

    assert report.status.value == "traced" and report.matched_with == "FC-BBK-1"
    assert not report.open_for_matching
    refused("report_not_open", report.trace, "m-2", "FC-X", False, T0 + DAY)


def test_a_child_already_before_the_cwc_is_traced_as_with_the_cwc():
    report = missing()
    report.trace("m-1", "FC-BBK-1", True, T0 + DAY)
    assert report.status.value == "with_cwc"


def test_restoration_records_who_received_the_child_and_closes_the_report():
    report = missing()
    report.trace("m-1", "FC-BBK-1", False, T0 + DAY)
    report.restore("SEALED-RECEIVER", "so-1", T0 + 2 * DAY)

    assert report.status.value == "restored" and report.sealed_receiver == "SEALED-RECEIVER"
    refused("report_closed", report.restore, "SEALED-RECEIVER", "so-1", T0 + 3 * DAY)
    refused("report_closed", report.produce_before_cwc, "so-1", T0 + 3 * DAY)
    invalid("received_by", missing().restore, "", "so-1", T0 + DAY)


def test_a_missing_child_recovered_without_a_found_report_is_traced_first():
    report = missing()
    report.produce_before_cwc("so-1", T0 + DAY)

    assert names(report) == ["Filed", "Traced", "ProducedBeforeCwc"]
    assert report.traced_at == T0 + DAY and report.status.value == "with_cwc"
    refused("already_with_cwc", report.produce_before_cwc, "so-1", T0 + DAY)
    report.restore("SEALED-RECEIVER", "cwc", T0 + 5 * DAY)
    assert report.status.value == "restored"


def test_trafficking_suspected_later_hands_over_once():
    report = missing()
    report.suspect_trafficking("so-1", "SEALED-NOTE", T0 + H)

    assert report.status.value == "with_ahtu"
    refused("already_with_ahtu", report.suspect_trafficking, "so-1", None, T0 + 2 * H)
    refused("not_a_missing_report", found().suspect_trafficking, "so-1", None, T0 + 2 * H)
    traced = missing()
    traced.trace("m-1", "FC-1", False, T0 + H)
    refused("report_not_open", traced.suspect_trafficking, "so-1", None, T0 + 2 * H)


def test_a_found_report_matched_is_closed_for_matching_even_with_the_cwc():
    report = found(now_with="cwc", reported_by="cwc")
    report.trace("m-1", "MC-LKO-1", False, T0 + 2 * DAY)
    assert report.status.value == "with_cwc" and not report.open_for_matching


# ------------------------------------------------------------------ potential matches


def test_a_pair_has_one_id_whatever_the_proposal():
    assert PotentialMatch.create_id("MC-1", "FC-1") == PotentialMatch.create_id("MC-1", "FC-1")
    assert PotentialMatch.create_id("MC-1", "FC-1") != PotentialMatch.create_id("MC-1", "FC-2")
    assert proposal().id == PotentialMatch.create_id("MC-LKO-1", "FC-BBK-1")


def test_a_match_is_decided_once():
    confirmed, rejected, withdrawn = proposal(), proposal(), proposal()
    confirmed.confirm("so-1", "SEALED-NOTE", T0 + 2 * DAY)
    rejected.reject("so-1", None, T0 + 2 * DAY)
    withdrawn.withdraw("other-match", T0 + 2 * DAY)

    assert [m.status.value for m in (confirmed, rejected, withdrawn)] == ["confirmed", "rejected", "withdrawn"]
    assert names(confirmed) == ["Proposed", "Decided"]
    for match in (confirmed, rejected, withdrawn):
        refused("match_already_decided", match.confirm, "so-1", None, T0 + 3 * DAY)
        refused("match_already_decided", match.reject, "so-1", None, T0 + 3 * DAY)
        refused("match_already_decided", match.withdraw, "x", T0 + 3 * DAY)
    assert confirmed.districts == {"LKO", "BBK"}


def test_a_score_outside_zero_to_one_is_refused():
    invalid("score", proposal, score=1.2)
