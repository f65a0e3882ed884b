"""Benchmark: the nightly batch, every person against every open vacancy, with one Dask worker and with two.

Reads the index from the database in DATABASE_URL (e.g. the generator's
``loket_bench``: full ESCO, 1,500,000 persons, 100,000 open vacancies), runs
the batch on a local cluster with 1 worker and then with 2 (same data), and
checks that the two results are equal and that both equal the single-process
engine (``engine.vacancies_for_person``) on a random sample of people.
For scale it also times SciPy's sparse products for one block, the obvious
way to write the batch. Target (issue 3): at provincial scale within 30
minutes on this 2-core machine, and clearly faster with two workers.
Last line: JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench .venv/bin/python bench/matching_batch.py [--sample 1000]
"""

import argparse
import json
import os
import resource
import sys
import time

TARGET_SECONDS = 30 * 60


def rss_mb(who=resource.RUSAGE_SELF):
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def worker_peak_rss_mb():
    """The worker's own high-water mark: VmHWM, since ru_maxrss carries over the parent's from before the exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return rss_mb()


def scipy_products_ms_per_person(index, rows):
    """The block's scores as SciPy sparse products, without filters or top lists: what a plain SciPy batch pays at least."""
    import numpy as np

    from loket.matching import engine

    people, vacancies = index.people, index.vacancies
    skills = people.by_skill.T.tocsr()[rows].astype(np.float64)
    clusters = people.by_cluster.T.tocsr()[rows].astype(np.float64)
    by_skill = vacancies.by_skill.astype(np.float64).tocsr()
    by_cluster = vacancies.by_cluster.astype(np.float64).tocsr()
    started = time.perf_counter()
    scores = (1 - engine.RELATED_CREDIT) * (skills @ by_skill) + engine.RELATED_CREDIT * (clusters @ by_cluster)
    seconds = time.perf_counter() - started
    return seconds / len(rows) * 1000, scores.nnz / max(len(rows), 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1000, help="people checked against the single-process engine")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database to benchmark (e.g. postgres://postgres@127.0.0.1:5432/loket_bench).")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

    import django

    django.setup()
    import numpy as np
    from django.db import connection

    from loket.matching import batch
    from loket.matching.index import build_index
    from loket.progress import ConsoleProgress

    figures = {"benchmark": "matching_batch", "cores": os.cpu_count(), "database": connection.vendor, "target_s": TARGET_SECONDS}
    load = os.getloadavg()
    figures["load_before"] = [round(x, 2) for x in load]

    started = time.perf_counter()
    index = build_index(progress=ConsoleProgress())
    figures["index_build_s"] = round(time.perf_counter() - started, 1)
    figures["persons"] = len(index.people)
    figures["vacancies"] = len(index.vacancies)
    print(f"index: {figures['persons']} persons, {figures['vacancies']} open vacancies, built in {figures['index_build_s']} s", file=sys.stderr)

    rng = np.random.default_rng(options.seed)
    block = np.sort(rng.choice(len(index.people), size=min(2000, len(index.people)), replace=False))
    if block.size:
        ms, nnz = scipy_products_ms_per_person(index, block)
        figures["scipy_products_ms_per_person"] = round(ms, 3)
        figures["scipy_products_nonzeros_per_person"] = round(nnz)
        print(f"SciPy sparse products alone: {ms:.2f} ms per person ({nnz:.0f} non-zero scores per person)", file=sys.stderr)

    started = time.perf_counter()
    data = batch.batch_data(index.people, index.vacancies, index.places)
    figures["batch_arrays_s"] = round(time.perf_counter() - started, 1)
    figures["batch_arrays_mb"] = round(data.nbytes / 1e6, 1)

    results = {}
    for workers in (1, 2):
        started = time.perf_counter()
        client, cluster = batch.open_client(workers)
        results[workers] = batch.run(data, limit=options.limit, progress=ConsoleProgress(), client=client)
        seconds = time.perf_counter() - started
        figures[f"peak_rss_mb_worker_{workers}"] = max(client.run(worker_peak_rss_mb).values())
        client.close()
        cluster.close()
        figures[f"workers_{workers}_s"] = round(seconds, 1)
        figures[f"workers_{workers}_ms_per_person"] = round(seconds / max(len(index.people), 1) * 1000, 3)
        print(f"{workers} worker(s): {seconds:.1f} s", file=sys.stderr)
    figures["speedup"] = round(figures["workers_1_s"] / figures["workers_2_s"], 2) if figures["workers_2_s"] else None
    figures["equal_1_and_2_workers"] = results[1].same_as(results[2])

    sample = np.sort(rng.choice(len(index.people), size=min(options.sample, len(index.people)), replace=False))
    started = time.perf_counter()
    reference = batch.single_process(index.space, index.people, index.vacancies, index.places, sample, options.limit)
    engine_ms = (time.perf_counter() - started) / max(sample.size, 1) * 1000
    two = results[2]
    in_sample = batch.BatchResult(two.person_ids[sample], two.vacancy_ids, two.positions[sample], two.scores[sample], two.distance_km[sample])
    figures["sample"] = int(sample.size)
    figures["equal_engine_on_sample"] = in_sample.same_as(reference)
    figures["engine_ms_per_person"] = round(engine_ms, 3)
    figures["engine_projected_s"] = round(engine_ms * len(index.people) / 1000)
    figures["people_with_good_match"] = two.people_with_a_good_match()
    figures["vacancies_in_top"] = two.vacancies_in_a_top_list()
    figures["peak_rss_mb_driver"] = rss_mb()
    figures["meets_target"] = bool(
        figures["workers_2_s"] + figures["index_build_s"] <= TARGET_SECONDS
        and figures["speedup"]
        and figures["speedup"] > 1.3
        and figures["equal_1_and_2_workers"]
        and figures["equal_engine_on_sample"]
    )
    for key, value in figures.items():
        print(f"{key:>36}: {value}", file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":  # Dask starts its workers by importing this file again
    main()
