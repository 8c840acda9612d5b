"""Outreach and SAARTHI in the gateway: the endpoints (commands go to the outreach service over
RPC) and the district view (summed from the outreach read models, gateway/projections/outreach.py)."""
from __future__ import annotations

from collections import Counter

from nameko.rpc import RpcProxy

from chassis.auth import Officer
from chassis.readmodel.base import ReadModelStore
from contracts.outreach import (
    ActivityBody,
    AgeBand,
    ClosureBody,
    IncidentBody,
    IncidentSource,
    IncidentStatus,
    PanicAlertBody,
    Programme,
    SaathiStage,
    UnsafeReason,
    UnsafeStopBody,
)
from contracts.reference import Sex
from gateway.http import api, known_district
from gateway.projections.outreach import ACTIVITIES, INCIDENTS, STOPS

HOTSPOTS_SHOWN = 20


class OutreachApi:
    outreach = RpcProxy("outreach")

    @api("POST", "/api/v1/outreach/activities", summary="Record a programme activity with its reach by sex and age "
         "band (a second one at the same place, date and officer is refused)", tag="outreach", auth="officer",
         body=ActivityBody, status=201)
    def record_activity(self, request, body: ActivityBody, officer: Officer):
        return self.outreach.record_activity(body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/outreach/activity-sheets/<code>", summary="Import a district's activity sheet (text/csv); "
         "returns {recorded, duplicates, rejected: [{line, reason}]}", tag="outreach", auth="officer",
         body_format="csv")
    def activity_sheet(self, request, code: str, body: str, officer: Officer):
        return self.outreach.import_activities(known_district(code), body, officer.claims())

    @api("GET", "/api/v1/outreach/activities/<activity_id>", summary="An activity", tag="outreach", auth="officer")
    def activity(self, request, activity_id: str, officer: Officer):
        return self.outreach.activity_view(activity_id, officer.claims())

    @api("POST", "/api/v1/outreach/saarthi/incidents", summary="SAARTHI: report an incident on a route, vehicle or "
         "stop", tag="saarthi", auth="officer", body=IncidentBody, status=201)
    def report_incident(self, request, body: IncidentBody, officer: Officer):
        return self.outreach.report_incident(body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/outreach/saarthi/panic-alerts", summary="SAARTHI: a vehicle's panic button opens an "
         "incident the district must acknowledge in time", tag="saarthi", auth="officer", body=PanicAlertBody,
         status=201)
    def panic_alert(self, request, body: PanicAlertBody, officer: Officer):
        return self.outreach.panic_alert(body.model_dump(mode="json"), officer.claims())

    @api("GET", "/api/v1/outreach/saarthi/incidents/<incident_id>", summary="SAARTHI: an incident (its details "
         "are opened for the officer and the read is logged)", tag="saarthi", auth="officer")
    def incident(self, request, incident_id: str, officer: Officer):
        return self.outreach.incident_view(incident_id, officer.claims())

    @api("POST", "/api/v1/outreach/saarthi/incidents/<incident_id>/acknowledgement", summary="SAARTHI: the "
         "district acknowledges an incident", tag="saarthi", auth="officer")
    def acknowledge(self, request, incident_id: str, officer: Officer):
        return self.outreach.acknowledge_incident(incident_id, officer.claims())

    @api("POST", "/api/v1/outreach/saarthi/incidents/<incident_id>/closure", summary="SAARTHI: close an "
         "acknowledged incident", tag="saarthi", auth="officer", body=ClosureBody)
    def close(self, request, incident_id: str, body: ClosureBody, officer: Officer):
        return self.outreach.close_incident(incident_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/outreach/saarthi/unsafe-stops", summary="SAARTHI: anyone reports a stop as unsafe "
         "(reasons from a list, no identity)", tag="saarthi", body=UnsafeStopBody, status=201)
    def unsafe_stop(self, request, body: UnsafeStopBody):
        self.call_context.update(actor="citizen")
        return self.outreach.report_unsafe_stop(body.model_dump(mode="json"))

    @api("GET", "/api/v1/districts/<code>/outreach", summary="The district view of outreach: activities and reach "
         "per programme by sex and age band, SAARTHI incidents and hotspots", tag="district", auth="officer")
    def district_outreach(self, request, code: str, officer: Officer):
        officer.require_district(known_district(code))
        return district_outreach_view(self.read_models, code)


def _reach(activities: list[dict]) -> dict:
    counts = Counter()
    for activity in activities:
        for entry in activity["reach"]:
            counts[(entry["sex"], entry["age_band"])] += entry["count"]
    return {
        "activities": len(activities),
        "total": sum(counts.values()),
        "by_sex": {sex.value: sum(counts[(sex.value, band.value)] for band in AgeBand) for sex in Sex},
        "by_sex_and_age_band": {sex.value: {band.value: counts[(sex.value, band.value)] for band in AgeBand}
                                for sex in Sex},
    }


def district_outreach_view(store: ReadModelStore, district: str) -> dict:
    activities = store.find(ACTIVITIES, {"district": district})
    incidents = store.find(INCIDENTS, {"district": district})
    alerts = [incident for incident in incidents if incident["source"] == IncidentSource.PANIC_BUTTON.value]
    status = Counter(incident["status"] for incident in incidents)
    places = Counter((activity["place_kind"], activity["place_name"].casefold()) for activity in activities)
    return {
        "district": district,
        "reach": _reach(activities),
        "programmes": {programme.value: _reach([a for a in activities if a["programme"] == programme.value])
                       for programme in Programme},
        "saathi_by_stage": {stage.value: _reach([a for a in activities if a.get("saathi_stage") == stage.value])
                            for stage in SaathiStage},
        "places_visited": dict(sorted(Counter(kind for kind, _ in places).items())),
        "saarthi": {
            "incidents": {state.value: status.get(state.value, 0) for state in IncidentStatus},
            "open": sum(1 for incident in incidents if incident["status"] != IncidentStatus.CLOSED.value),
            "panic_alerts": {
                "total": len(alerts),
                "acknowledged_on_time": sum(1 for a in alerts if a.get("acknowledged_on_time") is True),
                "acknowledged_late": sum(1 for a in alerts if a.get("acknowledged_on_time") is False),
                "breached": sum(1 for a in alerts if a.get("ack_breached")),
                "awaiting_acknowledgement": sum(
                    1 for a in alerts if a["status"] == IncidentStatus.AWAITING_ACKNOWLEDGEMENT.value),
            },
        },
        "hotspots": [
            {"stop_id": stop["_id"], "stop_name": stop["stop_name"], "reports": stop["reports"],
             "last_reported_at": stop["last_reported_at"],
             "reasons": {reason.value: stop[f"reason_{reason.value}"] for reason in UnsafeReason
                         if stop.get(f"reason_{reason.value}")}}
            for stop in sorted(store.find(STOPS, {"district": district}),  # most reported, then most recent
                               key=lambda stop: (stop["reports"], stop["last_reported_at"]), reverse=True)
            [:HOTSPOTS_SHOWN]
        ],
    }
