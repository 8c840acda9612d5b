"""Configuration from the environment, officer tokens and district scoping, and the clocks."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from chassis.auth import Officer, Role, Unauthenticated, issue_token, verify_token
from chassis.clock import MovableClock, OffsetFileClock, parse_duration, utc_now
from chassis.errors import Forbidden
from chassis.settings import ConfigError, load_settings

SECRET = "a-test-secret-that-is-long-enough"


# ------------------------------------------------------------------ settings


def test_defaults_run_on_one_machine_and_other_variables_are_ignored(tmp_path):
    settings = load_settings({"PATH": "/usr/bin", "HOME": "/root", "WCSO_MONGO_URL": "mongodb://x"})

    assert settings.event_store == "sqlite"
    assert settings.gateway_port == 8000
    assert settings.uses_dev_secrets
    assert load_settings({"WCSO_DATA_DIR": str(tmp_path)}).resolved_read_model_url == (
        f"sqlite:///{(tmp_path / 'read_models.sqlite').resolve()}")


def test_values_are_read_and_typed():
    settings = load_settings({"WCSO_EVENT_STORE": "postgres", "WCSO_GATEWAY_PORT": "8100",
                              "WCSO_TIMER_INTERVAL": "0.5", "WCSO_JWT_SECRET": SECRET,
                              "WCSO_PERSON_REF_KEY": SECRET + "-2"})

    assert (settings.event_store, settings.gateway_port, settings.timer_interval) == ("postgres", 8100, 0.5)
    assert not settings.uses_dev_secrets


def test_an_unknown_wcso_variable_is_refused_by_name():
    with pytest.raises(ConfigError) as caught:
        load_settings({"WCSO_EVENTSTORE": "postgres", "WCSO_GATEWAY_PORT": "8100"})

    assert "WCSO_EVENTSTORE" in str(caught.value)
    assert "WCSO_GATEWAY_PORT" not in str(caught.value)


@pytest.mark.parametrize("variable, value", [
    ("WCSO_EVENT_STORE", "oracle"),
    ("WCSO_GATEWAY_PORT", "99999"),
    ("WCSO_GATEWAY_PORT", "eighty"),
    ("WCSO_TIMER_INTERVAL", "0"),
    ("WCSO_POSTGRES_URL", "mysql://root@localhost/wcso"),
    ("WCSO_AMQP_URL", "http://localhost:5672"),
    ("WCSO_CLOCK", "sundial"),
    ("WCSO_RELAY_BATCH_SIZE", "0"),
])
def test_a_bad_value_names_the_variable(variable, value):
    with pytest.raises(ConfigError) as caught:
        load_settings({variable: value})

    assert variable in str(caught.value)


def test_a_short_secret_is_refused_without_echoing_it():
    with pytest.raises(ConfigError) as caught:
        load_settings({"WCSO_JWT_SECRET": "hunter2-secret"})

    assert "WCSO_JWT_SECRET" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as caught:
        load_settings({"WCSO_GATEWAY_PORT": "0", "WCSO_EVENT_STORE": "oracle"})

    assert "WCSO_GATEWAY_PORT" in str(caught.value) and "WCSO_EVENT_STORE" in str(caught.value)


# ------------------------------------------------------------------ tokens


def test_a_token_round_trips_to_an_officer():
    token = issue_token(SECRET, role=Role.STATION_OFFICER, district="LKO", subject="so-17")

    officer = verify_token(SECRET, f"Bearer {token}")

    assert officer == Officer("so-17", Role.STATION_OFFICER, "LKO")
    assert not officer.state_wide
    assert Officer.from_claims(officer.claims()) == officer


def test_state_wide_roles_get_the_state_whatever_district_is_asked():
    token = issue_token(SECRET, role="msp_hq", district="LKO", subject="msp-1")

    officer = verify_token(SECRET, f"Bearer {token}")

    assert (officer.role, officer.district, officer.state_wide) == (Role.MSP_HQ, "UP", True)
    auditor = verify_token(SECRET, "Bearer " + issue_token(SECRET, role=Role.AUDITOR, district=None, subject="a-1"))
    assert auditor.state_wide and auditor.district == "UP"


def test_an_expired_token_is_refused():
    token = issue_token(SECRET, role=Role.STATION_OFFICER, district="LKO", subject="so-17",
                        lifetime=timedelta(hours=1), now=utc_now() - timedelta(hours=2))

    with pytest.raises(Unauthenticated) as caught:
        verify_token(SECRET, f"Bearer {token}")

    assert caught.value.rule == "bearer_token"
    assert "expired" in caught.value.detail
    assert caught.value.http_status == 401


def test_a_token_signed_with_another_secret_is_refused():
    token = issue_token("another-secret-that-is-also-long-enough", role=Role.MSP_HQ, district=None, subject="msp-1")

    with pytest.raises(Unauthenticated) as caught:
        verify_token(SECRET, f"Bearer {token}")

    assert "signature" in caught.value.detail


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic dXNlcjpwYXNz", "bearer abc"])
def test_a_missing_or_malformed_header_is_refused(header):
    with pytest.raises(Unauthenticated) as caught:
        verify_token(SECRET, header)

    assert "Bearer" in caught.value.detail


def test_garbage_after_bearer_is_refused():
    with pytest.raises(Unauthenticated, match="not valid"):
        verify_token(SECRET, "Bearer not.a.jwt")


def forged(**claims) -> str:
    now = datetime.now(timezone.utc)
    return "Bearer " + jwt.encode({"sub": "x-1", "iss": "wcso", "iat": now, "exp": now + timedelta(hours=1),
                                   **claims}, SECRET, algorithm="HS256")


def test_a_role_that_is_not_a_wcso_role_is_refused():
    with pytest.raises(Unauthenticated) as caught:
        verify_token(SECRET, forged(role="superuser", district="LKO"))

    assert "not a WCSO role" in caught.value.detail


def test_a_district_role_without_a_district_code_is_refused():
    with pytest.raises(Unauthenticated, match="district"):
        verify_token(SECRET, forged(role="station_officer", district="XYZ"))
    with pytest.raises(Unauthenticated, match="district"):
        verify_token(SECRET, forged(role="district_nodal_officer"))


def test_a_token_from_another_issuer_or_without_expiry_is_refused():
    with pytest.raises(Unauthenticated):
        verify_token(SECRET, forged(role="msp_hq", iss="someone-else"))
    token = jwt.encode({"sub": "x", "iss": "wcso", "role": "msp_hq"}, SECRET, algorithm="HS256")
    with pytest.raises(Unauthenticated):
        verify_token(SECRET, f"Bearer {token}")


@pytest.mark.parametrize("district", [None, "", "XYZ", "lko"])
def test_a_district_role_needs_a_valid_district_to_be_issued(district):
    for role in (Role.STATION_OFFICER, Role.DISTRICT_NODAL_OFFICER):
        with pytest.raises(ValueError, match="district"):
            issue_token(SECRET, role=role, district=district, subject="so-1")


def test_an_unknown_role_cannot_be_issued():
    with pytest.raises(ValueError):
        issue_token(SECRET, role="superuser", district="LKO", subject="x")


# ------------------------------------------------------------------ officers and districts


def test_a_district_officer_is_held_to_their_district():
    officer = Officer("so-1", Role.STATION_OFFICER, "LKO")

    officer.require_district("LKO")
    with pytest.raises(Forbidden) as caught:
        officer.require_district("AGR")
    assert caught.value.rule == "district"
    assert "AGR" in caught.value.detail
    with pytest.raises(Forbidden):
        Officer("no-1", Role.DISTRICT_NODAL_OFFICER, "LKO").require_district("AGR")


def test_msp_hq_and_the_auditor_are_state_wide():
    for role in (Role.MSP_HQ, Role.AUDITOR):
        officer = Officer("hq-1", role, "UP")
        for district in ("LKO", "AGR", "VNS"):
            officer.require_district(district)


def test_require_role():
    officer = Officer("so-1", Role.STATION_OFFICER, "LKO")

    officer.require_role(Role.STATION_OFFICER, Role.DISTRICT_NODAL_OFFICER)
    with pytest.raises(Forbidden) as caught:
        officer.require_role(Role.MSP_HQ)
    assert caught.value.rule == "role" and "msp_hq" in caught.value.detail


@pytest.mark.parametrize("claims", [{}, {"subject": "x", "role": "superuser", "district": "LKO"},
                                    {"subject": "x", "role": "msp_hq"}, None])
def test_bad_officer_claims_over_rpc_are_forbidden(claims):
    with pytest.raises(Forbidden):
        Officer.from_claims(claims)


# ------------------------------------------------------------------ clocks


@pytest.mark.parametrize("text, expected", [
    ("90s", timedelta(seconds=90)), ("15m", timedelta(minutes=15)), ("25h", timedelta(hours=25)),
    ("31d", timedelta(days=31)), ("1.5h", timedelta(minutes=90)), (" 2d ", timedelta(days=2)),
])
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["25", "h", "-1h", "25 h", "25H", "1w", "", "1.h"])
def test_parse_duration_refuses_and_names_the_text(text):
    with pytest.raises(ValueError) as caught:
        parse_duration(text)

    assert repr(text) in str(caught.value)


def test_movable_clock_moves_only_when_told():
    clock = MovableClock()
    start = clock.now()

    assert start.tzinfo is not None
    assert clock.now() == start
    assert clock.advance(timedelta(hours=25)) == start + timedelta(hours=25) == clock.now()
    clock.set(start)
    assert clock.now() == start


def test_offset_file_clock_advance_moves_every_clock_on_the_same_file(tmp_path):
    path = tmp_path / "sub" / "clock_offset"
    mover, other = OffsetFileClock(path), OffsetFileClock(path)
    assert other.offset() == timedelta(0)  # no file yet: system time

    assert mover.advance(timedelta(hours=25)) == timedelta(hours=25)

    before = utc_now()
    moved = other.now()
    after = utc_now()
    assert other.offset() == timedelta(hours=25)
    assert before + timedelta(hours=25) <= moved <= after + timedelta(hours=25)


def test_offset_file_clock_adds_up_advances_from_several_clocks(tmp_path):
    path = tmp_path / "clock_offset"
    first, second = OffsetFileClock(path), OffsetFileClock(path)

    first.advance(timedelta(hours=1))
    second.advance(timedelta(hours=2))

    assert first.offset() == second.offset() == OffsetFileClock(path).offset() == timedelta(hours=3)


def test_offset_file_clock_sees_an_advance_written_within_the_same_timestamp_tick(tmp_path):
    path = tmp_path / "clock_offset"
    mover, reader = OffsetFileClock(path), OffsetFileClock(path)
    mover.advance(timedelta(hours=1))
    first_mtime_ns = os.stat(path).st_mtime_ns
    assert reader.offset() == timedelta(hours=1)

    mover.advance(timedelta(hours=1))
    # What a filesystem with coarse timestamps does when both writes fall in one tick:
    os.utime(path, ns=(first_mtime_ns, first_mtime_ns))

    assert reader.offset() == timedelta(hours=2)
