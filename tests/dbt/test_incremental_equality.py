"""Proof of equality: for every incremental model, a nightly build equals a ``--full-refresh`` build,
row for row, after each kind of change a practice makes (issue 15).

One module-scoped warehouse lives night after night: the tiny synthetic practice is changed in its
source database, ``mdc load`` copies the change to raw, and an incremental ``dbt run`` of the
incremental models and everything upstream of them builds the *nightly* schema. Then the same models
are built with ``--full-refresh`` from the same raw schema into a second (*full*) schema, and every
incremental model is compared in both, all columns, all rows (EXCEPT ALL both ways). The incremental
models are found in dbt's manifest (materialized = incremental, fixtures under models/macro_tests
left out), so a model made incremental later is covered without editing this module.

Each scenario asserts that it changed something the models read, and the scenarios that change a
global input (a preference, a definition) assert that every incremental model declaring that input
in its ``global_inputs`` config was rebuilt in full (DECISIONLOG F11); the last one makes the stored
fingerprints name other logic, as after a deploy, and every incremental model is rebuilt. The
scenarios run in file order on the same practice: each builds on the state the previous one left.

The tiny practice has six months of history, so the "two-year-old row" is the oldest one it has.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from dbt_support import DbtWork, output_tail
from warehouse_support import Warehouse, row_differences, table_checksum

from testdb import SERVER_URL, database_url, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental_equality")]

# the seeds are the code lookups the staging views join (dbt build loads them; no data tests here)
MODELS_AND_SEEDS = ("--resource-type", "seed", "model")
GLOBAL_REBUILD = re.compile(r"(\w+): global inputs or logic changed since the last build \(([^)]*)\)")


@dataclass
class Nightly:
    """The nightly warehouse, the full-refresh schema next to it, and the incremental models."""

    nightly: Warehouse
    full: Warehouse
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    between: list[str] = field(default_factory=list)

    @property
    def selection(self) -> list[str]:
        """The incremental models and everything upstream of them."""
        return [f"+{name}" for name in sorted(self.models)]

    def fingerprints(self) -> dict[str, tuple[int, int]]:
        """Row checksum of every incremental model in the nightly schema."""
        return {name: table_checksum(self.nightly, node["schema"], name)
                for name, node in self.models.items()}

    def night(self) -> dict[str, str]:
        """Load, build the nightly schema incrementally; return the models rebuilt in full for a global
        change, with the reason dbt logged."""
        started = time.monotonic()
        self.nightly.load()
        loaded = time.monotonic()
        _, output = self.nightly.dbt_with_output("build", "-s", *self.selection, *MODELS_AND_SEEDS)
        print(f"night: load {loaded - started:.1f} s, dbt build {time.monotonic() - loaded:.1f} s")
        return {match.group(1): match.group(2) for match in GLOBAL_REBUILD.finditer(output)}

    def full_refresh(self) -> None:
        """Build the same models with --full-refresh from the same raw schema into the full schema.

        Only the incremental models and the models between them (downstream of one, upstream of
        another: mart_ar_aging's int_aging_* read fct_ledger) are built there; dbt defers the other
        parents (seeds, staging views, table models, rebuilt whole every night) to the nightly
        schema: the same relations a full build would make from the same raw schema.
        """
        started = time.monotonic()
        self.full.dbt("build", "-s", *self.between, "--resource-type", "model", "--full-refresh",
                      "--defer", "--state", str(self.nightly.work.target))
        print(f"full refresh: dbt build {time.monotonic() - started:.1f} s")

    def source(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run SQL in the practice's source database (autocommitted)."""
        with server_connection(self.nightly.source) as conn, conn.cursor() as cur:
            cur.execute("SET SESSION sql_mode=''")
            cur.execute(sql, params)
            rows = list(cur.fetchall())
            conn.commit()
            return rows

    def today(self) -> dt.date:
        """The practice's own today (preference DateLastAging)."""
        (value,), = self.source("SELECT ValueString FROM preference WHERE PrefName = 'DateLastAging'")
        return dt.date.fromisoformat(str(value)[:10])


@pytest.fixture(scope="module")
def nightly(tiny_practice: str, make_module_database: Callable[[str], str],
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nightly]:
    """The tiny practice loaded, with the incremental models and their parents built in two schemas."""
    folder = tmp_path_factory.mktemp("equality")
    raw = make_module_database("eqraw")
    nightly_work = DbtWork(folder / "nightly", dbt_schema=make_module_database("eqnight"), raw_schema=raw,
                           warehouse_url=SERVER_URL)
    full_work = DbtWork(folder / "full", dbt_schema=make_module_database("eqfull"), raw_schema=raw,
                        warehouse_url=SERVER_URL)
    built = Nightly(Warehouse(tiny_practice, nightly_work, folder / "state"),
                    Warehouse(tiny_practice, full_work, folder / "state"))
    try:
        parsed = nightly_work.run("parse")
        assert parsed.returncode == 0, output_tail(parsed)
        manifest = nightly_work.artifact("manifest")
        built.models = {
            node["name"]: {"schema": node["schema"],
                           "global_inputs": node["config"].get("global_inputs") or []}
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
            and node["fqn"][1] != "macro_tests"
        }
        assert {"fct_ledger", "mart_ar_aging"} <= set(built.models)
        built.between = models_between(manifest, set(built.models))
        built.nightly.load()
        built.nightly.dbt("build", "-s", *built.selection, *MODELS_AND_SEEDS)
        yield built
    finally:
        with server_connection() as conn, conn.cursor() as cur:
            for extra in (nightly_work.staging_schema, full_work.staging_schema, f"{raw}_staging"):
                cur.execute(f"DROP DATABASE IF EXISTS `{extra}`")


def models_between(manifest: dict[str, Any], incremental: set[str]) -> list[str]:
    """The incremental models and every model downstream of one and upstream of another."""
    nodes = {unique_id: node for unique_id, node in manifest["nodes"].items()
             if node["resource_type"] == "model"}

    def ancestors(unique_id: str, seen: set[str]) -> set[str]:
        for parent in manifest["parent_map"].get(unique_id, []):
            if parent in nodes and parent not in seen:
                seen.add(parent)
                ancestors(parent, seen)
        return seen

    wanted = {unique_id for unique_id, node in nodes.items() if node["name"] in incremental}
    upstream_of_wanted = set().union(*(ancestors(unique_id, set()) for unique_id in wanted))
    between = {unique_id for unique_id in upstream_of_wanted if ancestors(unique_id, set()) & wanted}
    return sorted(nodes[unique_id]["name"] for unique_id in wanted | between)


def declaring(nightly: Nightly, input_name: str, mentioning: str = "") -> set[str]:
    """The incremental models whose global_inputs name ``input_name``, narrowed (``where``) to rows
    ``mentioning`` a value when given: a model that reads another preference keeps its rows."""
    def covers(entry: Any) -> bool:
        if isinstance(entry, str):
            return entry == input_name
        return entry.get("name") == input_name and mentioning in (entry.get("where") or mentioning)
    return {name for name, node in nightly.models.items() if any(covers(e) for e in node["global_inputs"])}


def assert_nightly_equals_full_refresh(nightly: Nightly) -> None:
    """Every incremental model holds the same rows in the nightly and the full-refresh schemas."""
    nightly.full_refresh()
    differing = {}
    for name, node in nightly.models.items():
        # a model's schema is <target schema>[_<custom schema>]: swap the target part
        nightly_schema = node["schema"]
        full_schema = nightly.full.work.dbt_schema + nightly_schema[len(nightly.nightly.work.dbt_schema):]
        only_nightly, only_full = row_differences(nightly.nightly, nightly_schema, full_schema, name)
        if only_nightly or only_full:
            differing[name] = {"only in the nightly build": only_nightly,
                               "only in the full refresh": only_full}
        count, = nightly.nightly.rows(f"select count(*) from `{nightly_schema}`.`{name}`")[0]
        assert count > 0, f"{name} is empty"
    assert differing == {}


def run_scenario(nightly: Nightly, change: Callable[[], None]) -> tuple[set[str], dict[str, str]]:
    """Apply a change to the source, run the night; return (models whose rows changed, models rebuilt
    in full for a global change with the logged reason), after checking the night against a full
    refresh."""
    before = nightly.fingerprints()
    change()
    rebuilt = nightly.night()
    after = nightly.fingerprints()
    assert_nightly_equals_full_refresh(nightly)
    return {name for name in before if before[name] != after[name]}, rebuilt


def copy_row(nightly: Nightly, table: str, key: str, old_key: int, changes: dict[str, Any]) -> int:
    """Insert a copy of a source row under a new key with some columns changed; return the new key."""
    columns = [row[0] for row in nightly.source(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
        "AND table_name = %s ORDER BY ordinal_position", (table,))]
    (new_key,), = nightly.source(f"SELECT MAX(`{key}`) + 1 FROM `{table}`")
    values = {**changes, key: new_key}
    select = ", ".join("%s" if column in values else f"`{column}`" for column in columns)
    params = tuple(values[column] for column in columns if column in values)
    nightly.source(f"INSERT INTO `{table}` SELECT {select} FROM `{table}` WHERE `{key}` = %s",
                   (*params, old_key))
    return int(new_key)


def ledger_rows(nightly: Nightly, where: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of the nightly fct_ledger (entry id, amount, in balance, hidden unearned) matching ``where``."""
    return nightly.nightly.rows(
        "select ledger_entry_id, amount, is_in_balance, is_hidden_unearned from fct_ledger "
        f"where {where} order by 1", params)


def test_a_simulated_day(nightly: Nightly) -> None:
    from synth import advance_practice

    report: list[Any] = []
    changed, rebuilt = run_scenario(
        nightly, lambda: report.append(advance_practice(database_url(nightly.nightly.source), 1)))
    assert sum(report[0].inserted.values()) > 0
    assert {"fct_ledger", "mart_ar_aging"} <= changed
    assert rebuilt == {}, "a day of ordinary changes should not rebuild anything in full"


def test_a_payment_and_an_adjustment_entered_today_dated_three_months_ago(nightly: Nightly) -> None:
    today = nightly.today()
    dated = today - dt.timedelta(days=91)
    keys: dict[str, int] = {}

    def change() -> None:
        (pay_num, split_num), = nightly.source("""
            SELECT p.PayNum, MIN(ps.SplitNum) FROM payment p JOIN paysplit ps ON ps.PayNum = p.PayNum
            WHERE p.PayType <> 0 AND ps.UnearnedType = 0 AND ps.PayPlanNum = 0
            GROUP BY p.PayNum HAVING COUNT(*) = 1 ORDER BY p.PayNum LIMIT 1""")
        stamp = dt.datetime.now().replace(microsecond=0)
        keys["payment"] = copy_row(nightly, "payment", "PayNum", pay_num, {
            "PayDate": dated, "PayAmt": 37.5, "DateEntry": today, "SecDateTEdit": stamp})
        keys["paysplit"] = copy_row(nightly, "paysplit", "SplitNum", split_num, {
            "PayNum": keys["payment"], "DatePay": dated, "SplitAmt": 37.5, "DateEntry": today,
            "SecDateTEdit": stamp})
        (adj_num,), = nightly.source("SELECT MIN(AdjNum) FROM adjustment WHERE AdjAmt <> 0")
        keys["adjustment"] = copy_row(nightly, "adjustment", "AdjNum", adj_num, {
            "AdjDate": dated, "AdjAmt": -12.25, "DateEntry": today, "SecDateTEdit": stamp})

    changed, rebuilt = run_scenario(nightly, change)
    assert ledger_rows(nightly, "ledger_entry_id in (%s, %s)",
                       (f"paysplit:{keys['paysplit']}", f"adjustment:{keys['adjustment']}")) == [
        (f"adjustment:{keys['adjustment']}", -12.25, 1, 0), (f"paysplit:{keys['paysplit']}", -37.5, 1, 0)]
    assert {"fct_ledger", "mart_ar_aging"} <= changed
    assert rebuilt == {}


def test_a_hard_delete_of_the_oldest_payment_split(nightly: Nightly) -> None:
    deleted: list[int] = []

    def change() -> None:
        (split_num, pay_num), = nightly.source("""
            SELECT ps.SplitNum, ps.PayNum FROM paysplit ps JOIN payment p ON p.PayNum = ps.PayNum
            WHERE p.PayType <> 0 AND ps.UnearnedType = 0 AND ps.PayPlanNum = 0 AND ps.SplitAmt <> 0
            ORDER BY ps.DatePay, ps.SplitNum LIMIT 1""")
        assert ledger_rows(nightly, "ledger_entry_id = %s", (f"paysplit:{split_num}",)) != []
        # OpenDental deletes the payment with its splits
        nightly.source("DELETE FROM paysplit WHERE PayNum = %s", (pay_num,))
        nightly.source("DELETE FROM payment WHERE PayNum = %s", (pay_num,))
        deleted.append(split_num)

    changed, rebuilt = run_scenario(nightly, change)
    assert ledger_rows(nightly, "ledger_entry_id = %s", (f"paysplit:{deleted[0]}",)) == []
    assert {"fct_ledger", "mart_ar_aging"} <= changed
    assert rebuilt == {}


def test_a_claim_re_sent(nightly: Nightly) -> None:
    """The oldest claim still waiting for insurance (sent, NotReceived claim procedures) is re-sent
    after a rejection: OpenDental sets the claim back to sent with DateResent today, and the claim
    procedures carry new insurance estimates (here 80% of the old ones)."""
    today = nightly.today()
    claims: list[int] = []

    def change() -> None:
        (claim_num,), = nightly.source("""
            SELECT c.ClaimNum FROM claim c JOIN claimproc cp ON cp.ClaimNum = c.ClaimNum
            WHERE c.ClaimStatus = 'S' AND cp.Status = 0 AND cp.InsPayEst > 0
            ORDER BY c.DateSent, c.ClaimNum LIMIT 1""")
        stamp = dt.datetime.now().replace(microsecond=0)
        nightly.source("UPDATE claim SET ClaimStatus = 'S', DateResent = %s, SecDateTEdit = %s "
                       "WHERE ClaimNum = %s", (today, stamp, claim_num))
        nightly.source("UPDATE claimproc SET InsPayEst = ROUND(InsPayEst * 0.8, 2), SecDateTEdit = %s "
                       "WHERE ClaimNum = %s AND Status = 0", (stamp, claim_num))
        claims.append(claim_num)

    changed, rebuilt = run_scenario(nightly, change)
    estimates = nightly.nightly.rows(
        "select sum(-amount) from fct_ledger where claim_id = %s and entry_type = 'insurance_estimate'",
        (claims[0],))
    (expected,), = nightly.source(
        "SELECT SUM(InsPayEst + WriteOff) FROM claimproc WHERE ClaimNum = %s AND Status = 0", (claims[0],))
    assert float(estimates[0][0]) == pytest.approx(float(expected))
    assert {"fct_ledger", "mart_ar_aging"} <= changed
    assert rebuilt == {}


def test_the_writeoff_option_changed(nightly: Nightly) -> None:
    """ReportsPPOwriteoffDefaultToProcDate 0 -> 1: every model that declares the preference a global
    input is rebuilt in full; the raw preference the models read has changed."""
    preference = (f"select preference_value from `{nightly.nightly.work.staging_schema}`."
                  "stg_opendental__preference where preference_name = 'ReportsPPOwriteoffDefaultToProcDate'")
    (before,), = nightly.nightly.rows(preference)

    def change() -> None:
        nightly.source("UPDATE preference SET ValueString = '1' "
                       "WHERE PrefName = 'ReportsPPOwriteoffDefaultToProcDate'")

    _, rebuilt = run_scenario(nightly, change)
    (after,), = nightly.nightly.rows(preference)
    assert (before, after) == ("0", "1")
    assert set(rebuilt) == declaring(
        nightly, "stg_opendental__preference", "ReportsPPOwriteoffDefaultToProcDate")


def test_an_unearned_type_hidden(nightly: Nightly) -> None:
    """The unearned type 'Prepayment' gets an ItemValue (hidden, as OpenDental's treatment-plan
    prepayments): its splits leave the balance, and the models declaring definitions a global input
    are rebuilt in full."""
    (def_num,), = nightly.source("""
        SELECT d.DefNum FROM definition d JOIN paysplit ps ON ps.UnearnedType = d.DefNum
        WHERE d.Category = 29 AND d.ItemValue = '' GROUP BY d.DefNum ORDER BY COUNT(*) DESC LIMIT 1""")
    where = "unearned_type_def_id = %s"
    assert {row[3] for row in ledger_rows(nightly, where, (def_num,))} == {0}

    def change() -> None:
        nightly.source("UPDATE definition SET ItemValue = 'X' WHERE DefNum = %s", (def_num,))

    changed, rebuilt = run_scenario(nightly, change)
    assert {row[3] for row in ledger_rows(nightly, where, (def_num,))} == {1}
    assert {"fct_ledger", "mart_ar_aging"} <= changed
    expected = declaring(nightly, "stg_opendental__definition")
    assert "fct_ledger" in expected
    assert set(rebuilt) == expected
    assert rebuilt["fct_ledger"] == "changed: stg_opendental__definition[category_code = 29]"
    (detail,), = nightly.nightly.rows(
        "select inputs_detail from _mdc_model_state where model_name = 'fct_ledger'")
    assert "stg_opendental__definition[category_code = 29]=" in detail


def test_a_logic_change(nightly: Nightly) -> None:
    """The stored fingerprints say the models were last built by other SQL (as after a deploy that
    changed a model, a staging view or a seed upstream): every incremental model is rebuilt in full,
    for that reason, and the next night is incremental again."""
    def change() -> None:
        # each model keeps its state in its own schema: the marts' and the staging one
        for schema in (nightly.nightly.work.dbt_schema, nightly.nightly.work.staging_schema):
            nightly.nightly.rows(
                f"update `{schema}`._mdc_model_state set inputs_fingerprint = md5('older code'), "
                "inputs_detail = regexp_replace(inputs_detail, '^code=[0-9a-f]+', 'code=older')")

    _, rebuilt = run_scenario(nightly, change)
    assert rebuilt == {name: "changed: code" for name in nightly.models}
    assert nightly.night() == {}
