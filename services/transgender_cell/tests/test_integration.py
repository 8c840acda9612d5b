from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chassis.casework import Case, Party, recordable_events
from contracts import transgender_cell as public
from services.transgender_cell.application import shipped_limits
from services.transgender_cell.domain import CertificateApplication, Grievance
from services.transgender_cell.integration import MAPPERS, PRIVATE_EVENTS, to_integration_event

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
LIMITS = shipped_limits()


def full_story() -> list:
    """Every domain event of the cell at least once, with a marker in each sealed field."""
    grievance = Grievance.register(
        grievance_id="TG-1", district="KNP", category="sexual_abuse", registered_by="representative",
        person=Party("person", "p_1", "SEALED-PERSON"), representative=Party("representative", "p_2", "SEALED-REP"),
        sealed_description="SEALED-DESC", access_code_hash="SEALED-HASH", at=T0, limits=LIMITS)
    grievance.fire_due_deadlines(T0 + 3 * DAY)
    grievance.refer("Kalyanpur", "cell", T0 + 4 * DAY, LIMITS)
    grievance.record_fir_decision("fir_registered", "0231/2026", "so", T0 + 5 * DAY, LIMITS)
    grievance.conclude_investigation("chargesheet", "so", T0 + 30 * DAY, LIMITS)
    grievance.record_prosecution_update(date(2026, 6, 1), "so", T0 + 40 * DAY, LIMITS)
    grievance.record_verdict("acquitted", "so", T0 + 50 * DAY)
    application = CertificateApplication.apply(
        application_id="TC-1", district="KNP", applicant=Party("applicant", "p_1", "SEALED-APPLICANT"),
        representative=None, access_code_hash="SEALED-HASH", at=T0, limits=LIMITS)
    application.decide("issued", "UP/KNP/42", "cell", T0 + DAY)
    return [*grievance.collect_events(), *application.collect_events()]


def test_every_domain_event_is_mapped_or_explicitly_private():
    recordable = recordable_events(Grievance, CertificateApplication)
    assert recordable == set(MAPPERS) | PRIVATE_EVENTS
    assert {type(e) for e in full_story()} == recordable


def test_no_integration_event_carries_sealed_fields():
    published = [p for p in map(to_integration_event, full_story()) if p is not None]
    assert {p.source_service for p in published} == {"transgender_cell"}
    for event in published:
        assert "SEALED" not in event.model_dump_json(), type(event).__name__


def test_mapped_events_carry_refs_stages_and_clock_kinds():
    events = full_story()
    registered = to_integration_event(events[0])
    assert isinstance(registered, public.GrievanceRegistered) and registered.person_ref == "p_1"
    kinds = {(p.case_kind, p.clock) for p in map(to_integration_event, events) if isinstance(p, public.ClockStarted)}
    assert kinds == {("grievance", "referral"), ("grievance", "fir_decision"),
                     ("grievance", "investigation_sexual_abuse"), ("grievance", "prosecution_update"),
                     ("certificate", "certificate")}
    breach = to_integration_event(next(e for e in events if isinstance(e, Case.ClockBreached)))
    assert (breach.type, breach.key, breach.escalated_to) == (
        "transgender_cell.clock_breached.v1", "referral", "district_nodal_officer")


def test_an_unknown_event_is_an_error_not_silence():
    with pytest.raises(LookupError):
        to_integration_event(object())
