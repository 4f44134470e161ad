"""The group layer (DECISIONLOG G1) on two tiny synthetic practices made with different seeds.

Each practice is loaded into its own raw schema and built alone into ``<base>_<id>``, exactly as a single
practice is; then one group build (``MDC_GROUP_PRACTICES`` set, ``MDC_DBT_SCHEMA=<base>``) makes the group
views in ``<base>``. A third practice of the list is never built: it must be left out, not an error.
Checked: each practice's slice of every group view equals its own mart row for row; the group KPI
roll-up's numerators and denominators are the sums over the practices and its rates are recomputed from
them; the ADA-code mart equals a per-practice join done inside each practice's own schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from dbt_support import DbtWork
from warehouse_support import Warehouse, table_columns

from synth import PINNED_END_DATE, create_practice
from testdb import SERVER_URL, database_url

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("group_marts")]

# id -> seed of the synthetic practice; different seeds, so equal keys mean different things
PRACTICE_SEEDS = {"north": 7, "south": 11}
NEVER_BUILT = "west"
KPI_SUMS = ("gross_production", "adjustments", "writeoffs", "net_production", "collections", "new_patients",
            "active_patients", "visits", "hygiene_production", "hygiene_visits", "hygiene_visits_reappointed",
            "scheduled_appointments", "broken_appointments", "no_show_appointments", "cancelled_appointments",
            "short_notice_cancellations", "presented_procedures", "accepted_procedures", "presented_amount",
            "accepted_amount", "ar_total", "ar_over_90", "claims_sent", "claims_paid", "scheduled_minutes",
            "booked_minutes", "completed_minutes")
# rate -> (numerator, denominator, decimals), as the practice marts compute them
KPI_RATES = {"collection_ratio": ("collections", "net_production", 4),
             "production_per_visit": ("gross_production", "visits", 2),
             "hygiene_reappointment_rate": ("hygiene_visits_reappointed", "hygiene_visits", 4),
             "case_acceptance_rate": ("accepted_procedures", "presented_procedures", 4),
             "ar_over_90_share": ("ar_over_90", "ar_total", 4)}


@dataclass(frozen=True)
class ModeWork(DbtWork):
    """A DbtWork whose dbt runs see ``MDC_GROUP_PRACTICES`` (empty: a practice build)."""

    group_practices: str = ""

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env["MDC_GROUP_PRACTICES"] = self.group_practices
        return env


@dataclass
class Group:
    """The built group: its schema, each practice's warehouse, and the group warehouse."""

    base: str
    practices: dict[str, Warehouse]
    group: Warehouse
    practice_manifest: dict[str, Any]
    group_manifest: dict[str, Any]

    def marts(self) -> list[str]:
        """The practice marts (models under models/marts/), by relation name."""
        return sorted(node["alias"] for node in self.practice_manifest["nodes"].values()
                      if node["resource_type"] == "model" and node["fqn"][1] == "marts")


def build_practice(warehouse: Warehouse) -> None:
    """Load the practice and build its seeds and models (its tests run in the other dbt modules)."""
    warehouse.load()
    warehouse.dbt("build", "--exclude", "resource_type:test")


@pytest.fixture(scope="module")
def group(make_module_database: Callable[[str], str],
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Group]:
    folder = tmp_path_factory.mktemp("group_marts")
    # make_module_database drops `<name>_...` too: the practices' schemas and their staging companions
    base, raw = make_module_database("grp"), make_module_database("grpraw")
    sources = {practice: make_module_database(f"src{practice}") for practice in PRACTICE_SEEDS}
    for practice, seed in PRACTICE_SEEDS.items():
        create_practice(database_url(sources[practice]), scale="tiny", seed=seed, end_date=PINNED_END_DATE)
    practices = {
        practice: Warehouse(sources[practice],
                            ModeWork(folder / practice, dbt_schema=f"{base}_{practice}",
                                     raw_schema=f"{raw}_{practice}", warehouse_url=SERVER_URL),
                            folder / practice / "state")
        for practice in PRACTICE_SEEDS}
    with ThreadPoolExecutor(max_workers=len(practices)) as pool:
        for done in [pool.submit(build_practice, warehouse) for warehouse in practices.values()]:
            done.result()

    listed = [{"id": practice, "name": f"{practice.title()} Dental"}
              for practice in [*PRACTICE_SEEDS, NEVER_BUILT]]
    group_work = ModeWork(folder / "group", dbt_schema=base, warehouse_url=SERVER_URL,
                          group_practices=json.dumps(listed))
    group_warehouse = Warehouse("", group_work, folder / "group" / "state")
    group_warehouse.dbt("--warn-error", "build")
    yield Group(base, practices, group_warehouse,
                next(iter(practices.values())).work.artifact("manifest"), group_work.artifact("manifest"))


