"""The CloudEvents 1.0 structured-mode JSON envelope every message on the bus uses.

`sequence` is the event's position in its source's notification log (the relay's outbox);
`previoussequence` is the position of the previous event the same source published, so a
consumer can tell a real gap from private domain events that were never published.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class CloudEvent(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    specversion: str = Field("1.0", pattern=r"^1\.0$")
    id: str = Field(min_length=1)
    source: str = Field(min_length=1)  # "/wcso/<service>"
    type: str = Field(min_length=1)
    time: datetime
    subject: str | None = None
    datacontenttype: str = "application/json"
    dataschema: str | None = None
    sequence: int = Field(ge=1)
    previoussequence: int = Field(ge=0)
    correlationid: str | None = None
    traceparent: str | None = None
    data: dict[str, Any]

    @property
    def service(self) -> str:
        return self.source.rsplit("/", 1)[-1]


def source_uri(service: str) -> str:
    return f"/wcso/{service}"
