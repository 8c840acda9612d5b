"""Domain event → public integration event. Sealed identities, descriptions, extension reasons,
settlement terms and committee members stay inside the service: each mapper copies only what the
contract names (a party is its `person_ref`)."""
from __future__ import annotations

from datetime import date
from typing import Any

from chassis.casework import add_months, clock_event_mappers
from chassis.integration import IntegrationMapping, Mapper
from contracts import posh as public
from services.posh.domain import FILING_MONTHS, LocalCommittee, PoshComplaint, Workplace, constituted

PRIVATE_EVENTS: frozenset[type] = frozenset()


def _complaint(e: Any) -> dict[str, Any]:
    return {"occurred_at": e.at, "complaint_id": e.case_id, "district": e.district, "status": e.status}


def _filed(e: Any) -> public.ComplaintFiled:
    incident = date.fromisoformat(e.incident_date)
    return public.ComplaintFiled(
        **_complaint(e), workplace_id=e.workplace_id, committee=e.committee, routing=e.routing,
        complainant_ref=e.complainant["person_ref"], respondent_refs=[r["person_ref"] for r in e.respondents],
        incident_date=incident, filing_limit=add_months(incident, FILING_MONTHS),
    )


def _committee_recorded(e: Any) -> public.InternalCommitteeRecorded:
    return public.InternalCommitteeRecorded(
        occurred_at=e.at, workplace_id=e.workplace_id, district=e.district,
        constituted=constituted(e.presiding_officer, e.members, e.external_member),
        member_count=len(e.members) + (e.presiding_officer is not None) + (e.external_member is not None),
    )


def _local_committee(e: Any) -> public.LocalCommitteeRegistered:
    return public.LocalCommitteeRegistered(occurred_at=e.at, district=e.district, member_count=len(e.members) + 1)


MAPPERS: dict[type, Mapper] = {
    Workplace.Registered: lambda e: public.WorkplaceRegistered(
        occurred_at=e.at, workplace_id=e.workplace_id, district=e.district, name=e.name,
        employee_count=e.employee_count,
    ),
    Workplace.InternalCommitteeRecorded: _committee_recorded,
    LocalCommittee.Registered: _local_committee,
    LocalCommittee.Reconstituted: _local_committee,
    PoshComplaint.Filed: _filed,
    PoshComplaint.ExtensionGranted: lambda e: public.ExtensionGranted(**_complaint(e)),
    PoshComplaint.CopySent: lambda e: public.CopySent(**_complaint(e), respondent_no=e.respondent_no),
    PoshComplaint.ReplyReceived: lambda e: public.ReplyReceived(**_complaint(e), respondent_no=e.respondent_no),
    PoshComplaint.ConciliationRequested: lambda e: public.ConciliationRequested(**_complaint(e)),
    PoshComplaint.ConciliationEnded: lambda e: public.ConciliationEnded(**_complaint(e), settled=e.settled),
    PoshComplaint.InterimReliefRequested: lambda e: public.InterimReliefRequested(**_complaint(e), relief=e.relief),
    PoshComplaint.InterimReliefRecommended: lambda e: public.InterimReliefRecommended(
        **_complaint(e), relief=e.relief, leave_days=e.leave_days),
    PoshComplaint.InquiryCompleted: lambda e: public.InquiryCompleted(**_complaint(e), finding=e.finding),
    PoshComplaint.ReportSubmitted: lambda e: public.ReportSubmitted(
        **_complaint(e), report_to=e.report_to, recommendations=e.recommendations),
    PoshComplaint.EmployerActionRecorded: lambda e: public.EmployerActionRecorded(**_complaint(e), outcome=e.outcome),
    PoshComplaint.AppealFiled: lambda e: public.AppealFiled(**_complaint(e), appellant=e.appellant),
    **clock_event_mappers(public.ClockStarted, public.ClockStopped, public.ClockDueSoon, public.ClockBreached),
}


to_integration_event = IntegrationMapping(MAPPERS, PRIVATE_EVENTS)
