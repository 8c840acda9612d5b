"""The outreach Application: programme activities (one by one or from a district's sheet) and
SAARTHI incidents, panic alerts and unsafe-stop reports.

An activity's id comes from (place, date, lead officer) and its other officers' visits are saved
with it, so a duplicate submission is refused by the event store's own uniqueness, whether it is
sent twice, imported twice or raced. SAARTHI photo references and descriptions are sealed with a
key of the incident's own (erasable like a person's) before they reach the domain.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from eventsourcing.persistence import IntegrityError

from chassis.auth import POLICE_ROLES, Officer, Role
from chassis.csv_import import parse_sheet, record_rows
from chassis.errors import NotFound, RuleViolated
from chassis.eventstore import ServiceApplication
from chassis.personal_data import person_ref
from contracts.outreach import (
    ACTIVITY_SHEET_COLUMNS,
    ACTIVITY_SHEET_REQUIRED,
    ActivityBody,
    ClosureBody,
    IncidentBody,
    PanicAlertBody,
    UnsafeStopBody,
    activity_from_sheet_row,
)
from services.outreach.domain import Activity, TransportIncident, UnsafeStop
from services.outreach.integration import to_integration_event

DISTRICT_OFFICERS = (Role.STATION_OFFICER, Role.DISTRICT_NODAL_OFFICER)


class OutreachApplication(ServiceApplication):
    service_name = "outreach"
    to_integration_event = staticmethod(to_integration_event)

    # ------------------------------------------------------------------ activities

    def record_activity(self, body: ActivityBody, officer: Officer) -> dict:
        officer.require_role(*POLICE_ROLES)
        officer.require_district(body.place.district)
        activity, visits = Activity.record(
            programme=body.programme, saathi_stage=body.saathi_stage.value if body.saathi_stage else None,
            district=body.place.district, place_kind=body.place.kind.value, place_name=body.place.name,
            date=body.date, officers=body.officers,
            reach={sex.value: {band.value: n for band, n in bands.items()} for sex, bands in body.reach.items()},
            at=self.clock.now(),
        )
        self._refuse_duplicate(activity, visits)
        try:
            self.save(activity, *visits)
        except IntegrityError:  # a simultaneous submission won the race
            self._refuse_duplicate(activity, visits)
            raise
        return _activity_view(activity)

    def import_activities(self, district: str, sheet: str, officer: Officer) -> dict:
        """A district's activity sheet: each row recorded whole (with its visits) or not at all;
        a row already recorded (same place, date and officer) is a duplicate, so a re-import of the
        same sheet records nothing twice."""
        officer.require_role(*POLICE_ROLES)
        officer.require_district(district)
        parsed = parse_sheet(sheet, ActivityBody, columns=ACTIVITY_SHEET_COLUMNS, required=ACTIVITY_SHEET_REQUIRED,
                             reshape=lambda cells: activity_from_sheet_row(district, cells))

        def record(row: ActivityBody) -> bool:
            try:
                self.record_activity(row, officer)
            except RuleViolated as exc:
                if exc.rule == "duplicate_activity":
                    return False
                raise
            return True

        return record_rows(parsed, record, what=f"outreach activities {district}").as_dict()

    def activity_view(self, activity_id: str, officer: Officer) -> dict:
        activity = self._load(Activity, activity_id, "activity")
        officer.require_district(activity.district)
        return _activity_view(activity)

    # ------------------------------------------------------------------ SAARTHI

    def report_incident(self, body: IncidentBody, officer: Officer) -> dict:
        officer.require_role(*POLICE_ROLES)
        officer.require_district(body.district)
        incident_id = TransportIncident.public_id(body.district, body.kind.value, body.route or "", body.vehicle or "",
                                                  body.stop or "", body.occurred_at.isoformat())
        details = {key: value for key, value in (("description", body.description),
                                                 ("photo_refs", body.photo_refs)) if value}
        incident = TransportIncident.report(
            district=body.district, kind=body.kind, route=body.route, vehicle=body.vehicle, stop=body.stop,
            occurred_at=body.occurred_at, sealed_details=self._seal_details(incident_id, details) if details else None,
            incident_id=incident_id, at=self.clock.now(),
        )
        self.save_unique(incident, "incident_exists", f"this incident is already reported as {incident_id}")
        return _incident_view(incident)

    def panic_alert(self, body: PanicAlertBody, officer: Officer) -> dict:
        """A vehicle's panic button (through the control room's integration). The same alert sent
        again (same vehicle, same press time) is the same incident, not a second one."""
        officer.require_role(*POLICE_ROLES)
        officer.require_district(body.district)
        incident_id = TransportIncident.public_id("panic", body.vehicle, body.pressed_at.isoformat())
        existing = self.get_or_none(TransportIncident.create_id(incident_id))
        if existing is not None:
            return _incident_view(existing)
        incident = TransportIncident.panic_alert(
            district=body.district, vehicle=body.vehicle, route=body.route, location=body.location.model_dump(),
            pressed_at=body.pressed_at, ack_within=timedelta(minutes=self.settings.saarthi_ack_minutes),
            incident_id=incident_id, at=self.clock.now(),
        )
        self.save_unique(incident, "incident_exists", f"this alert is already open as {incident_id}")
        return _incident_view(incident)

    def acknowledge_incident(self, incident_id: str, officer: Officer) -> dict:
        officer.require_role(*DISTRICT_OFFICERS, Role.MSP_HQ)

        def acknowledge() -> TransportIncident:
            incident = self._incident(incident_id, officer)
            incident.acknowledge(officer.subject, self.clock.now())
            self.save(incident)
            return incident

        return _incident_view(self.retry_on_conflict(acknowledge))

    def close_incident(self, incident_id: str, body: ClosureBody, officer: Officer) -> dict:
        officer.require_role(*DISTRICT_OFFICERS, Role.MSP_HQ)

        def close() -> TransportIncident:
            incident = self._incident(incident_id, officer)
            incident.close(body.resolution, officer.subject, self.clock.now())
            self.save(incident)
            return incident

        return _incident_view(self.retry_on_conflict(close))

    def incident_view(self, incident_id: str, officer: Officer) -> dict:
        officer.require_role(*POLICE_ROLES)
        incident = self._incident(incident_id, officer)
        view = _incident_view(incident)
        view.update(vehicle=incident.vehicle, location=incident.location)
        if incident.sealed_details:
            view.update(self.cipher.open_for(incident.sealed_details, actor=officer.subject, record=incident_id,
                                             purpose="SAARTHI incident view") or {"details": "[erased]"})
        return view

    def report_unsafe_stop(self, body: UnsafeStopBody) -> dict:
        """Anyone may report a stop as unsafe: reasons from a fixed list, no free text, no identity."""
        stop_id = UnsafeStop.public_id(body.district, body.stop_name)

        def report() -> UnsafeStop:
            stop = self.get_or_none(UnsafeStop.create_id(stop_id))
            if stop is None:
                stop = UnsafeStop(stop_id=stop_id, district=body.district, stop_name=body.stop_name,
                                  at=self.clock.now())
            stop.report_unsafe([reason.value for reason in body.reasons], body.route, self.clock.now())
            self.save(stop)
            return stop

        stop = self.retry_on_conflict(report)
        return {"stop_id": stop.stop_id, "district": stop.district, "stop_name": stop.stop_name,
                "reports": stop.reports}

    # ------------------------------------------------------------------ due work

    def next_due(self, aggregate: Any) -> datetime | None:
        return aggregate.next_deadline() if isinstance(aggregate, TransportIncident) else None

    def perform_due_work(self, aggregate: Any, now: datetime) -> None:
        aggregate.fire_due_deadlines(now)

    # ------------------------------------------------------------------ helpers

    def _refuse_duplicate(self, activity: Activity, visits: list) -> None:
        for aggregate_id in [activity.id, *(visit.id for visit in visits)]:
            recorded = self.get_or_none(aggregate_id)
            if recorded is not None:
                raise RuleViolated(
                    "duplicate_activity",
                    f"activity {recorded.activity_id} is already recorded at this place on {activity.date} with "
                    "one of these officers; the same place, date and officer is one activity",
                )

    def _seal_details(self, incident_id: str, details: dict) -> str:
        # Photos may show people: sealed under a key of the incident's own, erasable like a person's.
        return self.cipher.seal(person_ref(self.settings.person_ref_key, local_id=f"saarthi:{incident_id}"), details)

    def _incident(self, incident_id: str, officer: Officer) -> TransportIncident:
        incident = self._load(TransportIncident, incident_id, "incident")
        officer.require_district(incident.district)
        return incident

    def _load(self, aggregate_class: type, record_id: str, what: str) -> Any:
        try:
            aggregate = self.get_or_none(aggregate_class.create_id(record_id))
        except ValueError:  # not even the shape of an id
            aggregate = None
        if aggregate is None or not isinstance(aggregate, aggregate_class):
            raise NotFound(what, f"no {what} {record_id}")
        return aggregate


def _activity_view(activity: Activity) -> dict:
    return {"activity_id": activity.activity_id, "programme": activity.programme.value,
            "saathi_stage": activity.saathi_stage, "district": activity.district, "place_kind": activity.place_kind,
            "place_name": activity.place_name, "date": activity.date.isoformat(), "officers": list(activity.officers),
            "reach": activity.reach, "total_reach": activity.total_reach}


def _incident_view(incident: TransportIncident) -> dict:
    return {"incident_id": incident.incident_id, "source": incident.source.value, "kind": incident.kind.value,
            "district": incident.district, "route": incident.route, "stop": incident.stop,
            "status": incident.status.value, "opened_at": incident.opened_at.isoformat(),
            "ack_due_at": incident.ack_due_at.isoformat() if incident.ack_due_at else None,
            "acknowledged_at": incident.acknowledged_at.isoformat() if incident.acknowledged_at else None,
            "resolution": incident.resolution.value if incident.resolution else None}
