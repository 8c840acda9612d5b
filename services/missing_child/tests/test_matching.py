"""Matching on realistic hard cases: Hindi and Latin spellings of one name, Mohd./Md./मोहम्मद, a
nickname, an age given as a range or exactly, a found child with no name, a child "found" before
going missing, and the blocking that keeps the cost independent of the register's size."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from services.missing_child.matching import (
    MATCH_THRESHOLD,
    MatchingIndex,
    name_tokens,
    phonetic_key,
    profile,
    score,
    transliterate,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def missing(report_id="MC-1", name="Sunita Devi", sex="girl", age=(9, 10), district="LKO", height=128,
            marks="mole on left cheek", at=T0, others=()):
    return profile(report_id=report_id, kind="missing", person_ref=f"p-{report_id}", sex=sex, age_low=age[0],
                   age_high=age[1], seen_at=at, district=district, height_cm=height,
                   names=[name, *others] if name else list(others), marks=marks)


def found(report_id="FC-1", name="सुनीता", sex="girl", age=(8, 12), district="LKO", height=130,
          marks="mole left cheek", at=T0 + 3 * DAY):
    return profile(report_id=report_id, kind="found", person_ref=f"p-{report_id}", sex=sex, age_low=age[0],
                   age_high=age[1], seen_at=at, district=district, height_cm=height,
                   names=[name] if name else [], marks=marks)


def reason(result, field):
    return next(r for r in result.reasons if r["field"] == field)


@pytest.mark.parametrize("devanagari, latin", [
    ("सुनीता", "sunita"), ("मोहम्मद", "mohammad"), ("कमला", "kamla"), ("नरेन्द्र", "narendra"),
    ("राजकुमार", "rajkumar"), ("चंपा", "champa"), ("लक्ष्मी", "lakshmi"), ("प्रियंका", "priyanka"),
    ("अर्जुन", "arjun"), ("ज़ीनत", "zinat"), ("गौरव", "gaurav"),
])
def test_devanagari_is_transliterated_as_the_name_is_usually_spelt(devanagari, latin):
    assert transliterate(devanagari) == latin


@pytest.mark.parametrize("spellings", [
    ["Sunita", "Suneeta", "Sunitha", "सुनीता"],
    ["Pooja", "Puja", "पूजा"],
    ["Lakshmi", "Laxmi", "लक्ष्मी"],
    ["Kamla", "Kamala", "कमला"],
    ["Shivani", "Sivani", "शिवानी"],
    ["Zeenat", "Jeenat", "ज़ीनत"],
    ["Chhotu", "Chotu", "छोटू"],
    ["Vikas", "Wikas", "Vikash"],
])
def test_spellings_of_one_name_share_a_phonetic_key(spellings):
    assert len({phonetic_key(name_tokens(spelling)[0]) for spelling in spellings}) == 1


def test_mohd_md_and_devanagari_are_one_name():
    assert name_tokens("Mohd. Arif") == name_tokens("Md Arif") == name_tokens("Mohammed Arif") == ["mohammad", "arif"]
    assert [phonetic_key(t) for t in name_tokens("मोहम्मद आरिफ")] == [phonetic_key(t) for t in ["mohammad", "arif"]]


def test_different_names_keep_different_keys():
    assert phonetic_key("rajesh") != phonetic_key("rakesh")
    assert phonetic_key("sunita") != phonetic_key("sunil")


def test_hindi_and_latin_spellings_of_the_same_child_are_proposed():
    result = score(missing(), found())

    assert result.excluded is None and result.score >= MATCH_THRESHOLD
    assert reason(result, "name")["score"] == 1.0
    assert reason(result, "marks")["score"] == 1.0


def test_mohammad_in_devanagari_against_mohd_in_latin():
    boy = missing(name="Mohd. Arif", sex="boy", age=(7, 8), district="KNP", marks=None, height=None)
    result = score(boy, found(name="मोहम्मद आरिफ", sex="boy", age=(6, 9), district="KND", marks=None, height=None))

    assert result.score >= MATCH_THRESHOLD
    assert reason(result, "name")["score"] > 0.95
    assert reason(result, "place")["why"] == "same division"


def test_a_nickname_is_weak_evidence_for_the_name_it_shortens():
    rajesh = missing(name="Rajesh Kumar", sex="boy", age=(5, 6), marks=None)
    raju = score(rajesh, found(name="Raju", sex="boy", age=(4, 7), marks=None))
    munna = score(rajesh, found(name="Munna", sex="boy", age=(4, 7), marks=None))
    rakesh = score(rajesh, found(name="Rakesh", sex="boy", age=(4, 7), marks=None))

    assert reason(raju, "name")["why"] == "nickname of the other name"
    assert raju.score >= MATCH_THRESHOLD
    assert reason(munna, "name")["why"] == "pet name only"
    assert reason(munna, "name")["score"] < reason(raju, "name")["score"]
    assert munna.score < raju.score
    assert reason(rakesh, "name")["score"] < reason(raju, "name")["score"]  # one letter makes another name
    amit = score(rajesh, found(name="Amit", sex="boy", age=(4, 7), marks=None))
    assert amit.score < MATCH_THRESHOLD  # a different name is evidence against


def test_a_pet_name_the_family_gave_is_a_full_match():
    result = score(missing(others=["Guddi"]), found(name="Guddi"))
    assert reason(result, "name")["score"] == 1.0


def test_age_as_a_range_is_compared_after_the_time_between_the_reports():
    seven = missing(age=(7, 8), height=None, marks=None)
    two_years_later = found(age=(9, 10), at=T0 + 730 * DAY, height=None, marks=None)
    assert reason(score(seven, two_years_later), "age")["score"] == 1.0
    assert score(seven, found(age=(14, 15), height=None, marks=None)).excluded == "age"
    exact_birthday = missing(age=(8.4, 8.4), height=None)
    assert reason(score(exact_birthday, found(age=(8, 11))), "age")["score"] == 1.0


def test_a_found_child_with_no_name_is_matched_on_description_and_place():
    result = score(missing(marks="burn scar on right hand, mole on left cheek"),
                   found(name=None, marks="burn scar right hand", height=127))

    assert reason(result, "name")["why"] == "no name on one side"
    assert result.score >= MATCH_THRESHOLD


def test_a_child_cannot_be_found_before_going_missing():
    result = score(missing(at=T0), found(at=T0 - DAY))
    assert result.excluded == "found_before_missing" and result.score == 0


def test_a_girl_is_never_a_boy_but_an_unknown_sex_is_neutral():
    assert score(missing(), found(sex="boy")).excluded == "sex"
    assert reason(score(missing(), found(sex="unknown")), "sex")["score"] == 0.5
    assert reason(score(missing(sex="transgender"), found(sex="girl")), "sex")["score"] == 0.5


def test_height_allows_for_growth_but_children_do_not_shrink():
    year_later = T0 + 365 * DAY
    assert reason(score(missing(height=120), found(height=127, at=year_later)), "height")["score"] == 1.0
    assert reason(score(missing(height=120), found(height=110, at=year_later)), "height")["score"] == 0.0


def test_reasons_never_carry_a_name_or_a_mark():
    text = str(score(missing(), found()).reasons).lower()
    for secret in ("sunita", "सुनीता", "mole", "cheek"):
        assert secret not in text


def test_the_index_scores_only_the_blocks_a_report_shares():
    index = MatchingIndex()
    index.add(missing("MC-1"))
    index.add(missing("MC-2", name="Rahul Yadav", sex="boy"))
    index.add(missing("MC-3", name="Sunita", district="VNS"))  # same key, another division
    index.add(missing("MC-4", name="Pooja", age=(15, 16)))  # two age bands away

    assert index.candidates(found()) == {"MC-1", "MC-3"}
    assert [child.report_id for child, _ in index.best_matches(found())] == ["MC-1", "MC-3"]
    assert index.candidates(found(name=None)) == {"MC-1"}  # no name: the same division only
    index.remove("MC-1")
    assert index.candidates(found()) == {"MC-3"}
    assert len(index) == 3


def test_an_unnamed_found_report_is_a_candidate_for_a_named_missing_report():
    index = MatchingIndex()
    index.add(found("FC-1", name=None))
    index.add(found("FC-2", name="Munna"))  # a pet name alone is as good as no name
    index.add(found("FC-3", name=None, district="AGR"))

    assert index.candidates(missing()) == {"FC-1", "FC-2"}


def test_proposals_are_ranked_and_capped():
    index = MatchingIndex()
    for n in range(15):
        index.add(missing(f"MC-{n:02}", height=128 + n))
    ranked = index.best_matches(found(height=128), limit=10)
    assert len(ranked) == 10
    assert [r.score for _, r in ranked] == sorted((r.score for _, r in ranked), reverse=True)
