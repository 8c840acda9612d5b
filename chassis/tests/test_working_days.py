"""Working-day arithmetic and the shipped, editable holiday calendar."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from importlib.resources import files

import pytest

from chassis.settings import ConfigError, load_settings
from chassis.working_days import IST, WorkingDayCalendar, load_calendar, read_calendar

REPUBLIC_DAY = date(2026, 1, 26)  # a Monday
FRIDAY = date(2026, 1, 23)


def test_working_days_skip_a_sunday_and_a_gazetted_holiday():
    calendar = WorkingDayCalendar({REPUBLIC_DAY})
    # Sat 24 is day 1; Sun 25 and Mon 26 (Republic Day) are skipped; Tue 27 is day 2 ... Mon 2 Feb is day 7.
    assert calendar.add_working_days(FRIDAY, 1) == date(2026, 1, 24)
    assert calendar.add_working_days(FRIDAY, 2) == date(2026, 1, 27)
    assert calendar.add_working_days(FRIDAY, 7) == date(2026, 2, 2)
    assert WorkingDayCalendar(()).add_working_days(FRIDAY, 7) == date(2026, 1, 31)


def test_the_day_of_receipt_never_counts_and_a_period_is_at_least_a_day():
    calendar = WorkingDayCalendar(())
    assert calendar.add_working_days(date(2026, 1, 24), 1) == date(2026, 1, 26)  # a Saturday: Sunday is skipped
    with pytest.raises(ValueError):
        calendar.add_working_days(FRIDAY, 0)


def test_a_working_day_deadline_ends_at_midnight_ist_of_its_last_day():
    calendar = WorkingDayCalendar({REPUBLIC_DAY})
    # 23 Jan 2026 22:00 IST is 16:30 UTC: still Friday in Lucknow.
    received = datetime(2026, 1, 23, 16, 30, tzinfo=timezone.utc)
    due = calendar.deadline_after(received, 7)
    assert due == datetime(2026, 2, 3, 0, 0, tzinfo=IST)
    assert due.tzinfo == timezone.utc
    # 23 Jan 2026 19:00 UTC is already Saturday 24 Jan in IST.
    assert calendar.deadline_after(datetime(2026, 1, 23, 19, 0, tzinfo=timezone.utc), 1) == datetime(
        2026, 1, 28, 0, 0, tzinfo=IST)


def test_the_shipped_calendar_covers_2026_and_2027_and_says_where_its_dates_come_from():
    calendar = load_calendar()
    assert REPUBLIC_DAY in calendar.holidays and date(2027, 1, 26) in calendar.holidays
    assert date(2026, 8, 15) in calendar.holidays and date(2027, 10, 2) in calendar.holidays
    assert {d.year for d in calendar.holidays} == {2026, 2027}
    document = json.loads(files("contracts.reference").joinpath("holidays_up.json").read_text("utf-8"))
    assert "notification" in document["edit"].lower() and document["source"]
    assert all(entry["basis"] for entry in document["holidays"])


def test_a_calendar_file_from_the_environment_replaces_the_shipped_one(tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps({"holidays": [{"date": "2026-01-27", "name": "Local holiday"}]}))
    settings = load_settings({"WCSO_HOLIDAY_CALENDAR": str(path)})
    calendar = load_calendar(settings.holiday_calendar)
    assert calendar.holidays == frozenset({date(2026, 1, 27)})
    assert calendar.add_working_days(date(2026, 1, 26), 1) == date(2026, 1, 28)
    assert load_settings({}).holiday_calendar is None


def test_a_missing_or_malformed_calendar_is_refused_naming_it(tmp_path):
    with pytest.raises(ConfigError, match="WCSO_HOLIDAY_CALENDAR"):
        load_settings({"WCSO_HOLIDAY_CALENDAR": str(tmp_path / "missing.json")})
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        read_calendar(json.dumps({"holidays": [{"date": "26/01/2026"}]}))
