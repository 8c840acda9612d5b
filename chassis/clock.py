"""Time is injected: every deadline and SLA reads a Clock, never datetime.now() directly.

- SystemClock: production.
- MovableClock: tests in one process move it by hand.
- OffsetFileClock: system time plus an offset kept in a file, so a test or a demo can move
  the clock of every process of a running platform at once (`wcso clock advance 25h`).
"""
from __future__ import annotations

import os
import re
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SystemClock:
    def now(self) -> datetime:
        return utc_now()


class MovableClock:
    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment


class OffsetFileClock:
    """System time plus the offset (in seconds) stored in `path`, read at every call (a few bytes;
    a cache keyed on the file's mtime could miss two advances within one timestamp tick)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def offset(self) -> timedelta:
        try:
            text = self.path.read_text().strip()
        except FileNotFoundError:
            return timedelta(0)
        return timedelta(seconds=float(text or "0"))

    def now(self) -> datetime:
        return utc_now() + self.offset()

    def advance(self, delta: timedelta) -> timedelta:
        new_offset = self.offset() + delta
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(str(new_offset.total_seconds()))
        os.replace(tmp, self.path)
        return new_offset


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: str) -> timedelta:
    """'90s', '25h', '31d' → timedelta. Raises ValueError naming the bad text."""
    match = _DURATION.match(text.strip())
    if not match:
        raise ValueError(f"duration {text!r} is not a number followed by s, m, h or d (e.g. 25h)")
    return timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})
