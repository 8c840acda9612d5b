"""Domain event → public integration event. The person's sealed identity (with the gender they
state), the representative, the description and officers' ids stay inside the service."""
from __future__ import annotations

from typing import Any

from chassis.casework import clock_event_mappers
from chassis.integration import IntegrationMapping, Mapper
from contracts import transgender_cell as public
from services.transgender_cell.domain import CertificateApplication, Grievance

PRIVATE_EVENTS: frozenset[type] = frozenset()


def _grievance(e: Any) -> dict[str, Any]:
    return {"occurred_at": e.at, "grievance_id": e.case_id, "district": e.district, "status": e.status}


def _certificate(e: Any) -> dict[str, Any]:
    return {"occurred_at": e.at, "application_id": e.case_id, "district": e.district, "status": e.status}


MAPPERS: dict[type, Mapper] = {
    Grievance.Registered: lambda e: public.GrievanceRegistered(
        **_grievance(e), category=e.category, registered_by=e.registered_by, person_ref=e.person["person_ref"]),
    Grievance.Referred: lambda e: public.GrievanceReferred(**_grievance(e), police_station=e.police_station),
    Grievance.FirDecisionRecorded: lambda e: public.FirDecisionRecorded(
        **_grievance(e), decision=e.decision, fir_number=e.fir_number),
    Grievance.InvestigationConcluded: lambda e: public.InvestigationConcluded(**_grievance(e), outcome=e.outcome),
    Grievance.ProsecutionUpdateRecorded: lambda e: public.ProsecutionUpdateRecorded(
        **_grievance(e), update_no=e.update_no, next_hearing=e.next_hearing),
    Grievance.Closed: lambda e: public.GrievanceClosed(**_grievance(e), reason=e.reason),
    CertificateApplication.Applied: lambda e: public.CertificateApplied(
        **_certificate(e), person_ref=e.applicant["person_ref"]),
    CertificateApplication.Decided: lambda e: public.CertificateDecided(**_certificate(e), decision=e.decision),
    **clock_event_mappers(public.ClockStarted, public.ClockStopped, public.ClockDueSoon, public.ClockBreached),
}


to_integration_event = IntegrationMapping(MAPPERS, PRIVATE_EVENTS)
