"""The POSH domain, pure: routing, the s.9 filing limit, every clock (working days across a
Sunday and a gazetted holiday), every refusal and every escalation."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chassis.casework import Party
from chassis.errors import InvalidInput, RuleViolated
from chassis.working_days import IST, WorkingDayCalendar
from services.posh.domain import (
    LocalCommittee,
    PoshComplaint,
    Workplace,
    check_filing_limit,
    route,
)
from contracts.posh import Committee, Finding, Routing, Status

T0 = datetime(2026, 1, 23, 6, 0, tzinfo=timezone.utc)  # Friday 23 Jan 2026, 11:30 IST
DAY = timedelta(days=1)
CALENDAR = WorkingDayCalendar({date(2026, 1, 26)})  # Republic Day, a Monday
END_OF_2_FEB = datetime(2026, 2, 3, 0, 0, tzinfo=IST)  # 7 working days after 23 Jan
END_OF_6_FEB = datetime(2026, 2, 7, 0, 0, tzinfo=IST)  # 10 working days after 26 Jan (a holiday)


def person(role: str, n: int = 1) -> Party:
    return Party(role, f"p_{role}_{n}", f"SEALED-{role}-{n}")


def workplace(employees: int = 50, committee: bool = True) -> Workplace:
    place = Workplace.register(workplace_id="WP-LKO-1", name="Gomti Textiles", district="LKO",
                               employee_count=employees, employer="Gomti Textiles Pvt Ltd", at=T0)
    if committee:
        place.record_internal_committee(person("presiding_officer"), [person("member", 1), person("member", 2)],
                                        person("external_member"), T0)
    return place


def file(respondents: int = 1, incident: date = date(2026, 1, 10), at: datetime = T0,
         committee: Committee = Committee.INTERNAL) -> PoshComplaint:
    return PoshComplaint.file(
        complaint_id="PO-LKO-2601-AAAAAA", district="LKO", workplace_id="WP-LKO-1", committee=committee,
        routing=Routing.INTERNAL_COMMITTEE if committee is Committee.INTERNAL else Routing.FEWER_THAN_TEN_EMPLOYEES,
        complainant=person("complainant"), respondents=[person("respondent", n) for n in range(1, respondents + 1)],
        incident_date=incident, series=False, sealed_description="SEALED-DESCRIPTION", access_code_hash="hash",
        at=at, calendar=CALENDAR,
    )


def names(aggregate) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def refused(rule: str, command, *args, **kwargs) -> None:
    with pytest.raises(RuleViolated) as caught:
        command(*args, **kwargs)
    assert caught.value.rule == rule, caught.value


def breaches(complaint: PoshComplaint) -> list[tuple[str, int, str | None]]:
    return [(e.key, e.level, e.escalated_to) for e in complaint.collect_events()
            if type(e).__name__ == "ClockBreached"]


def under_inquiry(respondents: int = 1) -> PoshComplaint:
    complaint = file(respondents)
    for n in range(1, respondents + 1):
        complaint.record_copy_sent(n, T0 + DAY, CALENDAR)
    return complaint


def reported(finding: Finding = Finding.PROVED, recommendations=("written_apology",)) -> PoshComplaint:
    complaint = under_inquiry()
    complaint.complete_inquiry(finding, "ic", T0 + 30 * DAY)
    complaint.submit_report(list(recommendations), "ic", T0 + 35 * DAY)
    return complaint


# ---------------------------------------------------------------------------------------------- committees


def test_an_internal_committee_is_constituted_only_with_presiding_officer_two_members_and_external_member():
    assert workplace().internal_committee_constituted
    place = workplace(committee=False)
    assert not place.internal_committee_constituted
    place.record_internal_committee(person("presiding_officer"), [person("member")], person("external_member"), T0)
    assert not place.internal_committee_constituted  # one member only
    place.record_internal_committee(None, [person("member", 1), person("member", 2)], person("external_member"), T0)
    assert not place.internal_committee_constituted  # no presiding officer
    place.record_internal_committee(person("presiding_officer"), [person("member", 1), person("member", 2)], None, T0)
    assert not place.internal_committee_constituted  # no external member
    with pytest.raises(InvalidInput):
        Workplace.register(workplace_id="WP-X", name="x", district="LKO", employee_count=0, employer="x", at=T0)


def test_the_local_committee_is_one_per_district_and_reconstituting_replaces_it():
    committee = LocalCommittee.register("LKO", person("chairperson"), [person("member")], T0)
    committee.reconstitute(person("chairperson", 2), [person("member", 1), person("member", 2)], T0 + DAY)
    assert LocalCommittee.create_id("LKO") == committee.id
    assert committee.chairperson.person_ref == "p_chairperson_2" and len(committee.members) == 2
    assert names(committee) == ["Registered", "Reconstituted"]


@pytest.mark.parametrize("place, against_employer, expected", [
    (None, False, (Committee.LOCAL, Routing.NO_REGISTERED_WORKPLACE)),
    ("small", False, (Committee.LOCAL, Routing.FEWER_THAN_TEN_EMPLOYEES)),
    ("large", True, (Committee.LOCAL, Routing.AGAINST_EMPLOYER)),
    ("no_committee", False, (Committee.LOCAL, Routing.INTERNAL_COMMITTEE_NOT_CONSTITUTED)),
    ("large", False, (Committee.INTERNAL, Routing.INTERNAL_COMMITTEE)),
])
def test_a_complaint_goes_to_the_committee_with_jurisdiction(place, against_employer, expected):
    places = {None: None, "small": workplace(9), "large": workplace(10), "no_committee": workplace(200, False)}
    assert route(places[place], against_employer) == expected


# ---------------------------------------------------------------------------------------------- s.9 filing limit


def test_within_three_months_the_complaint_is_received_and_its_clocks_start():
    complaint = file(respondents=2)
    assert complaint.status is Status.RECEIVED
    assert names(complaint) == ["Filed", "ClockStarted", "ClockStarted", "ClockStarted"]
    assert {key: c["due_at"] for key, c in complaint.clocks.items()} == {
        "copy_to_respondent:1": END_OF_2_FEB, "copy_to_respondent:2": END_OF_2_FEB, "inquiry": T0 + 90 * DAY}


def test_the_limit_counts_three_calendar_months_from_the_last_incident_in_ist():
    assert check_filing_limit(date(2025, 10, 23), T0) is True  # exactly three months
    assert check_filing_limit(date(2025, 10, 22), T0) is False  # needs the committee's extension
    assert check_filing_limit(date(2025, 7, 23), T0) is False  # exactly six months
    refused("s.9(1)", check_filing_limit, date(2025, 7, 22), T0)
    # 23 Jan 20:00 UTC is already 24 Jan in Lucknow.
    assert check_filing_limit(date(2025, 10, 24), T0.replace(hour=20)) is True
    with pytest.raises(InvalidInput) as future:
        check_filing_limit(date(2026, 1, 24), T0)
    assert future.value.field == "incident_date"


def test_later_than_three_months_the_committee_may_extend_with_recorded_reasons():
    complaint = file(incident=date(2025, 9, 1))
    assert complaint.status is Status.AWAITING_EXTENSION and complaint.clocks == {}
    refused("not_at_this_stage", complaint.record_copy_sent, 1, T0, CALENDAR)
    complaint.grant_extension("SEALED-REASONS", "ic", T0 + 2 * DAY, CALENDAR)
    assert complaint.status is Status.RECEIVED and complaint.sealed_extension_reasons == "SEALED-REASONS"
    # The clocks run from the extension: Sun 25 Jan + 7 working days (26 Jan a holiday) = Tue 3 Feb.
    assert complaint.clocks["copy_to_respondent:1"]["due_at"] == datetime(2026, 2, 4, 0, 0, tzinfo=IST)
    refused("no_extension_needed", complaint.grant_extension, "SEALED-REASONS", "ic", T0, CALENDAR)


def test_later_than_six_months_filing_is_refused_with_the_rule_named():
    refused("s.9(1)", file, incident=date(2025, 7, 1))


def test_a_complaint_names_at_least_one_respondent():
    with pytest.raises(InvalidInput):
        file(respondents=0)


# ---------------------------------------------------------------------------------------------- r.7 copy and reply


def test_the_copy_clock_is_seven_working_days_past_a_sunday_and_a_holiday_and_escalates():
    complaint = file()
    complaint.collect_events()
    complaint.fire_due_deadlines(END_OF_2_FEB - timedelta(seconds=1))
    assert [type(e).__name__ for e in complaint.collect_events()] == ["ClockDueSoon"]  # a day before
    complaint.fire_due_deadlines(END_OF_2_FEB)
    assert breaches(complaint) == [("copy_to_respondent:1", 1, "district_nodal_officer")]
    complaint.fire_due_deadlines(END_OF_2_FEB + 7 * DAY)
    assert breaches(complaint) == [("copy_to_respondent:1", 2, "msp_hq")]
    complaint.fire_due_deadlines(END_OF_2_FEB + 70 * DAY)
    assert breaches(complaint) == []  # the inquiry's own 90 days are not up yet


def test_sending_every_copy_starts_the_inquiry_stage_and_each_reply_clock():
    complaint = file(respondents=2)
    complaint.record_copy_sent(2, datetime(2026, 1, 26, 5, 0, tzinfo=timezone.utc), CALENDAR)
    assert complaint.status is Status.RECEIVED
    assert complaint.clocks["respondent_reply:2"]["due_at"] == END_OF_6_FEB
    assert complaint.clocks["copy_to_respondent:2"]["met"] is True
    complaint.record_copy_sent(1, T0 + DAY, CALENDAR)
    assert complaint.status is Status.UNDER_INQUIRY
    refused("copy_already_sent", complaint.record_copy_sent, 1, T0 + DAY, CALENDAR)
    with pytest.raises(InvalidInput):
        complaint.record_copy_sent(3, T0 + DAY, CALENDAR)


def test_the_reply_clock_is_ten_working_days_and_its_breach_escalates_to_nobody():
    complaint = file()
    complaint.record_copy_sent(1, datetime(2026, 1, 26, 5, 0, tzinfo=timezone.utc), CALENDAR)
    complaint.collect_events()
    complaint.fire_due_deadlines(END_OF_6_FEB)
    assert breaches(complaint) == [("respondent_reply:1", 1, None)]


def test_a_reply_needs_a_copy_and_comes_once():
    complaint = file(respondents=2)
    refused("copy_not_sent", complaint.record_reply, 1, T0)
    complaint.record_copy_sent(1, T0, CALENDAR)
    complaint.record_reply(1, T0 + DAY)
    assert complaint.clocks["respondent_reply:1"]["stopped_at"] == T0 + DAY
    refused("reply_already_received", complaint.record_reply, 1, T0 + DAY)


# ---------------------------------------------------------------------------------------------- s.10 conciliation


def test_conciliation_settles_without_money_and_stops_every_clock():
    complaint = under_inquiry()
    complaint.request_conciliation(T0 + 2 * DAY)
    assert complaint.status is Status.CONCILIATION
    refused("s.10(1)", complaint.settle, "SEALED-TERMS", True, "ic", T0 + 3 * DAY)
    complaint.settle("SEALED-TERMS", False, "ic", T0 + 3 * DAY)
    assert complaint.status is Status.SETTLED and complaint.running_clocks() == {}
    refused("not_in_conciliation", complaint.settle, "SEALED-TERMS", False, "ic", T0 + 3 * DAY)


def test_failed_conciliation_returns_to_the_stage_it_left():
    complaint = file()
    complaint.request_conciliation(T0 + DAY)
    complaint.end_conciliation("ic", T0 + 2 * DAY)
    assert complaint.status is Status.RECEIVED
    refused("not_in_conciliation", complaint.end_conciliation, "ic", T0 + 2 * DAY)


def test_conciliation_comes_before_the_inquiry_ends():
    complaint = under_inquiry()
    complaint.complete_inquiry(Finding.PROVED, "ic", T0 + 10 * DAY)
    refused("s.10(1)", complaint.request_conciliation, T0 + 11 * DAY)


# ---------------------------------------------------------------------------------------------- s.12 interim relief


def test_interim_relief_is_recommended_on_her_written_request_and_leave_is_at_most_three_months():
    complaint = under_inquiry()
    refused("s.12(1)", complaint.recommend_interim_relief, "transfer", None, "ic", T0 + 2 * DAY)
    refused("s.12(1)(b)", complaint.request_interim_relief, "leave", 91, T0 + 2 * DAY)
    complaint.request_interim_relief("leave", 90, T0 + 2 * DAY)
    refused("s.12(1)(b)", complaint.recommend_interim_relief, "leave", 120, "ic", T0 + 3 * DAY)
    complaint.recommend_interim_relief("leave", 60, "ic", T0 + 3 * DAY)
    assert complaint.reliefs[0]["leave_days"] == 60
    for relief, days in (("leave", None), ("transfer", 10)):
        with pytest.raises(InvalidInput) as wrong:
            complaint.request_interim_relief(relief, days, T0)
        assert wrong.value.field == "leave_days"


def test_interim_relief_is_for_a_pending_inquiry():
    refused("inquiry_not_pending", reported().request_interim_relief, "transfer", None, T0 + 40 * DAY)


# ---------------------------------------------------------------------------------------------- inquiry, report, action


def test_the_inquiry_needs_every_copy_sent():
    refused("copies_not_sent", file().complete_inquiry, Finding.PROVED, "ic", T0 + DAY)


def test_the_inquiry_clock_is_ninety_days_warns_ten_days_before_and_escalates():
    complaint = under_inquiry()
    complaint.collect_events()
    complaint.fire_due_deadlines(T0 + 80 * DAY)
    assert [(type(e).__name__, e.key) for e in complaint.collect_events() if e.key == "inquiry"] == [
        ("ClockDueSoon", "inquiry")]
    complaint.fire_due_deadlines(T0 + 97 * DAY)
    assert [b for b in breaches(complaint) if b[0] == "inquiry"] == [
        ("inquiry", 1, "district_nodal_officer"), ("inquiry", 2, "msp_hq")]


def test_completing_the_inquiry_stops_its_clocks_and_starts_the_ten_day_report_clock():
    complaint = under_inquiry()
    complaint.complete_inquiry(Finding.PROVED, "ic", T0 + 30 * DAY)
    assert complaint.status is Status.INQUIRY_COMPLETED
    assert set(complaint.running_clocks()) == {"report"}
    assert complaint.clocks["report"]["due_at"] == T0 + 40 * DAY
    assert complaint.clocks["inquiry"]["met"] is True
    complaint.collect_events()
    complaint.fire_due_deadlines(T0 + 40 * DAY)
    assert breaches(complaint) == [("report", 1, "district_nodal_officer")]


def test_the_report_goes_to_the_employer_or_the_district_officer_and_names_nobody():
    complaint = reported()
    assert complaint.status is Status.REPORT_SUBMITTED and complaint.report_to == "employer"
    assert complaint.clocks["employer_action"]["due_at"] == T0 + 95 * DAY
    local = file(committee=Committee.LOCAL)
    assert local.report_to == "district_officer"
    refused("not_at_this_stage", local.submit_report, ["warning"], "lc", T0)


def test_when_not_proved_the_committee_recommends_no_action_and_no_employer_clock_runs():
    complaint = under_inquiry()
    complaint.complete_inquiry(Finding.NOT_PROVED, "ic", T0 + 30 * DAY)
    refused("s.13(2)", complaint.submit_report, ["warning"], "ic", T0 + 31 * DAY)
    complaint.submit_report(["no_action"], "ic", T0 + 31 * DAY)
    assert complaint.running_clocks() == {}
    refused("no_action_due", complaint.record_employer_action, "implemented", "ic", T0 + 32 * DAY)


def test_the_employer_acts_within_sixty_days_or_the_breach_escalates():
    late = reported()
    late.collect_events()
    late.fire_due_deadlines(T0 + 95 * DAY)
    assert breaches(late) == [("employer_action", 1, "district_nodal_officer")]
    complaint = reported()
    complaint.record_employer_action("implemented", "ic", T0 + 50 * DAY)
    assert complaint.status is Status.ACTION_TAKEN and complaint.clocks["employer_action"]["met"] is True
    refused("not_at_this_stage", complaint.record_employer_action, "implemented", "ic", T0 + 51 * DAY)


def test_an_appeal_lies_within_ninety_days_of_the_report():
    complaint = reported()
    refused("s.18(2)", complaint.file_appeal, "respondent", "ic", T0 + 35 * DAY + timedelta(days=90, seconds=1))
    complaint.file_appeal("respondent", "ic", T0 + 35 * DAY + timedelta(days=90))
    assert complaint.status is Status.APPEALED
    complaint.record_employer_action("partly_implemented", "ic", T0 + 130 * DAY)
    assert complaint.status is Status.APPEALED
    refused("no_report_to_appeal", under_inquiry().file_appeal, "complainant", "ic", T0)
