"""Event stores per service, and the application base every service's Application extends.

Persistence is chosen by the environment (WCSO_EVENT_STORE): a SQLite file per service under the
data folder (default), PostgreSQL (production), or memory (fast tests). The event store IS the
outbox: the relay publishes from its notification log, so nothing publishes after save().
"""
from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, ClassVar
from urllib.parse import unquote, urlparse

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Mapper, Notification

from chassis.clock import Clock
from chassis.errors import RuleViolated
from chassis.personal_data import PersonalDataCipher, person_ref
from chassis.scheduler import DueWorkScheduler
from chassis.settings import Settings
from contracts.envelope import CloudEvent, source_uri
from contracts.events import IntegrationEvent


def application_env(settings: Settings, service: str) -> dict[str, str]:
    """eventsourcing's environment for one service's event store."""
    if settings.event_store == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if settings.event_store == "sqlite":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str((settings.data_dir / f"{service}_events.sqlite").resolve()),
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    url = urlparse(settings.postgres_url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": url.path.lstrip("/") or "wcso",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        # Never POSTGRES_ENABLE_DB_FUNCTIONS: a tailing reader was measured skipping events with it.
    }


@dataclass(frozen=True)
class CommandMeta:
    """Who asked for the change and under which trace: stored beside each event it produced."""

    correlation_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    traceparent: str | None = None
    actor: str = "system"


current_command: contextvars.ContextVar[CommandMeta] = contextvars.ContextVar("current_command")


class _MetaMapper(Mapper):
    """Stores the current command's metadata with every event (as attribute `meta`), so the relay
    can put the correlation id and trace context on the message long after the request ended."""

    def to_stored_event(self, domain_event):
        if "meta" not in vars(domain_event):
            meta = current_command.get(None) or CommandMeta()
            object.__setattr__(domain_event, "meta", vars(meta).copy())
        return super().to_stored_event(domain_event)


IntegrationMapping = Callable[[Any], IntegrationEvent | None]


@dataclass(frozen=True)
class PublishedBatch:
    events: list[CloudEvent]
    last_position: int  # the last notification read, published or private
    last_published: int


class ServiceApplication(Application):
    """Base of every service's Application: persistence from settings, the injected clock,
    the personal-data cipher, the integration log and the due-work hooks."""

    service_name: ClassVar[str]
    to_integration_event: ClassVar[IntegrationMapping]

    def __init__(self, settings: Settings, clock: Clock, cipher: PersonalDataCipher):
        self.settings = settings
        self.clock = clock
        self.cipher = cipher
        super().__init__(env=application_env(settings, self.service_name))
        self.due_work = DueWorkScheduler(self)

    def construct_mapper(self) -> Mapper:
        return _MetaMapper(
            transcoder=self.construct_transcoder(),
            cipher=self.factory.cipher(),
            compressor=self.factory.compressor(),
        )

    def save(self, *objs, **kwargs):
        # Events saved together outside any command (timer work) still share one correlation id.
        token = current_command.set(current_command.get(None) or CommandMeta())
        try:
            return super().save(*objs, **kwargs)
        finally:
            current_command.reset(token)

    def pseudonym(self, *, phone: str | None, local_id: str) -> str:
        """A person's `person_ref`: from her phone when given (the same person across programmes),
        else from `local_id`; an erased person who comes back gets a fresh local ref, linked to nothing
        that was erased."""
        ref = person_ref(self.settings.person_ref_key, phone=phone, local_id=local_id)
        if phone and self.cipher.vault.is_erased(ref):
            ref = person_ref(self.settings.person_ref_key, local_id=local_id)
        return ref

    # --- loading and saving by derived ids (records whose id comes from what identifies them) ---

    def get_or_none(self, aggregate_id: uuid.UUID) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def save_unique(self, aggregate: Any, rule: str, detail: str) -> None:
        """Saves a new record whose id is derived from its content: if that id exists, the
        record is a duplicate, refused naming `rule`."""
        try:
            self.save(aggregate)
        except IntegrityError:
            raise RuleViolated(rule, detail) from None

    def retry_on_conflict(self, command: Callable[[], Any], attempts: int = 3) -> Any:
        """Runs a load-decide-save command again when another save changed the same records first
        (the event store's version check); after `attempts` the caller is told to try again."""
        for _ in range(attempts - 1):
            try:
                return command()
            except IntegrityError:
                continue
        try:
            return command()
        except IntegrityError:
            raise RuleViolated("concurrent_change", "the records changed while this was saved; try again") from None

    def save_new(self, new_id: Callable[[], str], build: Callable[[str], Any], attempts: int = 5) -> str:
        """Saves a new aggregate under a freshly drawn public id and returns the id; a random-id
        collision is caught by the store's version check and a new id is drawn."""
        for _ in range(attempts):
            record_id = new_id()
            try:
                self.save(build(record_id))
                return record_id
            except IntegrityError:
                continue
        raise RuntimeError("could not allocate a unique record ID")

    # --- the integration log (outbox), read by the relay and served over RPC for gap filling ---

    def integration_events(
        self, after: int, limit: int, up_to: int | None = None, previous: int | None = None
    ) -> PublishedBatch:
        """Integration events for notifications (after, up_to], at most `limit` notifications read.
        `previoussequence` chains each event to the one published before it by this service;
        pass `previous` when known (the relay does) to save looking it up."""
        notifications = self.recorder.select_notifications(
            start=after, limit=limit, stop=up_to, inclusive_of_start=False
        )
        last_published = self.last_published_at_or_before(after) if previous is None else previous
        events = []
        for notification in notifications:
            cloud_event = self.to_cloud_event(notification, previous=last_published)
            if cloud_event is not None:
                events.append(cloud_event)
                last_published = notification.id
        last_position = notifications[-1].id if notifications else after
        return PublishedBatch(events, last_position, last_published)

    def to_cloud_event(self, notification: Notification, previous: int) -> CloudEvent | None:
        domain_event = self.mapper.to_domain_event(notification)
        public = type(self).to_integration_event(domain_event)
        if public is None:
            return None
        meta = vars(domain_event).get("meta", {})
        return CloudEvent(
            id=f"{self.service_name}-{notification.id}",
            source=source_uri(self.service_name),
            type=public.type,
            time=public.occurred_at,
            subject=public.subject(),
            sequence=notification.id,
            previoussequence=previous,
            correlationid=meta.get("correlation_id"),
            traceparent=meta.get("traceparent"),
            data=public.model_dump(mode="json"),
        )

    def last_published_at_or_before(self, position: int) -> int:
        """Position of the last published event at or before `position` (0 if none). Walks back
        in pages; private events are rare, so this reads one page in practice."""
        page = 100
        stop = position
        while stop > 0:
            start = max(1, stop - page + 1)
            notifications = self.recorder.select_notifications(start=start, limit=page, stop=stop)
            for notification in reversed(notifications):
                if type(self).to_integration_event(self.mapper.to_domain_event(notification)) is not None:
                    return notification.id
            stop = start - 1
        return 0

    def max_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    # --- due work (deadlines, queued side effects), driven by chassis.scheduler.DueWorkScheduler ---

    def next_due(self, aggregate: Any) -> datetime | None:
        """When this aggregate next has work to do (a deadline, an SMS to send), or None."""
        return None

    def perform_due_work(self, aggregate: Any, now: datetime) -> None:
        """Do the aggregate's due work, recording each outcome as events on it (saved by the caller)."""

    def observe(self, aggregate: Any) -> None:
        """Called with each aggregate the service's own log shows changed (all of them at start-up,
        then as they change, on any instance): keeps in-memory views of the service's records current."""
