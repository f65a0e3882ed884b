"""The fund's plain rules, alone: payment order, priority lottery, eligibility, payout parts, refunds, caps."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.fund import rules

TODAY = date(2026, 6, 1)
percent = st.integers(min_value=0, max_value=100)
cents = st.integers(min_value=1, max_value=10_000_000)


def person(**facts):
    facts.setdefault("id", 1)
    facts.setdefault("municipality_code", "GM0361")
    facts.setdefault("region_code", "AM15")
    facts.setdefault("birth_date", date(1980, 6, 2))
    return rules.Person(**facts)


def test_eligibility_by_municipality_region_target_group_and_age():
    sanne = person(target_groups=("job_seeker",))
    assert rules.ineligibility({}, sanne, TODAY) is None
    assert rules.ineligibility({"municipalities": ["GM0363"]}, sanne, TODAY) == "Alleen voor inwoners van bepaalde gemeenten."
    assert rules.is_eligible({"municipalities": ["GM0361"], "regions": ["AM15"]}, sanne, TODAY)
    assert "arbeidsmarktregio" in rules.ineligibility({"regions": ["AM12"]}, sanne, TODAY)
    assert "doelgroep" in rules.ineligibility({"target_groups": ["side_entrant"]}, sanne, TODAY)
    # 45 on 1 June 2026, 46 the day after: the birthday counts.
    assert rules.is_eligible({"age_max": 45}, sanne, TODAY)
    assert not rules.is_eligible({"age_max": 45}, sanne, date(2026, 6, 2))
    assert rules.ineligibility({"age_min": 46}, sanne, TODAY) == "Jonger dan 46 jaar, de ondergrens van dit budget."
    assert "geboortedatum" in rules.ineligibility({"age_min": 18}, person(birth_date=None), TODAY)


def test_someone_without_a_home_municipality_does_not_meet_a_residence_rule():
    assert not rules.is_eligible({"regions": ["AM15"]}, person(municipality_code=None, region_code=None), TODAY)


def test_payment_order_vouchers_then_soonest_ending_credit_then_lowest_co_payment_then_id():
    options = {
        "credit late": rules.payment_sort_key(is_voucher=False, expires_on=date(2027, 1, 1), co_payment_percent=0, budget_id=1),
        "credit soon, 10%": rules.payment_sort_key(is_voucher=False, expires_on=date(2026, 12, 31), co_payment_percent=10, budget_id=2),
        "credit soon, 0%": rules.payment_sort_key(is_voucher=False, expires_on=date(2026, 12, 31), co_payment_percent=0, budget_id=9),
        "credit soon, 0%, lower id": rules.payment_sort_key(is_voucher=False, expires_on=date(2026, 12, 31), co_payment_percent=0, budget_id=3),
        "voucher late": rules.payment_sort_key(is_voucher=True, expires_on=date(2027, 3, 1), co_payment_percent=0, budget_id=5),
        "voucher soon": rules.payment_sort_key(is_voucher=True, expires_on=date(2026, 7, 1), co_payment_percent=50, budget_id=6),
    }
    assert sorted(options, key=options.get) == [
        "voucher soon", "voucher late", "credit soon, 0%, lower id", "credit soon, 0%", "credit soon, 10%", "credit late",
    ]  # fmt: skip


def test_the_explanation_names_the_budget_its_end_and_the_co_payment():
    text = rules.payment_explanation(is_voucher=False, budget_name="Leerrekening NH", expires_on=date(2026, 12, 31), co_payment_percent=10, first=True)
    assert text.startswith("Dit betaalt als eerste.")
    assert "Leerrekening NH" in text and "31-12-2026" in text and "10%" in text


def test_priority_goes_by_the_budgets_rules_in_order_then_a_lottery_not_the_order_of_applying():
    low = person(id=1, education_level=2)
    seeker = person(id=2, education_level=4, target_groups=("job_seeker",))
    both = person(id=3, education_level=None, target_groups=("job_seeker",))
    neither = person(id=4, education_level=5)
    ranked = rules.rank([neither, seeker, low, both], ["job_seeker", "low_educated"], seed="7")
    assert [p.id for p in ranked] == [3, 2, 1, 4]
    ranked = rules.rank([neither, seeker, low, both], ["low_educated", "job_seeker"], seed="7")
    assert [p.id for p in ranked] == [3, 1, 2, 4]


@given(st.lists(st.integers(min_value=1, max_value=10_000), min_size=2, max_size=30, unique=True), st.integers(min_value=1, max_value=999))
def test_the_lottery_does_not_depend_on_the_order_people_arrive(ids, budget_id):
    seed = rules.lottery_seed(budget_id, {}, 50_000)
    people = [person(id=i, education_level=5) for i in ids]
    forward = [p.id for p in rules.rank(people, ["low_educated"], seed)]
    backward = [p.id for p in rules.rank(list(reversed(people)), ["low_educated"], seed)]
    assert forward == backward
    assert forward == sorted(ids, key=lambda i: rules.lottery_number(seed, i))


def test_the_lottery_number_is_the_published_sha256_of_budget_rule_and_amount():
    import hashlib

    seed = rules.lottery_seed(3, {"municipalities": ["GM0363", "GM0361"], "age_min": 18}, 50_000)
    assert seed == '3:{"age_min":18,"municipalities":["GM0361","GM0363"]}:50000'
    assert rules.lottery_number(seed, 14) == hashlib.sha256(f"{seed}:14".encode()).hexdigest()
    # The same round's parameters give the same draw, whatever order the codes were typed in; another amount another.
    assert rules.lottery_seed(3, {"age_min": 18, "municipalities": ["GM0361", "GM0363"]}, 50_000) == seed
    assert rules.lottery_seed(3, {"municipalities": ["GM0363", "GM0361"], "age_min": 18}, 40_000) != seed


def test_served_takes_as_many_as_the_money_allows_in_rank_order():
    people = [person(id=i, education_level=5 if i % 2 else 1) for i in range(1, 7)]
    ranked, served = rules.served(people, ["low_educated"], 1, amount_cents=1000, available_cents=3500)
    assert len(served) == 3
    assert served == {p.id for p in ranked[:3]} == {2, 4, 6}


def test_payout_parts_for_a_known_case():
    parts = rules.payout_parts(100_001, 30, 75)
    assert parts.start == 30_000  # floor(100001 * 0.30)
    assert parts.completion == 52_500  # floor(70001 * 0.75)
    assert parts.voided == 17_501


@given(cents, percent, percent)
def test_payout_parts_never_exceed_and_always_add_up_to_the_held_amount(net, start_percent, attendance):
    parts = rules.payout_parts(net, start_percent, attendance)
    assert parts.total == net
    assert min(parts.start, parts.completion, parts.voided) >= 0
    assert parts.start == net * start_percent // 100
    if attendance == 100:
        assert parts.voided == 0


def test_keep_start_part_returns_what_is_still_held():
    split = rules.stop_split("keep_start_part", net_cents=10_000, paid_cents=3_000, held_cents=7_000)
    assert (split.post, split.void, split.refund) == (0, 7_000, 0)


def test_pro_rata_pays_more_or_refunds_the_difference():
    more = rules.stop_split("pro_rata_attendance", net_cents=10_000, paid_cents=3_000, held_cents=7_000, attendance_percent=50)
    assert (more.post, more.void, more.refund) == (2_000, 5_000, 0)
    back = rules.stop_split("pro_rata_attendance", net_cents=10_000, paid_cents=10_000, held_cents=0, attendance_percent=25)
    assert (back.post, back.void, back.refund) == (0, 0, 7_500)
    with pytest.raises(ValueError):
        rules.stop_split("pro_rata_attendance", net_cents=10_000, paid_cents=0, held_cents=10_000)


@given(cents, percent, percent, st.sampled_from(["keep_start_part", "pro_rata_attendance"]))
def test_a_stop_after_start_accounts_for_every_cent(net, start_percent, attendance, rule):
    paid = net * start_percent // 100
    held = net - paid
    split = rules.stop_split(rule, net_cents=net, paid_cents=paid, held_cents=held, attendance_percent=attendance)
    assert min(split.post, split.void, split.refund) >= 0
    assert split.post + split.void == held  # the hold is settled exactly
    assert split.refund <= paid
    provider_keeps = paid + split.post - split.refund
    if rule == "pro_rata_attendance":
        assert provider_keeps == net * attendance // 100
    else:
        assert provider_keeps == paid
    assert 0 <= provider_keeps <= net


def test_caps():
    assert rules.within_cap(None, 10**9, 1)
    assert rules.within_cap(1000, 600, 400)
    assert not rules.within_cap(1000, 601, 400)


@given(st.integers(min_value=0, max_value=10**8), percent)
def test_co_payment_rounds_up_so_the_fund_never_pays_more_than_its_share(price, pct):
    co = rules.co_payment_cents(price, pct)
    assert 0 <= co <= price
    assert (price - co) * 100 <= price * (100 - pct)
