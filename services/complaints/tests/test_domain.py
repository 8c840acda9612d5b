from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chassis.clock import MovableClock
from chassis.errors import InvalidInput, RuleViolated
from services.complaints.domain import (
    PHONE_PATTERN,
    Category,
    Complaint,
    LadderStage,
    Rating,
    Status,
)

T0 = MovableClock().now()
H = timedelta(hours=1)
DAY = timedelta(days=1)
ATR_TEXT = "Both parties were called to the thana and the respondent was warned in writing."
NAMES = ["Sunita Devi", "Ra"]  # "Ra" is too short to protect: it would refuse ordinary words


def register(**overrides) -> Complaint:
    fields = dict(
        complaint_id="VK-2026-000001",
        district="LKO",
        police_station="Hazratganj",
        category=Category.STALKING,
        filed_by="self",
        anonymous=False,
        language="hi",
        person_ref="pref-abc",
        sealed_identity="SEALED-IDENTITY",
        sealed_description="SEALED-DESCRIPTION",
        evidence_refs=["ev-1"],
        access_code_hash="hash",
        at=T0,
    )
    fields.update(overrides)
    return Complaint.register(**fields)


def names(complaint: Complaint) -> list[str]:
    return [type(e).__name__ for e in complaint.collect_events()]


def refused(rule: str, command, *args, **kwargs) -> RuleViolated:
    with pytest.raises(RuleViolated) as caught:
        command(*args, **kwargs)
    assert caught.value.rule == rule
    return caught.value


def file_atr(complaint: Complaint, at: datetime, text: str = ATR_TEXT) -> None:
    complaint.file_atr(text, "hi", "officer-7", at, protected_names=NAMES)


def with_atr(**overrides) -> Complaint:
    complaint = register(**overrides)
    file_atr(complaint, T0 + 2 * H)
    complaint.collect_events()
    return complaint


def awaiting_final_feedback() -> Complaint:
    complaint = with_atr()
    complaint.give_feedback(Rating.SATISFIED, None, T0 + 3 * H)
    complaint.collect_events()
    return complaint


# ------------------------------------------------------------------ registration and SMS


def test_registration_opens_cycle_one_and_requests_two_sms():
    complaint = register()

    assert names(complaint) == ["Registered", "SmsRequested", "SmsRequested"]
    assert complaint.id == Complaint.create_id("VK-2026-000001")
    assert complaint.status is Status.AWAITING_ATR
    assert (complaint.cycle, complaint.escalation_level) == (1, 0)
    assert complaint.registered_at == T0
    assert complaint.atr_due_at == T0 + 24 * H
    assert [s["recipient_group"] for s in complaint.pending_sms()] == [
        "district:LKO:supervisors",
        "msp_hq",
    ]


def test_sms_message_names_the_case_but_not_the_person():
    message = register().pending_sms()[0]["message"]

    assert "VK-2026-000001" in message and "stalking" in message and "LKO" in message
    assert "ATR due by 06 Jan 2026 14:30 IST" in message  # T0 + 24 h, shown in IST
    assert "SEALED" not in message and "pref-abc" not in message


def test_same_complaint_id_gives_the_same_aggregate_id_so_the_store_refuses_a_duplicate():
    assert register().id == register().id != register(complaint_id="VK-2026-000002").id


def test_identified_complaint_needs_a_sealed_identity_but_an_anonymous_one_does_not():
    with pytest.raises(InvalidInput) as caught:
        register(sealed_identity=None)
    assert caught.value.field == "complainant"

    assert register(anonymous=True, sealed_identity=None).anonymous is True


def test_unknown_category_and_naive_time_are_invalid_input():
    with pytest.raises(InvalidInput) as caught:
        register(category="burglary")
    assert caught.value.field == "category"
    with pytest.raises(InvalidInput) as caught:
        register(at=datetime(2026, 1, 5, 9, 0))
    assert caught.value.field == "at"


