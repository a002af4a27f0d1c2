"""The Statement of Complaint's deadline waits on the complainant, who has 10 working days to
agree it: stored rows written before this said it waited on the Investigating Officer."""

from django.db import migrations


def forwards(apps, schema_editor):
    RunningDeadline = apps.get_model("complaints", "RunningDeadline")
    RunningDeadline.objects.filter(key="statement_agreed").update(
        waits_role="complainant", waits_on="Complainant (with the Investigating Officer)"
    )


def backwards(apps, schema_editor):
    RunningDeadline = apps.get_model("complaints", "RunningDeadline")
    RunningDeadline.objects.filter(key="statement_agreed").update(
        waits_role="investigating_officer", waits_on=""
    )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0010_dashboard_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
