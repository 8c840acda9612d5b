from __future__ import annotations

from datetime import timedelta

import pytest

from chassis.clock import MovableClock
from contracts import complaints as public
from services.complaints.domain import Category, Complaint, LadderStage, Rating
from services.complaints.integration import MAPPERS, PRIVATE_EVENTS, to_integration_event

T0 = MovableClock().now()
H = timedelta(hours=1)
SECRETS = ["SEALED-ID", "SEALED-DESC", "SEALED-COMMENT", "ATR-BODY", "NOTE-BODY", "OUTCOME-BODY", "HASH-BODY"]


def every_event_class() -> set[type]:
    bases = {Complaint.Event, Complaint.Created}  # abstract bases eventsourcing adds; never triggered
    return {
        value
        for value in vars(Complaint).values()
        if isinstance(value, type) and issubclass(value, Complaint.Event) and value not in bases
    }


def full_story() -> list:
    """Every domain event class at least once, with a marker in each private field."""
    complaint = Complaint.register(
        complaint_id="VK-9", district="AGR", police_station=None, category=Category.STALKING,
        filed_by="on_behalf", anonymous=False, language="en", person_ref="pref-9",
        sealed_identity="SEALED-ID", sealed_description="SEALED-DESC", evidence_refs=[],
        access_code_hash="HASH-BODY", at=T0,
    )
    complaint.record_sms_outcome("sms-1", True, "prov", None, T0)
    complaint.fire_due_deadlines(T0 + 50 * H)
    complaint.file_atr("ATR-BODY: respondent warned at the thana.", "en", "off-1", T0 + 51 * H, [])
    complaint.record_ladder_stage(LadderStage.WARNING_CALL, "OUTCOME-BODY", "pr-1", T0 + 52 * H)
    complaint.give_ladder_feedback(Rating.DISSATISFIED, "SEALED-COMMENT", T0 + 53 * H)
    complaint.give_feedback(Rating.DISSATISFIED, "SEALED-COMMENT", T0 + 54 * H)
    complaint.return_to_district("NOTE-BODY", "msp-1", T0 + 55 * H)
    complaint.file_atr("ATR-BODY: FIR registered, accused arrested.", "hi", "off-1", T0 + 56 * H, [])
    complaint.give_feedback(Rating.SATISFIED, "SEALED-COMMENT", T0 + 57 * H)
    complaint.fire_due_deadlines(T0 + 57 * H + timedelta(days=30))
    complaint.give_feedback(Rating.SATISFIED, "SEALED-COMMENT", T0 + 57 * H + timedelta(days=31))
    return list(complaint.collect_events())


def test_every_domain_event_is_mapped_or_explicitly_private():
    assert every_event_class() == set(MAPPERS) | PRIVATE_EVENTS
    assert not set(MAPPERS) & PRIVATE_EVENTS


def test_the_story_covers_every_event_class():
    assert {type(e) for e in full_story()} == every_event_class()


def test_no_integration_event_carries_sealed_fields_or_free_text():
    published = [p for p in map(to_integration_event, full_story()) if p is not None]

    assert len(published) == 14
    for event in published:
        body = event.model_dump_json()
        assert not [secret for secret in SECRETS if secret in body], type(event).__name__
        assert event.subject() == "VK-9"
        assert event.source_service == "complaints"


def test_private_events_are_not_published():
    events = full_story()
    assert [to_integration_event(e) for e in events if type(e) in PRIVATE_EVENTS] == [None, None, None]


def test_mapping_builds_contract_fields_from_the_event_alone():
    events = full_story()
    registered = events[0]
    overdue_2 = [e for e in events if isinstance(e, Complaint.AtrOverdue)][-1]
    public_registered = to_integration_event(registered)
    assert isinstance(public_registered, public.ComplaintRegistered)
    assert public_registered.atr_due_at == T0 + 24 * H
    assert public_registered.category is public.Category.STALKING
    assert public_registered.person_ref == "pref-9"
    public_overdue = to_integration_event(overdue_2)
    assert (public_overdue.type, public_overdue.level, public_overdue.escalated_to) == (
        "complaint.atr_overdue.v1", 2, "msp_hq",
    )
    assert public_overdue.occurred_at == T0 + 48 * H


def test_an_unknown_event_is_an_error_not_silence():
    with pytest.raises(LookupError):
        to_integration_event(object())
