from __future__ import annotations

import pytest
from pydantic import ValidationError

from contracts import transgender_cell as public

GENDER = "hijra; I use she/her"
VALID = {"registered_by": "self", "district": "KNP", "category": "denial_of_public_place",
         "person": {"name": "Reshma", "gender_identity": GENDER},
         "description": "The restaurant refused to serve me and threw me out."}


def error(model, body) -> dict:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    assert GENDER not in str(caught.value)
    return caught.value.errors()[0]


@pytest.mark.parametrize("stated", ["transgender woman", "kinnar", "genderqueer", "prefer to describe it myself",
                                    "ट्रांसजेंडर"])
def test_the_gender_a_person_states_is_taken_as_stated(stated):
    form = public.GrievanceRegistration.model_validate({**VALID, "person": {"name": "R", "gender_identity": stated}})
    assert form.person.gender_identity == stated


def test_a_representative_is_named_exactly_when_someone_registers_on_the_persons_behalf():
    assert error(public.GrievanceRegistration, {**VALID, "registered_by": "ngo"})["loc"] == ()
    assert error(public.GrievanceRegistration, {**VALID, "representative": {"name": "Farah N"}})["loc"] == ()
    form = public.GrievanceRegistration.model_validate({**VALID, "registered_by": "ngo",
                                                        "representative": {"name": "Farah N", "phone": "09871234560"}})
    assert form.representative.phone == "9871234560"


@pytest.mark.parametrize("change, field", [({"district": "XXX"}, "district"), ({"category": "theft"}, "category"),
                                           ({"person": {"name": "R"}}, "person"), ({"extra": 1}, "extra")])
def test_bad_fields_are_named_and_never_echoed(change, field):
    assert error(public.GrievanceRegistration, {**VALID, **change})["loc"][0] == field


def test_an_fir_number_and_a_certificate_number_come_with_their_decision_only():
    assert error(public.FirDecisionBody, {"decision": "fir_registered"})["loc"] == ()
    assert error(public.FirDecisionBody, {"decision": "referred_to_magistrate", "fir_number": "1"})["loc"] == ()
    assert error(public.CertificateDecisionBody, {"decision": "issued"})["loc"] == ()
    assert public.CertificateDecisionBody.model_validate({"decision": "rejected"}).certificate_number is None
