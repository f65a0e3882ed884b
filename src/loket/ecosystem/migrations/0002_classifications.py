"""Every code of every scheme in vocabulary, so forms and filters can offer them all. Re-runnable."""

from django.db import migrations


def create_classifications(apps, schema_editor):
    from loket.ecosystem.vocabulary import classification_codes

    Classification = apps.get_model("ecosystem", "Classification")
    for scheme, code in classification_codes():
        Classification.objects.get_or_create(scheme=scheme, code=code)


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0001_initial")]

    operations = [migrations.RunPython(create_classifications, migrations.RunPython.noop)]
