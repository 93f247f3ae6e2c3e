"""Each named query's question in the reader's language: the header of its .rq file holds it in
English (``Question:``), Russian (``Question@ru:``) and Kyrgyz (``Question@ky:``), and
``kgtool query --list`` and the query page show the reader's.

The Russian and Kyrgyz query page and ``--list`` showed the English question, and ``--list``
showed only the first line of a question the header wraps over two ("which processes have no
legal basis at all, i.e. no norm that establishes or", a tester's).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kgtool.cli.main import main
from kgtool.i18n.catalogue import t
from kgtool.site.query_page import examples
from kgtool.sparql.named import NamedQuery, all_queries

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def test_every_named_query_asks_its_question_in_three_languages() -> None:
    queries = all_queries()
    assert len(queries) > 60
    for q in queries:
        questions = q.translated_questions()
        name = f"{q.role}/{q.name}"
        assert sorted(questions) == ["en", "ky", "ru"], f"{q.path}: the question in {sorted(questions)} only"
        for lang, text in questions.items():
            assert text.endswith("?") and "#" not in text, (name, lang, text)  # the whole question, one field
            assert bool(CYRILLIC.search(text)) == (lang != "en"), (name, lang, text)
        assert questions["ky"] != questions["ru"], name


def test_a_question_runs_over_its_lines_to_its_question_mark() -> None:
    """A question ends at its ``?`` outside brackets, whatever the lines it takes; the lines after
    it are the query's description. A file with no question in the reader's language gives the
    English one (a user's own .rq file)."""
    header = (
        "# Question: which resources does a name point to: an IRI (is it in the graph?), or the end\n"
        "# of a path? More words that describe it.\n"
        "# Question@ru: на что указывает имя?\n"
        "# Parameters:\n"
        "SELECT * WHERE { ?s ?p ?o }\n"
    )
    q = NamedQuery("mine", "user", Path("mine.rq"), header)
    assert q.question == ("which resources does a name point to: an IRI (is it in the graph?), or the end of a path?")
    assert q.question_in("ru") == "на что указывает имя?"
    assert q.question_in("ky") == q.question  # no Kyrgyz: the English
    plain = NamedQuery("plain", "user", Path("plain.rq"), "# count the processes\nSELECT * WHERE {}\n")
    assert plain.question_in("ru") == "count the processes"  # no Question: field: the first line, as before


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_query_list_gives_whole_questions_in_the_readers_language_wrapped_between_words(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["query", "--list", "--lang", lang]) == 0
    out = capsys.readouterr().out
    blocks = re.split(r"^(?=\S)", out, flags=re.M)[1:]
    queries = {f"{q.role}/{q.name}": q for q in all_queries()}
    parameters = t("query.list_parameters", lang, parameters="-").removesuffix("-")
    assert [b.split("\n", 1)[0] for b in blocks] == list(queries)
    for block in blocks:
        name, *lines = block.rstrip("\n").split("\n")
        # the question's lines, up to the one giving the parameters (a default may span lines)
        question = lines[: next(i for i, line in enumerate(lines) if line.startswith("    " + parameters))]
        for line in question:
            # each line within the width, unless it is one word too long to break (an IRI, a path)
            assert line.startswith("    ") and (len(line) <= 60 or " " not in line.strip()), (name, line)
        assert " ".join(line.strip() for line in question) == queries[name].question_in(lang)


def test_the_query_page_asks_the_examples_in_its_language(published_site: Callable[[str], Path]) -> None:
    for lang in ("ru", "ky"):
        listed = examples(lang)
        assert [e["question"] for e in listed] == [q.question_in(lang) for q in all_queries()]
    page = (published_site("ru") / "sparql.html").read_text(encoding="utf-8")
    examples_section = page.split('<section id="examples">')[1]
    shown = re.findall(r'<article class="example" id="[^"]+">\n<h3>[^<]+</h3>\n<p>([^<]*)</p>', examples_section)
    assert len(shown) == len(all_queries())
    assert all(CYRILLIC.search(q) for q in shown)  # and no lang="en" on them: they are the page's language
