"""Due work (deadlines, queued side effects such as SMS), found without a table of its own.

Each service process keeps an in-memory index {aggregate id: when its next work is due}, kept
current by tailing the service's own notification log (rebuilt from the log at start-up). A timer
calls `tick()`. Firing is exactly-once even with several instances: the aggregate records what it
fired, and if two instances act on the same version, the event store's version check rejects the
second save.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.persistence import IntegrityError

if TYPE_CHECKING:
    from chassis.eventstore import ServiceApplication

log = logging.getLogger(__name__)


class DueWorkScheduler:
    def __init__(self, app: "ServiceApplication", page_size: int = 500, retry_after: timedelta = timedelta(minutes=1)):
        self.app = app
        self.page_size = page_size
        self.retry_after = retry_after
        self.position = 0
        self.next_due: dict[UUID, datetime] = {}
        self._lock = threading.RLock()  # refresh() is called alone and from within tick()

    def _index(self, aggregate_id: UUID) -> None:
        aggregate = self.app.repository.get(aggregate_id)
        self.app.observe(aggregate)
        due = self.app.next_due(aggregate)
        if due is None:
            self.next_due.pop(aggregate_id, None)
        else:
            self.next_due[aggregate_id] = due

    def refresh(self) -> None:
        """Catches up with the service's own log (every instance's writes): re-indexes each changed
        aggregate and shows it to `app.observe`."""
        with self._lock:
            while True:
                notifications = self.app.recorder.select_notifications(
                    start=self.position, limit=self.page_size, inclusive_of_start=False
                )
                if not notifications:
                    return
                for aggregate_id in {n.originator_id for n in notifications}:
                    self._index(aggregate_id)
                self.position = notifications[-1].id

    def tick(self, now: datetime | None = None) -> int:
        """Does all work due by `now` (the injected clock by default); returns how many aggregates changed."""
        with self._lock:
            self.refresh()
            now = now or self.app.clock.now()
            changed = 0
            for aggregate_id in [i for i, due in self.next_due.items() if due <= now]:
                try:
                    changed += self._work_on(aggregate_id, now)
                except Exception:  # one failing record must not starve the others: retry it later
                    log.exception("due work on %s failed; retrying in %s", aggregate_id, self.retry_after)
                    self.next_due[aggregate_id] = now + self.retry_after
            return changed

    def _work_on(self, aggregate_id: UUID, now: datetime) -> int:
        aggregate = self.app.repository.get(aggregate_id)
        self.app.perform_due_work(aggregate, now)
        saved = 0
        if aggregate.pending_events:
            try:
                self.app.save(aggregate)
                saved = 1
            except IntegrityError:
                log.info("due work on %s was recorded by another instance first", aggregate_id)
        self._index(aggregate_id)
        return saved
