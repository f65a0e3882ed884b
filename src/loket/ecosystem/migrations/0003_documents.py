"""The ecosystem's first content from the documents (manifest, werkambassadeur's letter, Techniekpact
Noordvleugel, HTSM agenda, Roadmap Human Capital): ``ecosystem/data/documents.json``.

Re-runnable: rows are found by slug or key and only what the file names is written; ``loket
load-ecosystem-documents`` runs the same load on demand. Reversing leaves the rows: users may have built on them.
"""

from django.db import migrations


def load(apps, schema_editor):
    from loket.ecosystem.content import load_documents

    load_documents(apps)


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0002_classifications"), ("geography", "0002_noord_holland_2025")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
