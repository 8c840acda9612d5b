"""The nameko side of every service: the dependency that provides the Application, input
validation that turns pydantic errors into typed errors, and the entrypoints every service has
(its integration log over RPC, the due-work timer). A service class is then only its commands."""
from __future__ import annotations

import logging
from typing import Any, TypeVar

from nameko.exceptions import deserialize_to_instance
from nameko.extensions import DependencyProvider
from nameko.rpc import rpc
from nameko.timer import timer
from pydantic import BaseModel, ValidationError

from chassis.auth import Officer, Role
from chassis.bootstrap import build_application
from chassis.errors import DOMAIN_ERRORS, InvalidInput
from chassis.eventstore import CommandMeta, ServiceApplication, current_command
from chassis.settings import load_settings

log = logging.getLogger(__name__)

for _error in DOMAIN_ERRORS:  # callers get the typed error back, not a RemoteError
    deserialize_to_instance(_error)

# Every command a service exposes: typed domain errors are expected answers (logged quietly) and
# travel back to the caller as themselves.
command = rpc(expected_exceptions=DOMAIN_ERRORS)

Model = TypeVar("Model", bound=BaseModel)


def ensure_cooperative_psycopg() -> None:
    """psycopg's C wait blocks the whole eventlet hub (and can deadlock under the event-table lock)."""
    import psycopg.waiting

    if getattr(psycopg.waiting, "wait_c", None) is not None and psycopg.waiting.wait is psycopg.waiting.wait_c:
        raise RuntimeError("psycopg uses its C wait loop: uninstall psycopg-binary / psycopg-c for eventlet services")


def validated(model: type[Model], payload: Any) -> Model:
    """Parses an RPC payload with its contract model; the first broken rule becomes InvalidInput."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise InvalidInput.first_of(exc.errors()) from None


class ApplicationProvider(DependencyProvider):
    """Gives each worker the service's Application, with the caller's correlation id, trace
    context and identity set for the events the worker records."""

    def __init__(self, app_class: type[ServiceApplication]):
        self.app_class = app_class
        self.app: ServiceApplication | None = None

    def setup(self) -> None:
        settings = load_settings()
        if settings.event_store == "postgres":
            ensure_cooperative_psycopg()
        self.app = build_application(self.app_class, settings)

    def get_dependency(self, worker_ctx) -> ServiceApplication:
        data = worker_ctx.data
        current_command.set(CommandMeta(
            correlation_id=data.get("correlation_id") or worker_ctx.call_id,
            traceparent=data.get("traceparent"),
            actor=data.get("actor") or "system",
        ))
        return self.app

    def stop(self) -> None:
        if self.app is not None:
            self.app.close()


class ServiceEntrypoints:
    """Mixed into every service: serves the integration log (consumers fill gaps from it) and
    runs due work on a timer."""

    app: ServiceApplication

    @rpc
    def integration_events(self, after: int, up_to: int) -> list[dict]:
        batch = self.app.integration_events(int(after), limit=max(1, int(up_to) - int(after)), up_to=int(up_to))
        return [event.model_dump(mode="json") for event in batch.events]

    @command
    def personal_data_reads(self, person_ref: str, officer: dict) -> dict:
        """Who opened this person's sealed data, when, on which record and why (the vault, and so
        its access log, is the platform's, so any service can answer)."""
        Officer.from_claims(officer).require_role(Role.MSP_HQ, Role.AUDITOR)
        vault = self.app.cipher.vault
        return {"person_ref": person_ref, "erased": vault.is_erased(person_ref), "reads": vault.reads_of(person_ref)}

    @timer(interval=load_settings().timer_interval)
    def run_due_work(self) -> None:
        changed = self.app.due_work.tick()
        if changed:
            log.info("%s: due work recorded on %d record(s)", self.app.service_name, changed)


class CallContext(DependencyProvider):
    """The worker's context data, which nameko sends as headers with every RPC the worker makes:
    the gateway sets the correlation id and the actor here so services record them with events."""

    def get_dependency(self, worker_ctx) -> dict:
        return worker_ctx.data