def test_sms_outcome_is_recorded_once_and_leaves_the_pending_list():
    complaint = register()
    complaint.collect_events()

    complaint.record_sms_outcome("sms-1", True, "prov-1", None, T0 + H)

    assert names(complaint) == ["SmsOutcomeRecorded"]
    assert [s["request_id"] for s in complaint.pending_sms()] == ["sms-2"]
    assert complaint.sms["sms-1"]["provider_ref"] == "prov-1"
    refused("sms_outcome_already_recorded", complaint.record_sms_outcome, "sms-1", False, None, "x", T0)
    refused("unknown_sms_request", complaint.record_sms_outcome, "sms-9", True, None, None, T0)


# ------------------------------------------------------------------ ATR clock


def test_due_soon_fires_at_20_hours_not_before():
    complaint = register()
    complaint.collect_events()

    assert complaint.next_deadline() == T0 + 20 * H
    assert complaint.fire_due_deadlines(T0 + 20 * H - timedelta(minutes=1)) == 0
    assert complaint.fire_due_deadlines(T0 + 20 * H) == 1

    (due_soon,) = complaint.collect_events()
    assert type(due_soon).__name__ == "AtrDueSoon"
    assert (due_soon.cycle, due_soon.atr_due_at, due_soon.at) == (1, T0 + 24 * H, T0 + 20 * H)
    assert complaint.next_deadline() == T0 + 24 * H


def test_first_breach_at_24_hours_escalates_to_the_nodal_officer():
    complaint = register()
    complaint.fire_due_deadlines(T0 + 20 * H)
    complaint.collect_events()

    complaint.fire_due_deadlines(T0 + 24 * H)

    (overdue,) = complaint.collect_events()
    assert (overdue.level, overdue.escalated_to, overdue.at) == (1, "district_nodal_officer", T0 + 24 * H)
    assert complaint.escalation_level == 1


def test_past_48_hours_all_three_fire_in_order_at_their_due_times_and_only_once():
    complaint = register()
    complaint.collect_events()

    assert complaint.fire_due_deadlines(T0 + 60 * H) == 3
    assert complaint.fire_due_deadlines(T0 + 60 * H) == 0

    due_soon, first, second = complaint.collect_events()
    assert [type(e).__name__ for e in (due_soon, first, second)] == ["AtrDueSoon", "AtrOverdue", "AtrOverdue"]
    assert [e.at for e in (due_soon, first, second)] == [T0 + 20 * H, T0 + 24 * H, T0 + 48 * H]
    assert (second.level, second.escalated_to) == (2, "msp_hq")
    assert complaint.escalation_level == 2
    assert complaint.next_deadline() is None


def test_no_atr_deadlines_once_an_atr_is_filed():
    complaint = register()
    file_atr(complaint, T0 + 5 * H)

    assert complaint.next_deadline() is None
    assert complaint.atr_due_at is None
    assert complaint.fire_due_deadlines(T0 + 100 * H) == 0


# ------------------------------------------------------------------ ATR filing


def test_first_atr_moves_to_atr_filed_and_a_supplementary_one_is_allowed():
    complaint = register()
    complaint.collect_events()

    file_atr(complaint, T0 + 5 * H)
    file_atr(complaint, T0 + 6 * H)

    first, second = complaint.collect_events()
    assert (first.atr_no, first.first_in_cycle, first.status) == (1, True, "atr_filed")
    assert (second.atr_no, second.first_in_cycle) == (2, False)
    assert complaint.status is Status.ATR_FILED
    assert complaint.first_atr_at == T0 + 5 * H
    assert complaint.atrs[1]["officer_id"] == "officer-7"


@pytest.mark.parametrize(
    "number",
    ["98765 43210", "+91-9876543210", "09876543210", "9876543210", "+91 98765-43210", "1234567890123"],
)
def test_atr_with_a_phone_number_is_refused_without_echoing_it(number):
    complaint = register()

    with pytest.raises(InvalidInput) as caught:
        file_atr(complaint, T0 + H, f"{ATR_TEXT} Contact {number} for details.")

    assert caught.value.field == "text"
    assert number not in str(caught.value) and "98765" not in str(caught.value)
    assert complaint.status is Status.AWAITING_ATR


