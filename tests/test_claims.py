from collections import Counter

from factcheck.claims import body_lines, extract_claims
from factcheck.corpus import load_corpus
from factcheck.records import Article
from factcheck.speakers import past_tense


def _article(text: str, title: str = "", date: str | None = None, aid: str = "a.txt") -> Article:
    return Article(id=aid, title=title, outlet=None, date=date, url=None, text=text, line_offset=0,
                   content_hash="h")


def test_boilerplate_lines_are_dropped_with_reasons():
    text = ("Leaders at the summit in Rome in 2019.\nCredit...Jane Doe/The Paper\n\nSummit Opens\n"
            "By Jane Doe\nShare full article\n- Related Story: Something else happened elsewhere.\n"
            "Updated: May 24, 2005, 3:23 PM ET\n"
            "On behalf of Doe & Roe, LLP. posted in Car Accidents on Friday, September 20, 2013.\n"
            "The summit in Rome opened on Monday with leaders from Italy and France.\n")
    drops: Counter[str] = Counter()
    kept = body_lines(_article(text, title="Summit Opens"), drops)
    assert [line.text for line in kept] == ["The summit in Rome opened on Monday with leaders from Italy and France."]
    assert drops == Counter({"photo caption": 1, "credit line": 1, "repeated headline": 1, "byline": 1,
                             "share/promo": 1, "link list": 1, "timestamp": 2})


def test_a_one_line_article_is_its_own_claim_not_a_headline(nlp):
    # a claim file (CLIMATE-FEVER style): one unpunctuated line, which is also the title derived from it
    line = "\u2018Next year or the year after, the Arctic will be free of ice\u2019"
    drops: Counter[str] = Counter()
    assert [x.text for x in body_lines(_article(line + "\n", title=line), drops)] == [line] and not drops
    claims, _ = extract_claims([_article(line + "\n", title=line)], nlp)
    assert [c.text for c in claims] == [line]
    # over a body, the same line is still a headline
    kept = body_lines(_article(line + "\nThe Arctic lost more sea ice this summer than in any year before.\n",
                               title=line), drops)
    assert len(kept) == 1 and drops == Counter({"repeated headline": 1})


def test_claims_keep_spans_lines_entities_and_speakers(corpus, nlp):
    articles, _ = load_corpus(corpus)
    claims, stats = extract_claims(articles, nlp)
    by_text = {c.text: c for c in claims}
    quote = by_text["“The Norwegians asked for the meeting and we agreed to come,” said Ingrid Holm, "
                    "the Swedish envoy."]
    assert quote.is_quote and quote.speaker == "ingrid holm" and quote.line == 8
    assert {"norway", "sweden", "ingrid holm"} <= set(quote.entities)
    # attribution removed from what the model reads; the speaker stays on the claim
    assert quote.nli_text == "The Norwegians asked for the meeting and we agreed to come."
    # "Mr. Holm" joins the full name used earlier in the same article
    added = by_text["Mr. Holm added that Sweden will sign the fishing treaty this year."]
    assert added.speaker == "ingrid holm" and "ingrid holm" in added.entities
    # spans point into the article text; lines count front matter (beta.md has 4 lines of it)
    beta = next(a for a in articles if a.id == "beta.md")
    neg = next(c for c in claims if c.article_id == "beta.md" and "not sign" in c.text)
    assert beta.text[neg.start:neg.end] == neg.text and neg.line == 7
    assert stats.dropped["question"] == 1 and stats.claims == len(claims)


def test_pronoun_subject_is_resolved_for_the_model(nlp):
    art = _article("Chancellor Olaf Scholz met the press in Berlin on Monday.\n"
                   "He said that Germany would send more aid to Ukraine this year.\n")
    claims, _ = extract_claims([art], nlp)
    assert claims[1].nli_text.startswith("Olaf Scholz said that Germany")
    assert claims[1].speaker == "olaf scholz"


