from factcheck.claims import extract_claims
from factcheck.records import Article


def _claims(text: str, nlp):
    art = Article(id="a.txt", title="", outlet=None, date=None, url=None, text=text, line_offset=0, content_hash="h")
    return extract_claims([art], nlp)[0]


def test_a_role_noun_stands_for_the_one_person_named_with_that_title_and_country(nlp):
    claims = _claims("President Vladimir V. Putin of Russia met envoys from Washington in Moscow on Tuesday.\n\n"
                     "The talks with Mr. Putin lasted five hours, officials in Moscow said on Wednesday.\n\n"
                     "The Russian leader said he was open to a cease-fire in Ukraine.\n\n"
                     "Mr. Trump started phone conversations with the Russian leader after coming to office.\n", nlp)
    by_start = {c.text.split()[0]: c for c in claims}
    leader = by_start["The"]
    assert leader.nli_text == "Vladimir V. Putin said he was open to a cease-fire in Ukraine."
    assert leader.speaker == "vladimir putin" and "vladimir putin" in leader.entities
    calls = by_start["Mr."]
    assert calls.nli_text == "Mr. Trump started phone conversations with Vladimir V. Putin after coming to office."
    assert calls.text.endswith("with the Russian leader after coming to office.")  # the report quotes as written


def test_a_role_noun_that_could_be_several_people_or_names_its_own_person_is_left_alone(nlp):
    claims = _claims("President Emmanuel Macron of France and President Joe Biden of the United States met in "
                     "Paris on Monday.\n\n"
                     "The president said the talks with European partners had gone well this week.\n\n"
                     "The president of France, Emmanuel Macron, hosted a dinner for the visiting delegation.\n\n"
                     "The Russian leader did not attend the dinner in Paris on Monday evening.\n", nlp)
    texts = {" ".join(c.text.split()[:3]): c.nli_text for c in claims if c.text.startswith("The")}
    assert texts["The president said"].startswith("The president said")  # two presidents named: which one?
    assert texts["The Russian leader"].startswith("The Russian leader")  # no Russian named before
    # a person named once is no antecedent: "the president" in a general statement is not him
    once = _claims("In 1907 then-president José Figueroa Alcorta became godfather to a seventh son.\n\n"
                   "Since then every seventh son born in Argentina becomes godchild to the president.\n", nlp)
    assert once[-1].nli_text.endswith("becomes godchild to the president.")
    assert texts["The president of"].startswith("The president of France, Emmanuel Macron")


def test_a_titled_surname_is_not_joined_to_a_relative_named_in_full(nlp):
    claims = _claims("President Obama pardoned two turkeys at the White House on Wednesday afternoon.\n\n"
                     "A staffer criticised Sasha Obama for her outfit at the ceremony on Wednesday.\n\n"
                     "Gov. Chris Christie met voters in Trenton on Thursday, and Governor Christie said the budget "
                     "would pass.\n", nlp)
    keys = {k for c in claims for k in c.entities}
    assert "obama" in keys and "sasha obama" in keys  # two people
    assert "christie" not in keys and "chris christie" in keys  # "Gov." is "Governor": one person
