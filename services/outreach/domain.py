"""Outreach activities and SAARTHI safe public transport.

Pure: no I/O and no reading of the system clock; every command takes `at`. Private `@event`
methods only mutate state.

- `Activity`: one programme activity with its reach by sex and age band. Its id is derived from
  (place, date, lead officer), and every other officer's (place, date) is claimed by an
  `OfficerVisit` with an id from the same space, saved together: a second submission sharing the
  place, date and any officer collides in the event store, even when both arrive at once.
- `TransportIncident`: a SAARTHI incident; a panic alert opens one with an acknowledgement clock
  (due soon at half the window, breached at its end).
- `UnsafeStop`: the reports of one stop, from which the district's hotspot list is built.
"""
from __future__ import annotations

import datetime as dt
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chassis.deadlines import Deadline, HasDeadlines
from chassis.errors import InvalidInput, RuleViolated
from contracts.outreach import IncidentKind, IncidentSource, IncidentStatus, Programme, Resolution

# Fixed forever: the same record maps to the same aggregate id in every environment.
OUTREACH_NAMESPACE = UUID("9d2e4f6a-1b3c-5d7e-8f90-a1b2c3d4e5f6")

# Activities are dated in India; IST has no daylight saving, so a fixed offset is exact.
IST = timezone(timedelta(hours=5, minutes=30), "IST")


def _normalised(name: str) -> str:
    return " ".join(name.split()).casefold()


def visit_id(district: str, place_kind: str, place_name: str, date: dt.date, officer: str) -> UUID:
    """The one record a (place, date, officer) may have: an Activity or an OfficerVisit."""
    key = f"{district}|{place_kind}|{_normalised(place_name)}|{date.isoformat()}|{_normalised(officer)}"
    return uuid5(OUTREACH_NAMESPACE, key)


class Activity(Aggregate):
    @staticmethod
    def create_id(activity_id: str) -> UUID:
        return UUID(activity_id)

    @classmethod
    def record(cls, *, programme: Programme | str, saathi_stage: str | None, district: str, place_kind: str,
               place_name: str, date: dt.date, officers: list[str], reach: dict[str, dict[str, int]],
               at: datetime) -> tuple["Activity", list["OfficerVisit"]]:
        """The activity and the visit claims of its other officers, to be saved together."""
        if date > at.astimezone(IST).date():
            raise RuleViolated("activity_in_future", "an activity is recorded once it has been held")
        officers = list(dict.fromkeys(officers))
        if not officers:
            raise InvalidInput("officers", "an activity names at least one officer")
        counts = {sex: {band: int(n) for band, n in bands.items() if int(n) > 0} for sex, bands in reach.items()}
        counts = {sex: bands for sex, bands in counts.items() if bands}
        if not counts:
            raise InvalidInput("reach", "an activity reaches at least one person")
        ids = [visit_id(district, place_kind, place_name, date, officer) for officer in officers]
        activity = cls(activity_id=str(ids[0]), programme=Programme(programme).value,
                       saathi_stage=saathi_stage, district=district, place_kind=place_kind, place_name=place_name,
                       date=date.isoformat(), officers=officers, reach=counts, at=at)
        visits = [OfficerVisit(visit_id=str(other), activity_id=activity.activity_id, at=at) for other in ids[1:]]
        return activity, visits

    @event("Recorded")
    def __init__(self, activity_id: str, programme: str, saathi_stage: str | None, district: str, place_kind: str,
                 place_name: str, date: str, officers: list[str], reach: dict[str, dict[str, int]], at: datetime):
        self.activity_id = activity_id
        self.programme = Programme(programme)
        self.saathi_stage = saathi_stage
        self.district = district
        self.place_kind = place_kind
        self.place_name = place_name
        self.date = dt.date.fromisoformat(date)
        self.officers = list(officers)
        self.reach = reach
        self.recorded_at = at

    @property
    def total_reach(self) -> int:
        return sum(n for bands in self.reach.values() for n in bands.values())


class OfficerVisit(Aggregate):
    """Claims (place, date, officer) for an activity whose lead is another officer."""

    @staticmethod
    def create_id(visit_id: str) -> UUID:
        return UUID(visit_id)

    @event("Claimed")
    def __init__(self, visit_id: str, activity_id: str, at: datetime):
        self.activity_id = activity_id


