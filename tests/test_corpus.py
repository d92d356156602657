
import pytest

from factcheck.corpus import MAX_BYTES, html_to_text, load_corpus
from factcheck.errors import InputError
from factcheck.records import Article, Skipped


def test_reads_manifest_and_front_matter(corpus):
    articles, skipped = load_corpus(corpus)
    by_id = {a.id: a for a in articles}
    assert sorted(by_id) == ["alpha.txt", "beta.md", "gamma.txt"]
    assert skipped == []
    assert by_id["alpha.txt"].date == "2025-03-01" and by_id["alpha.txt"].outlet == "Daily Example"
    # front matter wins over the manifest and is removed from the text
    assert by_id["beta.md"].title == "Fishing treaty in doubt" and by_id["beta.md"].date == "2025-04-02"
    assert by_id["beta.md"].outlet == "Example Weekly"
    assert not by_id["beta.md"].text.startswith("---") and by_id["beta.md"].line_offset == 4
    # no metadata and a first line that is a sentence, not a headline: no title
    assert by_id["gamma.txt"].title == ""


def test_recurses_into_subfolders_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Something happened in Paris on Monday, officials said.")
    (tmp_path / "a.md").write_text("Another thing happened in Rome on Monday, officials said.")
    articles, _ = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["a.md", "b/z.txt"]


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ("caf\u00e9 in Paris".encode("latin-1"), "not UTF-8"),
    (b"---\ndate: [unclosed\n---\nText here.", "bad front matter"),
    (b"---\ndate: 2025-13-45\n---\nText here.", "bad front matter"),
    (b"---\ndate: next tuesday\n---\nText here.", "bad date"),
])
def test_unusable_files_are_skipped_with_a_reason(tmp_path, content, reason):
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text("The council approved the budget on Monday in Oslo.")
    articles, skipped = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["good.txt"]
    assert len(skipped) == 1 and skipped[0].path == "bad.txt" and reason in skipped[0].reason


