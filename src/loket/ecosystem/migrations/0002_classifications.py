"""Every code of every scheme in vocabulary, so forms and filters can offer them all. Re-runnable."""

from django.db import migrations


def create_classifications(apps, schema_editor):
    from loket.ecosystem.vocabulary import SCHEME_CHOICES

    Classification = apps.get_model("ecosystem", "Classification")
    for scheme, choices in SCHEME_CHOICES.items():
        for code in choices.values:
            Classification.objects.get_or_create(scheme=scheme.value, code=code)


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0001_initial")]

    operations = [migrations.RunPython(create_classifications, migrations.RunPython.noop)]