class TransportIncident(HasDeadlines, Aggregate):
    @staticmethod
    def public_id(*identifying: str) -> str:
        return "SR-" + uuid5(OUTREACH_NAMESPACE, "incident|" + "|".join(identifying)).hex[:12].upper()

    @staticmethod
    def create_id(incident_id: str) -> UUID:
        return uuid5(OUTREACH_NAMESPACE, f"incident:{incident_id}")

    @classmethod
    def report(cls, *, district: str, kind: IncidentKind | str, route: str | None, vehicle: str | None,
               stop: str | None, occurred_at: datetime, sealed_details: str | None, incident_id: str,
               at: datetime) -> "TransportIncident":
        kind = IncidentKind(kind)
        if kind is IncidentKind.PANIC_ALERT:
            raise InvalidInput("kind", "panic alerts come from the vehicle's panic button")
        if not (route or vehicle or stop):
            raise InvalidInput("route", "an incident names its route, vehicle or stop")
        if occurred_at > at:
            raise InvalidInput("occurred_at", "an incident is reported after it happened")
        return cls(incident_id=incident_id, source=IncidentSource.REPORTED.value, district=district,
                   kind=kind.value, route=route, vehicle=vehicle, stop=stop, occurred_at=occurred_at,
                   location=None, sealed_details=sealed_details, ack_due_at=None,
                   status=IncidentStatus.AWAITING_ACKNOWLEDGEMENT.value, at=at)

    @classmethod
    def panic_alert(cls, *, district: str, vehicle: str, route: str | None, location: dict[str, float],
                    pressed_at: datetime, ack_within: timedelta, incident_id: str,
                    at: datetime) -> "TransportIncident":
        # The clock runs from when the platform received the alert: a device's own clock may be wrong.
        return cls(incident_id=incident_id, source=IncidentSource.PANIC_BUTTON.value, district=district,
                   kind=IncidentKind.PANIC_ALERT.value, route=route, vehicle=vehicle, stop=None,
                   occurred_at=pressed_at, location=dict(location), sealed_details=None, ack_due_at=at + ack_within,
                   status=IncidentStatus.AWAITING_ACKNOWLEDGEMENT.value, at=at)

    @event("Opened")
    def __init__(self, incident_id: str, source: str, district: str, kind: str, route: str | None,
                 vehicle: str | None, stop: str | None, occurred_at: datetime, location: dict[str, float] | None,
                 sealed_details: str | None, ack_due_at: datetime | None, status: str, at: datetime):
        self.incident_id = incident_id
        self.source = IncidentSource(source)
        self.district = district
        self.kind = IncidentKind(kind)
        self.route = route
        self.vehicle = vehicle
        self.stop = stop
        self.occurred_at = occurred_at
        self.location = location
        self.sealed_details = sealed_details
        self.opened_at = at
        self.ack_due_at = ack_due_at
        self.status = IncidentStatus(status)
        self.acknowledged_at: datetime | None = None
        self.resolution: Resolution | None = None
        self.fired_deadlines: set[str] = set()

    def acknowledge(self, officer_id: str, at: datetime) -> None:
        if self.status is IncidentStatus.CLOSED:
            raise RuleViolated("incident_closed", "the incident is closed")
        if self.status is IncidentStatus.ACKNOWLEDGED:
            raise RuleViolated("already_acknowledged", "the incident is already acknowledged")
        on_time = None if self.ack_due_at is None else at <= self.ack_due_at
        self._acknowledge(officer_id=officer_id, on_time=on_time,
                          **self._stamp(IncidentStatus.ACKNOWLEDGED, at))

    @event("Acknowledged")
    def _acknowledge(self, officer_id: str, on_time: bool | None, incident_id: str, district: str, status: str,
                     at: datetime) -> None:
        self.acknowledged_at = at
        self.status = IncidentStatus(status)

    def close(self, resolution: Resolution | str, officer_id: str, at: datetime) -> None:
        if self.status is IncidentStatus.CLOSED:
            raise RuleViolated("incident_closed", "the incident is already closed")
        if self.status is IncidentStatus.AWAITING_ACKNOWLEDGEMENT:
            raise RuleViolated("not_acknowledged", "the district acknowledges an incident before closing it")
        self._close(resolution=Resolution(resolution).value, officer_id=officer_id,
                    **self._stamp(IncidentStatus.CLOSED, at))

    @event("Closed")
    def _close(self, resolution: str, officer_id: str, incident_id: str, district: str, status: str,
               at: datetime) -> None:
        self.resolution = Resolution(resolution)
        self.status = IncidentStatus(status)

    # ------------------------------------------------------------------ the acknowledgement clock

    def pending_deadlines(self) -> list[Deadline]:
        if self.status is not IncidentStatus.AWAITING_ACKNOWLEDGEMENT or self.ack_due_at is None:
            return []
        window = self.ack_due_at - self.opened_at
        candidates = [Deadline(self.opened_at + window / 2, "ack_due_soon"), Deadline(self.ack_due_at, "ack_breached")]
        return sorted(d for d in candidates if d.name not in self.fired_deadlines)

    def _fire(self, deadline: Deadline) -> None:
        fire = self._ack_due_soon if deadline.name == "ack_due_soon" else self._ack_breached
        fire(ack_due_at=self.ack_due_at, **self._stamp(self.status, deadline.due_at))

    @event("AckDueSoon")
    def _ack_due_soon(self, ack_due_at: datetime, incident_id: str, district: str, status: str,
                      at: datetime) -> None:
        self.fired_deadlines.add("ack_due_soon")

    @event("AckBreached")
    def _ack_breached(self, ack_due_at: datetime, incident_id: str, district: str, status: str,
                      at: datetime) -> None:
        self.fired_deadlines.add("ack_breached")

    def _stamp(self, status: IncidentStatus, at: datetime) -> dict[str, Any]:
        return {"incident_id": self.incident_id, "district": self.district, "status": status.value, "at": at}


class UnsafeStop(Aggregate):
    @staticmethod
    def public_id(district: str, stop_name: str) -> str:
        return f"ST-{district}-" + uuid5(OUTREACH_NAMESPACE, f"stop|{district}|{_normalised(stop_name)}").hex[:10].upper()

    @staticmethod
    def create_id(stop_id: str) -> UUID:
        return uuid5(OUTREACH_NAMESPACE, f"stop:{stop_id}")

    @event("Registered")
    def __init__(self, stop_id: str, district: str, stop_name: str, at: datetime):
        self.stop_id = stop_id
        self.district = district
        self.stop_name = stop_name
        self.reports = 0
        self.last_reported_at: datetime | None = None

    def report_unsafe(self, reasons: list[str], route: str | None, at: datetime) -> None:
        if not reasons:
            raise InvalidInput("reasons", "a report names at least one reason")
        self._report_unsafe(reasons=sorted(set(reasons)), route=route, report_count=self.reports + 1,
                            stop_id=self.stop_id, district=self.district, stop_name=self.stop_name, at=at)

    @event("ReportedUnsafe")
    def _report_unsafe(self, reasons: list[str], route: str | None, report_count: int, stop_id: str,
                       district: str, stop_name: str, at: datetime) -> None:
        self.reports = report_count
        self.last_reported_at = at
