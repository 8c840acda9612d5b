"""An integration partner receives what the relay publishes, with nameko's @event_handler or with
plain kombu: the exchange is declared exactly as nameko declares it ("complaints.events", topic,
durable), so neither side's declaration is refused."""
from __future__ import annotations

import kombu
import pytest
from nameko.events import event_handler

from chassis.messaging import event_exchange
from chassis.relay import Relay
from contracts.envelope import CloudEvent

from .conftest import published, register, wait_until

pytestmark = pytest.mark.broker

received_by_partner: list[dict] = []


class PartnerService:
    name = "partner"

    @event_handler("complaints", "complaint.registered.v1")
    def on_complaint_registered(self, payload):
        received_by_partner.append(payload)


def test_a_nameko_partner_and_a_kombu_partner_receive_relay_published_events(
        complaints_app, broker_url, container_factory, rabbit_config):
    received_by_partner.clear()
    container = container_factory(PartnerService, {"AMQP_URI": rabbit_config["AMQP_URI"]})
    container.start()  # declares the partner's queue, bound to "complaints.events"

    with kombu.Connection(broker_url, connect_timeout=5) as connection:
        # A partner that does not use nameko: its own queue, its own routing key.
        kombu_partner = kombu.Queue("partner-kombu.registrations", event_exchange("complaints"),
                                    routing_key="complaint.registered.v1", durable=True)(connection.default_channel)
        kombu_partner.declare()

        [complaint_id] = register(complaints_app, 1)
        [expected] = published(complaints_app)
        relay = Relay(complaints_app, broker_url)
        assert relay.run_once() == 1
        relay.publisher.close()

        wait_until(lambda: received_by_partner, message="the nameko @event_handler to run")
        [payload] = received_by_partner
        assert CloudEvent.model_validate(payload) == expected  # the payload is the CloudEvent dict
        assert payload["subject"] == complaint_id and payload["type"] == "complaint.registered.v1"

        message = wait_until(lambda: kombu_partner.get(no_ack=True), message="the kombu partner's message")
        assert message.content_type == "application/json"
        assert message.delivery_info["routing_key"] == "complaint.registered.v1"
        assert CloudEvent.model_validate_json(message.body) == expected
        assert message.decode() == payload
        assert kombu_partner.get(no_ack=True) is None