def test_phone_pattern_leaves_ordinary_numbers_alone():
    assert not PHONE_PATTERN.search("FIR 123/2026 u/s 78 BNS, 3 persons, dated 05-01-2026")


@pytest.mark.parametrize("mention", ["sunita", "SUNITA", "Devi"])
def test_atr_naming_the_complainant_is_refused_without_echoing_the_name(mention):
    complaint = register()

    with pytest.raises(InvalidInput) as caught:
        file_atr(complaint, T0 + H, f"{ATR_TEXT} Spoke to {mention} at home.")

    assert caught.value.field == "text"
    assert mention.lower() not in str(caught.value).lower()


def test_name_check_is_whole_word_and_skips_short_parts():
    complaint = register()

    file_atr(complaint, T0 + H, f"{ATR_TEXT} Raised with Devika's office; Ra nagar beat informed.")

    assert complaint.status is Status.ATR_FILED


def test_atr_refusals_by_state():
    vetting = with_atr()
    vetting.give_feedback(Rating.DISSATISFIED, None, T0 + 3 * H)
    refused("under_msp_vetting", file_atr, vetting, T0 + 4 * H)

    final = awaiting_final_feedback()
    refused("awaiting_final_feedback", file_atr, final, T0 + 4 * H)
    final.fire_due_deadlines(T0 + 3 * H + 30 * DAY)
    refused("awaiting_final_feedback", file_atr, final, T0 + 31 * DAY)

    closed = awaiting_final_feedback()
    closed.give_feedback(Rating.SATISFIED, None, T0 + 4 * H)
    refused("complaint_closed", file_atr, closed, T0 + 5 * H)


# ------------------------------------------------------------------ feedback, vetting, return


def test_satisfied_after_atr_awaits_final_feedback():
    complaint = with_atr()

    complaint.give_feedback(Rating.SATISFIED, "SEALED-COMMENT", T0 + 3 * H)

    (given,) = complaint.collect_events()
    assert (type(given).__name__, given.rating, given.final) == ("FeedbackGiven", "satisfied", False)
    assert complaint.status is Status.AWAITING_FINAL_FEEDBACK
    assert complaint.last_feedback_at == T0 + 3 * H
    assert complaint.feedback == [
        {"rating": Rating.SATISFIED, "final": False, "comment_sealed": "SEALED-COMMENT", "at": T0 + 3 * H}
    ]


def test_dissatisfied_after_atr_goes_to_msp_vetting():
    complaint = with_atr()

    complaint.give_feedback("dissatisfied", None, T0 + 3 * H)

    assert names(complaint) == ["FeedbackGiven"]
    assert complaint.status is Status.UNDER_MSP_VETTING
    assert complaint.next_deadline() is None


def test_return_to_district_opens_a_new_cycle_with_its_own_clock():
    complaint = with_atr()
    complaint.fire_due_deadlines(T0 + 100 * H)  # nothing: the ATR stopped cycle 1's clock
    complaint.give_feedback(Rating.DISSATISFIED, None, T0 + 3 * H)
    returned_at = T0 + 5 * DAY
    complaint.collect_events()

    complaint.return_to_district("Vetted: pursue under s.78 BNS.", "msp-legal-1", returned_at)

    (returned,) = complaint.collect_events()
    assert (type(returned).__name__, returned.cycle, returned.status) == ("ReturnedToDistrict", 2, "awaiting_atr")
    assert (complaint.cycle, complaint.escalation_level) == (2, 0)
    assert complaint.atr_due_at == returned_at + 24 * H
    assert complaint.next_deadline() == returned_at + 20 * H
    assert complaint.fire_due_deadlines(returned_at + 24 * H) == 2
    assert [(e.cycle, e.at) for e in complaint.collect_events()] == [
        (2, returned_at + 20 * H),
        (2, returned_at + 24 * H),
    ]
    refused("awaiting_new_atr", complaint.give_feedback, Rating.SATISFIED, None, returned_at + H)

    file_atr(complaint, returned_at + 30 * H)
    (atr,) = complaint.collect_events()
    assert (atr.atr_no, atr.first_in_cycle) == (2, True)


