"""The Actiescan's questionnaire, scoring, advice and radar geometry: plain data, no database."""

import pytest

from loket.ecosystem import actiescan


def statements(version=actiescan.VERSION):
    return {d.code: [s.code for s in d.statements] for d in actiescan.questionnaire(version)}


def answers_by_dimension(rows):
    """{dimension: [answers in statement order]} → {statement code: answer}."""
    codes = statements()
    return {code: value for dimension, values in rows.items() for code, value in zip(codes[dimension], values, strict=True)}


def all_answers(value):
    return {code: value for codes in statements().values() for code in codes}


def test_the_questionnaire_has_the_six_dimensions_each_with_four_to_six_statements_and_advice():
    dimensions = actiescan.questionnaire()
    assert [d.code for d in dimensions] == ["ambitie", "partners", "leren", "organisatie", "financiering", "impact"]
    assert [str(d.label) for d in dimensions] == [
        "Gedeelde ambitie", "Partners (triple helix)", "Samen leren en innoveren", "Organisatie", "Financiering", "Impact",
    ]  # fmt: skip
    codes = [s.code for d in dimensions for s in d.statements]
    assert len(codes) == len(set(codes))
    for dimension in dimensions:
        assert 4 <= len(dimension.statements) <= 6
        for statement in dimension.statements:
            assert str(statement.text).strip() and str(statement.advice).strip()
            assert str(statement.advice) != str(statement.text)


def test_the_learning_community_of_the_htsm_agenda_is_in_the_statements():
    texts = " ".join(str(s.text) for d in actiescan.questionnaire() for s in d.statements)
    # "In een Learning community: ontwikkelen partners samen innovatieve oplossingen; vertalen zij ervaringen naar een
    # actueel onderwijsaanbod; trainen zij werkenden; wisselen zij doorlopend inzicht en ervaring uit."
    for phrase in ("samen innovatieve oplossingen", "actueel onderwijsaanbod", "Werkenden worden getraind", "doorlopend inzicht en ervaring"):
        assert phrase in texts


def test_scores_rescale_the_mean_answer_to_0_to_100():
    assert actiescan.rescale(1) == 0
    assert actiescan.rescale(3) == 50
    assert actiescan.rescale(5) == 100
    assert actiescan.rescale(3.5) == 62.5
    assert actiescan.score(all_answers(1)) == dict.fromkeys(actiescan.DIMENSION_ORDER, 0)
    assert actiescan.score(all_answers(5)) == dict.fromkeys(actiescan.DIMENSION_ORDER, 100)


def test_each_dimension_scores_the_mean_of_its_own_statements():
    answers = answers_by_dimension({
        "ambitie": [5, 5, 5, 5, 5], "partners": [1, 2, 3, 4, 5], "leren": [2, 2, 2, 2, 2, 3],
        "organisatie": [4, 4, 4, 4, 3], "financiering": [1, 1, 1, 1, 2], "impact": [3, 3, 3, 3, 3],
    })  # fmt: skip
    scores = actiescan.score(answers)
    assert scores == {"ambitie": 100, "partners": 50, "leren": 29.2, "organisatie": 70, "financiering": 5, "impact": 50}
    assert actiescan.overall(scores) == pytest.approx((100 + 50 + 29.2 + 70 + 5 + 50) / 6, abs=0.05)


def test_overall_weighs_every_dimension_the_same_and_is_empty_without_scores():
    assert actiescan.overall({"ambitie": 100, "impact": 0}) == 50
    assert actiescan.overall({}) is None


def test_answers_may_come_as_text_from_a_form():
    answers = {code: str(value) for code, value in all_answers(4).items()}
    assert set(actiescan.score(answers).values()) == {75}


def test_missing_answers_are_refused_with_a_dutch_message_naming_them():
    answers = all_answers(3)
    del answers["A2"], answers["F4"]
    answers["I1"] = ""
    with pytest.raises(actiescan.InvalidAnswers) as raised:
        actiescan.score(answers)
    error = raised.value
    assert error.missing == ["A2", "F4", "I1"]
    assert "Beantwoord elke stelling" in str(error) and "A2, F4, I1" in str(error)
    problems = dict(error.problems)
    assert problems["A2"].startswith("Nog niet beantwoord: A2") and "maatschappelijke uitdaging" in problems["A2"]


@pytest.mark.parametrize("value", [0, 6, -1, "7", "drie", 2.5, True, None, [3]])
def test_answers_outside_1_to_5_are_refused(value):
    answers = all_answers(3)
    answers["P3"] = value
    with pytest.raises(actiescan.InvalidAnswers) as raised:
        actiescan.validate(answers)
    if value is None:
        assert raised.value.missing == ["P3"]
    else:
        assert [code for code, _value in raised.value.out_of_range] == ["P3"]
        assert "van 1 tot en met 5" in dict(raised.value.problems)["P3"]


def test_unknown_statements_are_refused():
    answers = all_answers(3) | {"Z9": 3}
    with pytest.raises(actiescan.InvalidAnswers) as raised:
        actiescan.validate(answers)
    assert raised.value.unknown == ["Z9"] and "Z9" in str(raised.value)


