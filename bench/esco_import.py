"""Benchmark: import the full ESCO v1.2.0 release (English plus the Dutch
files) into a fresh database and print elapsed seconds and peak memory.

Usage: python bench/esco_import.py [RELEASE_DIR]   (default ../shared/esco/v1.2.0)
DATABASE_URL chooses the database (default: a new SQLite file in a temp dir);
for PostgreSQL a fresh database is created and dropped. Last line: JSON.
Targets (issue 2): at most 120 s and 2 GB on this 2-core machine.
"""

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
release_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT.parent / "shared" / "esco" / "v1.2.0"
if not (release_dir / "en").is_dir():
    sys.exit(f"ESCO release not found at {release_dir}")

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
temp = tempfile.mkdtemp()
base_url = os.environ.get("DATABASE_URL", "")
if base_url.startswith("postgres"):
    import psycopg

    name = f"loket_bench_{os.getpid()}"
    admin = base_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = base_url.rsplit("/", 1)[0] + "/" + name
    engine = "postgresql"
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{temp}/bench.sqlite3"
    engine = "sqlite"

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from loket.progress import ConsoleProgress  # noqa: E402
from loket.taxonomy.models import Label, OccupationSkill  # noqa: E402
from loket.taxonomy.services.importer import import_release  # noqa: E402

call_command("migrate", verbosity=0)
languages = [release_dir / lang for lang in ("en", "nl") if (release_dir / lang).is_dir()]
started = time.perf_counter()
release = import_release(languages, progress=ConsoleProgress())
elapsed = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
counts = release.counts
result = {
    "benchmark": "esco_import",
    "engine": engine,
    "cores": os.cpu_count(),
    "release": release.version,
    "languages": release.languages,
    "occupations": counts["concepts"].get("occupation"),
    "skills": counts["concepts"].get("skill"),
    "labels": Label.objects.count(),
    "occupation_skills": OccupationSkill.objects.count(),
    "seconds": round(elapsed, 1),
    "peak_memory_mb": round(peak_mb),
    "target": {"seconds": 120, "peak_memory_mb": 2048},
}
connection.close()
if engine == "postgresql":
    with psycopg.connect(admin, autocommit=True) as admin_connection:
        admin_connection.execute(f"DROP DATABASE {name}")
print(json.dumps(result))
