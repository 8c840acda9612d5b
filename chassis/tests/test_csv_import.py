"""The generic sheet import: bad rows with their line and reason, good rows recorded once each."""
from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, Field

from chassis.csv_import import parse_sheet, record_rows
from chassis.errors import InvalidInput, RuleViolated


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    code: str = Field(pattern=r"^[A-Z]{3}$")
    count: int = Field(ge=0)
    note: str | None = None


def test_good_rows_are_validated_and_bad_rows_kept_with_line_and_reason():
    sheet = parse_sheet("code,count,note\nLKO,3,\nlko,2,x\nAGR,-1,\nVNS,7,seven\n", Row)

    assert [(line, row.code, row.count) for line, row in sheet.rows] == [(2, "LKO", 3), (5, "VNS", 7)]
    assert [(r.line, r.reason.split(":")[0]) for r in sheet.rejected] == [(3, "code"), (4, "count")]


def test_a_rejected_cell_is_never_echoed():
    sheet = parse_sheet("code,count\nSECRET-9876543210,1\n", Row)

    assert "9876543210" not in sheet.rejected[0].reason


def test_line_numbers_count_quoted_line_breaks_blank_lines_and_a_bom():
    sheet = parse_sheet('\ufeffcode,count,note\n\nLKO,1,"two\nlines"\nAGR,x,\n', Row)

    assert [line for line, _ in sheet.rows] == [3]
    assert sheet.rows[0][1].note == "two\nlines"
    assert [r.line for r in sheet.rejected] == [5]


def test_a_row_with_more_cells_than_columns_is_rejected():
    sheet = parse_sheet("code,count\nLKO,1,extra\n", Row)

    assert sheet.rejected[0].line == 2 and "3 cells for 2 columns" in sheet.rejected[0].reason


@pytest.mark.parametrize("text, words", [
    ("", "first line"),
    ("code,colour\nLKO,red\n", "unknown column(s) colour"),
    ("note\nx\n", "missing column(s): code, count"),
    ("code,code,count\n", "named twice"),
])
def test_a_broken_sheet_is_refused_whole(text, words):
    with pytest.raises(InvalidInput) as refused:
        parse_sheet(text, Row)
    assert refused.value.field == "sheet" and words in refused.value.detail


def test_header_names_are_trimmed_and_case_insensitive_and_reshape_builds_the_model_input():
    sheet = parse_sheet(" Code ,COUNT\nlko,4\n", Row, reshape=lambda cells: {**cells, "code": cells["code"].upper()})

    assert sheet.rows[0][1].code == "LKO"


def test_too_many_rows_refuses_the_sheet_before_anything_is_recorded():
    with pytest.raises(InvalidInput):
        parse_sheet("code,count\n" + "LKO,1\n" * 4, Row, max_rows=3)


def test_record_rows_counts_recorded_duplicates_and_rule_refusals_by_line():
    recorded: set[str] = set()

    def record(row: Row) -> bool:
        if row.count == 0:
            raise RuleViolated("nothing_to_record", "a count of zero records nothing")
        if row.code in recorded:
            return False
        recorded.add(row.code)
        return True

    text = "code,count\nLKO,1\nbad,1\nLKO,2\nAGR,0\nAGR,5\n"
    summary = record_rows(parse_sheet(text, Row), record).as_dict()

    assert summary == {"rows": 5, "recorded": 2, "duplicates": 1, "duplicate_lines": [4],
                       "rejected": [{"line": 3, "reason": summary["rejected"][0]["reason"]},
                                    {"line": 5, "reason": "nothing_to_record: a count of zero records nothing"}]}
    assert summary["rejected"][0]["reason"].startswith("code:")
    again = record_rows(parse_sheet(text, Row), record).as_dict()
    assert (again["recorded"], again["duplicates"]) == (0, 3)
