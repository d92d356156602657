import pytest

from factcheck.numbers import mismatch, quantities


@pytest.mark.parametrize(("text", "expected"), [
    ("a 30-day cease-fire", {"day": {30.0}}),
    ("the share doubled to 50 percent", {"percent": {50.0}}),
    ("rose 25% last year", {"percent": {25.0}}),
    ("$4.5 billion in aid", {"$": {4.5e9}}),
    ("three men met in 2019", {"men": {3.0}}),
    ("more than 1,200 troops", {"troop": {1200.0}}),
    ("in June 2021 in Geneva", {}),
    ("served four and a half months", {"month": {4.5}}),  # LaRue's sentence, against "five months"
    ("served 4½ months", {"month": {4.5}}),
])
def test_quantities(text, expected):
    assert quantities(text) == expected


def test_mismatch_needs_the_same_unit_and_no_shared_value():
    assert mismatch("The share doubled to 50 percent.", "The share is 25 percent.") == ("percent", {50.0}, {25.0})
    assert mismatch("A 30-day truce.", "A 30-day truce, and 40 percent more aid.") is None
    assert mismatch("12 people died.", "Police said 12 people died and 3 were hurt.") is None
    assert mismatch("Three men met.", "The meeting lasted 3 hours.") is None