def test_nothing_at_all_names_every_statement():
    with pytest.raises(actiescan.InvalidAnswers) as raised:
        actiescan.validate({})
    assert raised.value.missing == [code for codes in statements().values() for code in codes]
    with pytest.raises(actiescan.InvalidAnswers):
        actiescan.validate("niet eens een woordenboek")


def test_advice_only_for_dimensions_below_the_threshold_weakest_first():
    answers = answers_by_dimension({
        "ambitie": [4, 4, 4, 4, 4], "partners": [3, 3, 3, 3, 3], "leren": [3, 3, 2, 3, 3, 3],
        "organisatie": [4, 4, 4, 4, 4], "financiering": [1, 2, 1, 3, 2], "impact": [4, 3, 3, 3, 3],
    })  # fmt: skip
    scores = actiescan.score(answers)
    assert scores["partners"] == 50 and scores["leren"] < 50 and scores["financiering"] < scores["leren"]
    advice = actiescan.advice(answers, scores)
    assert [item["dimension"] for item in advice] == ["financiering", "leren"]  # 50 itself is not low
    assert advice[0]["label"] == "Financiering" and advice[0]["score"] == scores["financiering"]


def test_advice_names_the_weakest_statements_with_their_own_advice():
    answers = answers_by_dimension({
        "ambitie": [5, 5, 5, 5, 5], "partners": [5, 5, 5, 5, 5], "leren": [5, 5, 5, 5, 5, 5],
        "organisatie": [5, 5, 5, 5, 5], "financiering": [2, 1, 3, 1, 2], "impact": [5, 5, 5, 5, 5],
    })  # fmt: skip
    [item] = actiescan.advice(answers, actiescan.score(answers))
    # Lowest answers first (F2 and F4 gave 1), then F1 (2) before F5 (2) in questionnaire order; at most three.
    assert [s["code"] for s in item["statements"]] == ["F2", "F4", "F1"]
    texts = {s.code: s for d in actiescan.questionnaire() for s in d.statements}
    assert item["statements"][0]["advice"] == str(texts["F2"].advice)
    assert item["statements"][0]["answer"] == 1 and item["statements"][0]["answer_label"] == "helemaal niet"
    assert item["statements"][2]["text"] == str(texts["F1"].text)
    assert "Maak nu een plan voor na de subsidie" in item["statements"][2]["advice"]


def test_advice_leaves_out_statements_answered_at_or_above_the_middle():
    answers = all_answers(5) | answers_by_dimension({"organisatie": [1, 3, 3, 4, 5]})
    [item] = actiescan.advice(answers, {"organisatie": 20})
    assert [s["code"] for s in item["statements"]] == ["O1"]


def test_no_advice_when_every_dimension_is_at_least_fifty():
    answers = all_answers(3)
    assert actiescan.advice(answers, actiescan.score(answers)) == []


def test_a_scan_of_a_version_no_longer_known_gets_dimension_advice_without_statements():
    advice = actiescan.advice({"X1": 1}, {"impact": 10, "ambitie": 90}, version="2019.9")
    assert advice == [{"dimension": "impact", "label": "Impact", "score": 10, "statements": []}]
    with pytest.raises(actiescan.UnknownVersion):
        actiescan.questionnaire("2019.9")


def test_the_questionnaire_as_plain_data():
    plain = actiescan.as_plain()
    assert plain["version"] == actiescan.VERSION
    assert [item["value"] for item in plain["scale"]] == [1, 2, 3, 4, 5]
    assert plain["scale"][0]["label"] == "helemaal niet" and plain["scale"][-1]["label"] == "helemaal wel"
    assert plain["low_score"] == 50
    assert plain["dimensions"][0]["statements"][0]["code"] == "A1"
    assert "ondertekend document" in plain["dimensions"][0]["statements"][0]["advice"]


def test_radar_draws_each_score_on_its_own_axis():
    chart = actiescan.radar([{"ambitie": 100, "partners": 0, "leren": 50, "organisatie": 100, "financiering": 0, "impact": 50}, {}])
    assert [axis["code"] for axis in chart["axes"]] == list(actiescan.DIMENSION_ORDER)
    cx, cy, radius = chart["cx"], chart["cy"], actiescan.RADAR_RADIUS
    latest, empty = chart["polygons"]
    assert latest["vertices"][0] == (cx, cy - radius)  # the first axis points up
    assert latest["vertices"][1] == (cx, cy)  # a zero sits in the centre
    assert latest["vertices"][3] == (cx, cy + radius)  # the fourth points down
    x, y = latest["vertices"][2]
    assert ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 == pytest.approx(radius / 2, abs=0.2)
    assert set(empty["vertices"]) == {(cx, cy)}
    assert [ring["value"] for ring in chart["rings"]] == [25, 50, 75, 100]
    assert latest["points"].count(",") == 6


def test_radar_clamps_scores_and_keeps_labels_inside_the_picture():
    chart = actiescan.radar([dict.fromkeys(actiescan.DIMENSION_ORDER, 250)])
    full = actiescan.radar([dict.fromkeys(actiescan.DIMENSION_ORDER, 100)])
    assert chart["polygons"][0]["vertices"] == full["polygons"][0]["vertices"]
    for axis in chart["axes"]:
        assert 0 < axis["label_x"] < chart["width"] and 0 < axis["label_y"] < chart["height"]
        assert len(axis["lines"]) in (1, 2)  # a label wraps onto two lines at most
