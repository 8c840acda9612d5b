"""Domain event → public integration event. Names, service numbers, phones and assessment scores
stay inside the service: each mapper copies only what the contract names."""
from __future__ import annotations

from typing import Any

from chassis.integration import IntegrationMapping, Mapper
from contracts import training as public
from services.training.domain import Course, PersonnelRecord, Session, Station, Trainer

# The session's own roster and the personnel record's registration are published through the
# person's events (which carry rank, station and sex); a station's first record has no number yet.
PRIVATE_EVENTS: frozenset[type] = frozenset({
    Session.Enrolled, Session.AttendanceRecorded, PersonnelRecord.Registered, Station.Registered,
})


def _person(e: Any) -> dict[str, Any]:
    return {
        "occurred_at": e.at,
        "session_id": e.session_id,
        "course_id": e.course_id,
        "district": e.district,
        "person_ref": e.person_ref,
        "rank": e.rank,
        "police_station": e.police_station,
        "sex": e.sex,
    }


MAPPERS: dict[type, Mapper] = {
    Course.Defined: lambda e: public.CourseCreated(
        occurred_at=e.at, course_id=e.course_id, title=e.title, modules=e.modules, hours=e.hours,
        pass_mark=e.pass_mark, refresher_after_days=e.refresher_after_days,
    ),
    Trainer.Registered: lambda e: public.TrainerRegistered(
        occurred_at=e.at, trainer_id=e.trainer_id, person_ref=e.person_ref, district=e.district,
        course_ids=e.course_ids,
    ),
    Session.Scheduled: lambda e: public.SessionScheduled(
        occurred_at=e.at, session_id=e.session_id, course_id=e.course_id, district=e.district,
        starts_at=e.starts_at, hours=e.hours, capacity=e.capacity, trainer_ids=e.trainer_ids,
    ),
    Station.StrengthRecorded: lambda e: public.StationStrengthRecorded(
        occurred_at=e.at, district=e.district, police_station=e.police_station, strength=e.strength,
    ),
    PersonnelRecord.Enrolled: lambda e: public.Enrolled(**_person(e), enrolled=e.enrolled, capacity=e.capacity),
    PersonnelRecord.AttendanceCredited: lambda e: public.AttendanceRecorded(
        **_person(e), hours=e.hours, course_hours_attended=e.course_hours_attended,
    ),
    PersonnelRecord.AssessmentRecorded: lambda e: public.AssessmentRecorded(**_person(e), passed=e.passed),
    PersonnelRecord.CertificateIssued: lambda e: public.CertificateIssued(
        **_person(e), certificate_id=e.certificate_id, certificate_no=e.certificate_no,
        refresher_due_at=e.refresher_due_at,
    ),
    PersonnelRecord.RefresherDueSoon: lambda e: public.RefresherDueSoon(
        **_person(e), certificate_id=e.certificate_id, refresher_due_at=e.refresher_due_at,
    ),
    PersonnelRecord.RefresherOverdue: lambda e: public.RefresherOverdue(
        **_person(e), certificate_id=e.certificate_id, refresher_due_at=e.refresher_due_at,
    ),
}


to_integration_event = IntegrationMapping(MAPPERS, PRIVATE_EVENTS)
