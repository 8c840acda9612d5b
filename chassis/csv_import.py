"""Importing a district's sheet (CSV) row by row, the same way in every service.

`parse_sheet` reads the sheet with the stdlib csv module and validates each row with the same
pydantic model the JSON endpoint uses; a bad row is kept aside with its line number and the
reason (the field and the rule, never the cell's value). `record_rows` then hands each good row
to the service, which records it in one save (so a row is recorded whole or not at all) and says
whether it was new or already recorded (ids derived from the row make a re-import a no-op).
A broken sheet as a whole (no header, unknown or missing columns, too many rows) is refused
before anything is recorded.
"""
from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterable, Sequence, TypeVar

from pydantic import BaseModel, ValidationError

from chassis.errors import DomainError, InvalidInput

log = logging.getLogger(__name__)

Row = TypeVar("Row", bound=BaseModel)

MAX_ROWS = 5000
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass
class ParsedSheet(Generic[Row]):
    rows: list[tuple[int, Row]] = field(default_factory=list)  # (line, validated row)
    rejected: list[RejectedRow] = field(default_factory=list)


@dataclass
class ImportSummary:
    rows: int = 0
    recorded: int = 0
    duplicates: int = 0
    duplicate_lines: list[int] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "recorded": self.recorded, "duplicates": self.duplicates,
                "duplicate_lines": self.duplicate_lines,
                "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected]}


def parse_sheet(
    text: str,
    model: type[Row],
    *,
    columns: Sequence[str] | None = None,
    required: Sequence[str] | None = None,
    reshape: Callable[[dict[str, str]], dict[str, Any]] | None = None,
    max_rows: int = MAX_ROWS,
) -> ParsedSheet[Row]:
    """Validates every row of `text`. `columns` (default: the model's fields) are the allowed
    column names, `required` (default: the model's required fields) those the header must have;
    `reshape` turns a row's non-empty cells into the model's input when the sheet is flatter."""
    columns = list(columns or model.model_fields)
    required = list(required if required is not None else
                    [name for name, info in model.model_fields.items() if info.is_required()])
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = _header(reader, columns, required)
    sheet: ParsedSheet[Row] = ParsedSheet()
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num  # a quoted cell may span lines: report where the row starts
        if not any(cell.strip() for cell in cells):
            continue
        if len(sheet.rows) + len(sheet.rejected) >= max_rows:
            raise InvalidInput("sheet", f"a sheet may have at most {max_rows} rows; split it and import each part")
        if len(cells) > len(header):
            sheet.rejected.append(RejectedRow(start, f"row: {len(cells)} cells for {len(header)} columns"))
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells) if cell.strip()}
        try:
            sheet.rows.append((start, model.model_validate(reshape(values) if reshape else values)))
        except ValidationError as exc:
            problem = InvalidInput.first_of(exc.errors(), whole="row")
            sheet.rejected.append(RejectedRow(start, f"{problem.field}: {problem.detail}"))
    return sheet


def _header(reader: Iterable[list[str]], columns: list[str], required: list[str]) -> list[str]:
    header = next(iter(reader), None)
    if not header or not any(cell.strip() for cell in header):
        raise InvalidInput("sheet", f"the first line must name the columns: {', '.join(columns)}")
    names = [cell.strip().lower() for cell in header]
    unknown = [name for name in names if name not in columns]
    if unknown:
        raise InvalidInput("sheet", f"unknown column(s) {', '.join(unknown)[:200]}; allowed: {', '.join(columns)}")
    missing = [name for name in required if name not in names]
    if missing:
        raise InvalidInput("sheet", f"missing column(s): {', '.join(missing)}")
    if len(set(names)) != len(names):
        raise InvalidInput("sheet", "a column is named twice")
    return names


def record_rows(sheet: ParsedSheet[Row], record: Callable[[Row], bool], what: str = "sheet") -> ImportSummary:
    """Records each good row with `record(row)` (True: recorded, False: already recorded); a rule
    the row breaks (a typed error) rejects that row only, with its line and the rule's name."""
    summary = ImportSummary(rows=len(sheet.rows) + len(sheet.rejected), rejected=list(sheet.rejected))
    for done, (line, row) in enumerate(sheet.rows, start=1):
        try:
            if record(row):
                summary.recorded += 1
            else:
                summary.duplicates += 1
                summary.duplicate_lines.append(line)
        except DomainError as exc:
            summary.rejected.append(RejectedRow(line, f"{exc.rule}: {exc.detail}"))
        if done % PROGRESS_EVERY == 0:
            log.info("%s import: %d of %d rows done", what, done, len(sheet.rows))
    summary.rejected.sort(key=lambda rejected: rejected.line)
    log.info("%s import: %d rows, %d recorded, %d duplicates, %d rejected", what, summary.rows,
             summary.recorded, summary.duplicates, len(summary.rejected))
    return summary
