"""Base of every integration event, and the registry that maps a CloudEvents `type` to its model.

An integration event is a versioned public contract: a breaking change is a new class with a
new `type` (".v2"), published beside the old one for a while. Integration events never carry
personal data: a person is a `person_ref` (a keyed hash), never a name or a phone number.
"""
from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

EVENT_TYPES: dict[str, type["IntegrationEvent"]] = {}


class IntegrationEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ClassVar[str]  # CloudEvents type and AMQP routing key, e.g. "complaint.registered.v1"
    source_service: ClassVar[str]  # publishing service; its exchange is "<service>.events"

    occurred_at: datetime

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        event_type = cls.__dict__.get("type")
        if event_type:
            if event_type in EVENT_TYPES:
                raise TypeError(f"integration event type {event_type!r} is declared twice")
            EVENT_TYPES[event_type] = cls

    def subject(self) -> str:
        """The public id of the record the event is about (CloudEvents `subject`)."""
        raise NotImplementedError


def event_model(event_type: str) -> type[IntegrationEvent]:
    try:
        return EVENT_TYPES[event_type]
    except KeyError:
        raise KeyError(f"unknown integration event type {event_type!r}") from None
