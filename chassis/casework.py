"""Case work, written once for every programme whose record is a case with parties and statutory
clocks (POSH complaints; the Transgender Protection Cell's grievances and certificate applications).

- `Party`: a person in a case (complainant, respondent, applicant, representative) as the domain
  knows them: a role, a `person_ref` and an identity sealed with that person's own key.
- `StatutoryLimit`: one clock the law (or a configured standard) sets: how many calendar or working
  days, when to warn, and who is told at each level of breach.
- `Case`: the aggregate base. `start_clock` records the clock's whole schedule (due time, warning,
  every escalation) in its event, so replay never depends on today's configuration or calendar;
  each alert fires exactly once (the fired (clock, level) pairs are recorded), and its event's `at`
  is the alert's own time.

Pure: no I/O, no reading of the system clock.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import Any, Callable, ClassVar, TypeVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chassis.deadlines import Deadline, HasDeadlines
from chassis.errors import InvalidInput
from chassis.integration import declared_events
from chassis.working_days import WorkingDayCalendar

E = TypeVar("E", bound=Enum)
WARNING_LEVEL = 0  # level 0 is "due soon"; levels 1.. are the breach and its escalations


@dataclass(frozen=True)
class Party:
    role: str
    person_ref: str
    sealed_identity: str | None = None

    def as_event(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_event(cls, data: dict[str, Any]) -> "Party":
        return cls(**data)


@dataclass(frozen=True)
class StatutoryLimit:
    clock: str  # e.g. "copy_to_respondent"
    rule: str  # e.g. "POSH Rules r.7(2)"
    days: int
    working_days: bool = False
    warn_before: timedelta = timedelta(days=1)
    escalate_to: tuple[str, ...] = ()  # told at the breach (level 1), then each `escalate_every` later
    escalate_every: timedelta = timedelta(days=7)

    def due_at(self, start: datetime, calendar: WorkingDayCalendar | None = None) -> datetime:
        if not self.working_days:
            return start + timedelta(days=self.days)
        if calendar is None:
            raise ValueError(f"clock {self.clock} counts working days: pass the working-day calendar")
        return calendar.deadline_after(start, self.days)

    def alerts(self, due_at: datetime) -> list[dict[str, Any]]:
        alerts = [{"level": WARNING_LEVEL, "at": due_at - self.warn_before, "escalated_to": None}]
        for level in range(1, max(1, len(self.escalate_to)) + 1):
            alerts.append({
                "level": level,
                "at": due_at + (level - 1) * self.escalate_every,
                "escalated_to": self.escalate_to[level - 1] if self.escalate_to else None,
            })
        return alerts


class Case(HasDeadlines, Aggregate):
    """Base of case aggregates. A subclass names its `case_kind` and `id_namespace`, sets `case_id`, `district` and
    `status` and calls `_open_case()` in its creation event, and passes `_stamp(status, at)` to
    each of its events. The clock events are this class's (`Case.ClockStarted`, ...) whichever
    subclass records them, so they carry `case_kind`."""

    case_kind: ClassVar[str]
    id_namespace: ClassVar[UUID]  # fixed forever per programme: a public id maps to one aggregate id

    @classmethod
    def create_id(cls, case_id: str) -> UUID:
        return uuid5(cls.id_namespace, f"{cls.case_kind}/{case_id}")

    def _open_case(self) -> None:
        self.clocks: dict[str, dict[str, Any]] = {}
        self.fired_alerts: set[tuple[str, int]] = set()

    def _stamp(self, status: Enum | str, at: datetime) -> dict[str, Any]:
        """What every event of a case carries, so an integration event can be built from it alone."""
        return {"case_id": self.case_id, "district": self.district, "status": getattr(status, "value", status),
                "at": at}

    # ------------------------------------------------------------------ clocks

    def start_clock(self, key: str, limit: StatutoryLimit, start: datetime,
                    calendar: WorkingDayCalendar | None = None) -> None:
        """Starts clock `key` (unique in the case: a clock that runs again gets a new key)."""
        if key in self.clocks or "#" in key:
            raise ValueError(f"clock key {key!r} is already used in this case or contains '#'")
        due = limit.due_at(start, calendar)
        self._start_clock(key=key, clock=limit.clock, rule=limit.rule, due_at=due, alerts=limit.alerts(due),
                          case_kind=self.case_kind, **self._stamp(self.status, start))

    def stop_clock(self, key: str, at: datetime) -> None:
        """Stops a running clock (its step was done); a clock not running is left as it is."""
        clock = self.clocks.get(key)
        if clock is None or clock["stopped_at"] is not None:
            return
        self._stop_clock(key=key, clock=clock["clock"], rule=clock["rule"], due_at=clock["due_at"],
                         met=at <= clock["due_at"], case_kind=self.case_kind, **self._stamp(self.status, at))

    def running_clocks(self) -> dict[str, dict[str, Any]]:
        return {key: clock for key, clock in self.clocks.items() if clock["stopped_at"] is None}

    def clock_summary(self) -> list[dict[str, Any]]:
        """Every clock of the case, for views: what it is, when it is due, how it stands."""
        return [{"key": key, "clock": c["clock"], "rule": c["rule"], "due_at": c["due_at"].isoformat(),
                 "running": c["stopped_at"] is None, "met": c["met"], "breach_level": c["level"]}
                for key, c in self.clocks.items()]

    def pending_deadlines(self) -> list[Deadline]:
        return sorted(
            Deadline(alert["at"], f"{key}#{alert['level']}")
            for key, clock in self.running_clocks().items()
            for alert in clock["alerts"]
            if (key, alert["level"]) not in self.fired_alerts
        )

    def fire_due_deadlines(self, now: datetime) -> int:
        return super().fire_due_deadlines(utc(now))

    def _fire(self, deadline: Deadline) -> None:
        key, level = deadline.name.rsplit("#", 1)
        clock, level = self.clocks[key], int(level)
        common = dict(key=key, clock=clock["clock"], rule=clock["rule"], due_at=clock["due_at"],
                      case_kind=self.case_kind, **self._stamp(self.status, deadline.due_at))
        if level == WARNING_LEVEL:
            self._clock_due_soon(**common)
        else:
            alert = next(a for a in clock["alerts"] if a["level"] == level)
            self._clock_breached(level=level, escalated_to=alert["escalated_to"], **common)

    @event("ClockStarted")
    def _start_clock(self, key: str, clock: str, rule: str, due_at: datetime, alerts: list[dict[str, Any]],
                     case_kind: str, case_id: str, district: str, status: str, at: datetime) -> None:
        self.clocks[key] = {"clock": clock, "rule": rule, "started_at": at, "due_at": due_at, "alerts": alerts,
                            "stopped_at": None, "met": None, "level": 0}

    @event("ClockStopped")
    def _stop_clock(self, key: str, clock: str, rule: str, due_at: datetime, met: bool, case_kind: str,
                    case_id: str, district: str, status: str, at: datetime) -> None:
        self.clocks[key].update(stopped_at=at, met=met)

    @event("ClockDueSoon")
    def _clock_due_soon(self, key: str, clock: str, rule: str, due_at: datetime, case_kind: str,
                        case_id: str, district: str, status: str, at: datetime) -> None:
        self.fired_alerts.add((key, WARNING_LEVEL))

    @event("ClockBreached")
    def _clock_breached(self, key: str, clock: str, rule: str, due_at: datetime, level: int,
                        escalated_to: str | None, case_kind: str, case_id: str, district: str, status: str,
                        at: datetime) -> None:
        self.fired_alerts.add((key, level))
        self.clocks[key]["level"] = level


CLOCK_EVENTS: frozenset[type] = frozenset({Case.ClockStarted, Case.ClockStopped, Case.ClockDueSoon, Case.ClockBreached})


def recordable_events(*aggregate_classes: type[Aggregate]) -> set[type]:
    """Every event class the aggregates can record, for the "each event is mapped or private"
    tests: their own, and for Cases the clock events (recorded as Case's whichever subclass
    records them; eventsourcing's per-subclass copies of them are never used)."""
    own = {e for e in declared_events(*aggregate_classes) if not issubclass(e, tuple(CLOCK_EVENTS))}
    cases = any(issubclass(aggregate_class, Case) for aggregate_class in aggregate_classes)
    return own | (set(CLOCK_EVENTS) if cases else set())


def utc(at: datetime) -> datetime:
    """Times reach the domain timezone-aware and leave it in UTC."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput("at", "time must be timezone-aware")
    return at.astimezone(timezone.utc)


def member(enum_cls: type[E], value: E | str, field: str) -> E:
    """`value` as a member of `enum_cls`, or InvalidInput naming the field and the allowed values."""
    try:
        return enum_cls(value)
    except ValueError:
        raise InvalidInput(field, f"{field} must be one of: {', '.join(m.value for m in enum_cls)}") from None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month = 28/29 Feb), as the
    General Clauses Act counts a "month" by the calendar."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def clock_event_mappers(started: type, stopped: type, due_soon: type, breached: type) -> dict[type, Callable]:
    """The integration mappers of the clock events, onto a programme's clock contracts
    (subclasses of contracts.casework's CaseClockEvent / CaseClockStopped / CaseClockBreached)."""

    def common(e: Any) -> dict[str, Any]:
        return {"occurred_at": e.at, "case_id": e.case_id, "case_kind": e.case_kind, "district": e.district,
                "status": e.status, "key": e.key, "clock": e.clock, "rule": e.rule, "due_at": e.due_at}

    return {
        Case.ClockStarted: lambda e: started(**common(e)),
        Case.ClockStopped: lambda e: stopped(**common(e), met=e.met),
        Case.ClockDueSoon: lambda e: due_soon(**common(e)),
        Case.ClockBreached: lambda e: breached(**common(e), level=e.level, escalated_to=e.escalated_to),
    }
