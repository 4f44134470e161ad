"""Baseline no-show model on mart_patient_features: an example for analysts, not a product.

Trains a gradient-boosted classifier for ``no_show_next_90_days`` (did the patient no-show an
appointment in the 90 days after a month end?) on the features of each patient at each month end,
with a time-based split: the model learns from month ends whose 90-day label period closed before the
first test month end, and is scored on the later month ends, as it would be used. It prints the ROC AUC
of the model beside a naive baseline that ranks patients by their previous no-show count.

Needs the optional extra ``ml`` (``pip install -e '.[ml]'``, scikit-learn) and a built warehouse;
reads the marts through SQLAlchemy with the same MDC_* settings as every ``mdc`` command:

    MDC_DBT_SCHEMA=analytics .venv/bin/python examples/no_show_baseline.py

The synthetic practice's behaviour is simulated: what its AUC can and cannot teach is in
docs/patient-features.md.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sqlalchemy import create_engine

from mdc.config import settings

LABEL = "no_show_next_90_days"
NAIVE = "no_show_appointments"  # the naive baseline's score: previous no-shows
NUMERIC = [
    "tenure_days", "visits_last_12_months", "visits_last_24_months", "production_last_12_months",
    "production_last_24_months", "days_since_last_visit", "days_since_last_hygiene_visit",
    "broken_appointments", "no_show_appointments", "broken_appointments_last_12_months",
    "no_show_appointments_last_12_months", "open_treatment_plan_amount", "family_balance", "has_insurance",
]
CATEGORIES = {
    "recall_status": ["never", "current", "overdue"],
    "family_aging_bucket": ["none", "credit", "0_30", "31_60", "61_90", "over_90"],
}
LABEL_DAYS = 90


def read_features() -> pd.DataFrame:
    """Labelled rows of patients seen at least once by the month end."""
    config = settings()
    engine = create_engine(config.warehouse().set(database=config.dbt_schema))
    columns = ", ".join(["as_of_date", LABEL, *NUMERIC, *CATEGORIES])
    sql = (f"select {columns} from mart_patient_features "
           f"where {LABEL} is not null and first_visit_date is not null")
    with engine.connect() as connection:
        frame = pd.read_sql_query(sql, connection, parse_dates=["as_of_date"])
    engine.dispose()
    return frame


def design(frame: pd.DataFrame) -> pd.DataFrame:
    """Numeric features as floats (NULL stays NaN: the model handles it) and categories as codes."""
    matrix = frame[NUMERIC].astype(float)
    for column, levels in CATEGORIES.items():
        matrix[column] = frame[column].map({level: code for code, level in enumerate(levels)}).astype(float)
    return matrix


def split(frame: pd.DataFrame, test_share: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Test: the latest month ends (about ``test_share`` of them); train: month ends whose label period
    ended before the first test month end, so no training label sees the test period."""
    month_ends = sorted(frame["as_of_date"].unique())
    first_test = month_ends[min(len(month_ends) - 1, int(len(month_ends) * (1 - test_share)))]
    test = frame[frame["as_of_date"] >= first_test]
    train = frame[frame["as_of_date"] + pd.Timedelta(days=LABEL_DAYS) < first_test]
    return train, test


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test-share", type=float, default=0.25, help="share of month ends to test on")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    frame = read_features()
    train, test = split(frame, args.test_share)
    for name, part in (("train", train), ("test", test)):
        if part[LABEL].nunique() < 2:
            print(f"not enough labelled history: the {name} set has one class only", file=sys.stderr)
            return 1
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=args.seed)
    model.fit(design(train), train[LABEL].astype(int))
    scores = model.predict_proba(design(test))[:, 1]
    truth = test[LABEL].astype(int)
    print(f"rows: train {len(train):,} ({train[LABEL].mean():.1%} no-shows, month ends "
          f"{train['as_of_date'].min():%Y-%m-%d}..{train['as_of_date'].max():%Y-%m-%d}); "
          f"test {len(test):,} ({truth.mean():.1%}, {test['as_of_date'].min():%Y-%m-%d}.."
          f"{test['as_of_date'].max():%Y-%m-%d})")
    print(f"model ROC AUC: {roc_auc_score(truth, scores):.3f}")
    print(f"naive baseline ROC AUC (previous no-show count): {roc_auc_score(truth, test[NAIVE]):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
