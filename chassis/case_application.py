"""The application side of case work (chassis/casework.py), written once for every case
programme: parties sealed with their own key, a case reached by its filer's access code or by an
officer of its district, identities opened only with the read logged, and the due work of the
cases' clocks."""
from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from chassis.auth import Officer, Role
from chassis.casework import Case, Party
from chassis.errors import NotFound
from chassis.eventstore import ServiceApplication
from chassis.personal_data import verify_secret

A = TypeVar("A")


class CaseApplication(ServiceApplication):
    def seal_party(self, role: str, fields: dict[str, Any], phone: str | None, local_id: str) -> Party:
        """The person as a Party, sealed under her own key (see `pseudonym` for her ref)."""
        ref = self.pseudonym(phone=phone, local_id=local_id)
        return Party(role, ref, self.cipher.seal(ref, fields))

    def open_parties(self, parties: list[Party], officer: Officer, record: str, purpose: str) -> list[dict]:
        """The parties' identities for an officer allowed to see them; each read is logged."""
        return [{"role": party.role, "person_ref": party.person_ref,
                 **(self.cipher.open_for(party.sealed_identity, actor=officer.subject, record=record,
                                         purpose=purpose) or {"erased": True})}
                for party in parties]

    def load(self, aggregate_class: type[A], record_id: str, what: str) -> A:
        found = self.get_or_none(aggregate_class.create_id(record_id))
        if found is None:
            raise NotFound(what, f"no {what} {record_id}")
        return found

    def for_holder(self, case_class: type[A], case_id: str, access_code: str, what: str) -> A:
        """The case its filer follows with the secret access code; a wrong code gets the same
        answer as an unknown id, so a guess learns nothing."""
        case = self.get_or_none(case_class.create_id(case_id))
        if case is None or not access_code or not verify_secret(access_code, case.access_code_hash):
            raise NotFound(what, f"no {what} with this ID and access code")
        return case

    def for_officer(self, case_class: type[A], case_id: str, officer: Officer, what: str, *roles: Role) -> A:
        officer.require_role(*roles)
        case = self.load(case_class, case_id, what)
        officer.require_district(case.district)
        return case

    def next_due(self, aggregate: Any) -> datetime | None:
        return aggregate.next_deadline() if isinstance(aggregate, Case) else None

    def perform_due_work(self, aggregate: Any, now: datetime) -> None:
        if isinstance(aggregate, Case):
            aggregate.fire_due_deadlines(now)
