"""The two long-memory tasks: their sequences are what they claim, seeded, and match their stated baselines."""

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from core.tasks import N_SYMBOLS, TASKS


@settings(max_examples=40, deadline=None)
@given(length=st.integers(2, 200), batch=st.integers(1, 16), seed=st.integers(0, 10_000))
def test_adding_marks_exactly_two_one_in_each_half_and_target_is_their_sum(length, batch, seed):
    x, y = TASKS["adding"].sample(batch=batch, length=length, seed=seed)
    assert x.shape == (batch, length, 2) and y.shape == (batch,)
    values, marks = x[..., 0], x[..., 1]
    assert ((values >= 0) & (values <= 1)).all()
    assert (marks.sum(dim=1) == 2).all() and set(marks.unique().tolist()) <= {0.0, 1.0}
    half = length // 2
    assert (marks[:, :half].sum(dim=1) == 1).all() and (marks[:, half:].sum(dim=1) == 1).all()
    assert torch.allclose(y, (values * marks).sum(dim=1))


def test_adding_baseline_is_the_error_of_always_answering_one():
    task = TASKS["adding"]
    _, y = task.sample(batch=20_000, length=30, seed=1)
    mse_of_one = float(((y - 1.0) ** 2).mean())
    assert task.baseline == task.loss_baseline(30) == 1 / 6
    assert abs(mse_of_one - 1 / 6) < 0.01  # std error of the mean is ~0.0015
    assert abs(float(y.mean()) - 1.0) < 0.01  # and 1 is the best constant answer (the mean)


@settings(max_examples=30, deadline=None)
@given(length=st.integers(2, 120), seed=st.integers(0, 10_000))
def test_first_symbol_is_one_hot_and_target_is_the_first_symbol(length, seed):
    x, y = TASKS["first_symbol"].sample(batch=8, length=length, seed=seed)
    assert x.shape == (8, length, N_SYMBOLS) and y.dtype == torch.long
    assert (x.sum(dim=-1) == 1).all()
    assert torch.equal(x[:, 0].argmax(dim=-1), y)


def test_first_symbol_baseline_is_chance():
    task = TASKS["first_symbol"]
    _, y = task.sample(batch=40_000, length=5, seed=2)
    counts = torch.bincount(y, minlength=N_SYMBOLS).float() / y.numel()
    assert task.baseline == 1 / N_SYMBOLS
    assert float(counts.max()) < 1 / N_SYMBOLS + 0.01  # no symbol can be guessed better than chance
    assert abs(task.loss_baseline(5) - math.log(N_SYMBOLS)) < 1e-12


def test_samples_are_seeded():
    for task in TASKS.values():
        a, b, c = (task.sample(batch=4, length=12, seed=s) for s in (5, 5, 6))
        assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
        assert not torch.equal(a[0], c[0])


def test_solved_rule_counts_from_the_baseline():
    add, sym = TASKS["adding"], TASKS["first_symbol"]
    assert add.solved(0.016, 40, 0.1) and not add.solved(0.017, 40, 0.1)
    assert sym.solved(0.92, 40, 0.1) and not sym.solved(0.90, 40, 0.1)
    assert not add.solved(float("nan"), 40, 0.1)
