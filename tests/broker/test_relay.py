"""The outbox relay on the real broker: what it publishes, and that nothing is lost when the relay
is killed or the broker restarts (ARCHITECTURE rules 1 and 2).

The broker-restart test restarts RabbitMQ for the whole machine: it is the only one, and last."""
from __future__ import annotations

import subprocess

import kombu
import pytest
import requests

from chassis.relay import Relay

from .conftest import published, register, tracked_position, wait_until

pytestmark = pytest.mark.broker


def first_occurrences(events) -> list:
    seen, firsts = set(), []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            firsts.append(event)
    return firsts


def assert_chained_in_order(events) -> None:
    """First occurrences ascend, and each one's previoussequence is the one before it: no gap."""
    firsts = first_occurrences(events)
    sequences = [event.sequence for event in firsts]
    assert sequences == sorted(sequences), "first occurrences follow the log order"
    assert [event.previoussequence for event in firsts] == [0, *sequences[:-1]], "the chain has a gap"


def test_relay_publishes_each_integration_event_once_in_log_order(complaints_app, probe, broker_url):
    complaint_ids = register(complaints_app, 3)
    assert complaints_app.max_position() == 9  # 3 x (1 public Registered + 2 private SmsRequested)

    relay = Relay(complaints_app, broker_url, batch_size=4)
    published_counts = []
    while relay.position < complaints_app.max_position() and len(published_counts) < 10:
        published_counts.append(relay.run_once())
    relay.publisher.close()
    assert published_counts == [2, 1, 0]  # notifications 1-4, 5-8, 9 (private only)
    assert relay.position == 9 and tracked_position(complaints_app) == 9  # private tail included

    received = probe.wait_for(3)
    probe.pull()
    assert len(probe.received) == 3, "each event is published once"
    expected_previous = {1: 0, 4: 1, 7: 4}  # previoussequence bridges the private SmsRequested events
    for (event, message), complaint_id, sequence in zip(received, complaint_ids, (1, 4, 7)):
        assert event.specversion == "1.0"
        assert event.id == f"complaints-{sequence}"
        assert event.source == "/wcso/complaints"
        assert event.type == "complaint.registered.v1" == message.delivery_info["routing_key"]
        assert event.subject == complaint_id == event.data["complaint_id"]
        assert event.sequence == sequence
        assert event.previoussequence == expected_previous[sequence]
        assert message.properties["delivery_mode"] == 2
        assert message.content_type == "application/json"
        assert message.properties["message_id"] == event.id
        assert event.data["person_ref"].startswith("p_") and "Sunita" not in str(message.body)

    # A new relay on the same store starts from the recorded position: it publishes nothing...
    again = Relay(complaints_app, broker_url, batch_size=4)
    assert again.position == 9
    assert again.run_once() == 0
    assert probe.pull() == 0
    # ...and chains the next event to the last one published before it.
    [later_id] = register(complaints_app, 1)
    assert again.run_once() == 1
    again.publisher.close()
    event, _ = probe.wait_for(4)[-1]
    assert (event.sequence, event.previoussequence, event.subject) == (10, 7, later_id)
    assert probe.pull() == 0


def test_relay_killed_mid_stream_loses_nothing_and_keeps_order(
        complaints_app, probe, start_relay, fast_access_codes):
    register(complaints_app, 300)
    expected = {event.id for event in published(complaints_app)}
    assert len(expected) == 300

    relay = start_relay(batch_size=20)
    wait_until(lambda: probe.depth() >= 30 or not relay.alive(), timeout=20,
               message="the relay to publish its first batches")
    relay.kill()
    assert relay.process.returncode == -9, relay.log()
    position_at_kill = tracked_position(complaints_app)
    assert 0 < position_at_kill < 900, "the relay was not killed mid-stream"

    restarted = start_relay(batch_size=20)
    probe.wait_for_ids(expected, timeout=30)
    assert restarted.alive(), restarted.log()

    events = probe.events
    assert {event.id for event in events} == expected, "no loss, nothing foreign"
    assert_chained_in_order(events)
    # Only the batch in flight at the kill (published, position not yet recorded) is repeated.
    seen, repeated = set(), []
    for event in events:
        if event.id in seen:
            repeated.append(event.sequence)
        seen.add(event.id)
    assert all(sequence > position_at_kill for sequence in repeated), (position_at_kill, repeated)
    assert len(repeated) <= 7  # at most one batch: 20 notifications hold at most 7 public events


# ------------------------------------------------------------------------- broker restart (keep last)


def _rabbitmqctl(*args: str, timeout: float = 120) -> None:
    result = subprocess.run(["rabbitmqctl", *args], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"rabbitmqctl {' '.join(args)}: {result.stdout}{result.stderr}"


def _broker_serves(url: str) -> bool:
    """The node answers, the rabbit application runs, AMQP accepts a connection, the management API answers."""
    ping = subprocess.run(["rabbitmq-diagnostics", "-q", "ping"], capture_output=True, timeout=30)
    # `ping` also succeeds while the application is stopped: check the application and the ports too.
    running = subprocess.run(["rabbitmq-diagnostics", "-q", "check_running"], capture_output=True, timeout=30)
    if ping.returncode or running.returncode:
        return False
    try:
        with kombu.Connection(url, connect_timeout=2) as connection:
            connection.connect()
        return requests.get("http://127.0.0.1:15672/api/overview", auth=("guest", "guest"), timeout=2).ok
    except Exception:
        return False


def _wait_for_nameko_vhost_pipeline(vhost_pipeline) -> None:
    """nameko creates and deletes test vhosts in background green threads through the management
    API; a call that meets the stopped broker kills that thread and fails the session. Wait until
    both threads are parked on their queues before stopping the broker."""
    wait_until(lambda: vhost_pipeline.ready.putting() == 1 and vhost_pipeline.trash.getting() == 1
               and vhost_pipeline.trash.qsize() == 0, timeout=30,
               message="nameko's vhost pipeline to be idle")


def test_relay_resumes_after_a_broker_restart(complaints_app, probe, start_relay, broker_url, vhost_pipeline,
                                              fast_access_codes):
    relay = start_relay()
    register(complaints_app, 3)
    probe.wait_for_ids({event.id for event in published(complaints_app)})
    _wait_for_nameko_vhost_pipeline(vhost_pipeline)

    probe.close()
    _rabbitmqctl("stop_app")
    try:
        register(complaints_app, 3)  # saved while the broker is down: the event store is the outbox
        wait_until(lambda: "cannot publish" in relay.log(), timeout=15,
                   message="the relay to notice the broker is down")
    finally:
        _rabbitmqctl("start_app")
        wait_until(lambda: _broker_serves(broker_url), timeout=60, interval=0.5,
                   message="RabbitMQ to serve again")

    probe.reconnect()
    expected = {event.id for event in published(complaints_app)}
    assert len(expected) == 6
    probe.wait_for_ids(expected, timeout=40)  # the relay backs off up to 10 s between attempts
    assert relay.alive(), relay.log()
    assert_chained_in_order(probe.events)
    assert {event.id for event in probe.events} == expected
    # the relay records its position after the broker confirms, a moment after the probe has the events
    wait_until(lambda: tracked_position(complaints_app) == 18, timeout=10,
               message="the relay to record its position past all 18 notifications")
