"""Reference data shared by every service and partner: the 75 districts of Uttar Pradesh.

A district travels between services as its 3-letter `code` (e.g. "LKO"); names are for display.
Codes never change: if a district is renamed, only its `name` and `name_hi` change.
"""
from __future__ import annotations

import json
from importlib.resources import files

from pydantic import BaseModel, ConfigDict


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
