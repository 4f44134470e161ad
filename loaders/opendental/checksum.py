"""Content checksums of a table, computed the same way on the source and in raw.

Both sides render every row with the exact expression the loader uses to build its load lines
(:func:`loaders.opendental.extract.field_expression`), hash it with MD5 and sum the hashes: equal
(count, sum) means equal content, column by column, including NULLs, zero dates and the last bit
of every DOUBLE. Hashed PHI columns differ by design and are left out.

Used to skip reloading an unchanged ``replace`` table, by ``make bench-load`` and by the tests.
"""

from __future__ import annotations

from typing import Any

from loaders.opendental.extract import SEPARATOR, field_expression
from loaders.opendental.helpers import qualified
from loaders.opendental.schema import TablePlan


def checksum_sql(plan: TablePlan, schema: str, table: str) -> str:
    """SELECT returning (row count, sum of per-row MD5 prefixes) for ``schema.table``."""
    # Derived columns are left out: their SQL reads source columns raw does not have.
    fields = ", ".join(
        field_expression(c) for c in plan.columns if c.transport != "hash" and c.expression is None
    )
    digest = f"CONV(LEFT(MD5(CONCAT_WS({SEPARATOR}, {fields})), 15), 16, 10)"
    return f"SELECT COUNT(*), COALESCE(SUM({digest}), 0) FROM {qualified(schema, table)}"


def checksum(conn: Any, plan: TablePlan, schema: str, table: str) -> tuple[int, int]:
    """(row count, content sum) of ``schema.table`` over the columns of ``plan``.

    The connection must use the loader's session settings (``sql_mode=''``, ``time_zone='+00:00'``).
    """
    with conn.cursor() as cur:
        cur.execute(checksum_sql(plan, schema, table))
        count, total = cur.fetchone()
    return int(count), int(total)
