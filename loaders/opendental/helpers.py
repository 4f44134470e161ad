"""Small shared helpers: identifier quoting, PHI hashing, run context shared by resources and sink."""

from __future__ import annotations

import hashlib
import hmac
import re

_IDENTIFIER = re.compile(r"^[A-Za-z0-9_$]{1,64}$")
_INT_WIDTH = re.compile(r"\b(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)")


def q(name: str) -> str:
    """Quote one identifier with backticks after checking it is a plain MySQL name.

    OpenDental names are plain ASCII words; refusing anything else keeps user-supplied table names
    (``--tables``, MDC_CATALOGUE) from ever reaching SQL unquoted or with a stray backtick.

    Raises:
        ValueError: the name contains characters other than letters, digits, ``_`` and ``$``.
    """
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain table/column/schema name: {name!r}")
    return f"`{name}`"


def qualified(schema: str, table: str) -> str:
    """``schema.table``, both quoted."""
    return f"{q(schema)}.{q(table)}"


def normalise_type(column_type: str) -> str:
    """Compare-friendly column type: lower case, integer display widths removed.

    MariaDB reports ``int(11)``, MySQL 8 reports ``int``: the width is cosmetic, so drift checks
    compare the normalised form.
    """
    return _INT_WIDTH.sub(r"\1", column_type.strip().lower()).replace("integer", "int")


def phi_digest(key: bytes, value: bytes) -> bytes:
    """Keyed HMAC-SHA256 of ``value`` as 64 lowercase hex characters (ASCII bytes)."""
    return hmac.new(key, value, hashlib.sha256).hexdigest().encode("ascii")


def escape_field(value: bytes | None) -> bytes:
    """One field for ``LOAD DATA`` (tab-separated, backslash escapes, ``\\N`` for NULL)."""
    if value is None:
        return b"\\N"
    return value.replace(b"\\", b"\\\\").replace(b"\t", b"\\t").replace(b"\n", b"\\n")
