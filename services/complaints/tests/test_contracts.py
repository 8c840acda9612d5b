from __future__ import annotations

import pytest
from pydantic import ValidationError

from contracts import complaints as public

VALID = {
    "filed_by": "self",
    "complainant": {"name": "Sunita Devi", "phone": "+91 98765-43210"},
    "district": "LKO",
    "category": "stalking",
    "description": "He follows me from the bus stop to college every day.",
}


@pytest.mark.parametrize("raw", ["9876543210", "+919876543210", "+91-98765-43210", "09876543210", "98765 43210"])
def test_phone_is_normalised_to_ten_digits(raw):
    body = public.ComplaintRegistration.model_validate({**VALID, "complainant": {"name": "S D", "phone": raw}})
    assert body.complainant.phone == "9876543210"


@pytest.mark.parametrize("raw", ["5876543210", "98765", "+1 202 555 0143", "98765432101"])
def test_non_indian_mobile_is_refused_naming_the_rule_without_echoing_it(raw):
    with pytest.raises(ValidationError) as caught:
        public.ComplaintRegistration.model_validate({**VALID, "complainant": {"name": "S D", "phone": raw}})
    assert "indian_mobile" in str(caught.value)
    assert raw not in str(caught.value)


def test_name_and_phone_required_unless_anonymous():
    with pytest.raises(ValidationError, match="identified_unless_anonymous"):
        public.ComplaintRegistration.model_validate({**VALID, "complainant": {"name": "Sunita"}})
    body = public.ComplaintRegistration.model_validate({**VALID, "complainant": None, "anonymous": True})
    assert body.anonymous


def test_unknown_district_and_extra_fields_are_refused():
    with pytest.raises(ValidationError, match="known_district"):
        public.ComplaintRegistration.model_validate({**VALID, "district": "XXX"})
    with pytest.raises(ValidationError):
        public.FeedbackBody.model_validate({"rating": "satisfied", "stars": 5})


def test_body_length_limits():
    with pytest.raises(ValidationError):
        public.AtrBody.model_validate({"text": "too short", "language": "hi"})
    with pytest.raises(ValidationError):
        public.ComplaintRegistration.model_validate({**VALID, "evidence_refs": ["e"] * 21})
