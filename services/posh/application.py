"""The POSH Application: workplaces, committees and complaints.

People (complainants, respondents, committee members) are sealed with their own key before they
reach the domain. The committees are not platform users: their steps are recorded by the
District Officer's side (the district nodal officer) or MSP HQ, and only they may open the
parties' identities, each read logged.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from chassis.auth import Officer, Role
from chassis.case_application import CaseApplication
from chassis.casework import Party
from chassis.errors import InvalidInput
from chassis.personal_data import hash_secret, new_secret_code
from chassis.working_days import WorkingDayCalendar, load_calendar
from contracts.posh import (
    AppealBody,
    ComplaintFiling,
    EmployerActionBody,
    ExtensionBody,
    InquiryBody,
    InterimReliefBody,
    InternalCommitteeBody,
    LocalCommitteeBody,
    Person,
    ReportBody,
    RespondentBody,
    SettlementBody,
    WorkplaceRegistration,
)
from services.posh.domain import LocalCommittee, PoshComplaint, Workplace, check_filing_limit, route
from services.posh.integration import to_integration_event

COMMITTEE_ROLES = (Role.DISTRICT_NODAL_OFFICER, Role.MSP_HQ)
READ_ROLES = (Role.DISTRICT_NODAL_OFFICER, Role.MSP_HQ, Role.AUDITOR)
COMPLAINT = "posh complaint"


class PoshApplication(CaseApplication):
    service_name = "posh"
    to_integration_event = staticmethod(to_integration_event)

    def __init__(self, *args: Any, calendar: WorkingDayCalendar | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.calendar = calendar or load_calendar(self.settings.holiday_calendar)

    # ------------------------------------------------------------------ workplaces and committees

    def register_workplace(self, form: WorkplaceRegistration, officer: Officer) -> dict:
        officer.require_role(*COMMITTEE_ROLES)
        officer.require_district(form.district)
        now = self.clock.now()
        workplace_id = self.save_new(
            lambda: f"WP-{form.district}-{new_secret_code(6)}",
            lambda new_id: Workplace.register(workplace_id=new_id, name=form.name, district=form.district,
                                              employee_count=form.employee_count, employer=form.employer, at=now))
        return {"workplace_id": workplace_id}

    def record_internal_committee(self, workplace_id: str, body: InternalCommitteeBody, officer: Officer) -> dict:
        officer.require_role(*COMMITTEE_ROLES)
        workplace = self.load(Workplace, workplace_id, "workplace")
        officer.require_district(workplace.district)
        local = f"{workplace_id}/ic"
        workplace.record_internal_committee(
            self._person("presiding_officer", body.presiding_officer, f"{local}/presiding")
            if body.presiding_officer else None,
            [self._person("member", m, f"{local}/member-{n}") for n, m in enumerate(body.members, 1)],
            self._person("external_member", body.external_member, f"{local}/external")
            if body.external_member else None,
            self.clock.now(),
        )
        self.save(workplace)
        return self._workplace_view(workplace)

    def register_local_committee(self, body: LocalCommitteeBody, officer: Officer) -> dict:
        officer.require_role(*COMMITTEE_ROLES)
        officer.require_district(body.district)
        local = f"LC-{body.district}"
        chair = self._person("chairperson", body.chairperson, f"{local}/chairperson")
        members = [self._person("member", m, f"{local}/member-{n}") for n, m in enumerate(body.members, 1)]
        committee = self.get_or_none(LocalCommittee.create_id(body.district))
        if committee is None:
            committee = LocalCommittee.register(body.district, chair, members, self.clock.now())
        else:
            committee.reconstitute(chair, members, self.clock.now())
        self.save(committee)
        return {"district": body.district, "member_count": len(members) + 1,
                "constituted_at": committee.constituted_at.isoformat()}

    def workplace_view(self, workplace_id: str, officer: Officer) -> dict:
        officer.require_role(*READ_ROLES)
        workplace = self.load(Workplace, workplace_id, "workplace")
        officer.require_district(workplace.district)
        return self._workplace_view(workplace)

    # ------------------------------------------------------------------ complaints: the complainant

    def file_complaint(self, form: ComplaintFiling) -> dict:
        workplace = self.load(Workplace, form.workplace_id, "workplace") if form.workplace_id else None
        if workplace is not None and workplace.district != form.district:
            raise InvalidInput("district", "the workplace is registered in another district")
        committee, routing = route(workplace, form.against_employer)
        now = self.clock.now()
        check_filing_limit(form.incident_date, now)  # before anyone's data is sealed
        access_code = new_secret_code()

        def build(complaint_id: str) -> PoshComplaint:
            complainant = self._person("complainant", form.complainant, f"{complaint_id}/complainant")
            return PoshComplaint.file(
                complaint_id=complaint_id, district=form.district, workplace_id=form.workplace_id,
                committee=committee, routing=routing, complainant=complainant,
                respondents=[self._person("respondent", r, f"{complaint_id}/respondent-{n}")
                             for n, r in enumerate(form.respondents, 1)],
                incident_date=form.incident_date, series=form.series,
                sealed_description=self.cipher.seal(complainant.person_ref, {"description": form.description}),
                access_code_hash=hash_secret(access_code), at=now, calendar=self.calendar,
            )

        complaint_id = self.save_new(lambda: f"PO-{form.district}-{now:%y%m}-{new_secret_code(6)}", build)
        complaint = self.load(PoshComplaint, complaint_id, COMPLAINT)
        return {"complaint_id": complaint_id, "access_code": access_code, "committee": complaint.committee.value,
                "status": complaint.status.value}

    def complainant_view(self, complaint_id: str, access_code: str) -> dict:
        return self._view(self.for_holder(PoshComplaint, complaint_id, access_code, COMPLAINT))

    def request_conciliation(self, complaint_id: str, access_code: str) -> dict:
        return self._as_complainant(complaint_id, access_code, lambda c, now: c.request_conciliation(now))

    def request_interim_relief(self, complaint_id: str, access_code: str, body: InterimReliefBody) -> dict:
        return self._as_complainant(complaint_id, access_code,
                                    lambda c, now: c.request_interim_relief(body.relief, body.leave_days, now))

    # ------------------------------------------------------------------ complaints: the committee

    def grant_extension(self, complaint_id: str, body: ExtensionBody, officer: Officer) -> dict:
        def extend(complaint: PoshComplaint, now: datetime) -> None:
            reasons = self.cipher.seal(complaint.complainant.person_ref, {"reasons": body.reasons})
            complaint.grant_extension(reasons, officer.subject, now, self.calendar)
        return self._as_committee(complaint_id, officer, extend)

    def record_copy_sent(self, complaint_id: str, body: RespondentBody, officer: Officer) -> dict:
        return self._as_committee(complaint_id, officer,
                                  lambda c, now: c.record_copy_sent(body.respondent_no, now, self.calendar))

    def record_reply(self, complaint_id: str, body: RespondentBody, officer: Officer) -> dict:
        return self._as_committee(complaint_id, officer, lambda c, now: c.record_reply(body.respondent_no, now))

    def settle(self, complaint_id: str, body: SettlementBody, officer: Officer) -> dict:
        def settle(complaint: PoshComplaint, now: datetime) -> None:
            terms = self.cipher.seal(complaint.complainant.person_ref, {"terms": body.terms})
            complaint.settle(terms, body.monetary_settlement, officer.subject, now)
        return self._as_committee(complaint_id, officer, settle)

    def end_conciliation(self, complaint_id: str, officer: Officer) -> dict:
        return self._as_committee(complaint_id, officer, lambda c, now: c.end_conciliation(officer.subject, now))

    def recommend_interim_relief(self, complaint_id: str, body: InterimReliefBody, officer: Officer) -> dict:
        return self._as_committee(complaint_id, officer, lambda c, now: c.recommend_interim_relief(
            body.relief, body.leave_days, officer.subject, now))

    def complete_inquiry(self, complaint_id: str, body: InquiryBody, officer: Officer) -> dict:
        return self._as_committee(complaint_id, officer,
                                  lambda c, now: c.complete_inquiry(body.finding, officer.subject, now))

    def submit_report(self, complaint_id: str, body: ReportBody, officer: Officer) -> dict:
        return self._as_committee(complaint_id, officer,
                                  lambda c, now: c.submit_report(body.recommendations, officer.subject, now))

    def record_employer_action(self, complaint_id: str, body: EmployerActionBody, officer: Officer) -> dict:
        return self._as_committee(complaint_id, officer,
                                  lambda c, now: c.record_employer_action(body.outcome, officer.subject, now))

    def file_appeal(self, complaint_id: str, body: AppealBody, officer: Officer) -> dict:
        return self._as_committee(complaint_id, officer,
                                  lambda c, now: c.file_appeal(body.appellant, officer.subject, now))

    def officer_view(self, complaint_id: str, officer: Officer, include_identity: bool = False) -> dict:
        roles = COMMITTEE_ROLES if include_identity else READ_ROLES
        complaint = self.for_officer(PoshComplaint, complaint_id, officer, COMPLAINT, *roles)
        view = self._view(complaint)
        if include_identity:  # the committee's side only (checked above); every read is logged
            purpose = "POSH committee proceedings"
            view["parties"] = self.open_parties([complaint.complainant, *complaint.respondents], officer,
                                                complaint_id, purpose)
            view["description"] = (self.cipher.open_for(complaint.sealed_description, actor=officer.subject,
                                                        record=complaint_id, purpose=purpose)
                                   or {}).get("description", "[erased]")
        return view

    def published_report(self, complaint_id: str, officer: Officer) -> dict:
        """The committee's report as it may be published: findings and recommendations, no identity."""
        complaint = self.for_officer(PoshComplaint, complaint_id, officer, COMPLAINT, *READ_ROLES)
        return {
            "complaint_id": complaint.complaint_id,
            "district": complaint.district,
            "committee": complaint.committee.value,
            "report_to": complaint.report_to,
            "finding": complaint.finding.value if complaint.finding else None,
            "recommendations": [r.value for r in complaint.recommendations],
            "inquiry_completed_at": _iso(complaint.inquiry_completed_at),
            "report_at": _iso(complaint.report_at),
            "appeal_until": _iso(complaint.appeal_until),
        }

    # ------------------------------------------------------------------ helpers

    def _person(self, role: str, person: Person, local_id: str) -> Party:
        return self.seal_party(role, person.model_dump(exclude_none=True), person.phone, local_id)

    def _as_complainant(self, complaint_id: str, access_code: str,
                        action: Callable[[PoshComplaint, datetime], None]) -> dict:
        complaint = self.for_holder(PoshComplaint, complaint_id, access_code, COMPLAINT)
        action(complaint, self.clock.now())
        self.save(complaint)
        return self._view(complaint)

    def _as_committee(self, complaint_id: str, officer: Officer,
                      action: Callable[[PoshComplaint, datetime], None]) -> dict:
        complaint = self.for_officer(PoshComplaint, complaint_id, officer, COMPLAINT, *COMMITTEE_ROLES)
        action(complaint, self.clock.now())
        self.save(complaint)
        return self._view(complaint)

    def _workplace_view(self, workplace: Workplace) -> dict:
        return {
            "workplace_id": workplace.workplace_id,
            "name": workplace.name,
            "district": workplace.district,
            "employee_count": workplace.employee_count,
            "employer": workplace.employer,
            "internal_committee_constituted": workplace.internal_committee_constituted,
            "internal_committee_members": len(workplace.members) + (workplace.presiding_officer is not None)
            + (workplace.external_member is not None),
        }

    def _view(self, complaint: PoshComplaint) -> dict:
        return {
            "complaint_id": complaint.complaint_id,
            "status": complaint.status.value,
            "district": complaint.district,
            "workplace_id": complaint.workplace_id,
            "committee": complaint.committee.value,
            "routing": complaint.routing.value,
            "filed_at": complaint.filed_at.isoformat(),
            "incident_date": complaint.incident_date.isoformat(),
            "respondents": len(complaint.respondents),
            "copies_sent": sorted(complaint.copies_sent),
            "replies_received": sorted(complaint.replies),
            "interim_relief_requested": [r["relief"].value for r in complaint.relief_requests],
            "interim_relief_recommended": [{"relief": r["relief"].value, "leave_days": r["leave_days"]}
                                           for r in complaint.reliefs],
            "finding": complaint.finding.value if complaint.finding else None,
            "recommendations": [r.value for r in complaint.recommendations],
            "employer_outcome": complaint.employer_outcome.value if complaint.employer_outcome else None,
            "appeal_until": _iso(complaint.appeal_until),
            "clocks": complaint.clock_summary(),
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
