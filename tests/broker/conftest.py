"""Shared fixtures for the tests that talk to the real RabbitMQ (127.0.0.1:5672, guest/guest).

Every test gets a fresh vhost from nameko's `rabbit_config` fixture, its own data folder, and
helpers to watch what reaches the broker: a probe queue bound to "complaints.events" with "#",
the relay as a killable OS process, and the tracking consumer in a (green) background thread.
Nothing here sleeps to assert: every wait polls a condition until a deadline.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

import kombu
import pytest

from chassis.consumer import ProjectionApplier, TrackingConsumer
from chassis.messaging import event_exchange
from chassis.readmodel.sqlite import SqliteReadModelStore
from chassis.bootstrap import build_application
from chassis.settings import load_settings
from contracts.complaints import ComplaintRegistration
from contracts.envelope import CloudEvent
from services.complaints.application import ComplaintsApplication

REPO = Path(__file__).resolve().parents[2]
RELAY_NAME = "complaints-relay"
REGISTRATION = {
    "filed_by": "self",
    "complainant": {"name": "Sunita Devi", "phone": "9876543210"},
    "district": "LKO",
    "category": "stalking",
    "description": "A man follows me every day from the bus stop to my home.",
}


# --------------------------------------------------------------------------------- polling


def wait_until(predicate: Callable[[], object], timeout: float = 10.0, interval: float = 0.02,
               message: str | Callable[[], str] = "condition") -> object:
    """Polls `predicate` until it returns something truthy; fails the test at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            text = message() if callable(message) else message
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {text}")
        time.sleep(interval)


# --------------------------------------------------------------------------------- broker

_vhosts_seen: list[str] = []


@pytest.fixture
def broker_url(rabbit_config) -> str:
    """The AMQP URL of this test's fresh vhost."""
    _vhosts_seen.append(rabbit_config["vhost"])
    return rabbit_config["AMQP_URI"]


def queue_depth(url: str, name: str) -> int:
    """Ready messages in a queue (passive declare: never creates it)."""
    with kombu.Connection(url, connect_timeout=5) as connection:
        return connection.default_channel.queue_declare(queue=name, passive=True).message_count


def get_messages(url: str, queue: str, count: int, timeout: float = 10.0) -> list[kombu.Message]:
    """Takes (and acks) `count` messages from `queue`, polling until they are there; then checks
    that no more are waiting."""
    taken: list[kombu.Message] = []
    with kombu.Connection(url, connect_timeout=5) as connection:
        channel = connection.default_channel

        def take() -> bool:
            while len(taken) < count:
                raw = channel.basic_get(queue=queue, no_ack=True)
                if raw is None:
                    return False
                taken.append(channel.message_to_python(raw))
            return True

        wait_until(take, timeout, message=lambda: f"{count} message(s) on {queue} (got {len(taken)})")
        assert channel.basic_get(queue=queue, no_ack=True) is None, f"more than {count} message(s) on {queue}"
    return taken


class Probe:
    """A durable classic queue bound to "<service>.events" with "#": sees every published event.
    Declare it before anything publishes. It survives a broker restart (durable queue, persistent
    messages); `reconnect()` after one."""

    def __init__(self, url: str, service: str = "complaints", routing_key: str = "#"):
        self.url = url
        self.name = f"probe-{uuid.uuid4().hex[:8]}"
        self.queue = kombu.Queue(self.name, event_exchange(service), routing_key=routing_key,
                                 durable=True, auto_delete=False, queue_arguments={"x-queue-type": "classic"})
        self.received: list[tuple[CloudEvent, kombu.Message]] = []
        self._connection: kombu.Connection | None = None
        self.reconnect()

    def reconnect(self) -> None:
        self.close()
        self._connection = kombu.Connection(self.url, connect_timeout=5)
        self._bound = self.queue(self._connection.default_channel)
        self._bound.declare()

    def pull(self) -> int:
        """Moves every waiting message into `received`; returns how many it moved."""
        moved = 0
        while (message := self._bound.get(no_ack=False)) is not None:
            self.received.append((CloudEvent.model_validate_json(message.body), message))
            message.ack()
            moved += 1
        return moved

    def wait_for(self, count: int, timeout: float = 15.0) -> list[tuple[CloudEvent, kombu.Message]]:
        wait_until(lambda: self.pull() >= 0 and len(self.received) >= count, timeout,
                   message=lambda: f"{count} message(s) on the probe (got {len(self.received)})")
        return self.received

    def wait_for_ids(self, ids: set[str], timeout: float = 20.0) -> None:
        def seen() -> bool:
            self.pull()
            return ids <= {event.id for event, _ in self.received}

        wait_until(seen, timeout, message=lambda: f"{len(ids)} distinct event(s) on the probe "
                   f"(got {len({e.id for e, _ in self.received} & ids)})")

    @property
    def events(self) -> list[CloudEvent]:
        return [event for event, _ in self.received]

    def depth(self) -> int:
        """Messages waiting on the probe (not yet pulled)."""
        return self._connection.default_channel.queue_declare(queue=self.name, passive=True).message_count

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:
                pass
        self._connection = None


