"""Working days, written once: the statutory clocks that count "working days" (POSH Rules r.7)
skip Sundays and the gazetted holidays of an editable calendar file.

The shipped calendar is `contracts/reference/holidays_up.json`; `WCSO_HOLIDAY_CALENDAR` points to
another file of the same shape (the year's notification, once published). A working-day deadline
falls at the end of its last working day in India Standard Time, the day an office keeps."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from importlib.resources import files
from pathlib import Path
from typing import Iterable

# Uttar Pradesh keeps IST, which has no daylight saving, so a fixed offset is exact.
IST = timezone(timedelta(hours=5, minutes=30), "IST")
SUNDAY = 6
SHIPPED_CALENDAR = "holidays_up.json"


@dataclass(frozen=True)
class WorkingDayCalendar:
    holidays: frozenset[date]
    weekly_off: frozenset[int] = frozenset({SUNDAY})

    def __init__(self, holidays: Iterable[date], weekly_off: Iterable[int] = (SUNDAY,)):
        object.__setattr__(self, "holidays", frozenset(holidays))
        object.__setattr__(self, "weekly_off", frozenset(weekly_off))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.weekly_off and day not in self.holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself never counts: the day of receipt
        is day zero, as the General Clauses Act counts periods)."""
        if n < 1:
            raise ValueError("a working-day period is at least one day")
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def deadline_after(self, at: datetime, n: int) -> datetime:
        """The end (midnight IST, in UTC) of the n-th working day after the IST date of `at`."""
        last_day = self.add_working_days(at.astimezone(IST).date(), n)
        return datetime.combine(last_day + timedelta(days=1), time(0), IST).astimezone(timezone.utc)


def read_calendar(text: str) -> WorkingDayCalendar:
    """A calendar from the JSON of `holidays_up.json`: {"holidays": [{"date": "YYYY-MM-DD", ...}]}."""
    document = json.loads(text)
    try:
        return WorkingDayCalendar(date.fromisoformat(entry["date"]) for entry in document["holidays"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"holiday calendar: every entry of 'holidays' needs a 'date' as YYYY-MM-DD ({exc})") from None


def load_calendar(path: Path | None = None) -> WorkingDayCalendar:
    """The calendar at `path` (WCSO_HOLIDAY_CALENDAR), or the shipped one."""
    if path is None:
        return read_calendar(files("contracts.reference").joinpath(SHIPPED_CALENDAR).read_text(encoding="utf-8"))
    return read_calendar(Path(path).read_text(encoding="utf-8"))
