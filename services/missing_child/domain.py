"""Vatsalya aggregates: a `ChildReport` (a missing child, or a found / sighted child) and a
`PotentialMatch` between one missing and one found report.

One report class with a `kind` rather than two: both sides describe a child with the same fields,
matching scores either side against the other, and tracing, restoration and the CWC apply to both;
the guards that differ (the FIR and the AHTU clock for a missing child, taking charge and the 24 h
CWC clock for a found child) are a few lines each.

A missing report cannot exist without its FIR: the number and the station are part of `Filed`, so
there is no "preliminary inquiry" state to be stuck in. A `PotentialMatch` is keyed by the pair
(uuid5 of both report ids), so a pair once proposed, rejected or confirmed is never proposed again,
and a duplicate proposal collides in the event store.

Pure: no I/O and no reading of the system clock. Every event carries the report id, kind, district,
status (after the event), person_ref, age band, sex and `at`; personal data is only ever a sealed token.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chassis.casework import add_months, member, utc
from chassis.deadlines import Deadline, HasDeadlines
from chassis.errors import InvalidInput, RuleViolated
from contracts.missing_child import (
    AhtuReason,
    ChildNowWith,
    FoundReporter,
    MatchStatus,
    MissingReporter,
    ReportKind,
    Sex,
    Status,
)
from services.missing_child.matching import age_band

# Fixed forever: report ids and pairs map to the same aggregate ids in every environment.
REPORT_NAMESPACE = UUID("3b0c9d7e-2a41-5f86-b8e3-71d4c6a9e215")
MATCH_NAMESPACE = UUID("9e47a2c1-6b3d-5d08-a1f5-c2e8b7d40693")

AHTU_AFTER_MONTHS = 4
AHTU_DUE_SOON_BEFORE = timedelta(days=7)
CWC_DUE_SOON_AFTER = timedelta(hours=20)
CWC_DUE_AFTER = timedelta(hours=24)
CWC_BREACH_ESCALATED_TO = "district_nodal_officer"
AHTU_CLOCK = "ahtu_handover"  # a deadline is "<clock>" (the hand-over itself) or "<clock>:<alert>"
CWC_CLOCK = "cwc_production"

# Where a found child is in someone's official charge, so the 24 h CWC clock runs from finding.
IN_CHARGE = frozenset({ChildNowWith.POLICE, ChildNowWith.RAILWAY_POLICE, ChildNowWith.CCI})
OPEN_MISSING = frozenset({Status.MISSING, Status.WITH_AHTU})
OPEN_FOUND = frozenset({Status.FOUND, Status.WITH_CWC})


class ChildReport(HasDeadlines, Aggregate):
    # ------------------------------------------------------------------ filing

    @staticmethod
    def create_id(report_id: str) -> UUID:
        return uuid5(REPORT_NAMESPACE, report_id)

    @classmethod
    def file_missing(
        cls, *, report_id: str, district: str, police_station: str, fir_number: str | None,
        reported_by: MissingReporter | str, person_ref: str, sex: Sex | str, age_low: float, age_high: float,
        height_cm: float | None, last_seen_at: datetime, sealed_child: str, sealed_contact: str,
        trafficking_suspected: bool, at: datetime,
    ) -> "ChildReport":
        """Files the report with its FIR: the station's own number, or for a report brought by a
        parent, Childline or a CCI, the e-FIR the station registers at once on this report."""
        at = utc(at)
        reported_by = member(MissingReporter, reported_by, "reported_by")
        sex = member(Sex, sex, "child.sex")
        if sex is Sex.UNKNOWN:
            raise InvalidInput("child.sex", "a missing child's sex is girl, boy or transgender")
        if not police_station:
            raise InvalidInput("police_station", "the station registering the FIR is required")
        if reported_by is MissingReporter.POLICE_STATION and not fir_number:
            raise InvalidInput("fir_number", "a report by the police station carries its FIR number")
        _check_common(report_id, district, person_ref, age_low, age_high, utc(last_seen_at), at, "last_seen.at")
        report = cls(
            report_id=report_id, kind=ReportKind.MISSING.value, district=district, police_station=police_station,
            reported_by=reported_by.value, person_ref=person_ref, sex=sex.value, age_low=age_low,
            age_high=age_high, age_band=age_band((age_low + age_high) / 2).value, height_cm=height_cm,
            seen_at=utc(last_seen_at), sealed_child=sealed_child, sealed_contact=sealed_contact,
            fir_number=fir_number or f"e-FIR/{report_id}", now_with=None, in_charge_since=None,
            status=Status.MISSING.value, at=at,
        )
        if trafficking_suspected:
            report._hand_to_ahtu(reason=AhtuReason.TRAFFICKING_SUSPECTED.value, escalated_to=f"ahtu:{district}",
                                 officer_id=None, sealed_note=None, **report._stamp(Status.WITH_AHTU, at))
        return report

    @classmethod
    def file_found(
        cls, *, report_id: str, district: str, police_station: str | None, reported_by: FoundReporter | str,
        now_with: ChildNowWith | str, person_ref: str, sex: Sex | str, age_low: float, age_high: float,
        height_cm: float | None, found_at: datetime, sealed_child: str, sealed_contact: str | None, at: datetime,
    ) -> "ChildReport":
        at = utc(at)
        now_with = member(ChildNowWith, now_with, "now_with")
        found_at = utc(found_at)
        _check_common(report_id, district, person_ref, age_low, age_high, found_at, at, "found.at")
        with_cwc = now_with is ChildNowWith.CWC
        return cls(
            report_id=report_id, kind=ReportKind.FOUND.value, district=district, police_station=police_station,
            reported_by=member(FoundReporter, reported_by, "reported_by").value, person_ref=person_ref,
            sex=member(Sex, sex, "child.sex").value, age_low=age_low, age_high=age_high,
            age_band=age_band((age_low + age_high) / 2).value, height_cm=height_cm, seen_at=found_at,
            sealed_child=sealed_child, sealed_contact=sealed_contact, fir_number=None, now_with=now_with.value,
            in_charge_since=found_at if now_with in IN_CHARGE or with_cwc else None,
            status=(Status.WITH_CWC if with_cwc else Status.FOUND).value, at=at,
        )

    @event("Filed")
    def __init__(
        self, report_id: str, kind: str, district: str, police_station: str | None, reported_by: str,
        person_ref: str, sex: str, age_low: float, age_high: float, age_band: str, height_cm: float | None,
        seen_at: datetime, sealed_child: str, sealed_contact: str | None, fir_number: str | None,
        now_with: str | None, in_charge_since: datetime | None, status: str, at: datetime,
    ):
        self.report_id = report_id
        self.kind = ReportKind(kind)
        self.district = district
        self.police_station = police_station
        self.reported_by = reported_by
        self.person_ref = person_ref
        self.sex = Sex(sex)
        self.age_low, self.age_high = age_low, age_high
        self.age_band = age_band
        self.height_cm = height_cm
        self.seen_at = seen_at  # last seen (missing) or found
        self.sealed_child = sealed_child
        self.sealed_contact = sealed_contact
        self.fir_number = fir_number
        self.now_with = now_with
        self.in_charge_since = in_charge_since
        self.status = Status(status)
        self.filed_at = at
        self.produced_before_cwc_at: datetime | None = at if self.status is Status.WITH_CWC else None
        self.ahtu_reason: str | None = None
        self.matched_with: str | None = None
        self.match_id: str | None = None
        self.traced_at: datetime | None = None
        self.restored_at: datetime | None = None
        self.sealed_receiver: str | None = None
        self.fired_deadlines: set[str] = set()

    # ------------------------------------------------------------------ state questions

    @staticmethod
    def ahtu_due(filed_at: datetime) -> datetime:
        return add_months(filed_at, AHTU_AFTER_MONTHS)

    @staticmethod
    def cwc_due(in_charge_since: datetime | None, status: str) -> datetime | None:
        """Due 24 h after the child was taken in charge, unless filed already before the CWC."""
        if in_charge_since is None or status == Status.WITH_CWC.value:
            return None
        return in_charge_since + CWC_DUE_AFTER

    @property
    def ahtu_due_at(self) -> datetime | None:
        return self.ahtu_due(self.filed_at) if self.kind is ReportKind.MISSING else None

    @property
    def cwc_due_at(self) -> datetime | None:
        if self.in_charge_since is None or self.produced_before_cwc_at is not None:
            return None
        return self.in_charge_since + CWC_DUE_AFTER

    @property
    def open_for_matching(self) -> bool:
        if self.kind is ReportKind.MISSING:
            return self.status in OPEN_MISSING
        return self.status in OPEN_FOUND and self.matched_with is None

    # ------------------------------------------------------------------ AHTU and taking charge

    def suspect_trafficking(self, officer_id: str, sealed_note: str | None, at: datetime) -> None:
        """Trafficking suspected: the case goes to the district's AHTU at once."""
        self._require_kind(ReportKind.MISSING)
        if self.status is Status.WITH_AHTU:
            raise RuleViolated("already_with_ahtu", "the district's AHTU already has this case")
        if self.status is not Status.MISSING:
            raise RuleViolated("report_not_open", "the child is no longer missing")
        self._hand_to_ahtu(reason=AhtuReason.TRAFFICKING_SUSPECTED.value, escalated_to=f"ahtu:{self.district}",
                           officer_id=officer_id, sealed_note=sealed_note, **self._stamp(Status.WITH_AHTU, utc(at)))

    @event("HandedToAhtu")
    def _hand_to_ahtu(
        self, reason: str, escalated_to: str, officer_id: str | None, sealed_note: str | None,
        report_id: str, kind: str, district: str, status: str, person_ref: str, age_band: str, sex: str, at: datetime,
    ) -> None:
        self.ahtu_reason = reason
        self.fired_deadlines.add(AHTU_CLOCK)
        self.status = Status(status)

    def take_charge(self, officer_id: str, at: datetime) -> None:
        """Police take charge of a child a member of the public found or sighted: the CWC clock starts."""
        self._require_kind(ReportKind.FOUND)
        if self.status is Status.RESTORED:
            raise RuleViolated("report_closed", "the child has been restored")
        if self.in_charge_since is not None:
            raise RuleViolated("already_in_charge", "the child is already in charge")
        at = utc(at)
        self._take_charge(officer_id=officer_id, cwc_due_at=at + CWC_DUE_AFTER, **self._stamp(self.status, at))

    @event("TakenInCharge")
    def _take_charge(
        self, officer_id: str, cwc_due_at: datetime,
        report_id: str, kind: str, district: str, status: str, person_ref: str, age_band: str, sex: str, at: datetime,
    ) -> None:
        self.in_charge_since = at

    # ------------------------------------------------------------------ deadlines

    def pending_deadlines(self) -> list[Deadline]:
        candidates = []
        if self.kind is ReportKind.MISSING and self.status is Status.MISSING:
            candidates = [Deadline(self.ahtu_due_at - AHTU_DUE_SOON_BEFORE, f"{AHTU_CLOCK}:due_soon"),
                          Deadline(self.ahtu_due_at, AHTU_CLOCK)]
        elif self.cwc_due_at is not None and self.status is not Status.RESTORED:
            candidates = [Deadline(self.in_charge_since + CWC_DUE_SOON_AFTER, f"{CWC_CLOCK}:due_soon"),
                          Deadline(self.cwc_due_at, f"{CWC_CLOCK}:overdue")]
        return sorted(d for d in candidates if d.name not in self.fired_deadlines)

    def fire_due_deadlines(self, now: datetime) -> int:
        return super().fire_due_deadlines(utc(now))

    def _fire(self, deadline: Deadline) -> None:
        at = deadline.due_at  # the event's time is when the clock ran out
        if deadline.name == AHTU_CLOCK:
            self._hand_to_ahtu(reason=AhtuReason.UNTRACED_FOUR_MONTHS.value, escalated_to=f"ahtu:{self.district}",
                               officer_id=None, sealed_note=None, **self._stamp(Status.WITH_AHTU, at))
            return
        clock, alert = deadline.name.split(":")
        self._clock_alert(clock=clock, alert=alert, due_at=self.ahtu_due_at if clock == AHTU_CLOCK else self.cwc_due_at,
                          escalated_to=CWC_BREACH_ESCALATED_TO if alert == "overdue" else None,
                          **self._stamp(self.status, at))

    @event("ClockAlert")
    def _clock_alert(
        self, clock: str, alert: str, due_at: datetime, escalated_to: str | None,
        report_id: str, kind: str, district: str, status: str, person_ref: str, age_band: str, sex: str, at: datetime,
    ) -> None:
        self.fired_deadlines.add(f"{clock}:{alert}")

    # ------------------------------------------------------------------ tracing and recovery

    def trace(self, match_id: str, matched_report_id: str, child_with_cwc: bool, at: datetime) -> None:
        """A confirmed match closes the report for matching: the child is traced (or, when the
        found child is already before the CWC, with the CWC)."""
        if not self.open_for_matching:
            raise RuleViolated("report_not_open", f"report {self.report_id} is no longer open for matching")
        after = Status.WITH_CWC if child_with_cwc or self.status is Status.WITH_CWC else Status.TRACED
        self._trace(match_id=match_id, matched_report_id=matched_report_id, **self._stamp(after, utc(at)))

    @event("Traced")
    def _trace(
        self, match_id: str | None, matched_report_id: str | None,
        report_id: str, kind: str, district: str, status: str, person_ref: str, age_band: str, sex: str, at: datetime,
    ) -> None:
        self.match_id = match_id
        self.matched_with = matched_report_id
        self.traced_at = at
        self.status = Status(status)

    def produce_before_cwc(self, officer_id: str, at: datetime) -> None:
        if self.status is Status.RESTORED:
            raise RuleViolated("report_closed", "the child has been restored")
        if self.status is Status.WITH_CWC:
            raise RuleViolated("already_with_cwc", "the child has already been produced before the CWC")
        at = utc(at)
        self._trace_directly(at)
        self._produce_before_cwc(officer_id=officer_id, **self._stamp(Status.WITH_CWC, at))

    @event("ProducedBeforeCwc")
    def _produce_before_cwc(
        self, officer_id: str,
        report_id: str, kind: str, district: str, status: str, person_ref: str, age_band: str, sex: str, at: datetime,
    ) -> None:
        self.produced_before_cwc_at = at
        self.status = Status(status)

    def restore(self, sealed_receiver: str, officer_id: str, at: datetime) -> None:
        """Restored to the guardian; `sealed_receiver` says who received the child."""
        if self.status is Status.RESTORED:
            raise RuleViolated("report_closed", "the child has already been restored")
        if not sealed_receiver:
            raise InvalidInput("received_by", "say who received the child")
        at = utc(at)
        self._trace_directly(at)
        self._restore(sealed_receiver=sealed_receiver, officer_id=officer_id, **self._stamp(Status.RESTORED, at))

    @event("Restored")
    def _restore(
        self, sealed_receiver: str, officer_id: str,
        report_id: str, kind: str, district: str, status: str, person_ref: str, age_band: str, sex: str, at: datetime,
    ) -> None:
        self.sealed_receiver = sealed_receiver
        self.restored_at = at
        self.status = Status(status)

    def _trace_directly(self, at: datetime) -> None:
        """A missing child recovered without a found report (came home, found by the station) is traced first."""
        if self.kind is ReportKind.MISSING and self.traced_at is None:
            self._trace(match_id=None, matched_report_id=None, **self._stamp(Status.TRACED, at))

    # ------------------------------------------------------------------ helpers

    def _require_kind(self, kind: ReportKind) -> None:
        if self.kind is not kind:
            raise RuleViolated(f"not_a_{kind.value}_report", f"this applies to a {kind.value}-child report only")

    def _stamp(self, status: Status, at: datetime) -> dict[str, Any]:
        return {"report_id": self.report_id, "kind": self.kind.value, "district": self.district,
                "status": status.value, "person_ref": self.person_ref, "age_band": self.age_band,
                "sex": self.sex.value, "at": at}


