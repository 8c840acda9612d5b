"""Transgender Protection Cell (Transgender Persons (Protection of Rights) Act 2019, Rules 2020):
the grievance, carried from registration through the police station to prosecution, and the
certificate-of-identity application on the District Magistrate's 30-day clock.

Each stage runs on a `chassis.casework.StatutoryLimit` read from `limits.json` (`limits_from`);
a stalled stage is escalated to the district cell, then the state cell. The person's identity,
including the gender they state, reaches the domain sealed and is never read here.

Pure: no I/O and no reading of the system clock; `at` and the limits come in.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from chassis.casework import Case, Party, StatutoryLimit, member, utc
from chassis.errors import RuleViolated
from contracts.transgender_cell import (
    CLOCKS,
    Category,
    CertificateDecision,
    CertificateStatus,
    FirDecision,
    GrievanceStatus,
    InvestigationOutcome,
    RegisteredBy,
    Verdict,
)

# Fixed forever: public ids map to the same aggregate ids in every environment.
CELL_NAMESPACE = UUID("8d4e2f61-0a3b-5c7d-9e1f-4a5b6c7d8e90")

Limits = dict[str, StatutoryLimit]


def limits_from(document: dict[str, Any]) -> Limits:
    """The stage limits from the JSON of `limits.json`; a missing or bad entry is a ValueError naming it."""
    try:
        escalation = document["escalation"]
        common = dict(warn_before=timedelta(days=escalation["warn_before_days"]),
                      escalate_to=tuple(escalation["escalate_to"]),
                      escalate_every=timedelta(days=escalation["escalate_to_state_after_days"]))
        limits = {}
        for name in CLOCKS:
            entry = document["limits"][name]
            if int(entry["days"]) < 1:
                raise ValueError(f"transgender cell limits: limits.{name}.days must be at least 1")
            limits[name] = StatutoryLimit(name, str(entry["rule"]), int(entry["days"]), **common)
        return limits
    except (KeyError, TypeError) as exc:
        raise ValueError(f"transgender cell limits: missing or malformed entry {exc}") from None


class Grievance(Case):
    case_kind = "grievance"
    id_namespace = CELL_NAMESPACE

    @classmethod
    def register(cls, *, grievance_id: str, district: str, category: Category | str,
                 registered_by: RegisteredBy | str, person: Party, representative: Party | None,
                 sealed_description: str, access_code_hash: str, at: datetime, limits: Limits) -> "Grievance":
        at = utc(at)
        grievance = cls(
            case_id=grievance_id, district=district, category=member(Category, category, "category").value,
            registered_by=member(RegisteredBy, registered_by, "registered_by").value, person=person.as_event(),
            representative=representative.as_event() if representative else None,
            sealed_description=sealed_description, access_code_hash=access_code_hash, at=at,
        )
        grievance.start_clock("referral", limits["referral"], at)
        return grievance

    @event("Registered")
    def __init__(self, case_id: str, district: str, category: str, registered_by: str, person: dict,
                 representative: dict | None, sealed_description: str, access_code_hash: str, at: datetime,
                 status: str = GrievanceStatus.REGISTERED.value):
        self.case_id = case_id
        self.district = district
        self.category = Category(category)
        self.registered_by = RegisteredBy(registered_by)
        self.person = Party.from_event(person)
        self.representative = Party.from_event(representative) if representative else None
        self.sealed_description = sealed_description
        self.access_code_hash = access_code_hash
        self.registered_at = at
        self.status = GrievanceStatus(status)
        self.police_station: str | None = None
        self.fir_number: str | None = None
        self.fir_decision: FirDecision | None = None
        self.investigation_outcome: InvestigationOutcome | None = None
        self.prosecution_updates = 0
        self.closed_reason: str | None = None
        self._open_case()

    @property
    def grievance_id(self) -> str:
        return self.case_id

    def _require(self, status: GrievanceStatus) -> None:
        if self.status is not status:
            raise RuleViolated("not_at_this_stage",
                               f"the grievance is {self.status.value}; this needs it to be {status.value}")

    def _close(self, reason: str, officer_id: str, at: datetime) -> None:
        self._record_closure(reason=reason, officer_id=officer_id, **self._stamp(GrievanceStatus.CLOSED, at))
        for key in list(self.running_clocks()):
            self.stop_clock(key, at)

    @event("Closed")
    def _record_closure(self, reason: str, officer_id: str, case_id: str, district: str, status: str,
                        at: datetime) -> None:
        self.closed_reason = reason
        self.status = GrievanceStatus(status)

    # ------------------------------------------------------------------ the district cell

    def refer(self, police_station: str, officer_id: str, at: datetime, limits: Limits) -> None:
        self._require(GrievanceStatus.REGISTERED)
        at = utc(at)
        self._refer(police_station=police_station, officer_id=officer_id,
                    **self._stamp(GrievanceStatus.REFERRED, at))
        self.stop_clock("referral", at)
        self.start_clock("fir_decision", limits["fir_decision"], at)

    @event("Referred")
    def _refer(self, police_station: str, officer_id: str, case_id: str, district: str, status: str,
               at: datetime) -> None:
        self.police_station = police_station
        self.status = GrievanceStatus(status)

    def resolve(self, officer_id: str, at: datetime) -> None:
        """A grievance that is not an offence may be redressed by the cell itself."""
        self._require(GrievanceStatus.REGISTERED)
        if self.category is not Category.OTHER_GRIEVANCE:
            raise RuleViolated("s.18_offence_to_police",
                               "an offence under s.18 is referred to the police station, not closed by the cell")
        self._close("resolved_by_cell", officer_id, utc(at))

    # ------------------------------------------------------------------ the police station

    def record_fir_decision(self, decision: FirDecision | str, fir_number: str | None, officer_id: str,
                            at: datetime, limits: Limits) -> None:
        self._require(GrievanceStatus.REFERRED)
        decision = member(FirDecision, decision, "decision")
        at = utc(at)
        registered = decision is FirDecision.FIR_REGISTERED
        after = GrievanceStatus.UNDER_INVESTIGATION if registered else GrievanceStatus.REFERRED_TO_MAGISTRATE
        self._record_fir_decision(decision=decision.value, fir_number=fir_number if registered else None,
                                  officer_id=officer_id, **self._stamp(after, at))
        self.stop_clock("fir_decision", at)
        if registered:
            sexual = self.category is Category.SEXUAL_ABUSE
            self.start_clock("investigation", limits["investigation_sexual_abuse" if sexual else "investigation"], at)

    @event("FirDecisionRecorded")
    def _record_fir_decision(self, decision: str, fir_number: str | None, officer_id: str, case_id: str,
                             district: str, status: str, at: datetime) -> None:
        self.fir_decision = FirDecision(decision)
        self.fir_number = fir_number
        self.status = GrievanceStatus(status)

    def conclude_investigation(self, outcome: InvestigationOutcome | str, officer_id: str, at: datetime,
                               limits: Limits) -> None:
        self._require(GrievanceStatus.UNDER_INVESTIGATION)
        outcome = member(InvestigationOutcome, outcome, "outcome")
        at = utc(at)
        chargesheet = outcome is InvestigationOutcome.CHARGESHEET
        after = GrievanceStatus.PROSECUTION if chargesheet else self.status
        self._conclude_investigation(outcome=outcome.value, officer_id=officer_id, **self._stamp(after, at))
        self.stop_clock("investigation", at)
        if chargesheet:
            self.start_clock("prosecution_update:1", limits["prosecution_update"], at)
        else:
            self._close("closure_report", officer_id, at)

    @event("InvestigationConcluded")
    def _conclude_investigation(self, outcome: str, officer_id: str, case_id: str, district: str, status: str,
                                at: datetime) -> None:
        self.investigation_outcome = InvestigationOutcome(outcome)
        self.status = GrievanceStatus(status)

    def record_prosecution_update(self, next_hearing: date | None, officer_id: str, at: datetime,
                                  limits: Limits) -> None:
        """Progress of the trial; each update starts the next follow-up period."""
        self._require(GrievanceStatus.PROSECUTION)
        at = utc(at)
        update_no = self.prosecution_updates + 1
        self._record_prosecution_update(update_no=update_no,
                                        next_hearing=next_hearing.isoformat() if next_hearing else None,
                                        officer_id=officer_id, **self._stamp(self.status, at))
        self.stop_clock(f"prosecution_update:{update_no}", at)
        self.start_clock(f"prosecution_update:{update_no + 1}", limits["prosecution_update"], at)

    @event("ProsecutionUpdateRecorded")
    def _record_prosecution_update(self, update_no: int, next_hearing: str | None, officer_id: str,
                                   case_id: str, district: str, status: str, at: datetime) -> None:
        self.prosecution_updates = update_no

    def record_verdict(self, verdict: Verdict | str, officer_id: str, at: datetime) -> None:
        self._require(GrievanceStatus.PROSECUTION)
        self._close(member(Verdict, verdict, "verdict").value, officer_id, utc(at))


class CertificateApplication(Case):
    """An application to the District Magistrate for a certificate of identity (Rules 2020)."""

    case_kind = "certificate"
    id_namespace = CELL_NAMESPACE

    @classmethod
    def apply(cls, *, application_id: str, district: str, applicant: Party, representative: Party | None,
              access_code_hash: str, at: datetime, limits: Limits) -> "CertificateApplication":
        at = utc(at)
        application = cls(case_id=application_id, district=district, applicant=applicant.as_event(),
                          representative=representative.as_event() if representative else None,
                          access_code_hash=access_code_hash, at=at)
        application.start_clock("certificate", limits["certificate"], at)
        return application

    @event("Applied")
    def __init__(self, case_id: str, district: str, applicant: dict, representative: dict | None,
                 access_code_hash: str, at: datetime, status: str = CertificateStatus.PENDING.value):
        self.case_id = case_id
        self.district = district
        self.applicant = Party.from_event(applicant)
        self.representative = Party.from_event(representative) if representative else None
        self.access_code_hash = access_code_hash
        self.applied_at = at
        self.status = CertificateStatus(status)
        self.certificate_number: str | None = None
        self.decided_at: datetime | None = None
        self._open_case()

    @property
    def application_id(self) -> str:
        return self.case_id

    def decide(self, decision: CertificateDecision | str, certificate_number: str | None, officer_id: str,
               at: datetime) -> None:
        if self.status is not CertificateStatus.PENDING:
            raise RuleViolated("already_decided", f"the application was already {self.status.value}")
        decision = member(CertificateDecision, decision, "decision")
        at = utc(at)
        self._decide(decision=decision.value,
                     certificate_number=certificate_number if decision is CertificateDecision.ISSUED else None,
                     officer_id=officer_id, **self._stamp(CertificateStatus(decision.value), at))
        self.stop_clock("certificate", at)

    @event("Decided")
    def _decide(self, decision: str, certificate_number: str | None, officer_id: str, case_id: str, district: str,
                status: str, at: datetime) -> None:
        self.certificate_number = certificate_number
        self.decided_at = at
        self.status = CertificateStatus(status)
