from __future__ import annotations

import pytest
from pydantic import ValidationError

from contracts import missing_child as public

CHILD = {"name": "Sunita", "sex": "girl", "age": {"min_years": 9, "max_years": 10}}
MISSING = {
    "reported_by": "parent_guardian", "child": CHILD,
    "last_seen": {"district": "LKO", "at": "2026-01-05T09:00:00+05:30"},
    "circumstances": "Did not come back from school.", "guardian": {"name": "Ramesh Kumar", "phone": "+91 98765-43210"},
    "police_station": "Alambagh",
}


def test_a_complete_missing_report_parses_and_normalises_the_guardian_phone():
    form = public.MissingReportForm.model_validate(MISSING)
    assert form.guardian.phone == "9876543210" and form.fir_number is None


@pytest.mark.parametrize("child, rule", [
    ({**CHILD, "name": None}, "child_named"),
    ({**CHILD, "sex": "unknown"}, "child_sex_known"),
    ({**CHILD, "date_of_birth": "2017-03-01"}, "age_or_date_of_birth"),
    ({"name": "Sunita", "sex": "girl"}, "age_or_date_of_birth"),
    ({**CHILD, "age": {"min_years": 11, "max_years": 9}}, "age_range_order"),
])
def test_a_missing_report_refuses_an_incomplete_child_naming_the_rule(child, rule):
    with pytest.raises(ValidationError, match=rule):
        public.MissingReportForm.model_validate({**MISSING, "child": child})


def test_the_station_reporting_must_give_its_fir_number():
    with pytest.raises(ValidationError, match="fir_number_required"):
        public.MissingReportForm.model_validate({**MISSING, "reported_by": "police_station"})
    form = public.MissingReportForm.model_validate({**MISSING, "reported_by": "police_station", "fir_number": "7/26"})
    assert form.fir_number == "7/26"


def test_a_found_child_may_have_no_name_and_an_unknown_sex():
    form = public.FoundReportForm.model_validate({
        "reported_by": "public", "child": {"sex": "unknown", "age": {"min_years": 3, "max_years": 5}},
        "found": {"district": "PRJ", "at": "2026-01-05T09:00:00Z"}, "now_with": "not_in_care"})
    assert form.child.name is None


def test_times_must_carry_a_zone_and_districts_must_exist():
    with pytest.raises(ValidationError):
        public.MissingReportForm.model_validate({**MISSING, "last_seen": {"district": "LKO", "at": "2026-01-05T09:00"}})
    with pytest.raises(ValidationError, match="known_district"):
        public.MissingReportForm.model_validate({**MISSING, "last_seen": {"district": "XXX", "at": "2026-01-05T09:00Z"}})


def test_rejected_input_is_not_echoed():
    with pytest.raises(ValidationError) as caught:
        public.MissingReportForm.model_validate({**MISSING, "guardian": {"name": "R K", "phone": "55555"}})
    assert "55555" not in str(caught.value)


def test_restoration_says_who_received_the_child():
    with pytest.raises(ValidationError, match="received_by_required"):
        public.RecoveryBody.model_validate({"outcome": "restored"})
    assert public.RecoveryBody.model_validate({"outcome": "produced_before_cwc"}).received_by is None


def test_extra_fields_are_refused():
    with pytest.raises(ValidationError):
        public.DecisionBody.model_validate({"note": "Father identified her.", "score": 1})
