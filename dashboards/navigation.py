"""The pages of the app, in menu order: one place for app.py, `mdc dashboard --check` and the tests.

Each page is also a dbt exposure (``dbt_project/models/exposures/_dashboards__exposures.yml``) named
``dashboard_<slug>`` that lists the marts the page reads; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page: its script (relative to dashboards/), menu title and URL slug.

    No icons: Streamlit fetches a page's Material or emoji icon from a font CDN for the browser tab.
    """

    path: str
    title: str
    slug: str
    default: bool = False

    @property
    def exposure(self) -> str:
        """Name of the page's dbt exposure."""
        return f"dashboard_{self.slug}"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("views/overview.py", "Practice overview", "overview", default=True),
    PageSpec("views/production_income.py", "Production & Income", "production_income"),
    PageSpec("views/ar_aging.py", "A/R aging", "ar_aging"),
    PageSpec("views/patients_schedule.py", "Patients & schedule", "patients_schedule"),
    PageSpec("views/treatment_acceptance.py", "Treatment acceptance", "treatment_acceptance"),
    PageSpec("views/insurance_claims.py", "Insurance claims", "insurance_claims"),
    PageSpec("views/schedule_chairs.py", "Schedule & chairs", "schedule_chairs"),
    PageSpec("views/patients_to_call.py", "Patients to call", "patients_to_call"),
    PageSpec("views/data_quality.py", "Data quality", "data_quality"),
    PageSpec("views/practices.py", "Practices side by side", "practices"),
)
