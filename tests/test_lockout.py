"""The admin password's lock-out, on an injected clock (no sleeps)."""

from __future__ import annotations

import pytest

from assistant.lockout import WRONG, PasswordGate
from assistant.web_input import UserError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def refused(gate: PasswordGate, given: str, client: str = "10.0.0.1") -> str:
    with pytest.raises(UserError) as caught:
        gate.check(given, "s3cret", client)
    return str(caught.value)


def test_five_wrong_passwords_in_a_minute_lock_the_client_out_for_a_minute() -> None:
    clock = Clock()
    gate = PasswordGate(clock=clock)
    for _ in range(4):
        assert refused(gate, "guess") == WRONG
        clock.now += 1
    fifth = refused(gate, "guess")
    assert fifth.startswith(WRONG) and "5 wrong in 60 s" in fifth and "try again in 60 s" in fifth
    # locked: the right password too, with the time left counting down
    clock.now += 20
    assert "try again in 40 s" in refused(gate, "s3cret")
    assert "try again in 40 s" in refused(gate, "guess")  # a try while locked adds no time
    gate.check("s3cret", "s3cret", "10.0.0.2")  # another client is not locked out
    clock.now += 40
    gate.check("s3cret", "s3cret", "10.0.0.1")  # a minute later the right password works


def test_failures_count_within_the_window_and_a_success_clears_them() -> None:
    clock = Clock()
    gate = PasswordGate(clock=clock)
    for _ in range(4):
        refused(gate, "guess")
    clock.now += 61  # those four are older than the window
    for _ in range(4):
        assert refused(gate, "guess") == WRONG
    gate.check("s3cret", "s3cret", "10.0.0.1")
    for _ in range(4):
        assert refused(gate, "guess") == WRONG  # counted from zero again
    assert "try again" in refused(gate, "")  # a missing password is a wrong one


def test_no_password_set_means_no_check_and_odd_text_is_just_wrong() -> None:
    gate = PasswordGate(clock=Clock())
    gate.check("anything", "", "10.0.0.1")
    assert refused(gate, "\ud800\x00") == WRONG  # an unpaired surrogate is not a crash
