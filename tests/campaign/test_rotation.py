"""The weekly rotation through the hamlets (plan 67 III.4.d), checked as properties of the pure planner."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hocvuso.campaign.services.rotation import RotationPlan, plan_rotation, week_of

START = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=400).map(lambda n: START + timedelta(days=n))
orders = st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=8, unique=True)


def plan(order: list[int], start: date, end: date, *, weekday: int = 6, index: int = 0, **kw: object) -> RotationPlan:
    return plan_rotation(
        hamlet_order=order,
        weekday=weekday,
        start_time=time(8, 0),
        minutes=90,
        places={h: f"Nhà văn hóa {h}" for h in order},
        start=start,
        end=end,
        next_hamlet_index=index,
        **kw,  # type: ignore[arg-type]
    )


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, date, date]:
    """Two consecutive periods: start..middle and middle+1..end."""
    start = draw(days)
    middle = start + timedelta(days=draw(st.integers(min_value=0, max_value=100)))
    end = middle + timedelta(days=draw(st.integers(min_value=1, max_value=100)))
    return start, middle, end


@given(
    order=orders,
    weekday=st.integers(0, 6),
    span=periods(),
    holidays=st.sets(days, max_size=40),
    index=st.integers(0, 20),
)
@settings(max_examples=200, deadline=None)
def test_generating_two_periods_one_after_the_other_equals_generating_both_at_once(
    order: list[int], weekday: int, span: tuple[date, date, date], holidays: set[date], index: int
) -> None:
    start, middle, end = span
    first = plan(order, start, middle, weekday=weekday, index=index, holidays=holidays)
    second = plan(
        order, middle + timedelta(days=1), end, weekday=weekday, index=first.next_hamlet_index, holidays=holidays
    )
    both = plan(order, start, end, weekday=weekday, index=index, holidays=holidays)
    assert first.sessions + second.sessions == both.sessions
    assert second.next_hamlet_index == both.next_hamlet_index


@given(
    order=orders,
    weekday=st.integers(0, 6),
    start=days,
    k=st.integers(1, 4),
    index=st.integers(0, 20),
    holidays=st.sets(days, max_size=40),
    offset=st.integers(0, 30),
)
@settings(max_examples=200, deadline=None)
def test_over_any_run_of_k_times_n_sessions_each_hamlet_gets_exactly_k(
    order: list[int], weekday: int, start: date, k: int, index: int, holidays: set[date], offset: int
) -> None:
    sessions = plan(order, start, start + timedelta(days=800), weekday=weekday, index=index, holidays=holidays).sessions
    run = sessions[offset : offset + k * len(order)]
    if len(run) == k * len(order):
        assert Counter(s.hamlet_id for s in run) == dict.fromkeys(order, k)


@given(
    order=orders,
    weekday=st.integers(0, 6),
    span=periods(),
    holidays=st.sets(days, max_size=60),
    taken=st.sets(days, max_size=30),
)
@settings(max_examples=200, deadline=None)
def test_no_session_on_a_holiday_or_a_taken_day_at_most_one_a_week_all_within_the_period(
    order: list[int], weekday: int, span: tuple[date, date, date], holidays: set[date], taken: set[date]
) -> None:
    start, _middle, end = span
    sessions = plan(order, start, end, weekday=weekday, holidays=holidays, taken=taken).sessions
    assert all(s.day not in holidays and s.day not in taken for s in sessions)
    weeks = [week_of(s.day) for s in sessions]
    assert len(weeks) == len(set(weeks))
    assert all(start <= s.day <= end for s in sessions)
    assert all(s.day.weekday() >= weekday for s in sessions)  # moved later in its week, never earlier


def test_a_sunday_session_on_a_holiday_is_skipped_and_a_saturday_one_moves_to_sunday() -> None:
    # 2025: Sunday 27 April is a working Sunday, but 30 April / 1 May are holidays (Wednesday/Thursday).
    wed = plan([1, 2], date(2025, 4, 28), date(2025, 5, 4), weekday=2, holidays={date(2025, 4, 30), date(2025, 5, 1)})
    assert [s.day for s in wed.sessions] == [date(2025, 5, 2)]  # moved to Friday of the same week
    sun = plan([1, 2], date(2025, 8, 31), date(2025, 8, 31), weekday=6, holidays={date(2025, 8, 31)})
    assert sun.sessions == [] and sun.next_hamlet_index == 0


def test_hamlets_take_turns_in_order_with_their_places_times_and_lengths() -> None:
    result = plan([7, 3, 5], date(2025, 3, 1), date(2025, 3, 31), index=2)  # Sundays 2, 9, 16, 23, 30
    assert [(s.day.day, s.hamlet_id) for s in result.sessions] == [(2, 5), (9, 7), (16, 3), (23, 5), (30, 7)]
    assert result.next_hamlet_index == 1
    first = result.sessions[0]
    assert (first.starts_at.hour, first.ends_at - first.starts_at, first.place) == (
        8,
        timedelta(minutes=90),
        "Nhà văn hóa 5",
    )


def test_a_kept_generated_session_keeps_its_week_and_uses_its_turn() -> None:
    result = plan([1, 2, 3], date(2025, 3, 1), date(2025, 3, 23), kept_generated={date(2025, 3, 9)})
    assert [(s.day.day, s.hamlet_id) for s in result.sessions] == [(2, 1), (16, 3), (23, 1)]
    assert result.next_hamlet_index == 1  # four turns used, the kept one included


def test_a_kept_session_of_the_week_before_the_period_blocks_that_week_only() -> None:
    # Week of Monday 27 January 2025: its session was held on Saturday 1 February (generated with January).
    result = plan([1, 2], date(2025, 2, 1), date(2025, 2, 9), weekday=5, kept_generated={date(2025, 2, 1)})
    assert [s.day for s in result.sessions] == [date(2025, 2, 8)]


def test_a_commune_without_hamlets_gets_commune_wide_sessions() -> None:
    result = plan_rotation(
        hamlet_order=[],
        weekday=6,
        start_time=time(8),
        minutes=60,
        places={0: "Hội trường UBND"},
        start=date(2025, 3, 1),
        end=date(2025, 3, 10),
    )
    assert [(s.hamlet_id, s.place) for s in result.sessions] == [(None, "Hội trường UBND"), (None, "Hội trường UBND")]
