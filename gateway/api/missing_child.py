"""Vatsalya in the gateway: the endpoints (commands and the identity-bearing views go to the
missing_child service over RPC, which checks role and district per record and logs every read of a
child's identity) and the district view (computed from the `child_reports` read model)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from statistics import median

from nameko.rpc import RpcProxy

from chassis.auth import Officer
from chassis.errors import InvalidInput
from chassis.readmodel.base import ReadModelStore
from chassis.bootstrap import make_clock
from contracts.missing_child import (
    DecisionBody,
    FiledReport201,
    FoundReportForm,
    MatchStatus,
    MissingReportForm,
    RecoveryBody,
    ReportKind,
    SightingReceived201,
    Status,
)
from gateway.http import api, known_district
from gateway.projections.missing_child import CHILD_REPORTS, POTENTIAL_MATCHES

IST = timezone(timedelta(hours=5, minutes=30), "IST")  # "this month" is the police's month
OPEN_MISSING = {Status.MISSING.value, Status.WITH_AHTU.value}


class MissingChildApi:
    missing_child = RpcProxy("missing_child")

    @api("POST", "/api/v1/missing-children/missing-reports", tag="missing children", auth="officer",
         summary="File a missing-child report; the FIR is recorded at once and found children are searched statewide",
         body=MissingReportForm, response=FiledReport201, status=201)
    def file_missing_report(self, request, body: MissingReportForm, officer: Officer):
        return self.missing_child.file_missing(body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/missing-children/found-reports", tag="missing children", auth="officer",
         summary="File a found-child report (police, railway police, CCI, CWC); missing children are searched",
         body=FoundReportForm, response=FiledReport201, status=201)
    def file_found_report(self, request, body: FoundReportForm, officer: Officer):
        return self.missing_child.file_found(body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/missing-children/sightings", tag="missing children",
         summary="A member of the public reports a found or sighted child (reported_by: public); "
                 "the answer is a reference, never a match",
         body=FoundReportForm, response=SightingReceived201, status=201)
    def report_sighting(self, request, body: FoundReportForm):
        self.call_context.update(actor="public")
        return self.missing_child.file_sighting(body.model_dump(mode="json"))

    @api("GET", "/api/v1/missing-children/reports/<report_id>", tag="missing children", auth="officer",
         summary="A report with the child's identity and the guardian's contact: police of its district, "
                 "MSP HQ (the read is logged)")
    def child_report(self, request, report_id: str, officer: Officer):
        return self.missing_child.report_view(report_id, officer.claims())

    @api("POST", "/api/v1/missing-children/reports/<report_id>/search", tag="missing children", auth="officer",
         summary="Search the other side again for an open report (pairs already decided are never proposed)")
    def search_again(self, request, report_id: str, officer: Officer):
        return self.missing_child.search_again(report_id, officer.claims())

    @api("POST", "/api/v1/missing-children/reports/<report_id>/trafficking", tag="missing children",
         auth="officer", summary="Trafficking suspected: hand the case to the district's AHTU at once",
         body=DecisionBody)
    def suspect_trafficking(self, request, report_id: str, body: DecisionBody, officer: Officer):
        return self.missing_child.suspect_trafficking(report_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/missing-children/reports/<report_id>/charge", tag="missing children", auth="officer",
         summary="Police take charge of a sighted child: the 24 h clock to produce the child before the CWC starts")
    def take_charge(self, request, report_id: str, officer: Officer):
        return self.missing_child.take_charge(report_id, officer.claims())

    @api("POST", "/api/v1/missing-children/reports/<report_id>/recovery", tag="missing children",
         auth="officer", summary="Restored to the guardian (who received the child) or produced before the CWC",
         body=RecoveryBody)
    def record_recovery(self, request, report_id: str, body: RecoveryBody, officer: Officer):
        return self.missing_child.record_recovery(report_id, body.model_dump(mode="json"), officer.claims())

    @api("GET", "/api/v1/missing-children/matches", tag="missing children", auth="officer", query={"district": "a district code (default: your own district)"},
         summary="Potential matches in which either report is in ?district=CODE, best first, with both "
                 "children's names and photos (police of that district, MSP HQ; every read logged)")
    def potential_matches(self, request, officer: Officer):
        district = request.args.get("district") or (None if officer.state_wide else officer.district)
        if not district:
            raise InvalidInput("district", "give ?district=CODE")
        return self.missing_child.potential_matches(known_district(district), officer.claims())

    @api("POST", "/api/v1/missing-children/matches/<match_id>/confirm", tag="missing children", auth="officer",
         summary="Confirm a potential match: both reports are traced, other proposals for them withdrawn",
         body=DecisionBody)
    def confirm_match(self, request, match_id: str, body: DecisionBody, officer: Officer):
        return self.missing_child.confirm_match(match_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/missing-children/matches/<match_id>/reject", tag="missing children", auth="officer",
         summary="Reject a potential match: the pair is never proposed again", body=DecisionBody)
    def reject_match(self, request, match_id: str, body: DecisionBody, officer: Officer):
        return self.missing_child.reject_match(match_id, body.model_dump(mode="json"), officer.claims())

    @api("GET", "/api/v1/districts/<code>/missing-children", tag="district", auth="officer",
         summary="The district view of missing and found children")
    def district_missing_children(self, request, code: str, officer: Officer):
        officer.require_district(known_district(code))
        return district_missing_children_view(self.read_models, code, make_clock(self.settings).now())


def district_missing_children_view(store: ReadModelStore, district: str, now: datetime) -> dict:
    reports = store.find(CHILD_REPORTS, {"district": district})
    missing = [doc for doc in reports if doc.get("kind") == ReportKind.MISSING.value]
    found = [doc for doc in reports if doc.get("kind") == ReportKind.FOUND.value]
    # A child counts once: a found report matched to a missing report is that missing child.
    children = missing + [doc for doc in found if not doc.get("matched_with")]
    month = now.astimezone(IST).strftime("%Y-%m")
    days_to_trace = [(_at(doc["traced_at"]) - _at(doc["filed_at"])).total_seconds() / 86400
                     for doc in missing if doc.get("traced_at")]
    open_missing = [doc for doc in missing if doc["status"] in OPEN_MISSING]
    pending = {doc["_id"] for side in ("missing_district", "found_district")
               for doc in store.find(POTENTIAL_MATCHES, {side: district, "status": MatchStatus.PROPOSED.value})}
    return {
        "district": district,
        "open_missing": len(open_missing),
        "traced_this_month": sum(1 for doc in missing if doc.get("traced_at")
                                 and _at(doc["traced_at"]).astimezone(IST).strftime("%Y-%m") == month),
        "restored": sum(1 for doc in children if doc["status"] == Status.RESTORED.value),
        "with_cwc": sum(1 for doc in children if doc["status"] == Status.WITH_CWC.value),
        "handed_to_ahtu": sum(1 for doc in missing if doc["status"] == Status.WITH_AHTU.value),
        "untraced_over_4_months": sum(1 for doc in open_missing if _at(doc["ahtu_due_at"]) <= now),
        "median_days_to_trace": round(median(days_to_trace), 2) if days_to_trace else None,
        "found_unidentified": sum(1 for doc in found if not doc.get("matched_with")
                                  and doc["status"] in (Status.FOUND.value, Status.WITH_CWC.value)),
        "cwc_production_overdue": sum(1 for doc in found if doc.get("cwc_overdue") and doc.get("cwc_due_at")),
        "potential_matches_pending": len(pending),
    }


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)