def test_a_pronoun_is_not_the_person_its_own_clause_names_nor_the_quotes_speaker(nlp):
    art = _article("Michael Steele faced new calls to resign from senators on Sunday.\n"
                   "He called Steele's comments unacceptable and inaccurate.\n"
                   "Donald Trump spoke to reporters at the White House on Thursday.\n"
                   "“He doesn't have a birth certificate. The documents are fake,” Trump said.\n"
                   "Mr. Trump met the governor of Texas later that day.\n"
                   "He said that Governor Abbott would visit Washington next week.\n")
    claims, _ = extract_claims([art], nlp)
    text = {c.text: c for c in claims}
    # the last subject is Steele, but "He called Steele's comments": he is not Steele (left as it is)
    assert text["He called Steele's comments unacceptable and inaccurate."].nli_text.startswith("He called")
    # in Trump's quote, he is someone else: not replaced by the speaker, who stays the speaker
    quoted = next(c for c in claims if c.text.startswith("“He doesn't"))
    assert quoted.nli_text == "He doesn't have a birth certificate." and quoted.speaker == "donald trump"
    # an attribution's own he is still the last subject, and still the speaker
    said = next(c for c in claims if c.text.startswith("He said that Governor"))
    assert said.nli_text.startswith("Trump said that") and said.speaker == "donald trump"


def test_quote_continuing_over_sentences_gets_the_closing_speaker(nlp):
    art = _article("“It seems that Russia is now more committed to a cease-fire. The pressure on them is working,” "
                   "Mr. Zelensky said in his evening address to the nation.\n")
    claims, _ = extract_claims([art], nlp)
    assert [c.speaker for c in claims] == ["zelensky", "zelensky"]
    assert claims[0].nli_text == "It seems that Russia is now more committed to a cease-fire."


def test_person_of_country_adds_the_country_key(nlp):
    art = _article("President Vladimir V. Putin of Russia spoke in Moscow on Monday about the talks.\n"
                   "Mr. Putin made clear he was in no hurry for a cease-fire with the other side.\n")
    claims, _ = extract_claims([art], nlp)
    assert set(claims[1].entities) == {"vladimir putin", "russia"}


def test_long_sentences_are_also_read_clause_by_clause(nlp):
    art = _article("The remarks, delivered in the Oval Office while meeting with NATO Secretary General Mark Rutte, "
                   "came as Mr. Putin made clear he was in no hurry for a cease-fire, laying out numerous conditions "
                   "before he could agree to a truce.\n")
    claims, _ = extract_claims([art], nlp)
    assert len(claims) == 2 and claims[0].text == claims[1].text
    assert claims[1].nli_text.startswith("Mr. Putin made clear he was in no hurry for a cease-fire")
    assert "mark rutte" not in claims[1].entities and "putin" in claims[1].entities


def test_clauses_inside_reported_speech_or_a_question_are_not_claims(nlp):
    warned = ("Officials warned that the storm would hit the coast on Monday and that thousands of residents "
              "would lose power for several days in the region.")
    wondered = ("It's not clear when exactly Jimmy Iovine and Dr Dre's music service will be shut down or what "
                "Apple will do with streaming, but every source with knowledge of the situation that we talked "
                "to agreed Apple plans to sunset the Beats Music brand.")
    claims, _ = extract_claims([_article(warned + "\n" + wondered + "\n")], nlp)
    assert [c.nli_text for c in claims] == [warned, wondered]  # no "Thousands … would lose power." on its own


def test_conditional_clauses_are_not_claims(nlp):
    art = _article("Officials in Brussels warned on Tuesday that the agreement with the European Union would "
                   "collapse within weeks if the government in Warsaw refused to change the disputed law.\n")
    claims, _ = extract_claims([art], nlp)
    assert not any("refused to change" in c.nli_text and not c.nli_text.startswith("Officials") for c in claims)


def test_sentences_that_lean_on_another_sentence_are_dropped(nlp):
    text = ("The mayor said the new bridge over the river would open in March next year.\n"
            "That is something that's easy to promise.\n"
            "The council members rejected that plan for the bridge on Tuesday.\n"
            "“That is not true,” the mayor said on Wednesday.\n")
    claims, stats = extract_claims([_article(text)], nlp)
    texts = [c.text for c in claims]
    assert "That is something that's easy to promise." not in texts
    # a determiner ("that plan") and an attributed denial stand on their own
    assert "The council members rejected that plan for the bridge on Tuesday." in texts
    assert "“That is not true,” the mayor said on Wednesday." in texts
    assert stats.dropped["needs its context (this/that)"] == 1


