"""Units without a database: how rows are rendered for LOAD DATA, and the aging rules."""

from __future__ import annotations

import datetime as dt

import pytest

from synth.aging import FamilyAging
from synth.ddl import table_defs
from synth.practice import add_interval, pack_interval, unpack_interval
from synth.writer import RowError, RowFormatter, with_blanks

STAMP = dt.datetime(2026, 3, 4, 10, 11, 12)


def _commlog(**values: object) -> dict[str, object]:
    return with_blanks("commlog", {"CommlogNum": 41, "PatNum": 7, "DateTStamp": STAMP, **values})


def test_rows_are_rendered_with_opendentals_blanks_and_escapes() -> None:
    formatter = RowFormatter(table_defs()["commlog"])
    fields = dict(
        zip(
            formatter.names,
            formatter.line(_commlog(Note="a\tb\\c\nd", CommSource=None)).split("\t"),
            strict=True,
        )
    )
    assert fields["Note"] == "a\\tb\\\\c\\nd"
    assert fields["CommSource"] == "\\N"  # nullable column given NULL
    assert (
        fields["CommDateTime"] == "0001-01-01 00:00:00"
    )  # legacy zero default replaced by OpenDental's blank
    assert fields["DateTStamp"] == "2026-03-04 10:11:12"
    claimproc = dict(
        zip(
            RowFormatter(table_defs()["claimproc"]).names,
            RowFormatter(table_defs()["claimproc"])
            .line(with_blanks("claimproc", {"ClaimProcNum": 1, "SecDateTEdit": STAMP}))
            .split("\t"),
            strict=True,
        )
    )
    assert (
        claimproc["Percentage"] == "-1"
        and float(claimproc["CopayAmt"]) == -1
        and claimproc["DateCP"] == "0001-01-01"
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"PatNum": "seven"}, "commlog row CommlogNum=41, column PatNum: expected an integer"),
        ({"Mode_": None}, "commlog row CommlogNum=41, column Mode_: NULL in a NOT NULL column"),
        (
            {"DateTStamp": dt.datetime(1, 1, 1)},
            "commlog row CommlogNum=41, column DateTStamp: expected a simulated",
        ),
        ({"Colour": 1}, "commlog row CommlogNum=41, column Colour: no such column"),
        (
            {"CommDateTime": dt.datetime(2026, 1, 1, 1, 1, 1, 5)},
            "column CommDateTime: datetimes are stored to the second",
        ),
    ],
)
def test_bad_rows_are_refused_naming_table_key_and_column(values: dict[str, object], message: str) -> None:
    formatter = RowFormatter(table_defs()["commlog"])
    with pytest.raises(RowError, match=message):
        formatter.line(_commlog(**values))


def test_a_missing_timestamp_is_refused_because_mariadb_would_stamp_wall_clock_time() -> None:
    row = _commlog()
    del row["DateTStamp"]
    with pytest.raises(RowError, match="column DateTStamp: must be given"):
        RowFormatter(table_defs()["commlog"]).line(row)


def test_credits_pay_the_oldest_charges_first() -> None:
    as_of = dt.date(2026, 10, 31)
    family = FamilyAging()
    family.add(as_of - dt.timedelta(days=100), 10_000, as_of)  # over 90
    family.add(as_of - dt.timedelta(days=75), 5_000, as_of)  # 61-90
    family.add(as_of - dt.timedelta(days=45), 2_000, as_of)  # 31-60
    family.add(as_of - dt.timedelta(days=30), 3_000, as_of)  # 0-30 (30 days is still 0-30)
    family.add(as_of - dt.timedelta(days=5), -12_500, as_of)  # a payment: pays over-90, then half of 61-90
    family.add(as_of + dt.timedelta(days=3), 700, as_of)  # future charge: balance only
    family.add(as_of + dt.timedelta(days=4), -900, as_of)  # future credit: balance only
    assert family.buckets() == (3_000, 2_000, 2_500, 0)
    assert family.total == 10_000 + 5_000 + 2_000 + 3_000 - 12_500 + 700 - 900


def test_credits_larger_than_all_charges_leave_empty_buckets_and_a_negative_balance() -> None:
    as_of = dt.date(2026, 1, 31)
    family = FamilyAging()
    family.add(as_of - dt.timedelta(days=10), 4_000, as_of)
    family.add(as_of - dt.timedelta(days=200), -6_000, as_of)
    assert family.buckets() == (0, 0, 0, 0)
    assert family.total == -2_000


def test_recall_intervals_are_packed_one_byte_per_unit() -> None:
    assert pack_interval(months=6) == 393216
    assert pack_interval(years=1) == 16777216
    assert unpack_interval(pack_interval(days=3, weeks=2, months=1, years=4)) == (3, 2, 1, 4)
    assert add_interval(dt.date(2026, 8, 31), pack_interval(months=6)) == dt.date(2027, 2, 28)
