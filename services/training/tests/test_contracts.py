from __future__ import annotations

import pytest
from pydantic import ValidationError

from contracts import training as public

ENROLMENT = {"personnel": {"service_number": "UP0412345", "name": "Ramesh Yadav"}, "rank": "constable",
             "police_station": "Hazratganj", "sex": "male"}


def test_enrolment_normalises_the_phone_and_takes_the_three_sexes():
    for sex in ("female", "male", "transgender"):
        body = public.EnrolmentBody.model_validate(
            {**ENROLMENT, "sex": sex, "personnel": {**ENROLMENT["personnel"], "phone": "+91 98765-01234"}})
        assert body.personnel.phone == "9876501234"


@pytest.mark.parametrize("change, field", [
    ({"rank": "general"}, "rank"),
    ({"sex": "x"}, "sex"),
    ({"personnel": {"service_number": "no spaces allowed", "name": "Ramesh"}}, "personnel.service_number"),
    ({"personnel": {"service_number": "UP0412345", "name": "Ramesh", "phone": "12345"}}, "personnel.phone"),
    ({"extra": 1}, "extra"),
])
def test_bad_enrolments_name_the_field_without_echoing_it(change, field):
    with pytest.raises(ValidationError) as caught:
        public.EnrolmentBody.model_validate({**ENROLMENT, **change})
    error = caught.value.errors()[0]
    assert ".".join(map(str, error["loc"])) == field
    assert "12345" not in str(caught.value) and "no spaces allowed" not in str(caught.value)


def test_course_limits_and_the_refresher_period_default():
    course = public.CourseBody(course_id="NC-GS-01", title="Gender", modules=["law"], hours=6, pass_mark=60)
    assert course.refresher_after_days == 365
    for bad in ({"pass_mark": 101}, {"hours": 0}, {"refresher_after_days": 30}, {"course_id": "lower"},
                {"modules": []}):
        with pytest.raises(ValidationError):
            public.CourseBody.model_validate({**course.model_dump(), **bad})


def test_sessions_need_a_known_district_and_an_aware_start():
    body = {"course_id": "NC-GS-01", "district": "LKO", "venue": "Lines", "starts_at": "2026-01-05T10:00:00+05:30",
            "capacity": 30, "trainer_ids": ["TR-1"]}
    assert public.SessionBody.model_validate(body).hours is None
    for bad in ({"district": "XXX"}, {"starts_at": "2026-01-05T10:00:00"}, {"capacity": 0}):
        with pytest.raises(ValidationError):
            public.SessionBody.model_validate({**body, **bad})
