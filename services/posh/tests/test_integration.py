from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chassis.casework import Case, Party, recordable_events
from chassis.working_days import WorkingDayCalendar
from contracts import posh as public
from services.posh.domain import LocalCommittee, PoshComplaint, Workplace
from services.posh.integration import MAPPERS, PRIVATE_EVENTS, to_integration_event

T0 = datetime(2026, 1, 23, 6, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
SECRETS = ["SEALED-", "Gomti Textiles Pvt Ltd"]


def party(role: str, n: int = 1) -> Party:
    return Party(role, f"p_{role}_{n}", f"SEALED-{role}-{n}")


def full_story() -> list:
    """Every POSH domain event at least once, with a marker in each sealed field."""
    calendar = WorkingDayCalendar({date(2026, 1, 26)})
    place = Workplace.register(workplace_id="WP-1", name="Gomti Textiles", district="LKO", employee_count=80,
                               employer="Gomti Textiles Pvt Ltd", at=T0)
    place.record_internal_committee(party("po"), [party("m", 1), party("m", 2)], party("ext"), T0)
    committee = LocalCommittee.register("LKO", party("chair"), [party("m")], T0)
    committee.reconstitute(party("chair", 2), [party("m")], T0)
    late = PoshComplaint.file(
        complaint_id="PO-1", district="LKO", workplace_id="WP-1", committee="internal", routing="internal_committee",
        complainant=party("complainant"), respondents=[party("respondent", 1), party("respondent", 2)],
        incident_date=date(2025, 9, 1), series=True, sealed_description="SEALED-DESC", access_code_hash="SEALED-HASH",
        at=T0, calendar=calendar)
    late.grant_extension("SEALED-REASONS", "ic", T0, calendar)
    late.request_interim_relief("leave", 30, T0 + DAY)
    late.recommend_interim_relief("leave", 30, "ic", T0 + DAY)
    late.request_conciliation(T0 + DAY)
    late.end_conciliation("ic", T0 + DAY)
    late.fire_due_deadlines(T0 + 20 * DAY)
    late.record_copy_sent(1, T0 + 20 * DAY, calendar)
    late.record_copy_sent(2, T0 + 20 * DAY, calendar)
    late.record_reply(1, T0 + 21 * DAY)
    late.complete_inquiry("proved", "ic", T0 + 40 * DAY)
    late.submit_report(["warning"], "ic", T0 + 45 * DAY)
    late.record_employer_action("implemented", "ic", T0 + 50 * DAY)
    late.file_appeal("respondent", "ic", T0 + 60 * DAY)
    return [*place.collect_events(), *committee.collect_events(), *late.collect_events()]


def test_every_domain_event_is_mapped_or_explicitly_private():
    recordable = recordable_events(Workplace, LocalCommittee, PoshComplaint)
    assert recordable == set(MAPPERS) | PRIVATE_EVENTS
    assert {type(e) for e in full_story()} == recordable


def test_no_integration_event_carries_sealed_fields_or_the_employer_name():
    published = [p for p in map(to_integration_event, full_story()) if p is not None]
    assert {p.source_service for p in published} == {"posh"}
    for event in published:
        body = event.model_dump_json()
        assert not [secret for secret in SECRETS if secret in body], type(event).__name__


def test_the_filing_event_carries_refs_and_the_filing_limit():
    filed = to_integration_event(next(e for e in full_story() if isinstance(e, PoshComplaint.Filed)))
    assert isinstance(filed, public.ComplaintFiled)
    assert (filed.complainant_ref, filed.respondent_refs) == ("p_complainant_1", ["p_respondent_1", "p_respondent_2"])
    assert filed.filing_limit == date(2025, 12, 1) and filed.status is public.Status.AWAITING_EXTENSION
    breach = to_integration_event(next(e for e in full_story() if isinstance(e, Case.ClockBreached)))
    assert (breach.type, breach.case_kind, breach.clock, breach.escalated_to) == (
        "posh.clock_breached.v1", "complaint", "copy_to_respondent", "district_nodal_officer")
    committee = to_integration_event(next(e for e in full_story()
                                          if isinstance(e, Workplace.InternalCommitteeRecorded)))
    assert (committee.constituted, committee.member_count) == (True, 4)


def test_an_unknown_event_is_an_error_not_silence():
    with pytest.raises(LookupError):
        to_integration_event(object())
