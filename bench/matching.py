"""Benchmark: the matching index and its two queries, against what a Python team would otherwise pick.

Reads the database in DATABASE_URL (e.g. the generator's ``loket_bench``: full
ESCO, 1,500,000 persons, 100,000 open vacancies) and measures

* building the index from the database (seconds, peak memory of this process);
* person -> top 20 vacancies over 500 random persons, and vacancy -> top 50
  candidates over 200 random open vacancies: p50/p95 of the engine's ranking
  (``engine``), and of the ranking with the profile read fresh from the
  database as the pages do (``service``; explanations not included);
* the same queries answered by
  (a) a PostgreSQL GROUP BY over the skill tables: the passport's skills joined
      with the vacancies' skills, the engine's weights (essential/optional and
      rarity, normalised per vacancy) in a temporary table, summed per vacancy
      or person, ordered, limited. Direct matches only: no credit for related
      skills, and no hard filters except "findable" for candidates. Only when
      the database is PostgreSQL.
  (b) scikit-learn ``NearestNeighbors(algorithm="brute", metric="cosine")``
      fitted on the same vectors: the vacancies' weight vectors (person query:
      the person's skill vector), the findable people's skill vectors (vacancy
      query: the vacancy's weight vector). No filters either.
  For each: how many times faster the engine is (p50 and p95), and how far the
  top-20 lists agree with the engine's (mean overlap@20: shared vacancies or
  people / 20), both with the engine's full ranking and with its skill score
  alone (related credit included, hard filters left out), so disagreement by
  definition (filters) can be told apart from disagreement in ranking.

Targets (issue 3), at provincial scale on this 2-core machine: person -> 20
p95 <= 20 ms, vacancy -> 50 p95 <= 50 ms, index <= 120 s, peak memory <= 6 GB.
Last line: JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench .venv/bin/python bench/matching.py
"""

import argparse
import io
import json
import os
import resource
import statistics
import sys
import time

TARGETS = {"person_p95_ms": 20, "vacancy_p95_ms": 50, "index_build_s": 120, "peak_rss_mb": 6 * 1024}


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def latency(times_ms):
    return {"p50_ms": round(statistics.median(times_ms), 3), "p95_ms": round(percentile(times_ms, 0.95), 3), "max_ms": round(max(times_ms), 3)}


def timed(function, items):
    """Run *function* on each item; (answers, milliseconds per item)."""
    answers, times = [], []
    for item in items:
        started = time.perf_counter()
        answers.append(function(item))
        times.append((time.perf_counter() - started) * 1000)
    return answers, times


def overlap(ours, theirs, k=20):
    """Mean share of the first k of our lists that the other list has in its first k (over queries where we have any)."""
    shares = []
    for a, b in zip(ours, theirs):
        a, b = list(a)[:k], set(list(b)[:k])
        if a:
            shares.append(len(b.intersection(a)) / min(k, len(a)))
    return round(statistics.mean(shares), 3) if shares else None


