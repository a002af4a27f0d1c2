"""The starting list of themes; administrators add, rename or retire them afterwards."""

from __future__ import annotations

from django.db import migrations

THEMES = [
    ("Adoption", "Adoption support and adoption functions"),
    ("Assessment", "Assessments of need, child and family assessments"),
    ("Communication", "Keeping people informed, returning calls, explaining decisions"),
    ("Contact", "Family time and contact arrangements"),
    ("Disability", "Disabled children and their families"),
    ("Education", "Education of looked-after children and virtual school"),
    ("Finance", "Allowances, payments and financial support"),
    ("Fostering", "Foster carers and fostering services"),
    ("Leaving care", "Care leavers and pathway planning"),
    ("Placement", "Where a child lives and moves between homes"),
    ("Record keeping", "Accuracy of records and information sharing"),
    ("Safeguarding practice", "How child protection work was carried out"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("people", "Theme")
    for name, description in THEMES:
        Theme.objects.get_or_create(name=name, defaults={"description": description})


class Migration(migrations.Migration):
    dependencies = [("people", "0003_roster_and_themes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
