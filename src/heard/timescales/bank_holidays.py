"""Loading England-and-Wales bank holidays from the maintained ``holidays`` package."""

from __future__ import annotations

from datetime import date
from typing import Any

import holidays as holidays_package

# The years seeded when the database is set up (issue: at least 2010 to 2035).
FIRST_YEAR = 2010
LAST_YEAR = 2035


def england_and_wales_bank_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """Bank holidays in England and Wales, as gov.uk lists them.

    The package lists the weekend date of a holiday beside its weekday "(observed)" substitute;
    only weekdays are kept, which makes the list match gov.uk's exactly. Substitute days are
    named as gov.uk names them.
    """
    package_days = holidays_package.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1)
    )
    return {
        day: str(name).replace("(observed)", "(substitute day)")
        for day, name in sorted(package_days.items())
        if day.weekday() < 5
    }


def seed_bank_holidays(
    bank_holiday_model: Any,
    change_model: Any,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
) -> int:
    """Insert the package's holidays that the table lacks; return how many were added.

    Idempotent, and never overwrites or removes a row: an administrator's edits win. Takes
    the model classes so a data migration can pass its historical models.
    """
    wanted = england_and_wales_bank_holidays(first_year, last_year)
    existing = set(
        bank_holiday_model.objects.filter(date__in=list(wanted)).values_list("date", flat=True)
    )
    missing = [(day, name) for day, name in wanted.items() if day not in existing]
    bank_holiday_model.objects.bulk_create(
        [bank_holiday_model(date=day, name=name, source="package") for day, name in missing]
    )
    version = getattr(holidays_package, "__version__", "unknown")
    change_model.objects.bulk_create(
        [
            change_model(
                action="added", date=day, name=name, details=f"Loaded from holidays {version}"
            )
            for day, name in missing
        ]
    )
    return len(missing)