@pytest.fixture
def probe(broker_url):
    probe = Probe(broker_url)
    yield probe
    probe.close()


# --------------------------------------------------------------------------------- the complaints side


@pytest.fixture
def data_dir(tmp_path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def settings(data_dir, broker_url):
    return load_settings({"WCSO_DATA_DIR": str(data_dir), "WCSO_AMQP_URL": broker_url})


@pytest.fixture
def fast_access_codes(monkeypatch):
    """scrypt of the access code dominates a registration (~14 ms); these tests are about the
    relay, not the code, so the test process hashes with a cheap stand-in."""
    monkeypatch.setattr("services.complaints.application.hash_secret", lambda code: f"test:{code}")


@pytest.fixture
def complaints_app(settings):
    app = build_application(ComplaintsApplication, settings)
    yield app
    app.close()


def register(app: ComplaintsApplication, count: int = 1, phone: str | None = None) -> list[str]:
    """Registers complaints (each writes 1 public + 2 private notifications); returns their ids."""
    payload = dict(REGISTRATION)
    if phone:
        payload["complainant"] = {**REGISTRATION["complainant"], "phone": phone}
    form = ComplaintRegistration.model_validate(payload)
    return [app.register(form)["complaint_id"] for _ in range(count)]


def published(app: ComplaintsApplication) -> list[CloudEvent]:
    """Every integration event in the app's log, as the relay would publish them."""
    return app.integration_events(0, app.max_position() + 1).events


# --------------------------------------------------------------------------------- the relay process


class RelayProcess:
    def __init__(self, data_dir: Path, url: str, log_path: Path, batch_size: int | None = None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("WCSO_")}
        env.update(WCSO_DATA_DIR=str(data_dir), WCSO_AMQP_URL=url, WCSO_RELAY_POLL_INTERVAL="0.05",
                   WCSO_LOG_LEVEL="INFO", PYTHONWARNINGS="ignore")
        if batch_size:
            env["WCSO_RELAY_BATCH_SIZE"] = str(batch_size)
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "-m", "chassis.cli", "relay", "complaints"],
                                        cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def start_relay(data_dir, broker_url, tmp_path):
    started: list[RelayProcess] = []

    def start(batch_size: int | None = None) -> RelayProcess:
        relay = RelayProcess(data_dir, broker_url, tmp_path / f"relay-{len(started)}.log", batch_size)
        started.append(relay)
        return relay

    yield start
    for relay in started:
        relay.stop()


def tracked_position(app: ComplaintsApplication) -> int:
    """The position the relay has recorded in the tracking table beside the event store."""
    return app.factory.tracking_recorder().max_tracking_id(RELAY_NAME) or 0


# --------------------------------------------------------------------------------- the consumer


def consumer_count(url: str, queue: str) -> int:
    """Consumers on a queue; 0 while it does not exist yet."""
    with kombu.Connection(url, connect_timeout=5) as connection:
        channel = connection.channel()  # a failed passive declare closes the channel: a fresh one each time
        try:
            return channel.queue_declare(queue=queue, passive=True).consumer_count
        except connection.channel_errors:
            return 0


class ConsumerThread:
    """A TrackingConsumer in a background thread (a green thread: the tests run monkey-patched)."""

    def __init__(self, consumer: TrackingConsumer):
        self.consumer = consumer
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.consumer.run()
        except BaseException as exc:  # surfaced by stop()
            self.error = exc

    def stop(self) -> None:
        self.consumer.should_stop = True
        self.thread.join(timeout=15)
        assert not self.thread.is_alive(), "the consumer did not stop"
        if self.error is not None:
            raise self.error


@pytest.fixture
def read_model(tmp_path):
    store = SqliteReadModelStore(str(tmp_path / "rm.sqlite"))
    yield store
    store.close()


@pytest.fixture
def run_consumer(broker_url, read_model):
    running: list[ConsumerThread] = []

    def run(projection, read_log, **options) -> ConsumerThread:
        """Starts the consumer and waits until it consumes: its own declarations made the queue
        and its bindings (nothing pre-declared here), so events published from now on reach it."""
        applier = ProjectionApplier(projection, read_model, read_log)
        thread = ConsumerThread(TrackingConsumer(applier, broker_url, **options))
        running.append(thread)
        wait_until(lambda: thread.error or consumer_count(broker_url, projection.name) > 0,
                   message=f"{projection.name} to consume")
        assert thread.error is None, thread.error
        return thread

    yield run
    for thread in running:
        if thread.thread.is_alive():
            thread.stop()


def no_log_reader(service: str, after: int, up_to: int) -> list[CloudEvent]:
    raise AssertionError(f"unexpected gap fill: {service} ({after}, {up_to}]")
