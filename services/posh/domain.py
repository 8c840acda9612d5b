"""POSH (Sexual Harassment of Women at Workplace Act 2013, Rules 2013): the workplace and its
Internal Committee, the district's Local Committee, and the complaint.

A complaint goes to the committee with jurisdiction (`route`), must be filed within the s.9
limit, and then runs on the Act's clocks (`LIMITS`), each a `chassis.casework.StatutoryLimit`:
working days for the copy to the respondent and the reply, calendar days for the rest. The
parties' identities reach the domain sealed; the report carries findings and recommendations
only, so it can never name anyone.

Pure: no I/O and no reading of the system clock; `at` and the working-day calendar come in.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chassis.casework import Case, Party, StatutoryLimit, add_months, member, utc
from chassis.errors import InvalidInput, RuleViolated
from chassis.working_days import IST, WorkingDayCalendar
from contracts.posh import (
    INTERNAL_COMMITTEE_THRESHOLD,
    Appellant,
    Clock,
    Committee,
    EmployerOutcome,
    Finding,
    InterimRelief,
    Recommendation,
    Routing,
    Status,
)

# Fixed forever: public ids map to the same aggregate ids in every environment.
POSH_NAMESPACE = UUID("3b0f7c52-9d1e-5a4b-8c6f-1e2d3c4b5a69")

MIN_EMPLOYEE_MEMBERS = 2  # s.4(2)(b): not less than two members from amongst the employees
FILING_MONTHS = 3  # s.9(1)
EXTENSION_MONTHS = 3  # s.9(1) proviso
MAX_LEAVE_DAYS = 90  # s.12(1)(b): leave up to three months, taken as 90 days
APPEAL_WITHIN = timedelta(days=90)  # s.18(2)

# A breach is told to the District Officer's side (the district nodal officer), a week later to MSP HQ.
ESCALATION = ("district_nodal_officer", "msp_hq")
LIMITS = {
    Clock.COPY_TO_RESPONDENT: StatutoryLimit(Clock.COPY_TO_RESPONDENT.value, "POSH Rules r.7(2)", 7, working_days=True,
                                             escalate_to=ESCALATION),
    # The respondent's own duty: a breach is recorded (the committee may proceed, r.7(7)), nobody is escalated to.
    Clock.RESPONDENT_REPLY: StatutoryLimit(Clock.RESPONDENT_REPLY.value, "POSH Rules r.7(4)", 10, working_days=True),
    Clock.INQUIRY: StatutoryLimit(Clock.INQUIRY.value, "POSH Act s.11(4)", 90, warn_before=timedelta(days=10),
                                  escalate_to=ESCALATION),
    Clock.REPORT: StatutoryLimit(Clock.REPORT.value, "POSH Act s.13(1)", 10, warn_before=timedelta(days=2),
                                 escalate_to=ESCALATION),
    Clock.EMPLOYER_ACTION: StatutoryLimit(Clock.EMPLOYER_ACTION.value, "POSH Act s.13(4)", 60,
                                          warn_before=timedelta(days=7), escalate_to=ESCALATION),
}
PENDING_INQUIRY = (Status.RECEIVED, Status.UNDER_INQUIRY, Status.CONCILIATION)


def _parties(parties: list[dict[str, Any]] | None) -> list[Party]:
    return [Party.from_event(p) for p in parties or []]


def constituted(presiding_officer: Any, members: list, external_member: Any) -> bool:
    """s.4(2): a presiding officer, at least two members from the employees and an external member."""
    return presiding_officer is not None and len(members) >= MIN_EMPLOYEE_MEMBERS and external_member is not None


class Workplace(Aggregate):
    @staticmethod
    def create_id(workplace_id: str) -> UUID:
        return uuid5(POSH_NAMESPACE, f"workplace/{workplace_id}")

    @classmethod
    def register(cls, *, workplace_id: str, name: str, district: str, employee_count: int, employer: str,
                 at: datetime) -> "Workplace":
        if employee_count < 1:
            raise InvalidInput("employee_count", "a workplace has at least one worker")
        return cls(workplace_id=workplace_id, name=name, district=district, employee_count=employee_count,
                   employer=employer, at=utc(at))

    @event("Registered")
    def __init__(self, workplace_id: str, name: str, district: str, employee_count: int, employer: str,
                 at: datetime):
        self.workplace_id = workplace_id
        self.name = name
        self.district = district
        self.employee_count = employee_count
        self.employer = employer
        self.registered_at = at
        self.presiding_officer: Party | None = None
        self.members: list[Party] = []
        self.external_member: Party | None = None

    @property
    def internal_committee_constituted(self) -> bool:
        return constituted(self.presiding_officer, self.members, self.external_member)

    def record_internal_committee(self, presiding_officer: Party | None, members: list[Party],
                                  external_member: Party | None, at: datetime) -> None:
        self._record_internal_committee(
            presiding_officer=presiding_officer.as_event() if presiding_officer else None,
            members=[m.as_event() for m in members],
            external_member=external_member.as_event() if external_member else None,
            workplace_id=self.workplace_id, district=self.district, at=utc(at),
        )

    @event("InternalCommitteeRecorded")
    def _record_internal_committee(self, presiding_officer: dict | None, members: list[dict],
                                   external_member: dict | None, workplace_id: str, district: str,
                                   at: datetime) -> None:
        self.presiding_officer = Party.from_event(presiding_officer) if presiding_officer else None
        self.members = _parties(members)
        self.external_member = Party.from_event(external_member) if external_member else None


class LocalCommittee(Aggregate):
    """One per district (s.6(1)), constituted by the District Officer; reconstituting replaces it."""

    @staticmethod
    def create_id(district: str) -> UUID:
        return uuid5(POSH_NAMESPACE, f"local-committee/{district}")

    @classmethod
    def register(cls, district: str, chairperson: Party, members: list[Party], at: datetime) -> "LocalCommittee":
        return cls(district=district, chairperson=chairperson.as_event(), members=[m.as_event() for m in members],
                   at=utc(at))

    @event("Registered")
    def __init__(self, district: str, chairperson: dict, members: list[dict], at: datetime):
        self.district = district
        self._constitute(chairperson, members, at)

    def reconstitute(self, chairperson: Party, members: list[Party], at: datetime) -> None:
        self._reconstitute(chairperson=chairperson.as_event(), members=[m.as_event() for m in members],
                           district=self.district, at=utc(at))

    @event("Reconstituted")
    def _reconstitute(self, chairperson: dict, members: list[dict], district: str, at: datetime) -> None:
        self._constitute(chairperson, members, at)

    def _constitute(self, chairperson: dict, members: list[dict], at: datetime) -> None:
        self.chairperson = Party.from_event(chairperson)
        self.members = _parties(members)
        self.constituted_at = at


def route(workplace: Workplace | None, against_employer: bool) -> tuple[Committee, Routing]:
    """The committee with jurisdiction: the district's Local Committee for a workplace under ten
    workers or a complaint against the employer (s.6(1)); a workplace whose Internal Committee is
    not constituted cannot receive complaints, so it goes to the Local Committee too."""
    if workplace is None:
        return Committee.LOCAL, Routing.NO_REGISTERED_WORKPLACE
    if workplace.employee_count < INTERNAL_COMMITTEE_THRESHOLD:
        return Committee.LOCAL, Routing.FEWER_THAN_TEN_EMPLOYEES
    if against_employer:
        return Committee.LOCAL, Routing.AGAINST_EMPLOYER
    if not workplace.internal_committee_constituted:
        return Committee.LOCAL, Routing.INTERNAL_COMMITTEE_NOT_CONSTITUTED
    return Committee.INTERNAL, Routing.INTERNAL_COMMITTEE


def check_filing_limit(incident_date: date, at: datetime) -> bool:
    """s.9(1): True when filed within three months of the incident (or the last of a series);
    False within six, when only the committee's extension can admit it; refused after that."""
    filed_on = utc(at).astimezone(IST).date()
    if incident_date > filed_on:
        raise InvalidInput("incident_date", "the incident date cannot be in the future")
    if filed_on > add_months(incident_date, FILING_MONTHS + EXTENSION_MONTHS):
        raise RuleViolated(
            "s.9(1)", "a complaint must be made within three months of the incident (or of the last incident of a "
                      "series); the committee may extend that by three months at most, and this is later")
    return filed_on <= add_months(incident_date, FILING_MONTHS)


