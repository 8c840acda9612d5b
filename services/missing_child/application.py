"""The Vatsalya Application: filing, matching, deciding matches, recovery, the clocks, and the views.

The child is the person: each report's `person_ref` comes from a local id of the report (children
rarely have phones), and the child's description and the guardian's (or finder's) contact are sealed
with that child's key before they reach the domain.

Matching needs names and marks, so the service keeps a matching index (services/missing_child/matching.py)
in memory, built by opening the sealed data of every open report. It follows the service's own log
(`observe`, called by the chassis for every changed record, all of them at start-up), so it is rebuilt
at each start and sees other instances' reports; an erased child can no longer be opened and drops out.
That machine read is not an officer's read: every read shown to a person goes through `open_for` and
is logged.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from chassis.auth import POLICE_ROLES, Officer
from chassis.errors import InvalidInput, NotFound, RuleViolated
from chassis.eventstore import ServiceApplication
from chassis.personal_data import new_secret_code, person_ref
from contracts.missing_child import (
    ChildDescription,
    DecisionBody,
    FoundReportForm,
    FoundReporter,
    MatchStatus,
    MissingReportForm,
    RecoveryBody,
    RecoveryOutcome,
    ReportKind,
    Status,
)
from services.missing_child.domain import ChildReport, PotentialMatch
from services.missing_child.integration import to_integration_event
from services.missing_child.matching import MAX_PROPOSALS, ChildProfile, MatchingIndex, profile

YEAR_DAYS = 365.25
# The child's description and where the child was: sealed with the child's key, never published.
CHILD_FIELDS = ("name", "other_names", "date_of_birth", "build", "complexion", "identifying_marks", "clothing",
                "languages", "photo_ref")


class MissingChildApplication(ServiceApplication):
    service_name = "missing_child"
    to_integration_event = staticmethod(to_integration_event)

    def __init__(self, *args: Any, **kwargs: Any):
        self.index = MatchingIndex()
        # Proposed matches: match id → (missing report id, found report id, the districts concerned).
        self.open_matches: dict[str, tuple[str, str, frozenset[str]]] = {}
        super().__init__(*args, **kwargs)

    # ------------------------------------------------------------------ filing

    def file_missing(self, form: MissingReportForm, officer: Officer) -> dict:
        officer.require_role(*POLICE_ROLES)
        officer.require_district(form.last_seen.district)

        def build(report_id: str, ref: str, sealed_child: str, age: tuple[float, float], now: datetime) -> ChildReport:
            return ChildReport.file_missing(
                report_id=report_id, district=form.last_seen.district, police_station=form.police_station,
                fir_number=form.fir_number, reported_by=form.reported_by, person_ref=ref, sex=form.child.sex,
                age_low=age[0], age_high=age[1], height_cm=form.child.height_cm, last_seen_at=form.last_seen.at,
                sealed_child=sealed_child,
                sealed_contact=self.cipher.seal(ref, {"guardian": form.guardian.model_dump(exclude_none=True)}),
                trafficking_suspected=form.trafficking_suspected, at=now,
            )

        return self.retry_on_conflict(lambda: self._file(
            "MC", form.last_seen.district, form.child, build,
            {"last_seen": _place(form.last_seen), "circumstances": form.circumstances}, form.last_seen.at))

    def file_found(self, form: FoundReportForm, officer: Officer) -> dict:
        officer.require_role(*POLICE_ROLES)
        officer.require_district(form.found.district)
        return self._file_found(form)

    def file_sighting(self, form: FoundReportForm) -> dict:
        """A member of the public reports a found or sighted child: they learn the report id only."""
        if form.reported_by is not FoundReporter.PUBLIC:
            raise InvalidInput("reported_by", "a report without an officer's token is from a member of the public")
        return {"report_id": self._file_found(form)["report_id"]}

    def _file_found(self, form: FoundReportForm) -> dict:
        def build(report_id: str, ref: str, sealed_child: str, age: tuple[float, float], now: datetime) -> ChildReport:
            finder = form.finder.model_dump(exclude_none=True) if form.finder else None
            return ChildReport.file_found(
                report_id=report_id, district=form.found.district, police_station=form.found.police_station,
                reported_by=form.reported_by, now_with=form.now_with, person_ref=ref, sex=form.child.sex,
                age_low=age[0], age_high=age[1], height_cm=form.child.height_cm, found_at=form.found.at,
                sealed_child=sealed_child,
                sealed_contact=self.cipher.seal(ref, {"finder": finder}) if finder else None, at=now,
            )

        return self.retry_on_conflict(lambda: self._file(
            "FC", form.found.district, form.child, build,
            {"found": _place(form.found), "circumstances": form.circumstances}, form.found.at))

    def _file(self, prefix: str, district: str, child: ChildDescription, build, place: dict,
              seen_at: datetime) -> dict:
        """Seals the child's description, files the report and proposes its matches, in one save.
        A new id is drawn on every attempt (retry_on_conflict), so an id collision is retried too."""
        now = self.clock.now()
        report_id = f"{prefix}-{district}-{now:%y%m}-{new_secret_code(6)}"
        ref = person_ref(self.settings.person_ref_key, local_id=report_id)
        description = child.model_dump(mode="json", include=set(CHILD_FIELDS), exclude_none=True)
        sealed_child = self.cipher.seal(ref, {**description, **place})
        report = build(report_id, ref, sealed_child, _age_interval(child, seen_at), now)
        proposals = self._proposals(self._profile(report, description), now)
        self.save(report, *proposals)
        return {"report_id": report_id, "status": report.status.value, "fir_number": report.fir_number,
                "potential_matches": [self._proposal_summary(match) for match in proposals]}

    # ------------------------------------------------------------------ matching

    def search_again(self, report_id: str, officer: Officer) -> dict:
        """Scores an open report against the other side again (after the register has grown): pairs
        already proposed, rejected or confirmed are never proposed again."""
        def search() -> dict:
            report = self._for_police(report_id, officer)
            if not report.open_for_matching:
                raise RuleViolated("report_not_open", f"report {report_id} is no longer open for matching")
            child = self.cipher.open(report.sealed_child)
            if child is None:
                raise RuleViolated("person_erased", "this child's data was erased; there is nothing to match")
            proposals = self._proposals(self._profile(report, child), self.clock.now())
            self.save(*proposals)
            return {"report_id": report_id, "potential_matches": [self._proposal_summary(m) for m in proposals]}

        return self.retry_on_conflict(search)

    def _proposals(self, child: ChildProfile, now: datetime) -> list[PotentialMatch]:
        self.due_work.refresh()  # the index follows the log: reports other instances filed are in it
        proposals = []
        for other, result in self.index.best_matches(child, limit=None):
            missing, found = (child, other) if child.kind is ReportKind.MISSING else (other, child)
            if PotentialMatch.create_id(missing.report_id, found.report_id) in self.repository:
                continue  # proposed, rejected or confirmed before: never again
            if self.cipher.vault.is_erased(other.person_ref):
                self.index.remove(other.report_id)
                continue
            proposals.append(PotentialMatch.propose(
                missing_report_id=missing.report_id, found_report_id=found.report_id,
                missing_district=missing.district, found_district=found.district, score=result.score,
                reasons=list(result.reasons), at=now))
            if len(proposals) == MAX_PROPOSALS:
                break
        return proposals

    def confirm_match(self, match_id: str, body: DecisionBody, officer: Officer) -> dict:
        """The officer confirms: both reports close for matching (traced), and every other proposal
        naming either report is withdrawn, in one save."""
        def confirm() -> dict:
            self.due_work.refresh()
            match = self._match_for_police(match_id, officer)
            missing, found = self._load(match.missing_report_id), self._load(match.found_report_id)
            now = self.clock.now()
            match.confirm(officer.subject, self._seal_note(missing, body.note), now)
            child_with_cwc = found.status is Status.WITH_CWC
            found.trace(match.match_id, missing.report_id, child_with_cwc, now)
            missing.trace(match.match_id, found.report_id, child_with_cwc, now)
            others = [self._load_match(other) for other, (m, f, _) in self.open_matches.items()
                      if other != match.match_id and (m == missing.report_id or f == found.report_id)]
            for other in others:
                other.withdraw(match.match_id, now)
            self.save(match, missing, found, *others)
            return self._match_view(match, officer, with_identity=False)

        return self.retry_on_conflict(confirm)

    def reject_match(self, match_id: str, body: DecisionBody, officer: Officer) -> dict:
        match = self._match_for_police(match_id, officer)
        match.reject(officer.subject, self._seal_note(self._load(match.missing_report_id), body.note),
                     self.clock.now())
        self.save(match)
        return self._match_view(match, officer, with_identity=False)

    # ------------------------------------------------------------------ AHTU, charge and recovery

    def suspect_trafficking(self, report_id: str, body: DecisionBody, officer: Officer) -> dict:
        report = self._for_police(report_id, officer)
        report.suspect_trafficking(officer.subject, self._seal_note(report, body.note), self.clock.now())
        self.save(report)
        return self._report_view(report)

    def take_charge(self, report_id: str, officer: Officer) -> dict:
        report = self._for_police(report_id, officer)
        report.take_charge(officer.subject, self.clock.now())
        self.save(report)
        return self._report_view(report)

    def record_recovery(self, report_id: str, body: RecoveryBody, officer: Officer) -> dict:
        """Restored to the guardian (who received the child is sealed), or produced before the CWC.
        For a confirmed pair both reports record it."""
        report = self._for_police(report_id, officer)
        counterpart = self._load(report.matched_with) if report.matched_with else None
        now = self.clock.now()
        for one in filter(None, (report, counterpart)):
            if body.outcome is RecoveryOutcome.RESTORED:
                receiver = {"received_by": body.received_by.model_dump(exclude_none=True), "note": body.note}
                one.restore(self.cipher.seal(one.person_ref, receiver), officer.subject, now)
            elif one is report or one.status is not Status.WITH_CWC:
                one.produce_before_cwc(officer.subject, now)
        self.save(*filter(None, (report, counterpart)))
        return self._report_view(report)

    # ------------------------------------------------------------------ queries

    def report_view(self, report_id: str, officer: Officer) -> dict:
        """The police view, with the child's identity and the guardian's contact (the read is logged)."""
        report = self._for_police(report_id, officer)
        return {**self._report_view(report), **self._identity(report, officer, "police view of the report")}

    def potential_matches(self, district: str, officer: Officer) -> list[dict]:
        """Proposed matches in which either report is in `district`, best first, with both
        children's identity for the officer to compare (each read logged)."""
        officer.require_role(*POLICE_ROLES)
        officer.require_district(district)
        self.due_work.refresh()
        matches = [self._load_match(match_id) for match_id, (_, _, districts) in self.open_matches.items()
                   if district in districts]
        matches.sort(key=lambda match: (-match.score, match.match_id))
        return [self._match_view(match, officer, with_identity=True) for match in matches]

    # ------------------------------------------------------------------ the log, the clocks

    def observe(self, aggregate: Any) -> None:
        if isinstance(aggregate, ChildReport):
            child = self.cipher.open(aggregate.sealed_child) if aggregate.open_for_matching else None
            if child is None:
                self.index.remove(aggregate.report_id)
            else:
                self.index.add(self._profile(aggregate, child))
        elif isinstance(aggregate, PotentialMatch):
            if aggregate.status is MatchStatus.PROPOSED:
                self.open_matches[aggregate.match_id] = (aggregate.missing_report_id, aggregate.found_report_id,
                                                         aggregate.districts)
            else:
                self.open_matches.pop(aggregate.match_id, None)

    def next_due(self, aggregate: Any) -> datetime | None:
        return aggregate.next_deadline() if isinstance(aggregate, ChildReport) else None

    def perform_due_work(self, aggregate: Any, now: datetime) -> None:
        aggregate.fire_due_deadlines(now)

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _profile(report: ChildReport, child: dict) -> ChildProfile:
        return profile(report_id=report.report_id, kind=report.kind, person_ref=report.person_ref, sex=report.sex,
                       age_low=report.age_low, age_high=report.age_high, seen_at=report.seen_at,
                       district=report.district, height_cm=report.height_cm,
                       names=[child.get("name") or "", *child.get("other_names", [])],
                       marks=child.get("identifying_marks"))

    def _load(self, report_id: str) -> ChildReport:
        try:
            return self.repository.get(ChildReport.create_id(report_id))
        except AggregateNotFoundError:
            raise NotFound("report", f"no missing- or found-child report {report_id}") from None

    def _for_police(self, report_id: str, officer: Officer) -> ChildReport:
        officer.require_role(*POLICE_ROLES)
        report = self._load(report_id)
        officer.require_district(report.district)
        return report

    def _load_match(self, match_id: str) -> PotentialMatch:
        try:
            return self.repository.get(UUID(match_id))
        except (ValueError, AggregateNotFoundError):
            raise NotFound("match", f"no potential match {match_id}") from None

    def _match_for_police(self, match_id: str, officer: Officer) -> PotentialMatch:
        """Police of either report's district, or MSP HQ."""
        officer.require_role(*POLICE_ROLES)
        match = self._load_match(match_id)
        if not isinstance(match, PotentialMatch):
            raise NotFound("match", f"no potential match {match_id}")
        if not officer.state_wide and officer.district not in match.districts:
            raise NotFound("match", f"no potential match {match_id} concerns district {officer.district}")
        return match

    def _seal_note(self, report: ChildReport, note: str) -> str | None:
        """Officers' notes may name the child: sealed with the child's key (dropped if erased)."""
        return None if self.cipher.vault.is_erased(report.person_ref) else self.cipher.seal(report.person_ref,
                                                                                          {"note": note})

    def _identity(self, report: ChildReport, officer: Officer, purpose: str) -> dict:
        read = {"actor": officer.subject, "record": report.report_id, "purpose": purpose}
        return {"child": self.cipher.open_for(report.sealed_child, **read) or "[erased]",
                "contact": self.cipher.open_for(report.sealed_contact, **read)}

    def _match_view(self, match: PotentialMatch, officer: Officer, with_identity: bool) -> dict:
        view = {"match_id": match.match_id, "status": match.status.value, "score": match.score,
                "reasons": match.reasons, "proposed_at": match.proposed_at.isoformat()}
        for side, report_id in (("missing", match.missing_report_id), ("found", match.found_report_id)):
            report = self._load(report_id)
            view[side] = self._report_view(report)
            if with_identity:
                view[side]["child"] = self._identity(report, officer, f"review potential match {match.match_id}")["child"]
        return view

    @staticmethod
    def _proposal_summary(match: PotentialMatch) -> dict:
        return {"match_id": match.match_id, "score": match.score,
                "missing_report_id": match.missing_report_id, "found_report_id": match.found_report_id}

    @staticmethod
    def _report_view(report: ChildReport) -> dict:
        pending = report.pending_deadlines()
        return {
            "report_id": report.report_id, "kind": report.kind.value, "status": report.status.value,
            "district": report.district, "police_station": report.police_station,
            "fir_number": report.fir_number, "reported_by": report.reported_by, "sex": report.sex.value,
            "age_band": report.age_band, "age_years": [report.age_low, report.age_high],
            "height_cm": report.height_cm, "seen_at": report.seen_at.isoformat(),
            "filed_at": report.filed_at.isoformat(), "now_with": report.now_with,
            "in_charge_since": _iso(report.in_charge_since), "cwc_due_at": _iso(report.cwc_due_at),
            "ahtu_reason": report.ahtu_reason, "matched_with": report.matched_with, "match_id": report.match_id,
            "traced_at": _iso(report.traced_at), "restored_at": _iso(report.restored_at),
            "next_deadline": {"name": pending[0].name, "due_at": pending[0].due_at.isoformat()} if pending else None,
        }


def _age_interval(child: ChildDescription, at: datetime) -> tuple[float, float]:
    """Age in years at `at`: "8 to 9" is [8, 10) (a child of 9 is 9.0 up to 10); a date of birth is exact."""
    if child.date_of_birth is not None:
        years = (at.date() - child.date_of_birth).days / YEAR_DAYS
        if not 0 <= years < 18:
            raise InvalidInput("child.date_of_birth", "the child must be under 18 at the time")
        return round(years, 3), round(years, 3)
    return float(child.age.min_years), float(child.age.max_years + 1)


def _place(place) -> dict:
    return place.model_dump(mode="json", exclude_none=True, exclude={"at"})


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
