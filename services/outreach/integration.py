"""Domain event → public integration event. Photo references, descriptions, vehicle numbers,
panic-alert locations and officer ids stay inside the service: each mapper copies only what the
contract names."""
from __future__ import annotations

from typing import Any

from chassis.integration import IntegrationMapping, Mapper
from contracts import outreach as public
from services.outreach.domain import Activity, OfficerVisit, TransportIncident, UnsafeStop

# A visit claim only guards against duplicate submissions; a stop's first record has no report yet.
PRIVATE_EVENTS: frozenset[type] = frozenset({OfficerVisit.Claimed, UnsafeStop.Registered})


def _incident(e: Any) -> dict[str, Any]:
    return {"occurred_at": e.at, "incident_id": e.incident_id, "district": e.district, "status": e.status}


def _activity(e: Any) -> public.ActivityRecorded:
    reach = [public.ReachCount(sex=sex, age_band=band, count=count)
             for sex, bands in sorted(e.reach.items()) for band, count in sorted(bands.items())]
    return public.ActivityRecorded(
        occurred_at=e.at, district=e.district, activity_id=e.activity_id, programme=e.programme,
        saathi_stage=e.saathi_stage, place_kind=e.place_kind, place_name=e.place_name, date=e.date,
        officer_count=len(e.officers), reach=reach, total_reach=sum(r.count for r in reach),
    )


MAPPERS: dict[type, Mapper] = {
    Activity.Recorded: _activity,
    TransportIncident.Opened: lambda e: public.IncidentOpened(
        **_incident(e), source=e.source, kind=e.kind, route=e.route, stop=e.stop, ack_due_at=e.ack_due_at,
    ),
    TransportIncident.AckDueSoon: lambda e: public.IncidentAckDueSoon(**_incident(e), ack_due_at=e.ack_due_at),
    TransportIncident.AckBreached: lambda e: public.IncidentAckBreached(**_incident(e), ack_due_at=e.ack_due_at),
    TransportIncident.Acknowledged: lambda e: public.IncidentAcknowledged(**_incident(e), on_time=e.on_time),
    TransportIncident.Closed: lambda e: public.IncidentClosed(**_incident(e), resolution=e.resolution),
    UnsafeStop.ReportedUnsafe: lambda e: public.UnsafeStopReported(
        occurred_at=e.at, district=e.district, stop_id=e.stop_id, stop_name=e.stop_name, route=e.route,
        reasons=e.reasons, report_count=e.report_count,
    ),
}


to_integration_event = IntegrationMapping(MAPPERS, PRIVATE_EVENTS)
