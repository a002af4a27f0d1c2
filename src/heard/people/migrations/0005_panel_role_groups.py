"""Groups for the two Stage 3 roles, so a new installation can put people on the roster as panel
members and chairs without the demo data."""

from __future__ import annotations

from django.db import migrations

ROLES = ["panel_member", "panel_chair"]


def create_groups(apps, schema_editor):
    group = apps.get_model("auth", "Group")
    for name in ROLES:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_seed_themes"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
