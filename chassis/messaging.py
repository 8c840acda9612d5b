"""RabbitMQ topology and the confirming publisher.

Exchanges are declared exactly as nameko declares them ("<service>.events", topic, durable), so a
nameko @event_handler(service, event_type) and a plain kombu consumer both receive our messages.
"""
from __future__ import annotations

import logging
import time
from typing import Sequence

import amqp
import kombu
from kombu import binding

from contracts.envelope import CloudEvent

log = logging.getLogger(__name__)

DEAD_LETTER_EXCHANGE = "wcso.dead-letter"


def event_exchange(service: str) -> kombu.Exchange:
    return kombu.Exchange(f"{service}.events", type="topic", durable=True, auto_delete=False, delivery_mode=2)


def dead_letter_exchange() -> kombu.Exchange:
    return kombu.Exchange(DEAD_LETTER_EXCHANGE, type="direct", durable=True, auto_delete=False, delivery_mode=2)


def durable_queue(name: str, bindings: list[tuple[kombu.Exchange, str]]) -> kombu.Queue:
    """One queue bound to each (exchange, routing key). Quorum queues: replicated and durable; a
    message survives a broker restart."""
    return kombu.Queue(name, bindings=[binding(exchange, routing_key=key) for exchange, key in bindings],
                       durable=True, auto_delete=False, queue_arguments={"x-queue-type": "quorum"})


class PublishNotConfirmed(Exception):
    pass


class ConfirmingPublisher:
    """Publishes a batch, then waits for the broker to confirm all of it (one wait per batch,
    not per message). A nack, a timeout or a lost connection raises: the caller republishes the
    whole batch, so a consumer may see duplicates but never a loss."""

    def __init__(self, amqp_url: str, confirm_timeout: float = 30.0):
        self.amqp_url = amqp_url
        self.confirm_timeout = confirm_timeout
        self._connection: kombu.Connection | None = None
        self._channel = None
        self._declared: set[str] = set()
        self._outstanding: set[int] = set()
        self._next_tag = 1
        self._nacked = False

    def _connect(self) -> None:
        self._connection = kombu.Connection(self.amqp_url, connect_timeout=5)
        self._connection.connect()
        self._channel = self._connection.channel()
        self._channel.confirm_select()
        self._channel.events["basic_ack"].add(self._on_ack)
        self._channel.events["basic_nack"].add(self._on_nack)
        self._declared.clear()
        self._outstanding.clear()
        self._next_tag = 1
        self._nacked = False

    def _settle(self, tag: int, multiple: bool) -> None:
        if multiple:
            self._outstanding = {t for t in self._outstanding if t > tag}
        else:
            self._outstanding.discard(tag)

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._nacked = True
        self._settle(delivery_tag, multiple)

    def publish(self, service: str, events: Sequence[CloudEvent], headers: dict | None = None) -> None:
        if not events:
            return
        if self._connection is None:
            self._connect()
        exchange = event_exchange(service)
        if exchange.name not in self._declared:
            exchange(self._channel).declare()
            self._declared.add(exchange.name)
        for event in events:
            message = amqp.Message(
                event.model_dump_json(exclude_none=True),
                content_type="application/json",
                content_encoding="utf-8",
                delivery_mode=2,
                message_id=event.id,
                type=event.type,
                application_headers={**(headers or {}), **({"traceparent": event.traceparent} if event.traceparent else {})},
            )
            self._channel.basic_publish(message, exchange=exchange.name, routing_key=event.type)
            self._outstanding.add(self._next_tag)
            self._next_tag += 1
        self._wait_for_confirms()

    def _wait_for_confirms(self) -> None:
        deadline = time.monotonic() + self.confirm_timeout
        while self._outstanding:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishNotConfirmed(f"{len(self._outstanding)} message(s) not confirmed in time")
            try:
                self._connection.drain_events(timeout=min(remaining, 1.0))
            except TimeoutError:
                continue
        if self._nacked:
            self._nacked = False
            raise PublishNotConfirmed("the broker refused (nacked) part of the batch")

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:  # the connection may already be gone; closing is best effort
                log.debug("closing a broken connection", exc_info=True)
        self._connection = None
