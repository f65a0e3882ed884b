"""The nightly batch: every person against every open vacancy, equal to the one-person engine."""

import logging

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from loket.accounts.roles import Role
from loket.matching import batch, engine, runs
from loket.matching.index import build_index
from loket.matching.models import MatchRun

from .conftest import profile

# --------------------------------------------------------------------------- the engine's tie-break, which the batch copies


def test_ties_at_the_cut_go_to_the_nearest_vacancy():
    # Sixty vacancies score the same; the person should get the twenty nearest, not any twenty.
    n = 60
    scores = np.full(n, 0.5)
    distance = np.arange(n, dtype=float)[::-1].copy()
    ranked = engine._top(scores, distance, np.ones(n, dtype=bool), np.arange(n), 20)
    assert ranked.positions.tolist() == list(range(59, 39, -1))


def test_scores_equal_after_rounding_tie_on_distance_then_position():
    scores = np.array([0.3, 0.7, 0.7 + 1e-12, 0.7, 0.1])
    distance = np.array([1.0, 5.0, 5.0, 2.0, np.nan])
    ranked = engine._top(scores, distance, np.ones(5, dtype=bool), np.arange(5), 2)
    assert ranked.positions.tolist() == [3, 1]


# --------------------------------------------------------------------------- the batch against the engine, no database


