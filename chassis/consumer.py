"""The tracking consumer that feeds projections. Its own process, no eventlet.

At-least-once delivery, exactly-once effects: the read-model store records, in the same write as
the effect, the last position applied per source. A duplicate is skipped. A gap (the message's
`previoussequence` is past what was applied) is filled from the source service's integration log
over RPC before the message is applied. A message that still fails after a bounded number of
attempts is parked on the dead-letter queue with the reason, and an alert goes to the log; it is
never acknowledged and dropped.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Callable, Protocol, Sequence

import kombu
from kombu.mixins import ConsumerMixin
from opentelemetry.trace import SpanKind
from pydantic import ValidationError

from chassis.messaging import dead_letter_exchange, durable_queue, event_exchange
from chassis.readmodel.base import ReadModelStore, Upsert
from chassis.telemetry import context_from, tracer
from contracts.envelope import CloudEvent

log = logging.getLogger(__name__)

# (service, after, up_to) -> the integration events the service published in (after, up_to]
LogReader = Callable[[str, int, int], list[CloudEvent]]


class Projection(Protocol):
    name: str  # the consumer's name: its queue, its tracking key in the read-model store
    sources: Sequence[str]  # services whose events it folds in

    def changes_for(self, event: CloudEvent, store: ReadModelStore) -> Sequence[Upsert]: ...


class PoisonMessage(Exception):
    """The message can never be applied (unreadable, or not a CloudEvent): park it at once."""


class GapNotFilled(Exception):
    pass


class ProjectionApplier:
    """Applies CloudEvents to a projection with tracking, duplicates and gap filling (no broker here)."""

    def __init__(self, projection: Projection, store: ReadModelStore, read_log: LogReader):
        self.projection = projection
        self.store = store
        self.read_log = read_log

    def apply(self, event: CloudEvent) -> bool:
        """Returns False for a duplicate (already applied), True when applied."""
        service = event.service
        last = self.store.last_position(self.projection.name, service)
        if event.sequence <= last:
            return False
        if event.previoussequence > last:
            self._fill_gap(service, last, event.previoussequence)
        return self.store.apply(
            self.projection.name, service, event.sequence, self.projection.changes_for(event, self.store)
        )

    def _fill_gap(self, service: str, last: int, up_to: int) -> None:
        missing = self.read_log(service, last, up_to)
        log.warning("%s: filling gap in %s after %d up to %d with %d event(s)",
                    self.projection.name, service, last, up_to, len(missing))
        for event in missing:
            self.store.apply(self.projection.name, service, event.sequence,
                             self.projection.changes_for(event, self.store))
        if self.store.last_position(self.projection.name, service) < up_to:
            raise GapNotFilled(f"{service} log did not return events up to {up_to}")


def parse_message(body: bytes | str) -> CloudEvent:
    try:
        return CloudEvent.model_validate(json.loads(body))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise PoisonMessage(f"not a valid CloudEvent: {problems}"[:1000]) from None
    except ValueError as exc:  # not JSON at all
        raise PoisonMessage(f"not a valid CloudEvent: {str(exc)[:300]}") from None


class TrackingConsumer(ConsumerMixin):
    def __init__(self, applier: ProjectionApplier, amqp_url: str, max_attempts: int = 5, retry_delay: float = 0.5):
        self.applier = applier
        self.connection = kombu.Connection(amqp_url, connect_timeout=5)
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        name = applier.projection.name
        self.queues = [durable_queue(name, [(event_exchange(service), "#") for service in applier.projection.sources])]
        self.dead_letter_queue = durable_queue(f"{name}.dead-letter", [(dead_letter_exchange(), name)])

    def get_consumers(self, Consumer, channel):
        self.dead_letter_queue(channel).declare()
        consumer = Consumer(queues=self.queues, on_message=self.on_message, accept=["application/json"])
        consumer.qos(prefetch_count=100)
        return [consumer]

    def on_message(self, message: kombu.Message) -> None:
        attempts, reason, poison = 0, "", False
        while attempts < self.max_attempts and not self.should_stop:
            attempts += 1
            try:
                event = parse_message(message.body)
                with tracer(__name__).start_as_current_span(
                    f"project {event.type}", context=context_from(event.traceparent), kind=SpanKind.CONSUMER
                ):
                    self.applier.apply(event)
                message.ack()
                return
            except PoisonMessage as exc:
                reason, poison = str(exc), True
                break
            except Exception as exc:  # a failing projection or an unreachable source log: retry, then park
                reason = f"{type(exc).__name__}: {exc}"
                log.warning("%s: attempt %d/%d failed: %s", self.applier.projection.name, attempts,
                            self.max_attempts, reason)
                time.sleep(self.retry_delay * attempts)
        if self.should_stop and not poison and attempts < self.max_attempts:
            message.requeue()  # shutting down mid-retry: give it back rather than park it
            return
        self.park(message, reason, attempts)

    def park(self, message: kombu.Message, reason: str, attempts: int) -> None:
        name = self.applier.projection.name
        with kombu.Connection(self.connection.as_uri(include_password=True),
                              transport_options={"confirm_publish": True}) as connection:
            connection.Producer().publish(
                message.body,
                exchange=dead_letter_exchange(),
                routing_key=name,
                declare=[self.dead_letter_queue],
                content_type=message.content_type or "application/octet-stream",
                content_encoding=message.content_encoding or "binary",
                headers={**(message.headers or {}), "x-wcso-reason": reason[:1000],
                         "x-wcso-consumer": name, "x-wcso-attempts": attempts,
                         "x-wcso-routing-key": message.delivery_info.get("routing_key", "")},
                delivery_mode=2,
                message_id=message.properties.get("message_id"),
                type=message.properties.get("type"),
                retry=True,
            )
        message.ack()  # only after the dead-letter copy is confirmed
        log.error("ALERT %s parked a message on %s.dead-letter: %s", name, name, reason)
