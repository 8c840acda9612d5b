from __future__ import annotations

import pytest
from pydantic import ValidationError

from contracts import outreach as public

ACTIVITY = {"programme": "mission_shakti_beat", "place": {"kind": "gram_panchayat", "name": "Mohanlalganj",
                                                          "district": "LKO"},
            "date": "2026-01-04", "officers": ["wbo-17"], "reach": {"female": {"31_60": 40}}}


def problem(body: dict, model=public.ActivityBody) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    return str(caught.value)


def test_reach_is_by_sex_and_age_band():
    body = public.ActivityBody.model_validate(ACTIVITY)
    assert body.reach == {public.Sex.FEMALE: {public.AgeBand.ADULT: 40}}
    assert "reach" in problem({**ACTIVITY, "reach": {"women": {"31_60": 40}}})
    assert "reach" in problem({**ACTIVITY, "reach": {"female": {"40_50": 40}}})
    assert "reach" in problem({**ACTIVITY, "reach": {"female": {"31_60": -1}}})
    assert "reaches at least one person" in problem({**ACTIVITY, "reach": {"female": {"31_60": 0}}})


def test_saathi_and_only_saathi_names_its_stage():
    assert public.ActivityBody.model_validate({**ACTIVITY, "programme": "saathi", "saathi_stage": "enrolment"})
    assert "saathi_stage" in problem({**ACTIVITY, "programme": "saathi"})
    assert "saathi_stage" in problem({**ACTIVITY, "saathi_stage": "training"})


def test_places_need_a_known_district_and_officers_an_id():
    assert "known_district" in problem({**ACTIVITY, "place": {**ACTIVITY["place"], "district": "XXX"}})
    assert "officers" in problem({**ACTIVITY, "officers": []})
    assert "officers" in problem({**ACTIVITY, "officers": ["has spaces"]})


def test_a_sheet_row_becomes_the_same_body_as_the_json_endpoint():
    cells = {"programme": "mission_shakti_beat", "place_kind": "gram_panchayat", "place_name": "Mohanlalganj",
             "date": "2026-01-04", "officers": "wbo-17; ", "female_31_60": "40"}
    assert public.ActivityBody.model_validate(public.activity_from_sheet_row("LKO", cells)) == \
        public.ActivityBody.model_validate(ACTIVITY)
    assert len(public.REACH_COLUMNS) == 12


def test_incidents_say_where_and_panic_alerts_come_from_their_own_endpoint():
    incident = {"district": "LKO", "kind": "harassment", "stop": "Charbagh", "occurred_at": "2026-01-05T08:00:00Z"}
    assert public.IncidentBody.model_validate(incident)
    assert "route, vehicle or stop" in problem({**incident, "stop": None}, public.IncidentBody)
    assert "panic" in problem({**incident, "kind": "panic_alert"}, public.IncidentBody)
    assert "occurred_at" in problem({**incident, "occurred_at": "2026-01-05T08:00:00"}, public.IncidentBody)


def test_a_panic_alert_is_located_inside_uttar_pradesh():
    alert = {"district": "LKO", "vehicle": "UP32AB1234", "location": {"latitude": 26.8, "longitude": 80.9},
             "pressed_at": "2026-01-05T08:00:00Z"}
    assert public.PanicAlertBody.model_validate(alert)
    assert "latitude" in problem({**alert, "location": {"latitude": 12.9, "longitude": 77.6}}, public.PanicAlertBody)
    assert "vehicle" in problem({**alert, "vehicle": "not a plate"}, public.PanicAlertBody)
