"""Domain event → public integration event. Sealed fields, ATR text, comments, notes, outcomes
and SMS traffic stay inside the service: each mapper copies only what the contract names."""
from __future__ import annotations

from typing import Any

from contracts import complaints as public
from chassis.integration import IntegrationMapping, Mapper
from services.complaints.domain import ATR_DUE_AFTER, Complaint

# Recorded for the service's own work (the SMS relay), never published.
PRIVATE_EVENTS: frozenset[type] = frozenset({Complaint.SmsRequested, Complaint.SmsOutcomeRecorded})


def _common(e: Any) -> dict[str, Any]:
    return {
        "occurred_at": e.at,
        "complaint_id": e.complaint_id,
        "district": e.district,
        "status": e.status,
    }


MAPPERS: dict[type, Mapper] = {
    Complaint.Registered: lambda e: public.ComplaintRegistered(
        **_common(e),
        police_station=e.police_station,
        category=e.category,
        filed_by=e.filed_by,
        anonymous=e.anonymous,
        language=e.language,
        person_ref=e.person_ref,
        atr_due_at=e.at + ATR_DUE_AFTER,
    ),
    Complaint.AtrDueSoon: lambda e: public.AtrDueSoon(
        **_common(e), cycle=e.cycle, atr_due_at=e.atr_due_at
    ),
    Complaint.AtrOverdue: lambda e: public.AtrOverdue(
        **_common(e), cycle=e.cycle, level=e.level, escalated_to=e.escalated_to
    ),
    Complaint.AtrFiled: lambda e: public.AtrFiled(
        **_common(e), atr_no=e.atr_no, first_in_cycle=e.first_in_cycle, language=e.language
    ),
    Complaint.FeedbackGiven: lambda e: public.FeedbackGiven(
        **_common(e), rating=e.rating, final=e.final
    ),
    Complaint.ReturnedToDistrict: lambda e: public.ReturnedToDistrict(
        **_common(e), cycle=e.cycle, atr_due_at=e.at + ATR_DUE_AFTER
    ),
    Complaint.FinalFeedbackRequested: lambda e: public.FinalFeedbackRequested(**_common(e)),
    Complaint.Closed: lambda e: public.ComplaintClosed(**_common(e), reason=e.reason),
    Complaint.LadderStageRecorded: lambda e: public.LadderStageRecorded(
        **_common(e), stage=e.stage
    ),
    Complaint.LadderFeedbackGiven: lambda e: public.LadderFeedbackGiven(
        **_common(e), stage=e.stage, rating=e.rating
    ),
}


to_integration_event = IntegrationMapping(MAPPERS, PRIVATE_EVENTS)
