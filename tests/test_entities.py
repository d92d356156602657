import pytest

from factcheck.entities import join_surnames, normalise


@pytest.mark.parametrize(("mention", "label", "key"), [
    ("Mr. Putin", "PERSON", "putin"),
    ("Vladimir V. Putin", "PERSON", "vladimir putin"),
    ("President Vladimir V. Putin", "PERSON", "vladimir putin"),
    ("Putin’s", "PERSON", "putin"),
    ("NATO Secretary General Mark Rutte", "PERSON", "mark rutte"),
    ("Secretary General", "PERSON", ""),
    ("Russia", "GPE", "russia"),
    ("Russian", "NORP", "russia"),
    ("Russians", "NORP", "russia"),
    ("Moscow", "GPE", "russia"),
    ("the United States", "GPE", "united states"),
    ("U.S.", "GPE", "united states"),
    ("the European Union", "ORG", "european union"),
    ("Washington", "GPE", "washington"),  # a city, a state and a surname: left alone
    ("U.N.", "ORG", "united nations"),
    ("the United Nations", "ORG", "united nations"),
    ("President Volodymyr Zelenskyy", "PERSON", "volodymyr zelensky"),  # AP's spelling, the Times's key
    ("Zelensky", "PERSON", "zelensky"),
    ("Moammar Gadhafi", "PERSON", "moammar gaddafi"),
    ("Billy King", "PERSON", "billy king"),  # a surname that is also a title
    ("John Major", "PERSON", "john major"),
    ("King Charles", "PERSON", "charles"),
    ("Martin Luther King Jr.", "PERSON", "martin luther king jr"),
    ("Donald Trump Jr.", "PERSON", "donald trump jr"),  # not his father
    ("John S. Pritchard 3rd", "PERSON", "john pritchard 3rd"),
    ("Saudi King", "PERSON", ""),
])
def test_normalise(mention, label, key):
    assert normalise(mention, label) == key


def test_surname_joins_the_only_full_name():
    assert join_surnames({"putin", "trump"}, {"vladimir putin", "putin", "trump"}) == {"putin": "vladimir putin"}


def test_shared_surname_is_not_merged():
    assert join_surnames({"biden"}, {"joe biden", "hunter biden"}) == {}


def test_a_surname_joins_a_full_name_with_a_generational_suffix_but_not_father_and_son():
    assert join_surnames({"comeaux"}, {"arcade joseph comeaux jr"}) == {"comeaux": "arcade joseph comeaux jr"}
    assert join_surnames({"trump"}, {"donald trump", "donald trump jr"}) == {}
