"""NAVCHETNA training → read models with no personal data (a person is a `person_ref`):
`training_sessions` (one per session), `training_personnel` (one per person: rank, station, sex as
at the latest event, and what they attended and earned), `training_certificates` (one per person
and course: the current certificate and its refresher state) and `training_stations` (the recorded
headcount). Every number of the district view (gateway/api/training.py) is counted from these."""
from __future__ import annotations

from typing import Callable

from chassis.readmodel.base import ReadModelStore, Upsert
from contracts.envelope import CloudEvent
from contracts.training import RefresherState
from gateway.projections.persons import person_record

SOURCE = "training"
SESSIONS = "training_sessions"
PERSONNEL = "training_personnel"
CERTIFICATES = "training_certificates"
STATIONS = "training_stations"
COLLECTIONS = (SESSIONS, PERSONNEL, CERTIFICATES, STATIONS)  # what a rebuild clears


def station_key(district: str, police_station: str) -> str:
    return f"{district}/{police_station.casefold()}"


def _person(event: CloudEvent, inc: dict | None = None, **fields) -> Upsert:
    data = event.data
    return Upsert(PERSONNEL, data["person_ref"], inc=inc or {},
                  set={"district": data["district"], "rank": data["rank"], "police_station": data["police_station"],
                       "sex": data["sex"], "updated_at": data["occurred_at"], **fields})


def _certificate(event: CloudEvent, **fields) -> Upsert:
    data = event.data
    return Upsert(CERTIFICATES, f"{data['person_ref']}/{data['course_id']}",
                  set={"person_ref": data["person_ref"], "course_id": data["course_id"], "district": data["district"],
                       "police_station": data["police_station"], "rank": data["rank"], "sex": data["sex"],
                       "certificate_id": data["certificate_id"], "refresher_due_at": data["refresher_due_at"],
                       **fields})


def _session_scheduled(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(SESSIONS, data["session_id"], set={
        "district": data["district"], "course_id": data["course_id"], "starts_at": data["starts_at"],
        "hours": data["hours"], "capacity": data["capacity"], "trainer_count": len(data["trainer_ids"])})]


def _enrolled(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(SESSIONS, data["session_id"], set={"enrolled": data["enrolled"]}),
            _person(event, inc={"enrolments": 1}),
            person_record(data["person_ref"], SOURCE, data["session_id"])]


def _attended(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(SESSIONS, data["session_id"], inc={"attended": 1}),
            _person(event, inc={"sessions_attended": 1, "hours_attended": data["hours"]})]


def _assessed(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [_person(event, inc={"assessments_passed" if event.data["passed"] else "assessments_failed": 1})]


def _certified(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [_person(event, inc={"certificates": 1}, certified=True),
            _certificate(event, certified_at=data["occurred_at"], refresher=RefresherState.CURRENT.value)]


def _refresher(state: RefresherState) -> Callable[[CloudEvent, ReadModelStore], list[Upsert]]:
    def handle(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
        return [_certificate(event, refresher=state.value)]
    return handle


def _station_strength(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    data = event.data
    return [Upsert(STATIONS, station_key(data["district"], data["police_station"]), set={
        "district": data["district"], "police_station": data["police_station"], "strength": data["strength"],
        "recorded_at": data["occurred_at"]})]


def _trainer(event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
    return [person_record(event.data["person_ref"], SOURCE, event.data["trainer_id"])]


HANDLERS: dict[str, Callable[[CloudEvent, ReadModelStore], list[Upsert]]] = {
    "training.trainer_registered.v1": _trainer,
    "training.session_scheduled.v1": _session_scheduled,
    "training.enrolled.v1": _enrolled,
    "training.attendance_recorded.v1": _attended,
    "training.assessment_recorded.v1": _assessed,
    "training.certificate_issued.v1": _certified,
    "training.refresher_due_soon.v1": _refresher(RefresherState.DUE_SOON),
    "training.refresher_overdue.v1": _refresher(RefresherState.OVERDUE),
    "training.station_strength_recorded.v1": _station_strength,
}
