import re
import unicodedata

import pytest
from pydantic import ValidationError

from contracts.reference import DISTRICTS, District, district, is_district_code

DEVANAGARI = re.compile(r"[\u0900-\u097F]+( [\u0900-\u097F]+)*")


def test_exactly_75_districts_in_18_divisions():
    assert len(DISTRICTS) == 75
    assert len({d.division for d in DISTRICTS}) == 18


def test_codes_and_names_are_unique():
    for attr in ("code", "name", "name_hi"):
        assert len({getattr(d, attr) for d in DISTRICTS}) == 75, attr


def test_codes_are_three_uppercase_letters():
    assert all(re.fullmatch(r"[A-Z]{3}", d.code) for d in DISTRICTS)


def test_hindi_names_are_devanagari_nfc():
    for d in DISTRICTS:
        assert DEVANAGARI.fullmatch(d.name_hi), d
        assert unicodedata.normalize("NFC", d.name_hi) == d.name_hi, d


def test_sorted_by_name():
    assert [d.name for d in DISTRICTS] == sorted(d.name for d in DISTRICTS)


@pytest.mark.parametrize(
    "code, name, name_hi, division",
    [
        ("LKO", "Lucknow", "लखनऊ", "Lucknow"),
        ("AGR", "Agra", "आगरा", "Agra"),
        ("PRJ", "Prayagraj", "प्रयागराज", "Prayagraj"),
        ("VNS", "Varanasi", "वाराणसी", "Varanasi"),
        ("AYD", "Ayodhya", "अयोध्या", "Ayodhya"),
        ("GBN", "Gautam Buddha Nagar", "गौतम बुद्ध नगर", "Meerut"),
        ("KND", "Kanpur Dehat", "कानपुर देहात", "Kanpur"),
        ("SRV", "Shrawasti", "श्रावस्ती", "Devipatan"),
        ("BHD", "Bhadohi", "भदोही", "Mirzapur"),
    ],
)
def test_spot_checks(code, name, name_hi, division):
    assert district(code) == District(code=code, name=name, name_hi=name_hi, division=division)


def test_newer_districts_present():
    names = {d.name for d in DISTRICTS}
    assert {"Amethi", "Amroha", "Hapur", "Kasganj", "Sambhal", "Shamli", "Kushinagar", "Siddharthnagar",
            "Sant Kabir Nagar"} <= names
    assert not names & {"Allahabad", "Faizabad", "Sant Ravidas Nagar", "Jyotiba Phule Nagar"}


def test_unknown_code():
    assert is_district_code("LKO") and not is_district_code("lko") and not is_district_code("XXX")
    with pytest.raises(KeyError, match="XXX"):
        district("XXX")


def test_district_is_frozen():
    with pytest.raises(ValidationError):
        district("LKO").name = "x"
