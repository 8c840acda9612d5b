"""NAVCHETNA training in the gateway: the endpoints (commands go to the training service over RPC)
and the district view (counted from the training read models, gateway/projections/training.py)."""
from __future__ import annotations

from collections import Counter

from nameko.rpc import RpcProxy

from chassis.auth import Officer
from chassis.readmodel.base import ReadModelStore
from contracts.reference import Sex
from contracts.training import (
    AssessmentBody,
    AttendanceBody,
    CertificateBody,
    CourseBody,
    EnrolmentBody,
    Rank,
    RefresherState,
    SessionBody,
    StationStrengthBody,
    TrainerBody,
)
from gateway.http import api, known_district
from gateway.projections.training import CERTIFICATES, PERSONNEL, SESSIONS, STATIONS, station_key


class TrainingApi:
    training = RpcProxy("training")

    @api("POST", "/api/v1/training/courses", summary="MSP HQ: create a NAVCHETNA course (modules, hours, pass mark, "
         "refresher period)", tag="training", auth="officer", body=CourseBody, status=201)
    def create_course(self, request, body: CourseBody, officer: Officer):
        return self.training.create_course(body.model_dump(mode="json"), officer.claims())

    @api("GET", "/api/v1/training/courses/<course_id>", summary="A NAVCHETNA course", tag="training", auth="officer")
    def course(self, request, course_id: str, officer: Officer):
        return self.training.course_view(course_id)

    @api("POST", "/api/v1/training/trainers", summary="Register a trainer for courses", tag="training",
         auth="officer", body=TrainerBody, status=201)
    def register_trainer(self, request, body: TrainerBody, officer: Officer):
        return self.training.register_trainer(body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/training/station-strength", summary="Record a police station's headcount (the base of "
         "the share certified)", tag="training", auth="officer", body=StationStrengthBody)
    def station_strength(self, request, body: StationStrengthBody, officer: Officer):
        return self.training.record_station_strength(body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/training/sessions", summary="Schedule a session of a course in a district",
         tag="training", auth="officer", body=SessionBody, status=201)
    def schedule_session(self, request, body: SessionBody, officer: Officer):
        return self.training.schedule_session(body.model_dump(mode="json"), officer.claims())

    @api("GET", "/api/v1/training/sessions/<session_id>", summary="A session: capacity, enrolled, attended",
         tag="training", auth="officer")
    def session(self, request, session_id: str, officer: Officer):
        return self.training.session_view(session_id, officer.claims())

    @api("POST", "/api/v1/training/sessions/<session_id>/enrolments", summary="Enrol a police officer "
         "(refused when the session is full)", tag="training", auth="officer", body=EnrolmentBody, status=201)
    def enrol(self, request, session_id: str, body: EnrolmentBody, officer: Officer):
        return self.training.enrol(session_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/training/sessions/<session_id>/attendance", summary="Record an enrolled officer's "
         "hours", tag="training", auth="officer", body=AttendanceBody)
    def attendance(self, request, session_id: str, body: AttendanceBody, officer: Officer):
        return self.training.record_attendance(session_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/training/sessions/<session_id>/attendance-sheet", summary="Import the session's "
         "attendance sheet (text/csv: service_number,hours); returns {recorded, duplicates, rejected: [{line, "
         "reason}]}", tag="training", auth="officer", body_format="csv")
    def attendance_sheet(self, request, session_id: str, body: str, officer: Officer):
        return self.training.import_attendance(session_id, body, officer.claims())

    @api("POST", "/api/v1/training/sessions/<session_id>/assessments", summary="Record an enrolled officer's "
         "assessment score", tag="training", auth="officer", body=AssessmentBody)
    def assessment(self, request, session_id: str, body: AssessmentBody, officer: Officer):
        return self.training.record_assessment(session_id, body.model_dump(mode="json"), officer.claims())

    @api("POST", "/api/v1/training/sessions/<session_id>/certificates", summary="Issue the course certificate "
         "(refused unless the hours and the pass mark are met)", tag="training", auth="officer",
         body=CertificateBody, status=201)
    def certificate(self, request, session_id: str, body: CertificateBody, officer: Officer):
        return self.training.issue_certificate(session_id, body.model_dump(mode="json"), officer.claims())

    @api("GET", "/api/v1/districts/<code>/training", summary="The district view of NAVCHETNA: personnel trained "
         "and certified by rank and sex, share of each station certified, refreshers due", tag="district",
         auth="officer")
    def district_training(self, request, code: str, officer: Officer):
        officer.require_district(known_district(code))
        return district_training_view(self.read_models, code)


def _by_rank_and_sex(people: list[dict]) -> dict:
    by_sex = Counter(person["sex"] for person in people)
    by_rank = Counter((person["rank"], person["sex"]) for person in people)
    return {"total": len(people),
            "by_sex": {sex.value: by_sex.get(sex.value, 0) for sex in Sex},
            "by_rank": {rank.value: {sex.value: by_rank.get((rank.value, sex.value), 0) for sex in Sex}
                        for rank in Rank}}


def district_training_view(store: ReadModelStore, district: str) -> dict:
    personnel = store.find(PERSONNEL, {"district": district})
    trained = [person for person in personnel if person.get("sessions_attended", 0) > 0]
    certified = [person for person in personnel if person.get("certified")]
    certified_at = Counter(station_key(district, person["police_station"]) for person in certified)
    stations = {doc["_id"]: doc for doc in store.find(STATIONS, {"district": district})}
    names = {station_key(district, p["police_station"]): p["police_station"] for p in certified}
    refreshers = Counter(doc["refresher"] for doc in store.find(CERTIFICATES, {"district": district}))
    sessions = store.find(SESSIONS, {"district": district})
    return {
        "district": district,
        "sessions": len(sessions),
        "enrolments": sum(session.get("enrolled", 0) for session in sessions),
        "personnel_trained": _by_rank_and_sex(trained),
        "personnel_certified": _by_rank_and_sex(certified),
        "stations": [
            {"police_station": stations[key]["police_station"] if key in stations else names[key],
             "strength": stations[key]["strength"] if key in stations else None,
             "certified": certified_at.get(key, 0),
             "share_certified": round(certified_at.get(key, 0) / stations[key]["strength"], 3)
             if key in stations else None}
            for key in sorted(set(stations) | set(certified_at))
        ],
        "refreshers": {state.value: refreshers.get(state.value, 0) for state in RefresherState},
    }
