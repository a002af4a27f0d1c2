"""Fill the bank holiday table for 2010 to 2035 from the maintained list."""

from __future__ import annotations

from django.db import migrations


def seed(apps, schema_editor):
    from heard.timescales.bank_holidays import seed_bank_holidays

    seed_bank_holidays(
        apps.get_model("timescales", "BankHoliday"), apps.get_model("timescales", "CalendarChange")
    )


class Migration(migrations.Migration):
    dependencies = [("timescales", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