def test_return_is_only_from_vetting():
    refused("not_under_vetting", register().return_to_district, "note text", "msp-1", T0 + H)
    refused("not_under_vetting", with_atr().return_to_district, "note text", "msp-1", T0 + H)


def test_feedback_refusals():
    refused("feedback_requires_atr", register().give_feedback, Rating.SATISFIED, None, T0 + H)

    vetting = with_atr()
    vetting.give_feedback(Rating.DISSATISFIED, None, T0 + 3 * H)
    refused("under_msp_vetting", vetting.give_feedback, Rating.SATISFIED, None, T0 + 4 * H)

    closed = awaiting_final_feedback()
    closed.give_feedback(Rating.SATISFIED, None, T0 + 4 * H)
    refused("complaint_closed", closed.give_feedback, Rating.SATISFIED, None, T0 + 5 * H)


# ------------------------------------------------------------------ final feedback


def test_satisfied_final_feedback_closes():
    complaint = awaiting_final_feedback()

    complaint.give_feedback(Rating.SATISFIED, None, T0 + 10 * DAY)

    given, closed = complaint.collect_events()
    assert (given.final, given.status) == (True, "closed")
    assert (type(closed).__name__, closed.reason) == ("Closed", "satisfied")
    assert (complaint.status, complaint.closed_reason) == (Status.CLOSED, "satisfied")
    assert complaint.next_deadline() is None


def test_final_feedback_is_requested_30_days_after_the_last_feedback_then_lapses_7_days_later():
    complaint = awaiting_final_feedback()
    last_feedback = T0 + 3 * H
    requested_at = last_feedback + 30 * DAY

    assert complaint.next_deadline() == requested_at
    assert complaint.fire_due_deadlines(requested_at - timedelta(seconds=1)) == 0
    assert complaint.fire_due_deadlines(requested_at) == 1
    (requested,) = complaint.collect_events()
    assert (type(requested).__name__, requested.at) == ("FinalFeedbackRequested", requested_at)
    assert complaint.status is Status.FINAL_FEEDBACK_REQUESTED

    assert complaint.next_deadline() == requested_at + 7 * DAY
    assert complaint.fire_due_deadlines(requested_at + 7 * DAY) == 1
    (closed,) = complaint.collect_events()
    assert (closed.reason, closed.at) == ("no_final_feedback", requested_at + 7 * DAY)
    assert complaint.status is Status.CLOSED
    assert complaint.fire_due_deadlines(requested_at + 100 * DAY) == 0


def test_long_silence_requests_and_closes_in_one_call():
    complaint = awaiting_final_feedback()

    assert complaint.fire_due_deadlines(T0 + 60 * DAY) == 2
    assert names(complaint) == ["FinalFeedbackRequested", "Closed"]


def test_negative_final_feedback_reopens_vetting():
    complaint = awaiting_final_feedback()
    complaint.fire_due_deadlines(T0 + 31 * DAY)
    complaint.collect_events()

    complaint.give_feedback(Rating.DISSATISFIED, None, T0 + 32 * DAY)

    (given,) = complaint.collect_events()
    assert (given.final, given.status) == (True, "under_msp_vetting")
    assert complaint.status is Status.UNDER_MSP_VETTING
    assert complaint.next_deadline() is None


def test_ladder_feedback_restarts_the_30_day_wait():
    complaint = awaiting_final_feedback()
    complaint.record_ladder_stage(LadderStage.WARNING_CALL, "Offender warned by phone", "pr-1", T0 + DAY)
    complaint.give_ladder_feedback(Rating.SATISFIED, None, T0 + 10 * DAY)

    assert complaint.next_deadline() == T0 + 40 * DAY


# ------------------------------------------------------------------ WPL-1090 ladder


