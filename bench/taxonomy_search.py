"""Benchmark: search and autocomplete over the full ESCO release.

Imports ESCO v1.2.0 (en + nl) into a temporary SQLite database, then runs
queries a person would type — exact labels, prefixes, typos, shuffled word
order — in Dutch and English, and prints latency (p50/p95/max, ms) and how
often the intended concept is in the top 10. It does the same for the
alternative a developer would reach for first, a database ``icontains`` over
the labels, in the same run. Target (issue 2): under 50 ms per query.
Last line: JSON.
"""

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
release_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT.parent / "shared" / "esco" / "v1.2.0"
if not (release_dir / "en").is_dir():
    sys.exit(f"ESCO release not found at {release_dir}")
os.environ.setdefault("DEBUG", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "loket.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

from loket.taxonomy.models import ConceptKind, Label  # noqa: E402
from loket.taxonomy.services import lookup  # noqa: E402
from loket.taxonomy.services.importer import import_release  # noqa: E402

QUERIES_PER_KIND = 100
random.seed(2030)


def typo(text):
    letters = list(text)
    position = random.randrange(1, max(2, len(letters) - 1))
    operation = random.choice(["drop", "swap", "double"])
    if operation == "drop":
        del letters[position]
    elif operation == "swap" and position + 1 < len(letters):
        letters[position], letters[position + 1] = letters[position + 1], letters[position]
    else:
        letters.insert(position, letters[position])
    return "".join(letters)


def shuffled(text):
    words = text.split()
    random.shuffle(words)
    return " ".join(words)


def make_queries(language):
    labels = list(
        Label.objects.filter(language=language, kind="preferred", concept__kind__in=[ConceptKind.OCCUPATION, ConceptKind.SKILL])
        .values_list("concept_id", "text")
    )
    sample = random.sample(labels, QUERIES_PER_KIND)
    multiword = random.sample([item for item in labels if len(item[1].split()) >= 3], QUERIES_PER_KIND)
    return {
        "exact": [(cid, text) for cid, text in sample],
        "prefix": [(cid, text[: max(4, len(text) // 2)]) for cid, text in sample],
        "typo": [(cid, typo(text)) for cid, text in sample],
        "word_order": [(cid, shuffled(text)) for cid, text in multiword],
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(run, queries):
    times, found = [], 0
    for concept_id, query in queries:
        started = time.perf_counter()
        result_ids = run(query)
        times.append((time.perf_counter() - started) * 1000)
        found += concept_id in result_ids
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "max_ms": round(max(times), 2),
        "found_in_top10": round(found / len(queries), 3),
    }


def loket_search(language):
    return lambda query: [hit.concept_id for hit in lookup.index_for(language).search(query, limit=10)]


def database_icontains(language):
    def run(query):
        return list(
            Label.objects.filter(language__in={language, "en"}, text__icontains=query, concept__kind__in=[ConceptKind.OCCUPATION, ConceptKind.SKILL])
            .values_list("concept_id", flat=True)
            .distinct()[:10]
        )

    return run


call_command("migrate", verbosity=0)
import_release([release_dir / "en", release_dir / "nl"])
results = {"benchmark": "taxonomy_search", "cores": os.cpu_count(), "target_p95_ms": 50, "languages": {}}
for language in ("nl", "en"):
    started = time.perf_counter()
    index = lookup.index_for(language)
    build_seconds = time.perf_counter() - started
    queries = make_queries(language)
    figures = {"index_build_s": round(build_seconds, 2), "labels_indexed": len(index)}
    for kind, items in queries.items():
        figures[kind] = {"loket": measure(loket_search(language), items), "db_icontains": measure(database_icontains(language), items)}
    results["languages"][language] = figures
    print(f"{language}: " + json.dumps(figures), file=sys.stderr)
all_p95 = [figures[kind]["loket"]["p95_ms"] for figures in results["languages"].values() for kind in ("exact", "prefix", "typo", "word_order")]
results["loket_worst_p95_ms"] = max(all_p95)
print(json.dumps(results))
