"""The operator's side of the dead-letter queue: see what was parked and why, and send it back to
its consumer once the cause is fixed. Replay re-publishes each message (with confirms) to the
consumer's own queue and only then removes it from the dead-letter queue, so nothing is lost; the
consumer's tracking makes a replay of something already applied harmless."""
from __future__ import annotations

from dataclasses import dataclass

import kombu

from chassis.messaging import dead_letter_exchange, durable_queue

_OURS = ("x-wcso-reason", "x-wcso-consumer", "x-wcso-attempts", "x-wcso-routing-key")


@dataclass(frozen=True)
class ParkedMessage:
    reason: str
    attempts: int
    routing_key: str
    message_id: str | None


def _dead_letter_queue(consumer: str) -> kombu.Queue:
    return durable_queue(f"{consumer}.dead-letter", [(dead_letter_exchange(), consumer)])


def parked_messages(amqp_url: str, consumer: str) -> list[ParkedMessage]:
    """What is parked for `consumer`, oldest first. Reads without removing: the unacknowledged
    messages go back to the queue when the connection closes."""
    found = []
    with kombu.Connection(amqp_url) as connection:
        queue = _dead_letter_queue(consumer)(connection.channel())
        queue.declare()
        while (message := queue.get(no_ack=False)) is not None:
            headers = message.headers or {}
            found.append(ParkedMessage(headers.get("x-wcso-reason", "?"), int(headers.get("x-wcso-attempts", 0)),
                                       headers.get("x-wcso-routing-key", ""), message.properties.get("message_id")))
    return found


def replay(amqp_url: str, consumer: str) -> int:
    """Moves every parked message back to `consumer`'s queue; returns how many."""
    moved = 0
    with kombu.Connection(amqp_url, transport_options={"confirm_publish": True}) as connection:
        channel = connection.channel()
        queue = _dead_letter_queue(consumer)(channel)
        queue.declare()
        producer = kombu.Producer(connection.channel())
        while (message := queue.get(no_ack=False)) is not None:
            headers = {k: v for k, v in (message.headers or {}).items() if k not in _OURS}
            producer.publish(message.body, exchange="", routing_key=consumer, headers=headers,
                             content_type=message.content_type, content_encoding=message.content_encoding,
                             delivery_mode=2, message_id=message.properties.get("message_id"),
                             type=message.properties.get("type"), retry=True)
            message.ack()  # only after the broker confirmed the copy
            moved += 1
    return moved
