"""Domain event → public integration event. Only ids, the district, the age band, the sex, the status
and the clocks leave the service: sealed descriptions, contacts, receivers and decision notes, heights,
exact ages and the reasons' wording stay inside."""
from __future__ import annotations

from typing import Any

from chassis.integration import IntegrationMapping, Mapper
from contracts import missing_child as public
from contracts.missing_child import MatchStatus, ReportKind
from services.missing_child.domain import AHTU_CLOCK, CWC_CLOCK, ChildReport, PotentialMatch

PRIVATE_EVENTS: frozenset[type] = frozenset()


def _report(e: Any) -> dict[str, Any]:
    return {"occurred_at": e.at, "report_id": e.report_id, "kind": e.kind, "district": e.district,
            "status": e.status, "person_ref": e.person_ref, "age_band": e.age_band, "sex": e.sex}


def _filed(e: Any) -> public.ChildReportEvent:
    if e.kind == ReportKind.MISSING.value:
        return public.MissingChildReported(
            **_report(e), reported_by=e.reported_by, police_station=e.police_station, fir_number=e.fir_number,
            last_seen_at=e.seen_at, ahtu_due_at=ChildReport.ahtu_due(e.at))
    return public.FoundChildReported(
        **_report(e), reported_by=e.reported_by, now_with=e.now_with, found_at=e.seen_at,
        cwc_due_at=ChildReport.cwc_due(e.in_charge_since, e.status))


def _match(e: Any) -> dict[str, Any]:
    return {"occurred_at": e.at, "match_id": str(e.originator_id), "missing_report_id": e.missing_report_id,
            "found_report_id": e.found_report_id, "missing_district": e.missing_district,
            "found_district": e.found_district, "score": e.score, "status": e.status}


CLOCK_ALERTS: dict[tuple[str, str], Mapper] = {
    (AHTU_CLOCK, "due_soon"): lambda e: public.AhtuHandoverDueSoon(**_report(e), ahtu_due_at=e.due_at),
    (CWC_CLOCK, "due_soon"): lambda e: public.CwcProductionDueSoon(**_report(e), cwc_due_at=e.due_at),
    (CWC_CLOCK, "overdue"): lambda e: public.CwcProductionOverdue(**_report(e), escalated_to=e.escalated_to),
}

MATCH_DECISIONS: dict[str, type[public.MatchEvent]] = {
    MatchStatus.CONFIRMED.value: public.MatchConfirmed,
    MatchStatus.REJECTED.value: public.MatchRejected,
    MatchStatus.WITHDRAWN.value: public.MatchWithdrawn,
}

MAPPERS: dict[type, Mapper] = {
    ChildReport.Filed: _filed,
    ChildReport.HandedToAhtu: lambda e: public.HandedToAhtu(
        **_report(e), reason=e.reason, escalated_to=e.escalated_to),
    ChildReport.ClockAlert: lambda e: CLOCK_ALERTS[(e.clock, e.alert)](e),
    ChildReport.TakenInCharge: lambda e: public.TakenInCharge(**_report(e), cwc_due_at=e.cwc_due_at),
    ChildReport.Traced: lambda e: public.ChildTraced(
        **_report(e), match_id=e.match_id, matched_report_id=e.matched_report_id),
    ChildReport.ProducedBeforeCwc: lambda e: public.ProducedBeforeCwc(**_report(e)),
    ChildReport.Restored: lambda e: public.ChildRestored(**_report(e)),
    PotentialMatch.Proposed: lambda e: public.PotentialMatchProposed(
        **_match(e), field_scores={reason["field"]: reason["score"] for reason in e.reasons}),
    PotentialMatch.Decided: lambda e: MATCH_DECISIONS[e.status](**_match(e)),
}


to_integration_event = IntegrationMapping(MAPPERS, PRIVATE_EVENTS)