def test_each_mode_enables_only_its_own_layer(group: Group) -> None:
    def enabled_folders(manifest: dict[str, Any]) -> set[str]:
        return {node["fqn"][1] for node in manifest["nodes"].values()
                if node["resource_type"] in ("model", "seed", "test")}

    assert "group" not in enabled_folders(group.practice_manifest)
    assert enabled_folders(group.group_manifest) == {"group"}
    assert group.group_manifest["sources"] == {}
    aliased = {node["alias"] for node in group.group_manifest["nodes"].values()
               if node["resource_type"] == "model" and node["name"] == f"group_{node['alias']}"}
    assert aliased == set(group.marts())
    assert len(aliased) == 26


def test_each_practice_slice_equals_its_own_mart(group: Group) -> None:
    for mart in group.marts():
        assert table_columns(group.group, group.base, mart)[0] == "practice_id", mart
        for practice, warehouse in group.practices.items():
            own = warehouse.work.dbt_schema
            columns = ", ".join(f"`{column}`" for column in table_columns(warehouse, own, mart))
            (own_rows,), = group.group.rows(f"select count(*) from `{own}`.`{mart}`")
            (slice_rows,), = group.group.rows(
                f"select count(*) from `{group.base}`.`{mart}` where practice_id = %s", (practice,))
            assert slice_rows == own_rows, (mart, practice)
            own_table = f"(select {columns} from `{own}`.`{mart}`)"
            group_slice = f"(select {columns} from `{group.base}`.`{mart}` where practice_id = '{practice}')"
            assert group.group.rows(f"{own_table} except all {group_slice} limit 3") == [], (mart, practice)
            assert group.group.rows(f"{group_slice} except all {own_table} limit 3") == [], (mart, practice)
        (other,), = group.group.rows(
            f"select count(*) from `{group.base}`.`{mart}` where practice_id not in %s",
            (tuple(group.practices),))
        assert other == 0, mart


def test_the_practices_differ_and_their_keys_collide(group: Group) -> None:
    """Different seeds: the same patient ids exist in both practices and mean different patients."""
    shared = group.group.rows(
        f"select count(*) from (select patient_id from `{group.base}`.dim_patient group by patient_id "
        f"having count(distinct practice_id) = 2) as both_practices")
    assert shared[0][0] > 0
    north, south = (group.group.rows(f"select sum(amount) from `{warehouse.work.dbt_schema}`.fct_ledger")
                    for warehouse in group.practices.values())
    assert north != south

    # the worked example of DECISIONLOG G1: the same patient id in both practices' ledgers, two people
    (patient,), = group.group.rows(
        f"select min(patient_id) from (select patient_id from `{group.base}`.fct_ledger group by patient_id "
        f"having count(distinct practice_id) = 2) as both_practices")
    per_practice = group.group.rows(
        f"select practice_id, count(*), sum(amount) from `{group.base}`.fct_ledger where patient_id = %s "
        f"group by practice_id order by practice_id", (patient,))
    alone = [group.group.rows(f"select count(*), sum(amount) from `{warehouse.work.dbt_schema}`.fct_ledger "
                              f"where patient_id = %s", (patient,))[0]
             for _, warehouse in sorted(group.practices.items())]
    assert [row[1:] for row in per_practice] == alone
    (total,), = group.group.rows(f"select sum(amount) from `{group.base}`.fct_ledger where patient_id = %s",
                                 (patient,))
    assert total == sum(row[2] for row in per_practice)
    print(f"patient {patient} ledger (practice, rows, sum): {per_practice}; group sum {total}")


def test_dim_practice_lists_every_practice_with_its_as_of_date(group: Group) -> None:
    rows = group.group.rows(f"select practice_id, practice_name, practice_order, is_built, as_of_date "
                            f"from `{group.base}`.dim_practice order by practice_order")
    expected = []
    for order, practice in enumerate([*PRACTICE_SEEDS, NEVER_BUILT], start=1):
        as_of = None
        if practice in group.practices:
            (as_of,), = group.group.rows(f"select max(as_of_date) from "
                                         f"`{group.base}_{practice}`.mart_kpis_monthly_practice")
        expected.append((practice, f"{practice.title()} Dental", order, int(practice != NEVER_BUILT), as_of))
    assert rows == expected
    assert all(row[4] is not None for row in rows[:2])


