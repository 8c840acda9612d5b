"""Deadlines on aggregates, written once. An aggregate lists the deadlines of its current state
that have not fired (`pending_deadlines`) and knows how to record one (`_fire`); this mixin does
the rest. Each deadline's event should carry the deadline's own time as `at`, not the moment the
timer noticed, so reports show when a breach happened."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, order=True)
class Deadline:
    due_at: datetime
    name: str


class HasDeadlines:
    def pending_deadlines(self) -> list[Deadline]:
        """Deadlines of the current state that have not fired yet, earliest first."""
        raise NotImplementedError

    def _fire(self, deadline: Deadline) -> None:
        """Record the event for this deadline (and mark it fired so it never fires twice)."""
        raise NotImplementedError

    def next_deadline(self) -> datetime | None:
        pending = self.pending_deadlines()
        return pending[0].due_at if pending else None

    def fire_due_deadlines(self, now: datetime) -> int:
        """Fires, in due order, every deadline due at or before `now`; returns how many fired.
        Re-reads after each firing: one deadline can open the next."""
        fired = 0
        while (pending := self.pending_deadlines()) and pending[0].due_at <= now:
            self._fire(pending[0])
            fired += 1
        return fired