def random_world(seed, n_people=300, n_vacancies=400, n_skills=60):
    """People and vacancies with every filter in play, unknown places, open hiring, and many exact ties."""
    rng = np.random.default_rng(seed)
    broader = [(s, f"g{rng.integers(0, 12)}") for s in range(n_skills) if rng.random() < 0.8]
    related = [tuple(rng.integers(0, n_skills, 2)) for _ in range(n_skills // 3)]
    space = engine.build_skill_space(rng.integers(0, 30, n_skills), 30, broader, related)
    coordinates = rng.uniform(0, 60, (6, 2))
    places = engine.Places(
        region=np.array([0, 0, 1, 1, 2, 2]), distance_km=np.linalg.norm(coordinates[:, None] - coordinates[None], axis=2)
    )
    skills, rows = [], []
    for row in range(n_people):
        held = rng.choice(n_skills, rng.integers(0, 8), replace=False)
        skills += held.tolist()
        rows += [row] * len(held)
    n = n_people
    people = engine.build_people(
        space,
        np.arange(1000, 1000 + n),
        (skills, rows),
        municipality=rng.integers(-1, 6, n),
        max_km=rng.choice([5, 15, 25, 40, 100], n).astype(float),
        region_mask=rng.integers(0, 8, n) * (rng.random(n) < 0.3),
        hours_min=rng.choice([0, 16, 24, 32], n),
        hours_max=rng.choice([24, 32, 40], n),
        level=rng.integers(0, 8, n),
        kinds_mask=rng.integers(1, 16, n),
        sector_mask=np.where(rng.random(n) < 0.3, rng.integers(1, 1 << 21, n), 0),
        findable=np.ones(n, dtype=bool),
    )
    # Few requirement sets shared by many vacancies: equal scores, so the tie-break decides.
    templates = [
        (rng.choice(n_skills, k, replace=False), rng.random(k) < 0.6) for k in rng.integers(1, 10, n_vacancies // 4)
    ]
    m = n_vacancies
    kinds = rng.choice(4, m, p=[0.6, 0.15, 0.1, 0.15])
    skills, rows, essential = [], [], []
    for row in range(m):
        if kinds[row] == engine.OPEN_HIRING and rng.random() < 0.8:
            continue  # most open-hiring vacancies list no skills; the rest are ranked by wishes anyway
        held, flags = templates[rng.integers(len(templates))]
        skills += held.tolist()
        rows += [row] * len(held)
        essential += flags.tolist()
    vacancies = engine.build_vacancies(
        space,
        np.arange(5000, 5000 + m),
        (skills, rows, essential),
        kind=kinds,
        municipality=rng.integers(-1, 6, m),
        level=rng.integers(0, 8, m),
        hours_min=rng.choice([8, 16, 32], m),
        hours_max=rng.choice([32, 36, 40], m),
        sector=rng.integers(-1, 21, m),
    )
    return space, people, vacancies, places


def block_result(data, limit=batch.DEFAULT_LIMIT):
    _start, positions, scores, distances = batch.match_block(data, 0, data.n_people, limit)
    return batch.BatchResult(data.person_ids, data.vacancy_ids, positions, scores, distances)


@pytest.mark.parametrize("seed", range(8))
def test_a_block_equals_the_engine_for_every_person_to_the_bit(seed):
    space, people, vacancies, places = random_world(seed)
    data = batch.batch_data(people, vacancies, places)

    result = block_result(data)
    reference = batch.single_process(space, people, vacancies, places, np.arange(len(people)))

    assert np.array_equal(result.positions, reference.positions)
    assert np.array_equal(result.scores, reference.scores, equal_nan=True)
    assert np.array_equal(result.distance_km, reference.distance_km, equal_nan=True)
    # The comparison means something: lists are full, and ties on the rounded score were decided.
    assert (result.positions >= 0).mean() > 0.5
    rounded = np.round(result.scores, 9)
    assert np.count_nonzero(rounded[:, 1:] == rounded[:, :-1]) > 100


def test_a_short_list_and_people_without_skills_or_wishes():
    space, people, vacancies, places = random_world(3, n_people=40, n_vacancies=30)
    data = batch.batch_data(people, vacancies, places)
    result = block_result(data, limit=3)
    reference = batch.single_process(space, people, vacancies, places, np.arange(40), limit=3)
    assert result.same_as(reference)
    assert result.limit == 3


def test_nobody_and_nothing_to_match():
    space, people, vacancies, places = random_world(1, n_people=0, n_vacancies=0)
    data = batch.batch_data(people, vacancies, places)
    result = batch.run(data, client=object())  # no cluster is needed, so none is asked
    assert result.positions.shape == (0, batch.DEFAULT_LIMIT)
    assert result.people_with_a_good_match() == 0 and result.vacancies_in_a_top_list() == 0


def test_blocks_cover_everyone_once():
    ranges = batch.blocks(12345, workers=2)
    assert ranges[0][0] == 0 and ranges[-1][1] == 12345
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    assert len(ranges) >= 8  # at least four per worker, so both stay busy and progress moves
    assert batch.blocks(10**6, workers=2)[0] == (0, batch.DEFAULT_BLOCK_SIZE)


@pytest.fixture(scope="module")
def dask_cluster():
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
    yield cluster
    cluster.close()


def test_two_workers_give_the_single_process_result(dask_cluster, tmp_path):
    from distributed import Client

    space, people, vacancies, places = random_world(11, n_people=900, n_vacancies=300)
    data = batch.batch_data(people, vacancies, places)
    with Client(dask_cluster) as client:
        result = batch.run(data, client=client, block_size=100)

    assert result.workers == 2
    reference = batch.single_process(space, people, vacancies, places, np.arange(len(people)))
    assert result.same_as(reference)
    # Stored compactly and read back, the lists are the same and the scores equal to float32.
    path = result.save(tmp_path / "run.npz")
    stored = batch.BatchResult.load(path)
    assert stored.same_as(result) and stored.scores.dtype == np.float32
    person = int(people.ids[5])
    assert stored.for_person(person)[0][0] == reference.for_person(person)[0][0]
    with pytest.raises(KeyError):
        stored.for_person(-1)


# --------------------------------------------------------------------------- runs through the database


@pytest.fixture
def on_test_cluster(settings, dask_cluster, tmp_path):
    """Runs go to the module's cluster as a remote scheduler (saves starting one per test), results to a temp folder."""
    settings.LOKET_DASK_SCHEDULER = dask_cluster.scheduler_address
    settings.LOKET_MATCH_RESULTS_DIR = str(tmp_path / "matches")
    return settings


def populate(world):
    world.vacancy(world.mechanic, "Monteur vliegtuigonderhoud")
    world.vacancy(world.electrician, "Elektricien")
    world.vacancy(world.mechanic, "Monteur in Den Helder", municipality=world.den_helder)
    world.vacancy(world.mechanic, "Open hiring magazijn", kind="open_hiring", essential=[])
    skills = profile(world.mechanic)
    world.person("sanne@example.nl", skills)
    world.person("piet@example.nl", skills[:2], max_travel_km=10)
    world.person("ali@example.nl", profile(world.electrician), municipality=world.den_helder)
    world.person("nog-niets@example.nl", [])


def test_a_run_records_its_progress_and_stores_what_the_engine_says(world, on_test_cluster):
    populate(world)
    run = runs.create_run(workers=2)

    runs.execute(run)

    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and run.stage == MatchRun.Stage.FINISHED
    assert run.persons == 4 and run.vacancies == 4
    assert run.done == run.total == 4
    assert run.workers == 2 and run.scheduler == on_test_cluster.LOKET_DASK_SCHEDULER
    assert run.started_at <= run.finished_at and run.seconds > 0 and run.index_seconds is not None
    assert run.error == ""
    stored = runs.load_result(run)
    index = build_index()
    reference = batch.single_process(index.space, index.people, index.vacancies, index.places, np.arange(4))
    assert stored.same_as(reference)
    assert run.people_with_good_match == stored.people_with_a_good_match() >= 1
    assert run.vacancies_in_top == stored.vacancies_in_a_top_list() >= 2
    assert runs.latest_result()[0] == run


def test_a_failing_run_says_why_on_the_run(world, on_test_cluster, tmp_path):
    populate(world)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    on_test_cluster.LOKET_MATCH_RESULTS_DIR = str(blocked)
    run = runs.create_run()

    runs.execute(run)

    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert run.error.startswith("Fout bij de stap “Opslaan”:")
    assert run.finished_at is not None and run.result_file == ""
    assert runs.load_result(run) is None
    assert runs.latest_result() == (None, None)


def test_only_one_run_at_a_time_and_input_is_checked(world, settings):
    settings.LOKET_DASK_SCHEDULER = ""
    running = runs.create_run(workers=1)
    with pytest.raises(ValidationError, match="Er loopt al een matchrun"):
        runs.create_run(workers=1)
    with pytest.raises(ValidationError) as error:
        runs.create_run(workers=0, limit=500)
    assert error.value.message_dict == {"workers": ["Kies 1 tot 64 workers."], "limit": ["Kies 1 tot 100 vacatures per persoon."]}
    assert MatchRun.objects.count() == 1

    # A run that stopped reporting (its process died) no longer blocks the next one.
    MatchRun.objects.filter(pk=running.pk).update(updated_at=timezone.now() - runs.STALE_AFTER * 2)
    runs.create_run(workers=1)
    running.refresh_from_db()
    assert running.status == MatchRun.Status.FAILED and "geen voortgang" in running.error


def test_the_command_shows_the_outcome_and_refuses_bad_input(world, on_test_cluster, capsys):
    populate(world)
    call_command("match_all", scheduler=on_test_cluster.LOKET_DASK_SCHEDULER)
    out = capsys.readouterr().out
    assert "4 personen tegen 4 open vacatures" in out
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.DONE
    assert (runs.results_dir() / run.result_file).exists()
    with pytest.raises(CommandError, match="Kies 1 tot 100 vacatures per persoon."):
        call_command("match_all", limit=0)


@pytest.mark.django_db(transaction=True)
def test_the_command_on_its_own_local_cluster(sample_taxonomy, make_user, settings, tmp_path, capsys):
    from .conftest import World

    settings.LOKET_DASK_SCHEDULER = ""
    settings.LOKET_MATCH_RESULTS_DIR = str(tmp_path)
    populate(World(make_user))
    call_command("match_all", workers=2)
    assert "met 2 workers" in capsys.readouterr().out
    assert MatchRun.objects.get().workers == 2


# --------------------------------------------------------------------------- page and API


PAGE = reverse("matching:batch_runs")
API = "/api/v1/matching/runs"


@pytest.mark.parametrize("role", [Role.PERSON, Role.EMPLOYER, Role.COACH])
def test_page_and_api_are_for_administrators_and_analysts_only(client, make_user, role):
    assert client.get(PAGE).status_code == 302  # to the log-in page
    assert client.get(API).status_code == 401
    client.force_login(make_user(role=role, email=f"{role}@example.nl"))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"workers": 1, "limit": 20}).status_code == 403
    response = client.post(API, {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Dit is alleen voor: Beheerder, Analist."
    assert MatchRun.objects.count() == 0


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_the_page_shows_a_running_run_with_a_progress_bar(client, make_user, role):
    client.force_login(make_user(role=role, email=f"{role}@example.nl"))
    MatchRun.objects.create(status=MatchRun.Status.DONE, stage=MatchRun.Stage.FINISHED, persons=10, vacancies=3, seconds=1.5)
    running = MatchRun.objects.create(status=MatchRun.Status.RUNNING, stage=MatchRun.Stage.MATCHING, done=2500, total=10000)

    page = client.get(PAGE).content.decode()

    assert '<progress id="matchrun-voortgang"' in page and 'max="10000" value="2500"' in page
    assert "Matchrun %d: Matchen" % running.pk in page
    assert 'hx-trigger="every 2s"' in page  # HTMX polls while it runs
    fragment = client.get(PAGE, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith("<section") and "25.0 %" in fragment.replace(",", ".")

    MatchRun.objects.filter(pk=running.pk).update(status=MatchRun.Status.FAILED, stage=MatchRun.Stage.FINISHED, error="Kapot")
    fragment = client.get(PAGE, headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in fragment and 'role="status"' in fragment
    assert "Matchrun %d is mislukt. Kapot" % running.pk in fragment


def test_the_page_refuses_bad_input_with_a_message_per_field(client, make_user, settings):
    settings.LOKET_DASK_SCHEDULER = ""
    client.force_login(make_user(role=Role.ANALYST, email="analist@example.nl"))
    response = client.post(PAGE, {"workers": 0, "limit": 1000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Controleer het formulier." in page and "Er is niets opgeslagen." in page
    assert MatchRun.objects.count() == 0


def test_the_api_checks_input_and_refuses_a_second_run(client, make_user, settings):
    settings.LOKET_DASK_SCHEDULER = ""
    client.force_login(make_user(role=Role.ANALYST, email="analist@example.nl"))
    response = client.post(API, {"limit": 0}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "limit", "message": "te klein"}]
    running = MatchRun.objects.create(status=MatchRun.Status.RUNNING)
    response = client.post(API, {}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["detail"] == "Er loopt al een matchrun. Wacht tot die klaar is."
    status = client.get(f"{API}/{running.pk}").json()
    assert status["status"] == "running" and status["stage_label"] == "Wacht op start"
    assert client.get(f"{API}/999999").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_start_from_the_page_and_from_the_api_then_read_the_outcome(client, sample_taxonomy, make_user, on_test_cluster):
    from .conftest import World

    populate(World(make_user))
    client.force_login(make_user(role=Role.ANALYST, email="analist@example.nl"))

    response = client.post(PAGE, {"limit": 5})
    assert response.status_code == 302
    run = MatchRun.objects.get()
    runs.wait(run.pk, timeout=120)
    page = client.get(PAGE).content.decode()
    assert "Matchrun %d is gestart." % run.pk in page
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and run.limit == 5 and run.started_by.email == "analist@example.nl"

    response = client.post(API, {"limit": 10}, content_type="application/json")
    assert response.status_code == 202
    started = response.json()
    assert started["status"] == "queued" and started["limit"] == 10
    runs.wait(started["id"], timeout=120)
    status = client.get(f"{API}/{started['id']}").json()
    assert status["status"] == "done" and status["done"] == status["total"] == status["persons"] == 4
    assert status["people_with_good_match"] >= 1 and status["result_file"] == f"run-{started['id']}.npz"
    assert [r["id"] for r in client.get(API).json()] == [started["id"], run.pk]


def test_profiles_in_bulk_are_the_engines_profiles():
    _space, people, _vacancies, _places = random_world(5, n_people=50)
    rows = [0, 7, 49, 7]
    for row, profile in zip(rows, batch.person_profiles(people, rows)):
        expected = people.profile(row)
        assert profile.skills.tolist() == expected.skills.tolist()
        assert profile == engine.PersonProfile(**{**expected.__dict__, "skills": profile.skills})


# --------------------------------------------------------------------------- reading the index in bulk


def test_bulk_reading_gives_every_row_with_null_as_minus_one(world):
    from loket.matching.index import read_int_columns
    from loket.passport.models import Passport, PassportSkill

    populate(world)
    Passport.objects.filter(user__email="piet@example.nl").update(home_municipality=None)
    passports = sorted(Passport.objects.values_list("id", "home_municipality_id"), reverse=True)

    ids, homes = read_int_columns(
        "SELECT id, home_municipality_id FROM passport_passport WHERE id >= %s ORDER BY id DESC", [0], ordered=True
    )

    assert list(zip(ids.tolist(), homes.tolist())) == [(i, -1 if h is None else h) for i, h in reversed(passports)]
    held, skill = read_int_columns("SELECT passport_id, skill_id FROM passport_passportskill")
    assert sorted(zip(held.tolist(), skill.tolist())) == sorted(PassportSkill.objects.values_list("passport_id", "skill_id"))
    assert held.dtype == np.int64
    empty = read_int_columns("SELECT id, id, id FROM passport_passport WHERE id < 0", columns=3)
    assert [column.size for column in empty] == [0, 0, 0]


def test_the_index_reads_wished_sectors_for_the_right_people(world):
    from loket.matching.index import sector_mask
    from loket.passport.models import Passport

    populate(world)
    world.person("bouw@example.nl", [], sectors=["F", "C"])
    world.person("zorg@example.nl", [], sectors=["Q"])
    people = build_index().people
    masks = {int(i): int(m) for i, m in zip(people.ids, people.sector_mask)}
    by_email = dict(Passport.objects.values_list("user__email", "id"))
    assert masks[by_email["bouw@example.nl"]] == sector_mask(["C", "F"]) != 0
    assert masks[by_email["zorg@example.nl"]] == sector_mask(["Q"])
    assert masks[by_email["sanne@example.nl"]] == 0


# --------------------------------------------------------------------------- the engine's fast paths at provincial scale


def test_weighted_row_sums_add_exactly_as_bincount_did():
    from scipy import sparse

    rng = np.random.default_rng(4)
    matrix = sparse.random(300, 5000, density=0.02, format="csr", dtype=np.float32, random_state=5)
    for rows in ([], [7], [3, 3, 250, 0, 299], rng.integers(0, 300, 120)):
        weights = rng.random(len(rows))
        rows = np.asarray(rows, dtype=np.int64)
        expected = np.zeros(5000)
        if rows.size:
            columns = np.concatenate([matrix.indices[matrix.indptr[r] : matrix.indptr[r + 1]] for r in rows])
            values = np.concatenate([matrix.data[matrix.indptr[r] : matrix.indptr[r + 1]] * w for r, w in zip(rows, weights)])
            expected = np.bincount(columns, weights=values, minlength=5000)
        assert np.array_equal(engine._weighted_row_sum(matrix, rows, weights, 5000), expected)


@pytest.mark.parametrize("seed", range(4))
def test_candidates_checked_best_first_are_the_candidates_of_a_full_check(seed, monkeypatch):
    space, people, vacancies, places = random_world(seed, n_people=3000, n_vacancies=60)
    requirements = [engine.VacancyProfile(
        skills=vacancies.by_skill[:, j].nonzero()[0],
        essential=np.ones(vacancies.by_skill[:, j].nnz, dtype=bool),
        kind=int(vacancies.kind[j]) % 3,  # skills vacancies only: open hiring never takes the shortcut
        municipality=int(vacancies.municipality[j]),
        level=int(vacancies.level[j]),
        hours_min=int(vacancies.hours_min[j]),
        hours_max=int(vacancies.hours_max[j]),
        sector=int(vacancies.sector[j]),
    ) for j in range(60)]  # fmt: skip
    fast = [engine.people_for_vacancy(space, people, places, v, limit=5) for v in requirements]
    monkeypatch.setattr(engine, "_best_first", lambda candidates, *args: candidates)
    full = [engine.people_for_vacancy(space, people, places, v, limit=5) for v in requirements]
    for a, b in zip(fast, full):
        assert a.positions.tolist() == b.positions.tolist()
        assert np.array_equal(a.scores, b.scores) and np.array_equal(a.distance_km, b.distance_km, equal_nan=True)
    assert sum(len(a) for a in fast) > 150
