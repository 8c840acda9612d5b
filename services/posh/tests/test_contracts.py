from __future__ import annotations

import pytest
from pydantic import ValidationError

from contracts import posh as public

VALID = {"district": "LKO", "complainant": {"name": "Kavita S", "phone": "+91 98123-45670"},
         "respondents": [{"name": "Rakesh T"}], "incident_date": "2026-01-10",
         "description": "The branch manager made remarks at me in the weekly meeting."}


def problem(model, body) -> dict:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    return caught.value.errors()[0]


def test_a_filing_is_parsed_and_phones_normalised():
    filing = public.ComplaintFiling.model_validate(VALID)
    assert filing.complainant.phone == "9812345670" and filing.against_employer is False


@pytest.mark.parametrize("change, field", [
    ({"district": "XXX"}, "district"),
    ({"respondents": []}, "respondents"),
    ({"incident_date": "10/01/2026"}, "incident_date"),
    ({"complainant": {"name": "Kavita S", "phone": "12345"}}, "complainant"),
    ({"amount": 5}, "amount"),
])
def test_bad_fields_are_named_and_never_echoed(change, field):
    error = problem(public.ComplaintFiling, {**VALID, **change})
    assert error["loc"][0] == field
    assert "input" not in error or "12345" not in str(error.get("ctx", ""))
    with pytest.raises(ValidationError) as caught:
        public.ComplaintFiling.model_validate({**VALID, **change})
    assert "12345" not in str(caught.value)


def test_the_settlement_contract_lets_the_domain_refuse_money_by_its_rule():
    body = public.SettlementBody.model_validate({"terms": "A written apology.", "monetary_settlement": True})
    assert body.monetary_settlement is True


def test_workplaces_and_committees():
    assert problem(public.WorkplaceRegistration, {"name": "Acme", "district": "LKO", "employee_count": 0,
                                                  "employer": "Acme"})["loc"] == ("employee_count",)
    assert problem(public.LocalCommitteeBody, {"district": "LKO", "chairperson": {"name": "Dr M"},
                                               "members": []})["loc"] == ("members",)
    committee = public.InternalCommitteeBody.model_validate({})
    assert committee.presiding_officer is None and committee.members == []
