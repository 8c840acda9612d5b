"""Configuration from the environment: one table of variables (README "Configuration"),
defaults that run the whole platform on one machine. A bad value stops start-up with an error
that names the variable and the rule."""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DEV_SECRET = "wcso-local-development-only-not-for-production"


class ConfigError(Exception):
    """A configuration value is wrong; the message names the variable."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path = Field(Path("data"), alias="WCSO_DATA_DIR")
    event_store: Literal["sqlite", "postgres", "memory"] = Field("sqlite", alias="WCSO_EVENT_STORE")
    postgres_url: str = Field("postgresql://postgres@127.0.0.1:5432/wcso", alias="WCSO_POSTGRES_URL")
    read_model_url: str | None = Field(None, alias="WCSO_READ_MODEL_URL")
    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", alias="WCSO_AMQP_URL")
    jwt_secret: str = Field(DEV_SECRET, alias="WCSO_JWT_SECRET", min_length=32)
    person_ref_key: str = Field(DEV_SECRET, alias="WCSO_PERSON_REF_KEY", min_length=32)
    clock: Literal["system", "offset-file"] = Field("system", alias="WCSO_CLOCK")
    timer_interval: float = Field(5.0, alias="WCSO_TIMER_INTERVAL", gt=0)
    rpc_timeout: float = Field(10.0, alias="WCSO_RPC_TIMEOUT", gt=0, le=300)
    http_host: str = Field("127.0.0.1", alias="WCSO_HTTP_HOST")
    gateway_port: int = Field(8000, alias="WCSO_GATEWAY_PORT", ge=1, le=65535)
    sms_adapter: Literal["file", "http"] = Field("file", alias="WCSO_SMS_ADAPTER")
    sms_url: str | None = Field(None, alias="WCSO_SMS_URL")
    sms_sender: str = Field("WCSOUP", alias="WCSO_SMS_SENDER")
    sms_api_key: str | None = Field(None, alias="WCSO_SMS_API_KEY")
    sms_directory: Path | None = Field(None, alias="WCSO_SMS_DIRECTORY")
    consumer_max_attempts: int = Field(5, alias="WCSO_CONSUMER_MAX_ATTEMPTS", ge=1)
    relay_batch_size: int = Field(200, alias="WCSO_RELAY_BATCH_SIZE", ge=1, le=10000)
    relay_poll_interval: float = Field(0.05, alias="WCSO_RELAY_POLL_INTERVAL", gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", alias="WCSO_LOG_LEVEL")
    trace_exporter: Literal["none", "console"] = Field("none", alias="WCSO_TRACE_EXPORTER")
    saarthi_ack_minutes: float = Field(10.0, alias="WCSO_SAARTHI_ACK_MINUTES", gt=0, le=1440)
    holiday_calendar: Path | None = Field(None, alias="WCSO_HOLIDAY_CALENDAR")

    @field_validator("postgres_url")
    @classmethod
    def _postgres_url(cls, value: str) -> str:
        if urlparse(value).scheme not in ("postgresql", "postgres"):
            raise ValueError("must start with postgresql://")
        return value

    @field_validator("amqp_url")
    @classmethod
    def _amqp_url(cls, value: str) -> str:
        if urlparse(value).scheme not in ("amqp", "pyamqp", "amqps"):
            raise ValueError("must start with amqp://")
        return value

    @field_validator("holiday_calendar")
    @classmethod
    def _holiday_calendar(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError("must be a readable file (see contracts/reference/holidays_up.json for its shape)")
        return value

    @cached_property
    def resolved_read_model_url(self) -> str:
        return self.read_model_url or f"sqlite:///{(self.data_dir / 'read_models.sqlite').resolve()}"

    @cached_property
    def clock_file(self) -> Path:
        return self.data_dir / "clock_offset"

    @property
    def uses_dev_secrets(self) -> bool:
        return DEV_SECRET in (self.jwt_secret, self.person_ref_key)


ENV_PREFIX = "WCSO_"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    known = {field.alias for field in Settings.model_fields.values()}
    values = {key: value for key, value in environ.items() if key in known}
    unknown = sorted(k for k in environ if k.startswith(ENV_PREFIX) and k not in known | {"WCSO_MONGO_URL"})
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; see the README's configuration table")
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(f"{err['loc'][0]}: {err['msg']}" for err in exc.errors())
        raise ConfigError(f"invalid configuration: {problems}") from None