def test_ladder_runs_in_order_while_harassment_continues():
    complaint = register(category=Category.PHONE_ONLINE_HARASSMENT)
    complaint.collect_events()

    for day, stage in enumerate(LadderStage, start=1):
        complaint.record_ladder_stage(stage, "Stage done as per SOP", "pr-1", T0 + day * DAY)
        complaint.give_ladder_feedback("dissatisfied", None, T0 + day * DAY + H)

    events = complaint.collect_events()
    assert [type(e).__name__ for e in events] == ["LadderStageRecorded", "LadderFeedbackGiven"] * 3
    assert [e.stage for e in events[::2]] == [s.value for s in LadderStage]
    assert complaint.ladder[0] == {
        "stage": LadderStage.WARNING_CALL,
        "outcome": "Stage done as per SOP",
        "officer_id": "pr-1",
        "recorded_at": T0 + DAY,
        "rating": Rating.DISSATISFIED,
        "comment_sealed": None,
        "feedback_at": T0 + DAY + H,
    }
    assert complaint.last_feedback_at == T0 + 3 * DAY + H
    assert complaint.status is Status.AWAITING_ATR  # the ladder runs beside the ATR loop


def test_ladder_refusals():
    refused(
        "ladder_not_applicable",
        register(category=Category.DOWRY).record_ladder_stage,
        LadderStage.WARNING_CALL, "Offender warned", "pr-1", T0 + H,
    )

    complaint = register(category=Category.EVE_TEASING)
    record = complaint.record_ladder_stage
    refused("no_ladder_stage_awaiting_feedback", complaint.give_ladder_feedback, Rating.SATISFIED, None, T0)
    refused("ladder_stage_out_of_order", record, LadderStage.FFR_COUNSELLING, "FFR held", "pr-1", T0 + H)

    record(LadderStage.WARNING_CALL, "Offender warned", "pr-1", T0 + H)
    refused("ladder_stage_out_of_order", record, LadderStage.WARNING_CALL, "Warned again", "pr-1", T0 + 2 * H)
    refused("ladder_feedback_pending", record, LadderStage.FFR_COUNSELLING, "FFR held", "pr-1", T0 + 2 * H)

    complaint.give_ladder_feedback(Rating.SATISFIED, None, T0 + 3 * H)
    refused("no_ladder_stage_awaiting_feedback", complaint.give_ladder_feedback, Rating.SATISFIED, None, T0)
    refused("ladder_resolved", record, LadderStage.FFR_COUNSELLING, "FFR held", "pr-1", T0 + 4 * H)


def test_ladder_is_closed_with_the_complaint():
    complaint = awaiting_final_feedback()
    complaint.give_feedback(Rating.SATISFIED, None, T0 + 4 * H)

    refused("complaint_closed", complaint.record_ladder_stage, LadderStage.WARNING_CALL, "Warned", "pr-1", T0 + 5 * H)
    refused("complaint_closed", complaint.give_ladder_feedback, Rating.SATISFIED, None, T0 + 5 * H)


def test_ladder_after_the_last_stage_is_out_of_order():
    complaint = register(category=Category.STALKING)
    for stage in LadderStage:
        complaint.record_ladder_stage(stage, "Stage done", "pr-1", T0 + H)
        complaint.give_ladder_feedback(Rating.DISSATISFIED, None, T0 + 2 * H)

    refused("ladder_stage_out_of_order", complaint.record_ladder_stage, LadderStage.WARNING_CALL, "Again", "pr-1", T0)


# ------------------------------------------------------------------ replay


def test_replaying_the_events_rebuilds_the_same_complaint():
    complaint = register(category=Category.STALKING)
    complaint.record_sms_outcome("sms-1", False, None, "DND number", T0 + H)
    complaint.fire_due_deadlines(T0 + 30 * H)
    file_atr(complaint, T0 + 31 * H)
    complaint.record_ladder_stage(LadderStage.WARNING_CALL, "Offender warned", "pr-1", T0 + 32 * H)
    complaint.give_ladder_feedback(Rating.DISSATISFIED, None, T0 + 40 * H)
    complaint.give_feedback(Rating.DISSATISFIED, None, T0 + 41 * H)
    complaint.return_to_district("Vetted, pursue", "msp-1", T0 + 50 * H)

    replayed = None
    for domain_event in complaint.collect_events():
        replayed = domain_event.mutate(replayed)

    assert replayed == complaint
