"""Wiring an application from the settings: its clock, its key vault, its event store. Free of nameko
and eventlet, so the relay and the projection processes use it as the services do."""
from __future__ import annotations

from typing import TypeVar

from chassis.clock import Clock, OffsetFileClock, SystemClock
from chassis.eventstore import ServiceApplication
from chassis.personal_data import PersonalDataCipher, PersonKeyVault
from chassis.settings import Settings, load_settings
from chassis.sql import SqlDatabase, schema_lock

App = TypeVar("App", bound=ServiceApplication)


def make_clock(settings: Settings) -> Clock:
    return OffsetFileClock(settings.clock_file) if settings.clock == "offset-file" else SystemClock()


def build_application(app_class: type[App], settings: Settings | None = None, clock: Clock | None = None) -> App:
    settings = settings or load_settings()
    with schema_lock(settings):  # creates the service's tables if missing, one process at a time
        vault = PersonKeyVault(SqlDatabase.for_settings(settings, "person_keys"))
        return app_class(settings, clock or make_clock(settings), PersonalDataCipher(vault))