class PotentialMatch(Aggregate):
    @staticmethod
    def create_id(missing_report_id: str, found_report_id: str) -> UUID:
        return uuid5(MATCH_NAMESPACE, f"{missing_report_id}|{found_report_id}")

    @classmethod
    def propose(
        cls, *, missing_report_id: str, found_report_id: str, missing_district: str, found_district: str,
        score: float, reasons: list[dict], at: datetime,
    ) -> "PotentialMatch":
        if not 0 <= score <= 1:
            raise InvalidInput("score", "a match score lies between 0 and 1")
        return cls(missing_report_id=missing_report_id, found_report_id=found_report_id,
                   missing_district=missing_district, found_district=found_district, score=score,
                   reasons=[dict(reason) for reason in reasons], status=MatchStatus.PROPOSED.value, at=utc(at))

    @event("Proposed")
    def __init__(
        self, missing_report_id: str, found_report_id: str, missing_district: str, found_district: str,
        score: float, reasons: list[dict], status: str, at: datetime,
    ):
        self.missing_report_id = missing_report_id
        self.found_report_id = found_report_id
        self.missing_district = missing_district
        self.found_district = found_district
        self.score = score
        self.reasons = reasons
        self.status = MatchStatus(status)
        self.proposed_at = at
        self.decided_by: str | None = None
        self.decided_at: datetime | None = None
        self.sealed_note: str | None = None

    @property
    def match_id(self) -> str:
        return str(self.id)

    @property
    def districts(self) -> frozenset[str]:
        return frozenset({self.missing_district, self.found_district})

    def confirm(self, officer_id: str, sealed_note: str | None, at: datetime) -> None:
        self._require_proposed()
        self._decide(officer_id=officer_id, sealed_note=sealed_note, confirmed_match_id=None,
                     **self._stamp(MatchStatus.CONFIRMED, utc(at)))

    def reject(self, officer_id: str, sealed_note: str | None, at: datetime) -> None:
        self._require_proposed()
        self._decide(officer_id=officer_id, sealed_note=sealed_note, confirmed_match_id=None,
                     **self._stamp(MatchStatus.REJECTED, utc(at)))

    def withdraw(self, confirmed_match_id: str, at: datetime) -> None:
        """One of the two reports was matched with another child's report."""
        self._require_proposed()
        self._decide(officer_id=None, sealed_note=None, confirmed_match_id=confirmed_match_id,
                     **self._stamp(MatchStatus.WITHDRAWN, utc(at)))

    @event("Decided")
    def _decide(
        self, officer_id: str | None, sealed_note: str | None, confirmed_match_id: str | None,
        match_id: str, missing_report_id: str, found_report_id: str, missing_district: str, found_district: str,
        score: float, status: str, at: datetime,
    ) -> None:
        self.decided_by, self.sealed_note, self.decided_at = officer_id, sealed_note, at
        self.status = MatchStatus(status)

    def _require_proposed(self) -> None:
        if self.status is not MatchStatus.PROPOSED:
            raise RuleViolated("match_already_decided", f"this potential match is already {self.status.value}")

    def _stamp(self, status: MatchStatus, at: datetime) -> dict[str, Any]:
        return {"match_id": self.match_id, "missing_report_id": self.missing_report_id,
                "found_report_id": self.found_report_id, "missing_district": self.missing_district,
                "found_district": self.found_district, "score": self.score, "status": status.value, "at": at}


def _check_common(report_id: str, district: str, person_ref: str, age_low: float, age_high: float,
                  seen_at: datetime, at: datetime, seen_field: str) -> None:
    for field, value in (("report_id", report_id), ("district", district), ("person_ref", person_ref)):
        if not value:
            raise InvalidInput(field, f"{field} is required")
    if not 0 <= age_low <= age_high <= 18:
        raise InvalidInput("child.age", "the age range must lie within 0 to 18 years, lowest first")
    if seen_at > at:
        raise InvalidInput(seen_field, "the time must not be in the future")