def versus(name, ours_times, theirs_times, ours_full, ours_skills_only, theirs_lists, extra=None):
    ours, theirs = latency(ours_times), latency(theirs_times)
    figures = {
        **theirs,
        "engine_faster_p50": round(theirs["p50_ms"] / ours["p50_ms"], 1),
        "engine_faster_p95": round(theirs["p95_ms"] / ours["p95_ms"], 1),
        "overlap_at_20_with_engine": overlap(ours_full, theirs_lists),
        "overlap_at_20_with_engine_skill_score_only": overlap(ours_skills_only, theirs_lists),
        **(extra or {}),
    }
    print(f"  {name}: {json.dumps(figures)}", file=sys.stderr)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=500)
    parser.add_argument("--vacancies", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-sql", action="store_true", help="leave out the PostgreSQL GROUP BY")
    parser.add_argument("--skip-sklearn", action="store_true", help="leave out scikit-learn")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database to benchmark (e.g. postgres://postgres@127.0.0.1:5432/loket_bench).")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

    import django

    django.setup()
    import numpy as np
    from django.db import connection

    from loket.matching import engine, services
    from loket.matching.index import build_index
    from loket.passport.models import Passport
    from loket.progress import ConsoleProgress
    from loket.vacancies.models import Vacancy

    figures = {"benchmark": "matching", "cores": os.cpu_count(), "database": connection.vendor, "targets": TARGETS}
    figures["load_before"] = [round(x, 2) for x in os.getloadavg()]

    # --- the index ---------------------------------------------------------
    started = time.perf_counter()
    index = build_index(progress=ConsoleProgress())
    figures["index_build_s"] = round(time.perf_counter() - started, 1)
    figures["peak_rss_mb"] = peak_rss_mb()  # the index's high-water mark, before the alternatives add theirs
    space, people, vacancies, places = index.space, index.people, index.vacancies, index.places
    figures["persons"], figures["vacancies"] = len(people), len(vacancies)
    figures["findable_persons"] = int(people.findable.sum())
    figures["skills"], figures["clusters"] = space.n_skills, space.n_clusters
    figures["passport_skills"], figures["vacancy_skills"] = int(people.by_skill.nnz), int(vacancies.by_skill.nnz)
    print(f"index: {figures['persons']} persons, {figures['vacancies']} vacancies in {figures['index_build_s']} s, "
          f"peak {figures['peak_rss_mb']} MB", file=sys.stderr)  # fmt: skip

    rng = np.random.default_rng(options.seed)
    person_rows = rng.choice(len(people), size=min(options.persons, len(people)), replace=False)
    vacancy_rows = rng.choice(len(vacancies), size=min(options.vacancies, len(vacancies)), replace=False)
    passports = Passport.objects.in_bulk(people.ids[person_rows].tolist())
    passports = [passports[int(i)] for i in people.ids[person_rows]]
    open_vacancies = Vacancy.objects.in_bulk(vacancies.ids[vacancy_rows].tolist())
    open_vacancies = [open_vacancies[int(i)] for i in vacancies.ids[vacancy_rows]]

    # --- ours ----------------------------------------------------------------
    person_profiles = [services.person_profile(index, p) for p in passports]
    ours_people, person_times = timed(
        lambda profile: engine.vacancies_for_person(space, vacancies, places, profile, limit=20).ids.tolist(), person_profiles
    )
    _, person_service_times = timed(
        lambda passport: engine.vacancies_for_person(space, vacancies, places, services.person_profile(index, passport), limit=20),
        passports,
    )
    vacancy_profiles = [services.vacancy_profile(index, v) for v in open_vacancies]
    ours_vacancies, vacancy_times = timed(
        lambda profile: engine.people_for_vacancy(space, people, places, profile, limit=50).ids.tolist(), vacancy_profiles
    )
    _, vacancy_service_times = timed(
        lambda vacancy: engine.people_for_vacancy(space, people, places, services.vacancy_profile(index, vacancy), limit=50),
        open_vacancies,
    )
    figures["person_to_20_vacancies"] = {"engine": latency(person_times), "service": latency(person_service_times)}
    figures["vacancy_to_50_candidates"] = {"engine": latency(vacancy_times), "service": latency(vacancy_service_times)}
    figures["person_p95_ms"] = figures["person_to_20_vacancies"]["engine"]["p95_ms"]
    figures["vacancy_p95_ms"] = figures["vacancy_to_50_candidates"]["engine"]["p95_ms"]
    print(f"person -> 20: {figures['person_to_20_vacancies']}", file=sys.stderr)
    print(f"vacancy -> 50: {figures['vacancy_to_50_candidates']}", file=sys.stderr)

    # The engine's skill score alone (no filters), the definition the alternatives come closest to.
    def top_ids(scores, ids, k):
        keep = np.flatnonzero(scores > 0)
        keep = keep[np.lexsort((keep, -np.round(scores[keep], 9)))][:k]
        return ids[keep].tolist()

    skills_only_people = [top_ids(engine.skill_scores_for_person(space, vacancies, p.skills), vacancies.ids, 20) for p in person_profiles]
    findable = people.findable
    skills_only_vacancies = [
        top_ids(np.where(findable, engine.skill_scores_for_vacancy(space, people, v.skills, v.essential), 0.0), people.ids, 20)
        for v in vacancy_profiles
    ]

    # --- (a) PostgreSQL GROUP BY ------------------------------------------------
    if connection.vendor == "postgresql" and not options.skip_sql:
        figures["postgresql_group_by"] = postgresql_group_by(
            index, passports, open_vacancies, person_times, vacancy_times, ours_people, ours_vacancies,
            skills_only_people, skills_only_vacancies, versus,
        )  # fmt: skip
    else:
        figures["postgresql_group_by"] = None

    # --- (b) scikit-learn NearestNeighbors --------------------------------------
    if not options.skip_sklearn:
        figures["sklearn_nearest_neighbors"] = sklearn_neighbours(
            index, person_profiles, vacancy_profiles, person_times, vacancy_times, ours_people, ours_vacancies,
            skills_only_people, skills_only_vacancies, versus,
        )  # fmt: skip

    figures["peak_rss_mb_end"] = peak_rss_mb()
    figures["meets_targets"] = all(figures[key] <= limit for key, limit in TARGETS.items())
    print(json.dumps(figures))


def postgresql_group_by(index, passports, open_vacancies, person_times, vacancy_times, ours_people, ours_vacancies,
                        skills_only_people, skills_only_vacancies, versus):  # fmt: skip
    import numpy as np
    from django.db import connection

    from loket.passport.models import Passport, PassportSkill

    vacancies = index.vacancies
    weights = vacancies.by_skill.tocoo()  # (skill position, vacancy position, normalised weight)
    rows = np.column_stack([vacancies.ids[weights.col], index.skill_ids[weights.row]])
    started = time.perf_counter()
    buffer = io.StringIO()
    for (vacancy_id, skill_id), weight in zip(rows.tolist(), weights.data.tolist()):
        buffer.write(f"{vacancy_id}\t{skill_id}\t{weight!r}\n")
    passport_skill = PassportSkill._meta.db_table
    passport = Passport._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_vacancy_weight")
        cursor.execute("CREATE TEMP TABLE bench_vacancy_weight (vacancy_id bigint, skill_id bigint, weight double precision)")
        with cursor.cursor.copy("COPY bench_vacancy_weight FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        cursor.execute("CREATE INDEX ON bench_vacancy_weight (skill_id) INCLUDE (vacancy_id, weight)")
        cursor.execute("CREATE INDEX ON bench_vacancy_weight (vacancy_id) INCLUDE (skill_id, weight)")
        cursor.execute("ANALYZE bench_vacancy_weight")
        setup_s = round(time.perf_counter() - started, 1)

        def person_query(passport_obj):
            cursor.execute(
                f"SELECT w.vacancy_id FROM {passport_skill} ps JOIN bench_vacancy_weight w ON w.skill_id = ps.skill_id "
                "WHERE ps.passport_id = %s GROUP BY w.vacancy_id ORDER BY SUM(w.weight) DESC, w.vacancy_id LIMIT 20",
                [passport_obj.pk],
            )
            return [row[0] for row in cursor.fetchall()]

        def vacancy_query(vacancy):
            cursor.execute(
                f"SELECT ps.passport_id FROM bench_vacancy_weight w JOIN {passport_skill} ps ON ps.skill_id = w.skill_id "
                f"JOIN {passport} p ON p.id = ps.passport_id AND p.findable "
                "WHERE w.vacancy_id = %s GROUP BY ps.passport_id ORDER BY SUM(w.weight) DESC, ps.passport_id LIMIT 50",
                [vacancy.pk],
            )
            return [row[0] for row in cursor.fetchall()]

        person_query(passports[0])  # warm the cache like ours is warm
        theirs_people, their_person_times = timed(person_query, passports)
        vacancy_query(open_vacancies[0])
        theirs_vacancies, their_vacancy_times = timed(vacancy_query, open_vacancies)
        cursor.execute("DROP TABLE IF EXISTS bench_vacancy_weight")
    print("(a) PostgreSQL GROUP BY (direct matches only):", file=sys.stderr)
    return {
        "weights_table_s": setup_s,
        "person_to_20": versus("person -> 20", person_times, their_person_times, ours_people, skills_only_people, theirs_people),
        "vacancy_to_50": versus(
            "vacancy -> 50", vacancy_times, their_vacancy_times, ours_vacancies, skills_only_vacancies, theirs_vacancies
        ),
    }


def sklearn_neighbours(index, person_profiles, vacancy_profiles, person_times, vacancy_times, ours_people, ours_vacancies,
                       skills_only_people, skills_only_vacancies, versus):  # fmt: skip
    import numpy as np
    from scipy import sparse
    from sklearn.neighbors import NearestNeighbors

    from loket.matching import engine

    people, vacancies, space = index.people, index.vacancies, index.space
    n_skills = space.n_skills
    started = time.perf_counter()
    vacancy_vectors = vacancies.by_skill.T.tocsr()  # (m, S) weights
    by_vacancy = NearestNeighbors(algorithm="brute", metric="cosine").fit(vacancy_vectors)
    fit_vacancies_s = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    findable_rows = np.flatnonzero(people.findable)
    person_vectors = people.by_skill.T.tocsr()[findable_rows]  # (findable n, S) 0/1
    by_person = NearestNeighbors(algorithm="brute", metric="cosine").fit(person_vectors)
    fit_people_s = round(time.perf_counter() - started, 1)

    def person_vector(profile):
        skills = np.unique(profile.skills)
        return sparse.csr_matrix((np.ones(skills.size), (np.zeros(skills.size, dtype=np.int64), skills)), shape=(1, n_skills))

    def vacancy_vector(profile):
        weights = engine.vacancy_weights(space, profile.skills, profile.essential)
        return sparse.csr_matrix((weights, (np.zeros(weights.size, dtype=np.int64), profile.skills)), shape=(1, n_skills))

    def person_query(profile):
        _distance, found = by_vacancy.kneighbors(person_vector(profile), n_neighbors=min(20, len(vacancies)))
        return vacancies.ids[found[0]].tolist()

    def vacancy_query(profile):
        _distance, found = by_person.kneighbors(vacancy_vector(profile), n_neighbors=min(50, len(findable_rows)))
        return people.ids[findable_rows[found[0]]].tolist()

    person_query(person_profiles[0])
    theirs_people, their_person_times = timed(person_query, person_profiles)
    vacancy_query(vacancy_profiles[0])
    theirs_vacancies, their_vacancy_times = timed(vacancy_query, vacancy_profiles)
    print("(b) scikit-learn NearestNeighbors(brute, cosine):", file=sys.stderr)
    return {
        "person_to_20": versus(
            "person -> 20", person_times, their_person_times, ours_people, skills_only_people, theirs_people, {"fit_s": fit_vacancies_s}
        ),
        "vacancy_to_50": versus(
            "vacancy -> 50", vacancy_times, their_vacancy_times, ours_vacancies, skills_only_vacancies, theirs_vacancies,
            {"fit_s": fit_people_s},
        ),  # fmt: skip
    }


if __name__ == "__main__":
    main()
