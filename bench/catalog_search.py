"""Public catalogue search against a generated catalogue (loket generate --offerings 20000).

Times the API (/api/v1/catalog/offerings) and the page (/opleidingen/) for typical
filter combinations, and compares with the plain ORM a developer would write
first: the same filters, each result's course, provider, place and skills read
lazily (one query per relation per result).

    DEBUG=1 DATABASE_URL=postgres://.../loket_catalog python bench/catalog_search.py
Prints human figures, then a JSON line last.
"""

import json
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from loket.catalog import services  # noqa: E402
from loket.catalog.models import CourseSkill, Offering  # noqa: E402

REPEATS = 20


def cases():
    skill = CourseSkill.objects.values_list("skill__uri", flat=True).order_by("id").first()
    return {
        "no filter": {},
        "region AM18": {"region": "AM18"},
        "skill": {"skill": skill},
        "mbo 4, on site, <= 2000 euro": {"level": "secondary vocational education 4", "modality": "on_site", "max_price": "2000"},
        "words in title": {"q": "techniek"},
        "page 40": {"page": "40"},
    }


def timed(call):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def naive(params):
    """The first version one writes: filter, slice, touch each relation lazily."""
    filters, _errors = services.search_filters(params)
    qs = Offering.objects.bookable()
    if filters.region:
        from django.db.models import Q

        qs = qs.filter(Q(modality="online") | Q(municipality__region__code=filters.region))
    page = int(params.get("page", 1))
    rows = []
    for o in qs.order_by("start_date", "id")[(page - 1) * 25 : page * 25]:
        rows.append((o.course.title_nl, o.course.provider.organisation.name, o.municipality and o.municipality.region.name,
                     [s.label() for s in o.course.skills.all()]))  # fmt: skip
    return rows


def main():
    client = Client(HTTP_HOST="localhost")
    total = Offering.objects.count()
    print(f"Catalogue: {total} offerings, {Offering.objects.bookable().count()} bookable; {REPEATS} runs each")
    results = {}
    for name, params in cases().items():
        api_params = {k: v for k, v in params.items()}
        page_params = {("pagina" if k == "page" else k): v for k, v in params.items()}
        reset_queries()  # the query log is a bounded deque; a full one counts nothing
        with CaptureQueriesContext(connection) as api_queries:
            response = client.get("/api/v1/catalog/offerings", api_params)
        assert response.status_code == 200, response.status_code
        reset_queries()
        with CaptureQueriesContext(connection) as naive_queries:
            naive(params)
        api = timed(lambda: client.get("/api/v1/catalog/offerings", api_params))
        page = timed(lambda: client.get("/opleidingen/", page_params))
        slow = timed(lambda: naive(params))
        results[name] = {
            "hits": response.json()["count"], "api_p50_ms": round(api[0], 1), "api_p95_ms": round(api[1], 1),
            "page_p95_ms": round(page[1], 1), "api_queries": len(api_queries), "naive_p95_ms": round(slow[1], 1),
            "naive_queries": len(naive_queries),
        }  # fmt: skip
        r = results[name]
        print(f"  {name:<30} {r['hits']:>6} hits  API p50 {r['api_p50_ms']:>6} ms p95 {r['api_p95_ms']:>6} ms "
              f"({r['api_queries']} queries)  page p95 {r['page_p95_ms']:>6} ms  naive p95 {r['naive_p95_ms']:>6} ms ({r['naive_queries']} queries)")
    worst = max(r["api_p95_ms"] for r in results.values())
    print(f"Worst API p95: {worst} ms")
    print(json.dumps({"bench": "catalog_search", "offerings": total, "vendor": connection.vendor, "worst_api_p95_ms": worst,
                      "cases": results, "cores": os.cpu_count()}))  # fmt: skip


if __name__ == "__main__":
    reset_queries()
    main()
