"""The cross-programme person view: one document per person_ref listing the records, in every
programme, that concern that person. References only: what a record holds stays in its service."""
from __future__ import annotations

from chassis.readmodel.base import Upsert

PERSONS = "persons"
COLLECTIONS = (PERSONS,)  # what a rebuild clears


def person_record(person_ref: str, programme: str, record_id: str) -> Upsert:
    return Upsert(PERSONS, person_ref, add_to_set={"records": f"{programme}/{record_id}"}, inc={"record_count": 1})