def test_huge_file_is_skipped(tmp_path):
    (tmp_path / "huge.txt").write_bytes(b"word " * (MAX_BYTES // 5 + 10))
    _, skipped = load_corpus(tmp_path)
    assert skipped and "larger than" in skipped[0].reason


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_corpus(tmp_path / "nope")


def test_single_file(corpus):
    articles, _ = load_corpus(corpus / "gamma.txt")
    assert [a.id for a in articles] == ["gamma.txt"]


def test_bad_manifest_is_an_input_error(tmp_path):
    (tmp_path / "manifest.yaml").write_text("- just\n- a list\n")
    (tmp_path / "a.txt").write_text("Text.")
    with pytest.raises(InputError, match="manifest"):
        load_corpus(tmp_path)


def test_html_is_reduced_to_visible_text():
    text, title = html_to_text("<html><head><title>T  1</title><script>evil()</script></head>"
                               "<body><p>First para.</p><style>p{}</style><div>Second &amp; more.</div></body></html>")
    assert title == "T 1"
    assert text == "First para.\nSecond & more."



def test_html_page_furniture_is_not_text():
    text, _ = html_to_text("<body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article><p>The council "
                           "voted.</p><aside>Most read: Oslo mayor resigns.</aside><form><button>Subscribe</button>"
                           "</form></article><footer>© 2024 Example News. All rights reserved.</footer></body>")
    assert text == "The council voted."


def test_content_hash_and_key_do_not_depend_on_the_file_name(tmp_path):
    (tmp_path / "one.txt").write_text("Same text about Oslo and the council vote.")
    a1 = load_corpus(tmp_path / "one.txt")[0][0]
    (tmp_path / "one.txt").rename(tmp_path / "two.txt")
    a2 = load_corpus(tmp_path / "two.txt")[0][0]
    assert isinstance(a1, Article) and not isinstance(a1, Skipped)
    assert a1.content_hash == a2.content_hash and a1.key == a2.key


def test_json_manifest_as_a_list_of_articles(tmp_path):
    (tmp_path / "manifest.json").write_text(
        '{"articles": [{"file": "a.txt", "title": "A title", "date": "2013-05-03", "outlet": "Paper"}]}')
    (tmp_path / "a.txt").write_text("A title\n\nThe court ruled on Friday in Los Angeles.")
    [article], _ = load_corpus(tmp_path)
    assert (article.title, article.date, article.outlet) == ("A title", "2013-05-03", "Paper")


def test_reports_written_into_the_corpus_are_not_read_as_articles(corpus, use_fake_scorer):
    from typer.testing import CliRunner

    from factcheck.cli import app

    def check(out: str) -> str:
        res = CliRunner().invoke(app, [str(corpus), "-o", str(corpus / out), "--no-cache", "--fail-on", "never"])
        assert res.exit_code == 0, res.output
        return (corpus / out / "consistency.json").read_text()

    first = check("reports")
    assert check("reports") == first  # the run's own output folder is not read
    articles, skipped = load_corpus(corpus)  # a report elsewhere in the corpus is skipped, with why
    assert Skipped("reports/consistency.md", "a factcheck report, not an article") in skipped
    assert not [a for a in articles if a.id.startswith("reports/")]


def test_markdown_markup_is_removed_line_for_line(tmp_path):
    source = ("---\ntitle: Oslo budget\n---\n# Oslo passes budget\n\n"
              "The **Oslo council** voted for the [harbour budget](https://example.com/b) on *Monday*,\n"
              "officials said.\n\n- The mayor, `Anne Lindboe`, praised the vote.\n"
              "> \"A good day,\" Lindboe said. ![a photo of the harbour](h.jpg)\n\n```\nprint('code')\n```\n")
    (tmp_path / "a.md").write_text(source)
    (article,), _ = load_corpus(tmp_path)
    assert article.text.split("\n") == [
        "Oslo passes budget", "", "The Oslo council voted for the harbour budget on Monday,", "officials said.",
        "", "The mayor, Anne Lindboe, praised the vote.", "\"A good day,\" Lindboe said. a photo of the harbour",
        "", "", "", "", ""]
    assert article.line_offset == 3 and article.title == "Oslo budget"
    # the report's file:line is the line in the .md file
    lines = source.split("\n")
    for i, text in enumerate(article.text.split("\n")):
        if text:
            assert text.split()[1] in lines[article.line_offset + i]


@pytest.mark.parametrize("written", ["2025-08-06", "2025-08-06T10:00:00Z", "2025/08/06", "August 6, 2025",
                                     "Aug. 6, 2025", "6 August 2025", "6 Aug 2025"])
def test_common_unambiguous_date_forms_are_read(tmp_path, written):
    (tmp_path / "a.txt").write_text(f"---\ndate: {written}\n---\nOslo voted for the budget on Monday.\n")
    (article,), _ = load_corpus(tmp_path)
    assert article.date == "2025-08-06"


def test_an_ambiguous_date_skips_the_article_with_the_reason(tmp_path):
    (tmp_path / "a.txt").write_text("---\ndate: 06.08.2025\n---\nOslo voted for the budget on Monday.\n")
    articles, (skipped,) = load_corpus(tmp_path)
    assert not articles and "bad date '06.08.2025'" in skipped.reason and "YYYY-MM-DD" in skipped.reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_is_read(tmp_path, encoding):
    text = "Oslo voted for the budget on Monday, officials said.\n"
    bom = "\ufeff" if encoding == "utf-16-be" else ""  # Python's "utf-16" writes the BOM itself
    (tmp_path / "a.txt").write_bytes((bom + text).encode(encoding))
    (article,), skipped = load_corpus(tmp_path)
    assert article.text == text and not skipped


def test_manifest_paths_are_normalised_and_entries_without_a_file_are_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Oslo voted for the budget on Monday, officials said.\n")
    (tmp_path / "b.txt").write_text("Bergen voted against the budget on Monday, officials said.\n")
    (tmp_path / "manifest.yaml").write_text("./sub/a.txt:\n  date: 2025-01-02\nb.txt:\n  date: 2025-01-03\n"
                                            "sub\\\\c.txt:\n  date: 2025-01-04\n")
    articles, skipped = load_corpus(tmp_path)
    assert {a.id: a.date for a in articles} == {"sub/a.txt": "2025-01-02", "b.txt": "2025-01-03"}
    assert skipped == [Skipped("sub/c.txt", "listed in the manifest, but no article file (.txt, .md, .html) has "
                                            "this path")]


def test_a_json_manifest_saved_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "a.txt").write_text("Oslo voted for the budget on Monday, officials said.\n")
    (tmp_path / "manifest.json").write_bytes(b"\xef\xbb\xbf" + b'{"a.txt": {"date": "2025-01-02"}}')
    (article,), _ = load_corpus(tmp_path)
    assert article.date == "2025-01-02"


def test_markdown_paragraphs_indented_by_four_spaces_are_text(tmp_path):
    (tmp_path / "a.md").write_text("    The council of Oslo voted for the budget on Monday.\n\n"
                                   "    The mayor praised the vote, officials said.\n")
    (article,), _ = load_corpus(tmp_path)
    assert article.text.split("\n") == ["The council of Oslo voted for the budget on Monday.", "",
                                        "The mayor praised the vote, officials said.", ""]


@pytest.mark.parametrize("declaration", ['<meta charset="windows-1252">',
                                         '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
                                         "<?xml version='1.0' encoding='iso-8859-1'?>"])
def test_an_html_page_in_the_charset_it_declares_is_read(tmp_path, declaration):
    page = f"{declaration}<title>Caf\u00e9 talks</title><p>The caf\u00e9 \u201cclosed\u201d on Monday.</p>"
    (tmp_path / "a.html").write_bytes(page.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes("The caf\u00e9 closed.".encode("cp1252"))  # plain text: no declaration
    articles, skipped = load_corpus(tmp_path)
    assert [(a.id, a.title, a.text) for a in articles] == [("a.html", "Caf\u00e9 talks",
                                                            "The caf\u00e9 \u201cclosed\u201d on Monday.")]
    assert [s.path for s in skipped] == ["b.txt"] and "not UTF-8" in skipped[0].reason


def test_an_html_page_that_is_not_in_its_declared_charset_is_skipped(tmp_path):
    (tmp_path / "a.html").write_bytes(b'<meta charset="windows-1252"><p>caf\xe9 \x81</p>')  # 0x81: no such char
    articles, [skipped] = load_corpus(tmp_path)
    assert not articles and skipped.reason.startswith("not cp1252 as it declares (invalid byte at offset 37)")


@pytest.mark.parametrize("dateline", ["21 July 2013 Last updated at 11:11 GMT", "Posted 11/27/2005 7:21 AM\n"
                                      "Updated 11/27/2005 3:41 PM", "Jan 05, 2011", "April 27, 2009"])
def test_a_dateline_above_the_headline_is_not_the_title(tmp_path, dateline):
    (tmp_path / "a.txt").write_text(f"{dateline}\nWaitrose fire in Wellington tackled\n\nThe fire started at 6am.\n")
    [article], _ = load_corpus(tmp_path)
    assert article.title == "Waitrose fire in Wellington tackled"


def test_an_html_block_is_one_line_on_the_source_line_where_it_starts(tmp_path):
    page = ("<!DOCTYPE html>\n<html>\n<head>\n<title>Talks</title>\n</head>\n<body>\n<nav>Home</nav>\n"
            "<article>\n<h1>Talks collapse</h1>\n<p>Negotiators from Norway met in Geneva on Monday\n"
            "   to discuss the treaty.</p>\n\n<p>Sweden rejected it.</p><p>Oslo did not.</p>\n</article>\n")
    (tmp_path / "a.html").write_text(page)
    (article,), _ = load_corpus(tmp_path)
    lines = article.text.split("\n")
    assert lines[9 - 1] == "Talks collapse"
    assert lines[10 - 1] == "Negotiators from Norway met in Geneva on Monday to discuss the treaty."
    assert lines[13 - 1:] == ["Sweden rejected it.", "Oslo did not."]  # two blocks on one source line: the next
    assert not any(lines[:8]) and article.line_offset == 0


def test_table_cells_and_definition_terms_are_not_run_together_and_struck_words_are_dropped():
    text, _ = html_to_text("<table><tr><td>Name</td><td>Age</td></tr></table><dl><dt>Oslo</dt><dd>A city.</dd></dl>"
                           "<p>Oslo voted <del>against</del> for it.</p>")
    assert text.split("\n") == ["Name", "Age", "Oslo", "A city.", "Oslo voted for it."]


def test_a_folder_that_cannot_be_listed_is_reported_not_silently_left_out(tmp_path, monkeypatch):
    import os

    (tmp_path / "a.txt").write_text("Oslo voted for the budget on Monday, officials said.\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("Oslo voted against the budget on Monday.\n")
    real = os.scandir

    def scandir(path):  # chmod 000 does not stop root, so the refusal is simulated
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    articles, skipped = load_corpus(tmp_path)
    assert [a.id for a in articles] == ["a.txt"]
    assert [(s.path, s.reason) for s in skipped] == [("locked/", "folder not readable: Permission denied")]


def test_markdown_tables_are_read_by_row_and_struck_out_words_are_dropped(tmp_path):
    source = ("Oslo voted ~~against~~ for the budget on Monday.\n\n| City | Vote |\n|---|---|\n"
              "| Oslo | yes |\n")
    (tmp_path / "a.md").write_text(source)
    (article,), _ = load_corpus(tmp_path)
    assert article.text.split("\n") == ["Oslo voted for the budget on Monday.", "", "City Vote", "", "Oslo yes", ""]
