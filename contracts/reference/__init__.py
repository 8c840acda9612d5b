"""Reference data shared by every service and partner: the 75 districts of Uttar Pradesh.

A district travels between services as its 3-letter `code` (e.g. "LKO"); names are for display.
Codes never change: if a district is renamed, only its `name` and `name_hi` change.
"""
from __future__ import annotations

import json
from enum import Enum
from importlib.resources import files
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, WithJsonSchema


class District(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str  # 3 uppercase letters
    name: str  # official English name
    name_hi: str  # Hindi name in Devanagari
    division: str  # one of the 18 divisions (mandal)


def _load() -> tuple[District, ...]:
    rows = json.loads(files(__package__).joinpath("districts.json").read_text(encoding="utf-8"))
    return tuple(sorted((District(**row) for row in rows), key=lambda d: d.name))


DISTRICTS: tuple[District, ...] = _load()
_BY_CODE = {d.code: d for d in DISTRICTS}


def district(code: str) -> District:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown UP district code {code!r} (expected one of the 75 codes, e.g. 'LKO')") from None


def is_district_code(code: str) -> bool:
    return code in _BY_CODE


def _known_district(code: str) -> str:
    if not is_district_code(code):
        raise ValueError("known_district: district is not a known district code")
    return code


# A district code in an HTTP body: refused with the rule's name unless it is one of the 75; the
# JSON Schema lists the 75, so partners and generated clients know them.
DistrictCode = Annotated[str, AfterValidator(_known_district), WithJsonSchema(
    {"type": "string", "enum": sorted(_BY_CODE), "description": "one of the 75 UP district codes (GET /api/v1/districts)"})]


class Sex(str, Enum):
    """How every programme disaggregates the people it counts (the UN guidance asks for
    sex-disaggregated participant data; UP counts transgender persons as a third sex)."""

    FEMALE = "female"
    MALE = "male"
    TRANSGENDER = "transgender"
