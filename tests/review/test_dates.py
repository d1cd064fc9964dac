import datetime as dt

import pytest

from generator.review.dates import State, add_months, days_left, review_state

D = dt.date


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (D(2025, 9, 1), 12, D(2026, 9, 1)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 11, 15), 3, D(2026, 2, 15)),
        (D(2025, 3, 31), 6, D(2025, 9, 30)),
        (D(2025, 5, 10), 24, D(2027, 5, 10)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_days_left_is_negative_when_overdue():
    assert days_left(D(2026, 3, 1), D(2026, 3, 2)) == -1
    assert days_left(D(2026, 3, 12), D(2026, 3, 2)) == 10


@pytest.mark.parametrize(
    "next_review, recorded, expected",
    [
        (D(2026, 3, 1), True, State.OVERDUE),  # yesterday
        (D(2026, 3, 1), False, State.OVERDUE),  # overdue wins over never recorded
        (D(2026, 3, 2), True, State.DUE_SOON),  # due today: not yet overdue
        (D(2026, 5, 1), True, State.DUE_SOON),  # 60 days: the edge of "soon"
        (D(2026, 5, 2), True, State.OK),  # 61 days
        (D(2026, 5, 2), False, State.NEVER_RECORDED),
        (None, False, State.NEVER_RECORDED),
    ],
)
def test_review_state(next_review, recorded, expected):
    assert review_state(next_review, recorded=recorded, today=D(2026, 3, 2), within=60) is expected


def test_within_changes_what_counts_as_due_soon():
    assert review_state(D(2026, 3, 20), recorded=True, today=D(2026, 3, 2), within=7) is State.OK
    assert review_state(D(2026, 3, 20), recorded=True, today=D(2026, 3, 2), within=30) is State.DUE_SOON


def test_states_are_ranked_worst_first():
    assert sorted([State.OK, State.OVERDUE, State.NEVER_RECORDED, State.DUE_SOON], key=lambda s: s.rank) == [
        State.OVERDUE, State.DUE_SOON, State.NEVER_RECORDED, State.OK,
    ]
