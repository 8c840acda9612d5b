"""The relay: the only thing that publishes. Its own process, no eventlet.

Reads the service's notification log from its tracked position, publishes the integration events
with batched publisher confirms, and only then records the new position (eventsourcing's tracking
recorder, beside the event store). A crash or a broker outage between the publish and the record
means the batch is published again: consumers see a duplicate, never a loss, and order per source
holds because one relay publishes one source in log order.
"""
from __future__ import annotations

import logging
import signal
import threading

from eventsourcing.persistence import Tracking

from chassis.eventstore import ServiceApplication
from chassis.messaging import ConfirmingPublisher
from chassis.settings import Settings
from chassis.sql import schema_lock

log = logging.getLogger(__name__)


class Relay:
    def __init__(self, app: ServiceApplication, amqp_url: str, batch_size: int = 200, poll_interval: float = 0.2):
        self.app = app
        self.name = f"{app.service_name}-relay"
        self.publisher = ConfirmingPublisher(amqp_url)
        self.tracking = app.factory.tracking_recorder()
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.stopping = threading.Event()
        self.position = self.tracking.max_tracking_id(self.name) or 0
        self.last_published = app.last_published_at_or_before(self.position)

    def run_once(self) -> int:
        """Publishes the next batch; returns how many events it published."""
        batch = self.app.integration_events(self.position, self.batch_size, previous=self.last_published)
        if batch.last_position == self.position:
            return 0
        self.publisher.publish(self.app.service_name, batch.events)
        self.tracking.insert_tracking(Tracking(self.name, batch.last_position))
        self.position, self.last_published = batch.last_position, batch.last_published
        return len(batch.events)

    def run(self) -> None:
        log.info("%s starting at position %d", self.name, self.position)
        backoff = 0.5
        while not self.stopping.is_set():
            try:
                before = self.position
                published = self.run_once()
                backoff = 0.5
                if published:
                    log.info("%s published %d event(s), position %d", self.name, published, self.position)
                if self.position == before:  # caught up; a batch of private events only is not idle
                    self.stopping.wait(self.poll_interval)
            except Exception as exc:  # broker or database away: wait, reconnect, resume from the recorded position
                log.warning("%s cannot publish (%s: %s); retrying in %.1fs", self.name, type(exc).__name__, exc, backoff)
                self.publisher.close()
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, 10.0)
        self.publisher.close()
        log.info("%s stopped at position %d", self.name, self.position)

    def stop(self, *_: object) -> None:
        self.stopping.set()


def run_relay(app: ServiceApplication, settings: Settings) -> None:
    with schema_lock(settings):  # the tracking table, created if missing
        relay = Relay(app, settings.amqp_url, settings.relay_batch_size, settings.relay_poll_interval)
    signal.signal(signal.SIGTERM, relay.stop)
    signal.signal(signal.SIGINT, relay.stop)
    try:
        relay.run()
    finally:
        app.close()