def test_group_dim_provider_gives_each_practice_provider_a_person(group: Group) -> None:
    rows = group.group.rows(f"select practice_id, provider_id, person_id from `{group.base}`.dim_provider")
    assert rows and all(person == f"{practice}:{provider}" for practice, provider, person in rows)
    assert len({person for _, _, person in rows}) == len(rows)

    # a dentist on the staff of both practices, mapped by the seed (edited in place: dim_provider is a view)
    mapped = group.group.rows(f"select practice_id, min(provider_id) from `{group.base}`.dim_provider "
                              f"where provider_id > 0 group by practice_id order by practice_id")
    assert len(mapped) == 2
    seed = f"`{group.base}_staging`.group__provider_people"
    group.group.rows(f"insert into {seed} values (%s, %s, 'dr_lee', 'Dr Lee'), (%s, %s, 'dr_lee', 'Dr Lee')",
                     (*mapped[0], *mapped[1]))
    try:
        people = group.group.rows(f"select practice_id, provider_id, person_id, person_name "
                                  f"from `{group.base}`.dim_provider where person_id = 'dr_lee' order by 1")
        assert people == [(practice, provider, "dr_lee", "Dr Lee") for practice, provider in mapped]
        (others,), = group.group.rows(f"select count(*) from `{group.base}`.dim_provider "
                                      f"where person_id = concat(practice_id, ':', provider_id)")
        assert others == len(rows) - 2
    finally:
        group.group.rows(f"delete from {seed}")


def test_group_kpis_are_the_sums_over_the_practices(group: Group) -> None:
    per_practice = " union all ".join(
        f"select * from `{warehouse.work.dbt_schema}`.mart_kpis_monthly_practice "
        f"where rollup_level = 'practice'"
        for warehouse in group.practices.values())
    sums = ", ".join(f"sum({column})" for column in KPI_SUMS)
    expected = group.group.rows(f"select month_start_date, count(*), {sums} from ({per_practice}) as p "
                                f"group by month_start_date order by month_start_date")
    actual = group.group.rows(f"select month_start_date, practices_reporting, {', '.join(KPI_SUMS)} "
                              f"from `{group.base}`.mart_kpis_monthly_group order by month_start_date")
    assert actual == expected
    assert len(actual) > 3 and {row[1] for row in actual} == {2}
    busiest = max(actual, key=lambda row: row[2])
    each = group.group.rows(
        f"select practice_id, gross_production from `{group.base}`.mart_kpis_monthly_practice "
        f"where rollup_level = 'practice' and month_start_date = %s order by practice_id", (busiest[0],))
    print(f"group KPI months: {len(actual)}; {busiest[0]} gross production {each} -> group {busiest[2]}")

    rates = group.group.rows(f"select {', '.join(KPI_RATES)}, {', '.join(KPI_SUMS)} "
                             f"from `{group.base}`.mart_kpis_monthly_group")
    for row in rates:
        values = dict(zip([*KPI_RATES, *KPI_SUMS], row, strict=True))
        for rate, (numerator, denominator, decimals) in KPI_RATES.items():
            if not values[denominator]:
                assert values[rate] is None, rate
                continue
            recomputed = (Decimal(values[numerator]) / Decimal(values[denominator])).quantize(
                Decimal(1).scaleb(-decimals))
            assert values[rate] == recomputed, (rate, values)


def test_procedures_by_code_equal_each_practice_joined_alone(group: Group) -> None:
    columns = "month_start_date, procedure_code, completed_procedures, production_amount"
    for practice, warehouse in group.practices.items():
        own = warehouse.work.dbt_schema
        alone = (f"select cast(date_format(p.procedure_date, '%%Y-%%m-01') as date) as month_start_date, "
                 f"c.procedure_code, count(*) as completed_procedures, "
                 f"sum(p.production_amount) as production_amount "
                 f"from `{own}`.fct_procedures as p left join `{own}`.dim_procedure_code as c "
                 f"on c.procedure_code_id = p.procedure_code_id where p.is_completed group by 1, 2")
        grouped = (f"select {columns} from `{group.base}`.mart_procedures_by_code_monthly "
                   f"where practice_id = '{practice}'")
        assert group.group.rows(f"({alone}) except all ({grouped})") == [], practice
        assert group.group.rows(f"({grouped}) except all ({alone})") == [], practice
        (count,), = group.group.rows(f"select count(*) from ({grouped}) as g")
        assert count > 0
    (shared,), = group.group.rows(
        f"select count(*) from (select procedure_code from `{group.base}`.mart_procedures_by_code_monthly "
        f"group by procedure_code having count(distinct practice_id) = 2) as both_practices")
    assert shared > 0


def test_a_practice_filter_is_pushed_into_the_union(group: Group) -> None:
    """MariaDB pushes `practice_id = ...` into each branch of the union view: the other practices'
    branches are impossible and read no table."""
    plan = group.group.rows(
        f"explain select count(*) from `{group.base}`.fct_ledger where practice_id = 'north'")
    extras = [str(row[-1]) for row in plan]
    assert any("Impossible WHERE" in extra for extra in extras), plan
    print("explain:", *plan, sep="\n  ")