def test_a_paragraph_too_long_for_spacy_is_read_in_pieces(nlp):
    from factcheck.paragraphs import MAX_LINE

    sentence = "The council of Oslo voted for the harbour budget on Monday, officials said. "
    para = (sentence * (3 * MAX_LINE // len(sentence))).strip()
    one_word = "x" * (MAX_LINE + 5)  # no sentence end, no space: cut at the limit
    text = f"Title line.\n  {para}\n{one_word} tail."
    drops: Counter[str] = Counter()
    lines = body_lines(_article(text), drops)
    assert all(len(line.text) <= MAX_LINE for line in lines)
    assert all(text[line.start:line.start + len(line.text)] == line.text for line in lines)
    pieces = [line.text for line in lines if "Oslo" in line.text]
    assert len(pieces) >= 3 and " ".join(pieces) == para and all(p.endswith("said.") for p in pieces)
    # the word is cut at the limit; its first piece, without a sentence end, is dropped as a fragment
    assert [line.text for line in lines if "x" in line.text] == ["xxxxx tail."]
    assert drops == {"heading or fragment": 1}
    claims, _ = extract_claims([_article(f"{para}\n")], nlp)  # 2.8 × the limit: no spaCy length error
    assert len(claims) == para.count("officials said")


def test_the_lines_of_a_hard_wrapped_paragraph_are_one_paragraph(nlp):
    text = ("Talks collapse\n\n"
            "Negotiators from Norway and Sweden met in Geneva on Monday\n"
            "  to discuss the fishing treaty, officials in Oslo said on\n"
            "Tuesday. The talks will resume in May.\n\n"
            "- Fishing quotas were cut by half\n"  # a list item, not a wrapped line
            "- Oslo voted against the treaty.\n")
    kept = body_lines(_article(text), Counter())
    assert [text[line.start:line.start + 20] for line in kept] == ["Negotiators from Nor", "- Oslo voted against"]
    assert kept[0].text == ("Negotiators from Norway and Sweden met in Geneva on Monday   to discuss the fishing "
                            "treaty, officials in Oslo said on Tuesday. The talks will resume in May.")
    claims, _ = extract_claims([_article(text)], nlp)
    assert [(c.line, text[c.start:c.end].split()[0]) for c in claims][:2] == [(3, "Negotiators"), (5, "The")]


def test_one_paragraph_per_line_is_not_joined_even_without_full_stops():
    # scraped news: a headline and a paragraph that lost its full stop, above paragraphs in capitals
    text = ("Waitrose fire in Wellington town centre tackled\n"
            "Crews from Devon and Somerset Fire and Rescue have tackled a blaze at a supermarket in a Somerset "
            "town on Sunday morning\n\"We were panicked,\" one woman in the town told reporters on Sunday.\n")
    assert len(body_lines(_article(text), Counter())) == 2  # the headline is dropped, nothing is joined


def test_british_single_quotes_are_quotes_with_a_speaker(nlp):
    from factcheck.paragraphs import double_quotes

    assert double_quotes("‘The players’ union is strong,’ he said.") == "“The players’ union is strong,” he said."
    assert double_quotes("Russia’s team won the players’ vote in the ’90s.") == (
        "Russia’s team won the players’ vote in the ’90s.")
    assert double_quotes("“He told me ‘no’,” she said.") == "“He told me ‘no’,” she said."  # quotes in quotes
    text = "Talks in Alaska\n\n‘We are not in a hurry,’ Mr Putin told reporters after the meeting in Alaska.\n"
    [claim], _ = extract_claims([_article(text)], nlp)
    assert claim.is_quote and claim.model_text == "We are not in a hurry." and claim.speaker == "putin"
    assert claim.text == text[claim.start:claim.end] and claim.text.startswith("‘")  # shown as written


def test_attributions_to_a_role_are_removed_but_not_from_a_sentence_that_goes_on_quoting(nlp):
    text = ("Talks\n\n“We will not let their killers go unpunished,” the District Attorney said on Monday.\n"
            "In laying out what his campaign calls the “Rubio Doctrine,” the presidential hopeful said he was "
            "guided by three principles: “American strength” and “moral clarity.”\n")
    first, second = extract_claims([_article(text)], nlp)[0][:2]
    assert first.model_text == "We will not let their killers go unpunished."
    assert "three principles" in second.nli_text  # not cut down to 'In laying out what his campaign calls …'


def test_markdown_and_html_blocks_are_paragraphs_as_the_format_says(tmp_path):
    # list items without full stops, in lower case, are not a wrapped paragraph (each is dropped as a
    # fragment; joined they would read as one 17-word claim); a soft-wrapped paragraph is one
    (tmp_path / "a.md").write_text("# Key points\n\n- the council voted for the budget on Monday\n"
                                   "- the mayor resigned after the vote on Tuesday\n\n"
                                   "Oslo voted for the budget on Monday, officials in the city\n"
                                   "Council said on Tuesday.\n")
    (tmp_path / "b.html").write_text("<p>Oslo voted for the new harbour budget on Monday</p>\n"
                                     "<p>the mayor resigned after the vote on Tuesday</p>\n")
    articles, _ = load_corpus(tmp_path)
    texts = {a.id: [line.text for line in body_lines(a, Counter())] for a in articles}
    assert texts == {"a.md": ["Oslo voted for the budget on Monday, officials in the city Council said on Tuesday."],
                     "b.html": []}


def test_quote_verbs_beyond_said_name_the_speaker_and_leave_the_model_the_quote(nlp):
    # "summarized Senor" named no speaker, so the quote inherited the previous paragraph's (Steele's)
    text = ("Michael Steele spoke in Connecticut on Thursday, and he said: “The war in Afghanistan is a war of "
            "choice.”\n\n“It’s completely inconsistent with his earlier statement,” summarized Dan Senor.\n\n"
            "“The party must rethink its foreign policy now,” Senor tweeted on Friday.\n\n"
            "Senator Lindsey Graham continued to defend the mission in Kandahar.\n\n"
            "“They said the mission had failed in Kandahar,” Mr. Graham said.\n\n"
            "“Our mission is not over,” Graham added on Sunday, “and the troops will stay in Kandahar.”\n\n"
            "“Progressivism,” Graham declared in Kandahar, “is eating the Constitution of the country.”\n")
    claims, _ = extract_claims([_article(text)], nlp)
    by_start = {c.text.split()[0]: c for c in claims}
    summary, tweet = by_start["“It’s"], by_start["“The"]
    assert summary.speaker == "dan senor"
    assert summary.nli_text == "It’s completely inconsistent with his earlier statement."
    assert tweet.speaker == "dan senor" and tweet.nli_text == "The party must rethink its foreign policy now."
    # outside a quotation "continued" is no speech verb
    assert by_start["Senator"].speaker is None
    # the speech verb outside the quotation names the speaker, not one inside it
    assert by_start["“They"].speaker == "lindsey graham"
    # a quotation cut in two by its attribution is read whole
    assert by_start["“Our"].nli_text == "Our mission is not over, and the troops will stay in Kandahar."
    assert by_start["“Progressivism,”"].nli_text == "Progressivism is eating the Constitution of the country."


def test_a_hypothetical_is_not_a_claim(nlp):
    text = ("“Let's say there's no birth certificate in the state archives of Hawaii,” Mr. Trump said on Thursday.\n"
            "Suppose the talks in Geneva fail next week without any agreement.\n"
            "Imagine Dragons played three songs in Oslo on Friday night.\n")
    claims, stats = extract_claims([_article(text)], nlp)
    assert [c.text.split()[0] for c in claims] == ["Imagine"] and stats.dropped["hypothetical"] == 2


def test_a_subject_pronoun_after_a_linking_word_is_resolved_but_not_inside_a_quote(nlp):
    text = ("Pierre Thomas ran for 269 yards in the first ten games of the season.\n\n"
            "However, he aggravated the injury in practice last week and sat out the finale.\n\n"
            "But, he said, the team must also understand that the offense depends on more players.\n\n"
            "“He is the best back we have had in years,” the coach told reporters on Sunday.\n")
    claims, _ = extract_claims([_article(text)], nlp)
    texts = [c.nli_text for c in claims]
    assert "However, Pierre Thomas aggravated the injury in practice last week and sat out the finale." in texts
    assert not any("Pierre Thomas said" in t or t.startswith("Pierre Thomas is the best") for t in texts)


def test_a_leading_possessive_is_the_story_s_main_person_not_the_last_one_quoted(nlp):
    text = ("Vincent Gigante ran the Genovese crime family for decades.\n\n"
            "Prosecutors said Gigante feigned mental illness to avoid trial.\n\n"
            "His lawyers argued that he was unfit to stand trial.\n\n"
            "“He was the most clever figure I have ever seen,” said John Pritchard, a former agent.\n\n"
            "His defenders denied that he was associated with the Mafia.\n\n"
            "Gigante died in a federal prison hospital in Missouri in 2005.\n\n"
            "“The man was ill. His lawyers have told the court the truth for years.”\n")
    texts = [c.nli_text for c in extract_claims([_article(text)], nlp)[0]]
    assert "Gigante's lawyers argued that he was unfit to stand trial." in texts
    # Pritchard is the last person named as a subject, but Gigante is the one the story names most
    assert "His defenders denied that he was associated with the Mafia." in texts
    # inside a quotation his/her is left as written
    assert "His lawyers have told the court the truth for years." in texts


def test_any_short_attribution_after_a_quote_is_left_out_and_a_title_surname_is_a_name(nlp):
    text = ("“The team has made the playoffs for the first time in years,” team president Billy King said.\n\n"
            "“We understand the gravity of the decision the jury made,” Chela Ortiz, the deputy's wife, said "
            "afterward.\n\n"
            "“The verdict is just,” said the prosecutor, who spoke to reporters outside the courthouse after a "
            "long day of testimony from the victims' families.\n")
    claims, _ = extract_claims([_article(text)], nlp)
    by_start = {" ".join(c.text.split()[:2]): c for c in claims}
    assert by_start["“The team"].nli_text == "The team has made the playoffs for the first time in years."
    assert by_start["“The team"].speaker == "billy king"  # "King" is his name here, not a title
    assert by_start["“We understand"].nli_text == "We understand the gravity of the decision the jury made."
    # a long clause after the speech verb says more than who spoke: left as written
    assert by_start["“The verdict"].nli_text.startswith("The verdict is just, said the prosecutor, who spoke")


def test_every_speech_verb_attributes_a_quote_in_the_past_tense(nlp):
    # the speech verbs are one list (speakers): "stated", "announced", "admitted" as well as "said"
    text = ("“Those boys really did a number on the door jamb,” Officer O’Neill stated.\n\n"
            "“The entire discussion about climate was very difficult,” announced Chancellor Angela Merkel.\n\n"
            "“They selected cases simply because the applications had those names,” she admitted.\n")
    texts = [c.nli_text for c in extract_claims([_article(text)], nlp)[0]]
    assert texts == ["Those boys really did a number on the door jamb.",
                     "The entire discussion about climate was very difficult.",
                     "They selected cases simply because the applications had those names."]
    assert [past_tense(v) for v in ("say", "reply", "admit", "argue", "deny", "stress")] == [
        "said", "replied", "admitted", "argued", "denied", "stressed"]


def test_a_pronoun_is_not_the_person_its_clause_names_by_title(nlp):
    text = ("Deputy Jerry Ortiz was investigating a shooting in Hawaiian Gardens.\n\n"
            "Deputy Ortiz followed Jose Orozco to an apartment on East 223rd Street.\n\n"
            "He fired at the deputy and ran from the apartment complex.\n")
    texts = [c.nli_text for c in extract_claims([_article(text)], nlp)[0]]
    assert "He fired at the deputy and ran from the apartment complex." in texts
    assert not any(t.startswith("Ortiz fired") for t in texts)


def test_a_bracketed_insertion_or_a_lower_case_word_does_not_start_a_sentence(nlp):
    text = ("“We do not want to change coaches [again],” Sixers chairman Ed Snider said.\n"
            "“Planned Parenthood can’t go to court and sue Attorney General [Ken] Paxton like they usually would,” "
            "he said.\n")
    claims, _ = extract_claims([_article(text)], nlp)
    assert [c.nli_text for c in claims] == [
        "We do not want to change coaches [again].",
        "Planned Parenthood can’t go to court and sue Attorney General [Ken] Paxton like they usually would."]
