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


def _modules() -> list:
    return [importlib.import_module(f"{__name__}.{info.name}")
            for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")]


class PlatformViews:
    """The gateway's projection: every programme's events into the district and person views.
    Each module here contributes `SOURCE` + `HANDLERS` and the `COLLECTIONS` it writes."""

    name = "gateway.views"

    def __init__(self):
        modules = _modules()
        self.handlers: dict[str, dict[str, Handler]] = {m.SOURCE: m.HANDLERS for m in modules if hasattr(m, "HANDLERS")}
        self.sources = tuple(sorted(self.handlers))
        self.collections = tuple(sorted(c for m in modules for c in getattr(m, "COLLECTIONS", ())))

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


def rebuild(settings: Settings, report=print) -> dict[str, int]:
    """Rebuilds every view from the services' event stores (stop the projections process first).
    Reads each service's integration log directly, in pages, and applies it as the consumer would;
    returns the number of events applied per service."""
    from chassis.cli import discover_services, load_class
    from chassis.bootstrap import build_application

    views = PlatformViews()
    store = build_read_model_store(settings.resolved_read_model_url)
    apps = {name: build_application(load_class(classes[1]), settings)
            for name, classes in discover_services().items() if name in views.sources}
    applier = ProjectionApplier(views, store, lambda service, after, up_to: apps[service].integration_events(
        after, limit=up_to - after, up_to=up_to).events)
    applied: dict[str, int] = {}
    try:
        store.drop_consumer(views.name, views.collections)
        report(f"cleared {len(views.collections)} view collections; replaying {len(apps)} services' logs")
        for service, app in sorted(apps.items()):
            position, applied[service], end = 0, 0, app.max_position()
            while position < end:
                batch = app.integration_events(position, limit=1000)
                applied[service] += sum(applier.apply(event) for event in batch.events)
                position = batch.last_position
                report(f"  {service}: {position}/{end} notifications read, {applied[service]} events applied")
        report(f"rebuilt: {sum(applied.values())} events from {len(apps)} services")
    finally:
        store.close()
        for app in apps.values():
            app.close()
    return applied


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
