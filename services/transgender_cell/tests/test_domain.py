"""The cell's domain, pure: every stage clock with its escalation to the district cell and then
the state cell, the certificate's 30 days, every refusal, and the limits file."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from chassis.casework import Party
from chassis.errors import InvalidInput, RuleViolated
from contracts.transgender_cell import CertificateStatus, GrievanceStatus
from services.transgender_cell.application import shipped_limits
from services.transgender_cell.domain import CertificateApplication, Grievance, limits_from

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
LIMITS = shipped_limits()


def register(category: str = "physical_abuse") -> Grievance:
    return Grievance.register(
        grievance_id="TG-KNP-2603-AAAAAA", district="KNP", category=category, registered_by="ngo",
        person=Party("person", "p_1", "SEALED-PERSON"), representative=Party("representative", "p_2", "SEALED-NGO"),
        sealed_description="SEALED-DESC", access_code_hash="hash", at=T0, limits=LIMITS)


def refused(rule: str, command, *args, **kwargs) -> None:
    with pytest.raises(RuleViolated) as caught:
        command(*args, **kwargs)
    assert caught.value.rule == rule, caught.value


def alerts(case) -> list[tuple[str, str, int | None, str | None]]:
    return [(type(e).__name__, e.key, getattr(e, "level", None), getattr(e, "escalated_to", None))
            for e in case.collect_events() if type(e).__name__ in ("ClockDueSoon", "ClockBreached")]


def referred(category: str = "physical_abuse") -> Grievance:
    grievance = register(category)
    grievance.refer("Kalyanpur", "cell", T0 + DAY, LIMITS)
    return grievance


def investigating(category: str = "physical_abuse") -> Grievance:
    grievance = referred(category)
    grievance.record_fir_decision("fir_registered", "0231/2026", "so", T0 + 2 * DAY, LIMITS)
    return grievance


def test_the_shipped_limits_and_where_they_come_from():
    assert {name: limit.days for name, limit in LIMITS.items()} == {
        "referral": 3, "fir_decision": 7, "investigation_sexual_abuse": 60, "investigation": 90,
        "prosecution_update": 90, "certificate": 30}
    assert "BNSS s.193(2)" in LIMITS["investigation_sexual_abuse"].rule
    assert LIMITS["certificate"].escalate_to == ("district_nodal_officer", "msp_hq")


def test_limits_are_configurable_and_a_bad_file_is_refused_naming_the_entry():
    document = {"escalation": {"warn_before_days": 2, "escalate_to": ["district_nodal_officer", "msp_hq"],
                               "escalate_to_state_after_days": 3},
                "limits": {name: {"days": 5, "rule": "test"} for name in LIMITS}}
    limits = limits_from(json.loads(json.dumps(document)))
    assert limits["investigation"].days == 5 and limits["referral"].escalate_every == 3 * DAY
    del document["limits"]["referral"]
    with pytest.raises(ValueError, match="referral"):
        limits_from(document)
    document["limits"]["referral"] = {"days": 0, "rule": "x"}
    with pytest.raises(ValueError, match="referral"):
        limits_from(document)


def test_a_registered_grievance_must_be_referred_within_its_limit_or_it_escalates_to_district_then_state():
    grievance = register()
    grievance.collect_events()
    grievance.fire_due_deadlines(T0 + 3 * DAY)
    assert alerts(grievance) == [("ClockDueSoon", "referral", None, None),
                                 ("ClockBreached", "referral", 1, "district_nodal_officer")]
    grievance.fire_due_deadlines(T0 + 10 * DAY)
    assert alerts(grievance) == [("ClockBreached", "referral", 2, "msp_hq")]
    grievance.fire_due_deadlines(T0 + 100 * DAY)
    assert alerts(grievance) == []


def test_referral_starts_the_fir_decision_clock_which_escalates_when_it_stalls():
    grievance = referred()
    assert grievance.status is GrievanceStatus.REFERRED and grievance.police_station == "Kalyanpur"
    assert grievance.clocks["referral"]["met"] is True
    assert grievance.clocks["fir_decision"]["due_at"] == T0 + 8 * DAY
    grievance.collect_events()
    grievance.fire_due_deadlines(T0 + 15 * DAY)
    assert [a for a in alerts(grievance) if a[0] == "ClockBreached"] == [
        ("ClockBreached", "fir_decision", 1, "district_nodal_officer"), ("ClockBreached", "fir_decision", 2, "msp_hq")]
    refused("not_at_this_stage", grievance.refer, "Kalyanpur", "cell", T0, LIMITS)


@pytest.mark.parametrize("category, days", [("sexual_abuse", 60), ("physical_abuse", 90)])
def test_an_fir_starts_the_investigation_clock_sixty_days_for_sexual_abuse_ninety_otherwise(category, days):
    grievance = investigating(category)
    assert grievance.status is GrievanceStatus.UNDER_INVESTIGATION and grievance.fir_number == "0231/2026"
    assert grievance.clocks["investigation"]["due_at"] == T0 + 2 * DAY + days * DAY
    grievance.collect_events()
    grievance.fire_due_deadlines(T0 + 2 * DAY + days * DAY)
    assert ("ClockBreached", "investigation", 1, "district_nodal_officer") in alerts(grievance)


def test_a_non_cognisable_offence_is_referred_to_the_magistrate_and_no_clock_runs():
    grievance = referred()
    grievance.record_fir_decision("referred_to_magistrate", "ignored", "so", T0 + 2 * DAY, LIMITS)
    assert grievance.status is GrievanceStatus.REFERRED_TO_MAGISTRATE and grievance.fir_number is None
    assert grievance.running_clocks() == {}


def test_a_chargesheet_starts_prosecution_follow_ups_each_restarting_the_ninety_days():
    grievance = investigating()
    grievance.conclude_investigation("chargesheet", "so", T0 + 30 * DAY, LIMITS)
    assert grievance.status is GrievanceStatus.PROSECUTION
    assert set(grievance.running_clocks()) == {"prosecution_update:1"}
    grievance.record_prosecution_update(date(2026, 6, 1), "so", T0 + 100 * DAY, LIMITS)
    assert set(grievance.running_clocks()) == {"prosecution_update:2"}
    assert grievance.clocks["prosecution_update:1"]["met"] is True
    grievance.collect_events()
    grievance.fire_due_deadlines(T0 + 190 * DAY)
    assert ("ClockBreached", "prosecution_update:2", 1, "district_nodal_officer") in alerts(grievance)
    grievance.record_verdict("convicted", "so", T0 + 200 * DAY)
    assert (grievance.status, grievance.closed_reason) == (GrievanceStatus.CLOSED, "convicted")
    assert grievance.running_clocks() == {}
    refused("not_at_this_stage", grievance.record_verdict, "acquitted", "so", T0 + 201 * DAY)


def test_a_closure_report_closes_the_grievance():
    grievance = investigating()
    grievance.conclude_investigation("closure_report", "so", T0 + 30 * DAY, LIMITS)
    assert (grievance.status, grievance.closed_reason) == (GrievanceStatus.CLOSED, "closure_report")
    assert grievance.running_clocks() == {}


def test_the_cell_resolves_a_grievance_itself_only_when_it_is_not_an_offence():
    refused("s.18_offence_to_police", register().resolve, "cell", T0)
    grievance = register("other_grievance")
    grievance.resolve("cell", T0 + DAY)
    assert (grievance.status, grievance.closed_reason) == (GrievanceStatus.CLOSED, "resolved_by_cell")
    refused("not_at_this_stage", grievance.resolve, "cell", T0 + DAY)


def test_out_of_order_stages_are_refused():
    grievance = register()
    refused("not_at_this_stage", grievance.record_fir_decision, "fir_registered", "1", "so", T0, LIMITS)
    refused("not_at_this_stage", grievance.conclude_investigation, "chargesheet", "so", T0, LIMITS)
    refused("not_at_this_stage", grievance.record_prosecution_update, None, "so", T0, LIMITS)
    with pytest.raises(InvalidInput):
        Grievance.register(grievance_id="x", district="KNP", category="witchcraft", registered_by="self",
                           person=Party("person", "p", "S"), representative=None, sealed_description="S",
                           access_code_hash="h", at=T0, limits=LIMITS)


def apply() -> CertificateApplication:
    return CertificateApplication.apply(application_id="TC-KNP-2603-AAAAAA", district="KNP",
                                        applicant=Party("applicant", "p_1", "SEALED-APPLICANT"), representative=None,
                                        access_code_hash="hash", at=T0, limits=LIMITS)


def test_the_certificate_of_identity_is_due_from_the_dm_in_thirty_days_and_its_breach_escalates():
    application = apply()
    assert application.clocks["certificate"]["due_at"] == T0 + 30 * DAY
    application.collect_events()
    application.fire_due_deadlines(T0 + 30 * DAY - timedelta(seconds=1))
    assert alerts(application) == [("ClockDueSoon", "certificate", None, None)]
    application.fire_due_deadlines(T0 + 37 * DAY)
    assert alerts(application) == [("ClockBreached", "certificate", 1, "district_nodal_officer"),
                                   ("ClockBreached", "certificate", 2, "msp_hq")]


def test_the_dm_decides_once_and_the_clock_records_whether_it_was_met():
    application = apply()
    application.decide("issued", "UP/KNP/2026/0042", "dm-cell", T0 + 20 * DAY)
    assert application.status is CertificateStatus.ISSUED and application.clocks["certificate"]["met"] is True
    refused("already_decided", application.decide, "rejected", None, "dm-cell", T0 + 21 * DAY)
    late = apply()
    late.decide("rejected", "ignored", "dm-cell", T0 + 40 * DAY)
    assert late.certificate_number is None and late.clocks["certificate"]["met"] is False
