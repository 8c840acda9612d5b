"""OpenTelemetry tracing. nameko 2 has no official instrumentation, so the W3C trace context is
carried by hand: HTTP `traceparent` header → gateway span → nameko RPC context data → stored with
the event (CommandMeta) → CloudEvent `traceparent` and AMQP header → the projection's span. One
trace therefore shows a complaint from the request to the district view, across the outbox.
Spans are exported to the process log with WCSO_TRACE_EXPORTER=console; personal data is never
put on a span."""
from __future__ import annotations

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_PROPAGATOR = TraceContextTextMapPropagator()


def configure_tracing(process_name: str, exporter: str) -> None:
    provider = TracerProvider(resource=Resource.create({"service.name": f"wcso-{process_name}"}))
    if exporter == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def context_from(traceparent: str | None) -> Context | None:
    return _PROPAGATOR.extract({"traceparent": traceparent}) if traceparent else None


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")
