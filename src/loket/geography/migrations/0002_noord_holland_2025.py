"""The five labour-market regions of Noord-Holland and their 44 municipalities (CBS division 2025).

Re-runnable: rows are updated by code, never duplicated.
"""

from django.db import migrations


def load(apps, schema_editor):
    from loket.geography.services import load_noord_holland

    load_noord_holland(apps.get_model("geography", "Region"), apps.get_model("geography", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
