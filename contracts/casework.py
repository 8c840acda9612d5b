"""What every case programme's clock events look like (POSH, the Transgender Protection Cell):
each programme declares its own event types on these bases, so a partner reads one shape."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator

from contracts.complaints import normalise_indian_mobile
from contracts.events import IntegrationEvent

# An Indian mobile number, normalised to its ten digits (the rule `indian_mobile` otherwise).
IndianMobile = Annotated[str, AfterValidator(normalise_indian_mobile)]


class CaseClockEvent(IntegrationEvent):
    """A statutory clock of one case: `clock` names it, `rule` the law or standard that sets it,
    `key` tells two runs of one clock apart (one per respondent, one per progress period)."""

    case_id: str
    case_kind: str
    district: str
    status: str
    key: str
    clock: str
    rule: str
    due_at: datetime

    def subject(self) -> str:
        return self.case_id


class CaseClockStopped(CaseClockEvent):
    met: bool  # the step was done by the due time


class CaseClockBreached(CaseClockEvent):
    level: int  # 1 at the due time, then one more per escalation
    escalated_to: str | None  # the role told (district_nodal_officer, msp_hq)


def clock_contracts(service: str) -> tuple[type[CaseClockEvent], type[CaseClockStopped], type[CaseClockEvent],
                                           type[CaseClockBreached]]:
    """A case programme's four clock events, typed "<service>.clock_started.v1", "….clock_stopped.v1",
    "….clock_due_soon.v1" and "….clock_breached.v1" and published by `service`."""
    kinds = (("Started", "started", CaseClockEvent), ("Stopped", "stopped", CaseClockStopped),
             ("DueSoon", "due_soon", CaseClockEvent), ("Breached", "breached", CaseClockBreached))
    return tuple(
        type(f"Clock{name}", (base,), {"type": f"{service}.clock_{suffix}.v1", "source_service": service,
                                       "__module__": f"contracts.{service}", "__qualname__": f"Clock{name}"})
        for name, suffix, base in kinds
    )