class PoshComplaint(Case):
    case_kind = "complaint"
    id_namespace = POSH_NAMESPACE

    @classmethod
    def file(cls, *, complaint_id: str, district: str, workplace_id: str | None, committee: Committee | str,
             routing: Routing | str, complainant: Party, respondents: list[Party], incident_date: date,
             series: bool, sealed_description: str, access_code_hash: str, at: datetime,
             calendar: WorkingDayCalendar) -> "PoshComplaint":
        """Files the complaint. Within 3 months of the incident (or the last of a series) it is
        received at once; within 6 it waits for the committee's extension; later it is refused."""
        at = utc(at)
        if not respondents:
            raise InvalidInput("respondents", "name at least one respondent")
        on_time = check_filing_limit(incident_date, at)
        complaint = cls(
            case_id=complaint_id, district=district, workplace_id=workplace_id,
            committee=member(Committee, committee, "committee").value,
            routing=member(Routing, routing, "routing").value,
            complainant=complainant.as_event(), respondents=[r.as_event() for r in respondents],
            incident_date=incident_date.isoformat(), series=series, sealed_description=sealed_description,
            access_code_hash=access_code_hash, at=at,
            status=(Status.RECEIVED if on_time else Status.AWAITING_EXTENSION).value,
        )
        if on_time:
            complaint._take_up(at, calendar)
        return complaint

    @event("Filed")
    def __init__(self, case_id: str, district: str, workplace_id: str | None, committee: str, routing: str,
                 complainant: dict, respondents: list[dict], incident_date: str, series: bool,
                 sealed_description: str, access_code_hash: str, at: datetime, status: str):
        self.case_id = case_id
        self.district = district
        self.workplace_id = workplace_id
        self.committee = Committee(committee)
        self.routing = Routing(routing)
        self.complainant = Party.from_event(complainant)
        self.respondents = _parties(respondents)
        self.incident_date = date.fromisoformat(incident_date)
        self.series = series
        self.sealed_description = sealed_description
        self.access_code_hash = access_code_hash
        self.filed_at = at
        self.status = Status(status)
        self.sealed_extension_reasons: str | None = None
        self.copies_sent: set[int] = set()
        self.replies: set[int] = set()
        self.status_before_conciliation: Status | None = None
        self.sealed_settlement_terms: str | None = None
        self.relief_requests: list[dict[str, Any]] = []
        self.reliefs: list[dict[str, Any]] = []
        self.finding: Finding | None = None
        self.inquiry_completed_at: datetime | None = None
        self.recommendations: list[Recommendation] = []
        self.report_at: datetime | None = None
        self.employer_outcome: EmployerOutcome | None = None
        self.appeal: dict[str, Any] | None = None
        self._open_case()

    @property
    def complaint_id(self) -> str:
        return self.case_id

    @property
    def report_to(self) -> str:
        """s.13(1): the Internal Committee reports to the employer, the Local Committee to the District Officer."""
        return "employer" if self.committee is Committee.INTERNAL else "district_officer"

    def _take_up(self, at: datetime, calendar: WorkingDayCalendar) -> None:
        for number in range(1, len(self.respondents) + 1):
            self.start_clock(f"copy_to_respondent:{number}", LIMITS[Clock.COPY_TO_RESPONDENT], at, calendar)
        self.start_clock("inquiry", LIMITS[Clock.INQUIRY], at)

    def _require(self, *statuses: Status, rule: str = "not_at_this_stage") -> None:
        if self.status not in statuses:
            allowed = ", ".join(s.value for s in statuses)
            raise RuleViolated(rule, f"the complaint is {self.status.value}; this needs it to be {allowed}")

    def _stop_all_clocks(self, at: datetime) -> None:
        for key in list(self.running_clocks()):
            self.stop_clock(key, at)

    # ------------------------------------------------------------------ s.9 extension

    def grant_extension(self, sealed_reasons: str, officer_id: str, at: datetime,
                        calendar: WorkingDayCalendar) -> None:
        self._require(Status.AWAITING_EXTENSION, rule="no_extension_needed")
        at = utc(at)
        self._grant_extension(sealed_reasons=sealed_reasons, officer_id=officer_id,
                              **self._stamp(Status.RECEIVED, at))
        self._take_up(at, calendar)

    @event("ExtensionGranted")
    def _grant_extension(self, sealed_reasons: str, officer_id: str, case_id: str, district: str, status: str,
                         at: datetime) -> None:
        self.sealed_extension_reasons = sealed_reasons
        self.status = Status(status)

    # ------------------------------------------------------------------ copy and reply (r.7)

    def _respondent(self, respondent_no: int) -> None:
        if not 1 <= respondent_no <= len(self.respondents):
            raise InvalidInput("respondent_no", f"this complaint has respondents 1 to {len(self.respondents)}")

    def record_copy_sent(self, respondent_no: int, at: datetime, calendar: WorkingDayCalendar) -> None:
        self._require(*PENDING_INQUIRY)
        self._respondent(respondent_no)
        if respondent_no in self.copies_sent:
            raise RuleViolated("copy_already_sent", "a copy was already sent to this respondent")
        at = utc(at)
        all_sent = len(self.copies_sent) + 1 == len(self.respondents)
        after = Status.UNDER_INQUIRY if all_sent and self.status is Status.RECEIVED else self.status
        self._record_copy_sent(respondent_no=respondent_no, **self._stamp(after, at))
        self.stop_clock(f"copy_to_respondent:{respondent_no}", at)
        self.start_clock(f"respondent_reply:{respondent_no}", LIMITS[Clock.RESPONDENT_REPLY], at, calendar)

    @event("CopySent")
    def _record_copy_sent(self, respondent_no: int, case_id: str, district: str, status: str,
                          at: datetime) -> None:
        self.copies_sent.add(respondent_no)
        self.status = Status(status)

    def record_reply(self, respondent_no: int, at: datetime) -> None:
        self._respondent(respondent_no)
        if respondent_no not in self.copies_sent:
            raise RuleViolated("copy_not_sent", "the respondent replies to the copy of the complaint; none was sent")
        if respondent_no in self.replies:
            raise RuleViolated("reply_already_received", "this respondent's reply is already recorded")
        at = utc(at)
        self._record_reply(respondent_no=respondent_no, **self._stamp(self.status, at))
        self.stop_clock(f"respondent_reply:{respondent_no}", at)

    @event("ReplyReceived")
    def _record_reply(self, respondent_no: int, case_id: str, district: str, status: str, at: datetime) -> None:
        self.replies.add(respondent_no)

    # ------------------------------------------------------------------ conciliation (s.10)

    def request_conciliation(self, at: datetime) -> None:
        self._require(Status.RECEIVED, Status.UNDER_INQUIRY, rule="s.10(1)")
        self._request_conciliation(previous=self.status.value, **self._stamp(Status.CONCILIATION, utc(at)))

    @event("ConciliationRequested")
    def _request_conciliation(self, previous: str, case_id: str, district: str, status: str, at: datetime) -> None:
        self.status_before_conciliation = Status(previous)
        self.status = Status(status)

    def settle(self, sealed_terms: str, monetary_settlement: bool, officer_id: str, at: datetime) -> None:
        self._require(Status.CONCILIATION, rule="not_in_conciliation")
        if monetary_settlement:
            raise RuleViolated("s.10(1)", "no monetary settlement may be made the basis of conciliation")
        at = utc(at)
        self._end_conciliation(settled=True, sealed_terms=sealed_terms, officer_id=officer_id,
                               **self._stamp(Status.SETTLED, at))
        self._stop_all_clocks(at)

    def end_conciliation(self, officer_id: str, at: datetime) -> None:
        """Conciliation failed: the inquiry goes on where it was."""
        self._require(Status.CONCILIATION, rule="not_in_conciliation")
        self._end_conciliation(settled=False, sealed_terms=None, officer_id=officer_id,
                               **self._stamp(self.status_before_conciliation, utc(at)))

    @event("ConciliationEnded")
    def _end_conciliation(self, settled: bool, sealed_terms: str | None, officer_id: str, case_id: str,
                          district: str, status: str, at: datetime) -> None:
        self.sealed_settlement_terms = sealed_terms
        self.status = Status(status)

    # ------------------------------------------------------------------ interim relief (s.12, r.8)

    def _check_relief(self, relief: InterimRelief | str, leave_days: int | None) -> InterimRelief:
        self._require(*PENDING_INQUIRY, rule="inquiry_not_pending")
        relief = member(InterimRelief, relief, "relief")
        if relief is InterimRelief.LEAVE:
            if leave_days is None:
                raise InvalidInput("leave_days", "say how many days of leave")
            if leave_days > MAX_LEAVE_DAYS:
                raise RuleViolated("s.12(1)(b)",
                                   f"interim leave is granted for up to three months ({MAX_LEAVE_DAYS} days)")
        elif leave_days is not None:
            raise InvalidInput("leave_days", "leave_days goes with relief 'leave' only")
        return relief

    def request_interim_relief(self, relief: InterimRelief | str, leave_days: int | None, at: datetime) -> None:
        """The complainant's written request (s.12(1)), made through the platform."""
        relief = self._check_relief(relief, leave_days)
        self._request_interim_relief(relief=relief.value, leave_days=leave_days, **self._stamp(self.status, utc(at)))

    @event("InterimReliefRequested")
    def _request_interim_relief(self, relief: str, leave_days: int | None, case_id: str, district: str,
                                status: str, at: datetime) -> None:
        self.relief_requests.append({"relief": InterimRelief(relief), "leave_days": leave_days, "at": at})

    def recommend_interim_relief(self, relief: InterimRelief | str, leave_days: int | None, officer_id: str,
                                 at: datetime) -> None:
        relief = self._check_relief(relief, leave_days)
        if not any(request["relief"] is relief for request in self.relief_requests):
            raise RuleViolated("s.12(1)", "interim relief is recommended on the complainant's written request only; "
                                          "she has not asked for this one")
        self._recommend_interim_relief(relief=relief.value, leave_days=leave_days, officer_id=officer_id,
                                       **self._stamp(self.status, utc(at)))

    @event("InterimReliefRecommended")
    def _recommend_interim_relief(self, relief: str, leave_days: int | None, officer_id: str, case_id: str,
                                  district: str, status: str, at: datetime) -> None:
        self.reliefs.append({"relief": InterimRelief(relief), "leave_days": leave_days, "at": at})

    # ------------------------------------------------------------------ inquiry, report, action, appeal

    def complete_inquiry(self, finding: Finding | str, officer_id: str, at: datetime) -> None:
        if self.status is Status.RECEIVED:
            raise RuleViolated("copies_not_sent", "every respondent must first get a copy of the complaint (r.7(2))")
        self._require(Status.UNDER_INQUIRY)
        at = utc(at)
        self._complete_inquiry(finding=member(Finding, finding, "finding").value, officer_id=officer_id,
                               **self._stamp(Status.INQUIRY_COMPLETED, at))
        self._stop_all_clocks(at)
        self.start_clock("report", LIMITS[Clock.REPORT], at)

    @event("InquiryCompleted")
    def _complete_inquiry(self, finding: str, officer_id: str, case_id: str, district: str, status: str,
                          at: datetime) -> None:
        self.finding = Finding(finding)
        self.inquiry_completed_at = at
        self.status = Status(status)

    def submit_report(self, recommendations: list[Recommendation | str], officer_id: str, at: datetime) -> None:
        self._require(Status.INQUIRY_COMPLETED)
        chosen = [member(Recommendation, r, "recommendations") for r in recommendations]
        if not chosen:
            raise InvalidInput("recommendations", "recommend at least one action, or no_action")
        if self.finding is Finding.NOT_PROVED and chosen != [Recommendation.NO_ACTION]:
            raise RuleViolated("s.13(2)", "when the allegation is not proved the committee recommends no action")
        at = utc(at)
        self._submit_report(recommendations=[r.value for r in chosen], report_to=self.report_to,
                            officer_id=officer_id, **self._stamp(Status.REPORT_SUBMITTED, at))
        self.stop_clock("report", at)
        if chosen != [Recommendation.NO_ACTION]:
            self.start_clock("employer_action", LIMITS[Clock.EMPLOYER_ACTION], at)

    @event("ReportSubmitted")
    def _submit_report(self, recommendations: list[str], report_to: str, officer_id: str, case_id: str,
                       district: str, status: str, at: datetime) -> None:
        self.recommendations = [Recommendation(r) for r in recommendations]
        self.report_at = at
        self.status = Status(status)

    def record_employer_action(self, outcome: EmployerOutcome | str, officer_id: str, at: datetime) -> None:
        self._require(Status.REPORT_SUBMITTED, Status.APPEALED)
        if "employer_action" not in self.clocks or self.employer_outcome is not None:
            raise RuleViolated("no_action_due", "no employer action is awaited on this complaint")
        at = utc(at)
        after = Status.ACTION_TAKEN if self.status is Status.REPORT_SUBMITTED else self.status
        self._record_employer_action(outcome=member(EmployerOutcome, outcome, "outcome").value,
                                     officer_id=officer_id, **self._stamp(after, at))
        self.stop_clock("employer_action", at)

    @event("EmployerActionRecorded")
    def _record_employer_action(self, outcome: str, officer_id: str, case_id: str, district: str, status: str,
                                at: datetime) -> None:
        self.employer_outcome = EmployerOutcome(outcome)
        self.status = Status(status)

    @property
    def appeal_until(self) -> datetime | None:
        return self.report_at + APPEAL_WITHIN if self.report_at else None

    def file_appeal(self, appellant: Appellant | str, officer_id: str, at: datetime) -> None:
        self._require(Status.REPORT_SUBMITTED, Status.ACTION_TAKEN, rule="no_report_to_appeal")
        at = utc(at)
        if at > self.appeal_until:
            raise RuleViolated("s.18(2)", "an appeal lies within ninety days of the committee's recommendations")
        self._file_appeal(appellant=member(Appellant, appellant, "appellant").value, officer_id=officer_id,
                          **self._stamp(Status.APPEALED, at))

    @event("AppealFiled")
    def _file_appeal(self, appellant: str, officer_id: str, case_id: str, district: str, status: str,
                     at: datetime) -> None:
        self.appeal = {"appellant": Appellant(appellant), "at": at}
        self.status = Status(status)
