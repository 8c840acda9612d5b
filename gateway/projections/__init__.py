"""Projections: fold every programme's integration events into the read models the gateway serves.

Each programme has a module here with `SOURCE` (the publishing service) and `HANDLERS`
({event type: function(event, store) -> [Upsert]}); `PlatformViews` finds them all, so adding a
programme is adding a module. Run as its own process (no eventlet): `python -m gateway.projections`.
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
import signal
from typing import Callable

from chassis.consumer import ProjectionApplier, TrackingConsumer
from chassis.readmodel import build_read_model_store
from chassis.readmodel.base import ReadModelStore, Upsert
from chassis.settings import Settings, load_settings
from chassis.telemetry import configure_tracing
from contracts.envelope import CloudEvent

log = logging.getLogger(__name__)

Handler = Callable[[CloudEvent, ReadModelStore], list[Upsert]]


def programme_handlers() -> dict[str, dict[str, Handler]]:
    """{source service: {event type: handler}} from every module in this package that has HANDLERS."""
    found = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        if hasattr(module, "HANDLERS"):
            found[module.SOURCE] = module.HANDLERS
    return found


class PlatformViews:
    """The gateway's projection: every programme's events into the district and person views."""

    name = "gateway.views"

    def __init__(self):
        self.handlers = programme_handlers()
        self.sources = tuple(sorted(self.handlers))

    def changes_for(self, event: CloudEvent, store: ReadModelStore) -> list[Upsert]:
        handler = self.handlers.get(event.service, {}).get(event.type)
        if handler is None:
            log.info("%s: no view uses %s; recorded as applied", self.name, event.type)
            return []
        return handler(event, store)


def remote_log_reader(settings: Settings):
    """Reads a service's integration log over nameko RPC (gap filling)."""
    from nameko.standalone.rpc import ClusterRpcProxy

    def read(service: str, after: int, up_to: int) -> list[CloudEvent]:
        with ClusterRpcProxy({"AMQP_URI": settings.amqp_url}, timeout=30) as rpc:
            events = getattr(rpc, service).integration_events(after, up_to)
        return [CloudEvent.model_validate(event) for event in events]

    return read


def main() -> None:
    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    configure_tracing("projections", settings.trace_exporter)
    store = build_read_model_store(settings.resolved_read_model_url)
    views = PlatformViews()
    consumer = TrackingConsumer(ProjectionApplier(views, store, remote_log_reader(settings)),
                                settings.amqp_url, max_attempts=settings.consumer_max_attempts)

    def stop(*_):
        consumer.should_stop = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("projection %s consuming %s", views.name, ", ".join(views.sources))
    try:
        consumer.run()
    finally:
        store.close()
