"""Independence facts on users, and a group for each staff role."""

from __future__ import annotations

from django.db import migrations, models

ROLES = [
    "complaints_manager",
    "complaints_officer",
    "adjudicating_officer",
    "staff_member",
    "administrator",
    "investigating_officer",
    "independent_person",
]


def create_groups(apps, schema_editor):
    group = apps.get_model("auth", "Group")
    for name in ROLES:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="organisation",
            field=models.CharField(
                blank=True,
                help_text="For external officers: the provider they work for.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="user", name="job_title", field=models.CharField(blank=True, max_length=200)
        ),
        migrations.AddField(
            model_name="user",
            name="team",
            field=models.CharField(
                blank=True, help_text="Council team or service.", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="is_council_member_or_officer",
            field=models.BooleanField(
                default=True,
                help_text="A member or officer of this council. Untick for external contractors.",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="left_council_on",
            field=models.DateField(
                blank=True, help_text="For former council staff: the date they left.", null=True
            ),
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
