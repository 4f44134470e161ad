"""The appointment, procedure, claim and treatment-plan facts build incrementally (DECISIONLOG F13).

One module-scoped warehouse: the tiny synthetic practice loaded by ``mdc load`` and the five facts
built with everything upstream of them. Then a simulated day (``advance_practice``) plus changes
that only an exact incremental logic gets right: a procedure completed today but dated three months
ago, a procedure detached from its appointment, and hard deletes of an old claim procedure, an old
appointment and an old treatment-plan line. After ``mdc load`` a nightly build must rewrite only a
small share of each fact, and a ``--full-refresh`` build of the same raw schema must give the same
tables, row checksum for row checksum (the facts, their inputs and dim_patient).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from warehouse_support import Warehouse, checksums, module_warehouse

from testdb import database_url, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("fact_incrementals")]

FACTS = ("fct_procedures", "fct_claim_procedures", "fct_claims", "fct_appointments",
         "fct_treatment_plan_procedures")
SELECTION = ("-s", *(f"+{name}" for name in FACTS))
MODELS_AND_SEEDS = ("--resource-type", "seed", "model")
# a nightly build after one day rewrites at most this share of a fact's rows
SMALL_SHARE = 0.15


@pytest.fixture(scope="module")
def warehouse(tiny_practice: str, make_module_database: Callable[[str], str],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The tiny practice loaded and the five facts built with their inputs."""
    with module_warehouse(tiny_practice, make_module_database, tmp_path_factory.mktemp("facts"),
                          "facts") as built:
        built.load()
        built.dbt("build", *SELECTION, *MODELS_AND_SEEDS)
        yield built


def change_the_facts(database: str) -> dict[str, int]:
    """In the practice's source, as OpenDental would: complete a planned procedure that has a
    treatment-plan line, dated three months ago; detach the oldest completed procedure from its
    appointment; hard-delete the oldest claim procedure on a claim, the oldest appointment without
    procedures and the oldest treatment-plan line of another procedure. Return the keys."""
    keys: dict[str, int] = {}
    with server_connection(database) as conn, conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        cur.execute("SELECT ValueString FROM preference WHERE PrefName = 'DateLastAging'")
        (today,), = cur.fetchall()
        dated = dt.date.fromisoformat(str(today)[:10]) - dt.timedelta(days=91)
        cur.execute("""SELECT p.ProcNum FROM procedurelog p JOIN proctp l ON l.ProcNumOrig = p.ProcNum
                       WHERE p.ProcStatus = 1 ORDER BY p.ProcNum LIMIT 1""")
        (keys["completed_procedure"],), = cur.fetchall()
        cur.execute("UPDATE procedurelog SET ProcStatus = 2, ProcDate = %s, DateComplete = %s "
                    "WHERE ProcNum = %s", (dated, dated, keys["completed_procedure"]))
        cur.execute("SELECT ProcNum, AptNum FROM procedurelog WHERE ProcStatus = 2 AND AptNum <> 0 "
                    "ORDER BY ProcDate, ProcNum LIMIT 1")
        (keys["detached_procedure"], keys["detached_from_appointment"]), = cur.fetchall()
        cur.execute("UPDATE procedurelog SET AptNum = 0 WHERE ProcNum = %s", (keys["detached_procedure"],))
        cur.execute("SELECT ClaimProcNum, ClaimNum FROM claimproc WHERE ClaimNum <> 0 "
                    "ORDER BY ProcDate, ClaimProcNum LIMIT 1")
        (keys["deleted_claim_procedure"], keys["claim_of_deleted"]), = cur.fetchall()
        cur.execute("DELETE FROM claimproc WHERE ClaimProcNum = %s", (keys["deleted_claim_procedure"],))
        cur.execute("""SELECT a.AptNum FROM appointment a
                       WHERE NOT EXISTS (SELECT 1 FROM procedurelog p WHERE p.AptNum = a.AptNum)
                       ORDER BY a.AptDateTime, a.AptNum LIMIT 1""")
        (keys["deleted_appointment"],), = cur.fetchall()
        cur.execute("DELETE FROM appointment WHERE AptNum = %s", (keys["deleted_appointment"],))
        cur.execute("SELECT ProcTPNum FROM proctp WHERE ProcNumOrig NOT IN (0, %s) "
                    "ORDER BY ProcTPNum LIMIT 1", (keys["completed_procedure"],))
        (keys["deleted_plan_line"],), = cur.fetchall()
        cur.execute("DELETE FROM proctp WHERE ProcTPNum = %s", (keys["deleted_plan_line"],))
        conn.commit()
    return keys


def one(warehouse: Warehouse, sql: str, params: tuple[Any, ...]) -> Any:
    """The single value of a query on the marts."""
    (value,), = warehouse.rows(sql, params)
    return value


def source_value(warehouse: Warehouse, sql: str, params: tuple[Any, ...]) -> Any:
    """The single value of a query on the practice's source database."""
    with server_connection(warehouse.source) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        (value,), = cur.fetchall()
        return value


def test_a_nightly_build_rewrites_only_what_changed_and_equals_a_full_refresh(
        warehouse: Warehouse) -> None:
    from synth import advance_practice

    sizes = {name: one(warehouse, f"select count(*) from {name}", ()) for name in FACTS}
    report = advance_practice(database_url(warehouse.source), 1)
    assert sum(report.inserted.values()) > 0
    keys = change_the_facts(warehouse.source)
    stored_lines = one(warehouse, "select claim_procedure_count from fct_claims where claim_id = %s",
                       (keys["claim_of_deleted"],))
    completed_on = source_value(warehouse, "SELECT ProcDate FROM procedurelog WHERE ProcNum = %s",
                                (keys["completed_procedure"],))
    stored_attached = one(warehouse, "select procedure_count from fct_appointments where appointment_id = %s",
                          (keys["detached_from_appointment"],))

    warehouse.load()
    results = warehouse.dbt("run", *SELECTION)
    rewritten = {result["unique_id"].split(".")[-1]: result["adapter_response"].get("rows_affected", 0)
                 for result in results["results"]}
    for name in FACTS:
        assert 0 < rewritten[name] <= SMALL_SHARE * sizes[name], (name, rewritten[name], sizes[name])
    assert one(warehouse, "select count(*) from fct_claim_procedures where claim_procedure_id = %s",
               (keys["deleted_claim_procedure"],)) == 0
    assert one(warehouse, "select claim_procedure_count from fct_claims where claim_id = %s",
               (keys["claim_of_deleted"],)) == stored_lines - 1
    assert one(warehouse, "select count(*) from fct_appointments where appointment_id = %s",
               (keys["deleted_appointment"],)) == 0
    assert one(warehouse, "select procedure_count from fct_appointments where appointment_id = %s",
               (keys["detached_from_appointment"],)) == stored_attached - 1
    assert one(warehouse, "select count(*) from fct_treatment_plan_procedures "
               "where treatment_plan_procedure_id = %s", (keys["deleted_plan_line"],)) == 0
    assert warehouse.rows(
        "select distinct acceptance_status, completed_date from fct_treatment_plan_procedures "
        "where procedure_id = %s", (keys["completed_procedure"],)) == [("completed", completed_on)]
    incremental = checksums(warehouse)

    warehouse.dbt("run", *SELECTION, "--full-refresh")
    refreshed = checksums(warehouse)
    assert {f"{warehouse.work.dbt_schema}.{name}" for name in FACTS} <= set(incremental)
    assert incremental == refreshed
