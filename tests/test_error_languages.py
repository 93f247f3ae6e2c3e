"""The errors users meet most — a file that cannot be read, an endpoint that does not answer, a
validation that cannot run — are said in the reader's language (--lang, or KGTOOL_LANG for the
verbs without it), each triggered for real through the CLI.

The line's fixed form (``ERROR``, the ``[id]``, ``hint:``) is what scripts match and stays; the
words are the reader's, except what is quoted: a path, a URL, an option, and the account a
parser or the operating system gives in its own words (named per case below). The English
lines are pinned by tests/test_bad_input.py, test_hostile_input.py and test_endpoint.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import free_port, silent_server
from test_cli_languages import foreign_words

from kgtool.cli.main import main
from kgtool.errors import InputError
from kgtool.i18n.catalogue import keys
from kgtool.i18n.problems import in_language, worded
from kgtool.rdf import INPUT_FORMAT_NAMES
from kgtool.vocab import LANGUAGES

PACKAGE = Path(__file__).resolve().parents[1] / "kgtool"
READERS = ["ru", "ky"]
NAMES = ("RDF", "URL", "JSON-LD", "HTTP")  # names of standards, the same in every language
EXTENSIONS = re.compile(r"(?<![\w/])\.[a-z]+\b")  # a file extension typed as it is: .ttl, .jsonld
OS_ACCOUNT = re.compile(r"\[Errno \d+\][^\n]*|timed out")  # the socket's own words for a failure


def said(argv: list[str], error_id: str, capsys: pytest.CaptureFixture[str], quoted: tuple[str, ...] = ()) -> str:
    """The error line of a run that must fail with ``error_id``, with its fixed form and what is
    quoted taken out: the words left are the ones kgtool wrote."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR [{error_id}] "), err
    assert "Traceback" not in err
    words = err.replace(f"ERROR [{error_id}]", " ").replace("\n  hint:", "\n ")
    for literal in (*quoted, *NAMES):
        words = words.replace(literal, " ")
    return EXTENSIONS.sub(" ", OS_ACCOUNT.sub(" ", words))


@pytest.fixture
def files(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "empty.ttl").write_bytes(b"")
    (tmp_path / "bad.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b x:c\nx:d x:e x:f .\n", encoding="utf-8")
    (tmp_path / "cp1251.ttl").write_bytes('<http://x/a> <http://x/b> "бюджет" .\n'.encode("cp1251"))
    (tmp_path / "data.xyz").write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    yield tmp_path


@pytest.mark.parametrize("lang", READERS)
@pytest.mark.parametrize(
    ("name", "error_id", "quoted"),
    [
        ("missing.ttl", "load#missing-file", ()),
        ("empty.ttl", "load#empty-file", ()),
        ("cp1251.ttl", "load#bad-encoding", ("UTF-8", "Windows-1251", f"0x{'б'.encode('cp1251')[0]:02x}")),
        ("data.xyz", "load#unknown-format", (".xyz", "|".join(INPUT_FORMAT_NAMES))),
        ("folder", "load#not-a-file", ("RDF",)),
    ],
)
def test_a_file_that_cannot_be_read_is_explained_in_the_readers_language(
    name: str, error_id: str, quoted: tuple[str, ...], lang: str, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(files / name)
    words = said(["validate", "--no-reasoner", path, "--lang", lang], error_id, capsys, (path, *quoted))
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_a_syntax_error_names_file_and_line_in_the_readers_language(
    lang: str, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The parser's own account of what is wrong (after the colon) is quoted as it gives it; the
    syntax is named by its name, Turtle."""
    path = str(files / "bad.ttl")
    assert main(["validate", "--no-reasoner", path, "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR [load#bad-syntax] {path}:3:1: ")
    message, hint = err.split(":3:1: ", 1)[1].split("\n  hint: ")
    frame, _parser_says = message.split(": ", 1)
    assert "Turtle" in frame
    assert foreign_words(frame.replace("Turtle", " ") + "\n" + hint, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_an_unreachable_endpoint_is_explained_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    words = said(["indices", "--endpoint", url, "--lang", lang], "endpoint#unreachable", capsys, (url,))
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_an_endpoint_that_does_not_answer_is_explained_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with silent_server() as url:
        words = said(
            ["indices", "--endpoint", url, "--timeout", "1", "--lang", lang], "endpoint#timeout", capsys, (url,)
        )
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_a_login_without_a_password_is_explained_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kgtool load` has no --lang: KGTOOL_LANG chooses the language of its errors."""
    netrc = tmp_path / "netrc"
    netrc.write_text("", encoding="utf-8")
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.delenv("KGTOOL_PASSWORD", raising=False)
    monkeypatch.setenv("KGTOOL_LANG", lang)
    url = f"http://127.0.0.1:{free_port()}/update"
    quoted = (str(netrc), "KGTOOL_PASSWORD", "machine 127.0.0.1 login reader", "password …", "chmod")
    words = said(["load", "--endpoint", url, "--user", "reader"], "endpoint#bad-credentials", capsys, quoted)
    assert foreign_words(words.replace("reader", " "), lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_validate_options_that_cannot_work_are_explained_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    words = said(["validate", "--only-shapes", "--lang", lang], "validate#only-shapes-without-shapes", capsys)
    assert foreign_words(words.replace("FILE", " "), lang) == []
    assert "FILE" not in words  # the placeholder of the file is a word of the reader's too


@pytest.mark.parametrize("lang", READERS)
def test_no_java_is_explained_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no java on it
    quoted = ("HermiT", "'java'", "Java", "'apt-get install default-jre-headless'")
    words = said(["validate", "--lang", lang], "reason#no-java", capsys, quoted)
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_an_installation_without_shapes_is_explained_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = Path(__file__).resolve().parents[1]
    for folder in ("ontology", "data", "queries"):
        (tmp_path / folder).symlink_to(root / folder)
    monkeypatch.setenv("KGTOOL_ASSETS", str(tmp_path))
    quoted = (str(tmp_path / "shapes"), "'pip install .'", "KGTOOL_ASSETS", "shapes/")
    words = said(["validate", "--no-reasoner", "--lang", lang], "setup#no-shapes", capsys, quoted)
    assert foreign_words(words, lang) == []


def test_english_is_the_catalogues_english_byte_for_byte() -> None:
    """A worded error's English is what the raise site wrote before the catalogues held it, and
    a hint a caller changed after the raise is kept, not replaced by a translation."""
    error = worded(InputError, "load#missing-file", "load.missing_file", file="a.ttl")
    assert str(error) == "ERROR [load#missing-file] a.ttl: no such file\n  hint: check the path"
    assert in_language(error, "en") == str(error)
    assert in_language(error, "ru") == "ERROR [load#missing-file] a.ttl: такого файла нет\n  hint: проверьте путь"
    error.hint = "look in the folder above"
    assert in_language(error, "ky").endswith("\n  hint: look in the folder above")


WORDED = re.compile(r"""worded\(\s*\w+,\s*"[^"]+",\s*"([\w.]+)"(?:\s+if\s+\w+\s+else\s+"([\w.]+)")?""")
HINT_KEY = re.compile(r"""hint_key="([\w.]+)\"""")


def test_every_worded_message_is_in_every_catalogue() -> None:
    """The keys of ``worded(…)`` calls are not seen by test_i18n's scan of ``t(…)``: checked here."""
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in WORDED.finditer(text):
            used.update(k for k in m.groups() if k)
        used.update(HINT_KEY.findall(text))
    assert len(used) > 30
    for lang in LANGUAGES:
        assert not used - keys(lang), f"{lang}: {sorted(used - keys(lang))}"


@pytest.mark.parametrize("lang", READERS)
def test_serving_a_folder_that_is_no_site_is_explained_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = str(tmp_path)
    quoted = (site, "'kgtool publish'", "kgtool publish")
    words = said(["serve", "--site", site, "--lang", lang], "serve#not-a-site", capsys, quoted)
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_publishing_onto_a_file_is_explained_in_the_readers_language(
    lang: str, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(files / "empty.ttl")
    words = said(["publish", target, "--lang", lang], "publish#outdir-is-file", capsys)
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_a_report_without_graphviz_is_explained_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no dot on it
    quoted = ("Graphviz", "'dot'", "PATH", "apt-get install graphviz", "brew install graphviz", "(Debian/Ubuntu)")
    argv = ["report", "-o", str(tmp_path / "report.html"), "--lang", lang]
    words = said(argv, "report#no-graphviz", capsys, (*quoted, "(macOS)", "https://graphviz.org/download/"))
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_a_file_that_is_no_workbook_is_explained_in_the_readers_language(
    lang: str, files: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kgtool import` has no --lang: KGTOOL_LANG chooses the language of its errors."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    source = str(files / "data.xyz")
    quoted = (source, "CSV", ".xlsx", ".xls", ".ods")
    words = said(["import", source, "-o", str(files / "out")], "workbook#unknown-form", capsys, quoted)
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_a_round_that_is_missing_is_explained_in_the_readers_language(
    lang: str, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(files / "round-1.ttl")
    words = said(["diff", missing, str(files / "bad.ttl"), "--lang", lang], "diff#missing-input", capsys, (missing,))
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
@pytest.mark.parametrize(
    ("query", "error_id"),
    [
        ("SELECT * WHERE { ?s ?p\n", "query#bad-syntax"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n", "query#no-federation"),
        ("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }\n", "query#read-only"),
    ],
)
def test_a_query_kgtool_will_not_run_is_explained_in_the_readers_language(
    query: str, error_id: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The SPARQL parser's own account of a syntax error (``Expected SelectQuery``) is quoted."""
    path = tmp_path / "mine.rq"
    path.write_text(query, encoding="utf-8")
    quoted = (str(path), "Expected SelectQuery", "SPARQL Update", "INSERT, DELETE, LOAD, CLEAR", "SERVICE", "SELECT")
    quoted += ("kgtool query",)
    words = said(["query", str(path), "--lang", lang], error_id, capsys, quoted)
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
@pytest.mark.parametrize(
    ("content", "error_id"),
    [
        (b"# nothing but a comment\n", "query#empty"),
        ('SELECT * WHERE { ?s ?p "бюджет" }\n'.encode("cp1251"), "query#bad-encoding"),
        (None, "query#not-a-file"),
    ],
    ids=["empty", "cp1251", "folder"],
)
def test_a_query_file_kgtool_cannot_read_is_explained_in_the_readers_language(
    content: bytes | None, error_id: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.rq"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    quoted = (str(path), "SELECT, ASK, CONSTRUCT", "DESCRIBE", "PREFIX", "BASE", "UTF-8", "Windows-1251")
    quoted += (f"0x{'б'.encode('cp1251')[0]:02x}",)
    words = said(["query", str(path), "--lang", lang], error_id, capsys, quoted)
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_a_shapes_file_with_no_shape_is_explained_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "actors.ttl"
    argv = ["validate", "--no-reasoner", "--only-shapes", "--shapes", str(data), "--lang", lang]
    words = said(argv, "validate#no-shapes", capsys, (str(data), "sh:NodeShape", "sh:PropertyShape", "sh:path"))
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_a_literal_rdfxml_cannot_carry_is_explained_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kgtool build` has no --lang: KGTOOL_LANG chooses. The statement is quoted as written."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    path = tmp_path / "controls.nt"
    statement = '<http://example.org/odd> <http://example.org/p> "vertical\\u000Btab"'
    path.write_text(statement + " .\n", encoding="utf-8")
    argv = ["build", str(path), "--format", "rdfxml", "-o", str(tmp_path / "out.rdf")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR [write#not-xml-text] {path}: <http://example.org/odd> ")
    words = err.split('tab"', 1)[1]  # after the quoted statement
    quoted = ("U+000B", "RDF/XML", "Turtle", "N-Triples", "JSON-LD")
    for literal in quoted:
        words = words.replace(literal, " ")
    assert foreign_words(words.replace("hint:", " "), lang) == []


@pytest.mark.parametrize("lang", READERS)
def test_shapes_pyshacl_refuses_are_explained_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """pySHACL's own account of what is wrong follows the colon, quoted as it gives it."""
    fixtures = Path(__file__).resolve().parent / "fixtures" / "user-shapes"
    argv = [
        "validate",
        str(fixtures / "holders.ttl"),
        "--only-shapes",
        "--shapes",
        str(fixtures / "unknown-prefix.ttl"),
    ]
    assert main([*argv, "--engine", "pyshacl", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR [validate#shapes-rejected] pySHACL ")
    frame = err.split("\n")[0].removeprefix("ERROR [validate#shapes-rejected] pySHACL ").split(":", 1)[0]
    hint = err.split("\n  hint: ", 1)[1]
    for literal in ("pySHACL", "https://www.w3.org/TR/shacl/"):
        hint = hint.replace(literal, " ")
    assert foreign_words(frame + "\n" + hint, lang) == []


@pytest.mark.parametrize("lang", READERS)
@pytest.mark.parametrize(
    ("case", "error_id"),
    [
        ("folder", "output#cannot-write"),
        ("empty", "output#empty-path"),
        ("exists", "output#exists"),
        ("csv-exists", "output#exists"),
        ("build-mismatch", "output#format-mismatch"),
        ("ods", "output#format-mismatch"),
        ("base", "workbook#wrong-base"),
        ("export-exists", "output#exists"),
        ("export-csv-exists", "output#exists"),
        ("dash", "output#not-a-stream"),
        ("compressed", "output#compressed"),
    ],
)
def test_an_output_kgtool_will_not_write_is_explained_in_the_readers_language(
    case: str,
    error_id: str,
    lang: str,
    files: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What kgtool/outputs.py refuses, and export's --base no assessment is under (KGTOOL_LANG for
    the verbs without --lang): the path, the options and the syntaxes' codes quoted."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    (files / "book").mkdir()
    (files / "book" / "Actors.csv").write_text("id\n", encoding="utf-8")
    folder, book, ods, graph = (str(files / n) for n in ("folder", "empty.ttl", "book.ods", "graph.ttl"))
    argv = {
        "folder": ["indices", "-o", folder],
        "empty": ["template", "-o", ""],
        "exists": ["template", "-o", book + ".xlsx"],
        "csv-exists": ["template", "-o", str(files / "book")],
        "build-mismatch": ["build", "-o", graph, "--format", "jsonld"],
        "ods": ["template", "-o", ods],
        "base": ["export", "--base", "http://ex.org/", "-o", str(files / "x.xlsx")],
        "export-exists": ["export", "-o", book + ".xlsx"],
        "export-csv-exists": ["export", "-o", str(files / "book")],
        "dash": ["publish", "-"],
        "compressed": ["build", "-o", graph + ".gz"],
    }[case]
    if case in ("exists", "export-exists"):
        Path(book + ".xlsx").write_bytes(b"filled in")
    base_listing = "https://w3id.org/kgtool/id/kg/assessment/2016"
    quoted = (folder, book + ".xlsx", str(files / "book"), "Actors.csv", "Assessment.csv", "Sections.csv", graph, ods)
    quoted += ("kgtool template", "--force", "--format", "jsonld", "ttl", "CSV", "http://ex.org/", base_listing)
    quoted += ("--base", "IRI", "-o", "kgtool export", "./-", "'-'", "«-»", "gzip -n", graph + ".gz")
    words = said(argv, error_id, capsys, quoted)
    assert foreign_words(words, lang) == []


# --- the rare errors, once said in English only ------------------------------------------------

SHAPES_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/ns#> .
"""
ASK_COMPONENT = """ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:lim ] ;
  sh:validator [ a sh:SPARQLAskValidator ; sh:message "m" ; sh:ask "{ask}" ] .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:lim 3 ] .
"""
SELECT_SHAPE = 'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:message "m" ; sh:select "{query}" ] .\n'
FORBIDDEN = {
    "minus": SELECT_SHAPE.format(query="SELECT $this WHERE { $this ?p ?o MINUS { $this a ex:T } }"),
    "service": SELECT_SHAPE.format(query="SELECT $this WHERE { SERVICE <http://127.0.0.1:1/> { $this ?p ?o } }"),
    "subquery": SELECT_SHAPE.format(query="SELECT $this WHERE { $this ?p ?o { SELECT ?o WHERE { ?s ?q ?o } } }"),
    "rebinds-value": ASK_COMPONENT.format(ask="ASK { BIND (STRLEN(STR($this)) AS ?value) FILTER ($value > $lim) }"),
}


@pytest.mark.parametrize("lang", READERS)
@pytest.mark.parametrize("case", sorted(FORBIDDEN))
def test_a_sparql_query_shacl_forbids_is_explained_in_the_readers_language(
    case: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shape is named (its IRI, or the property shape and the shape holding it), the rule it
    breaks in the specification's words, and the appendix that says so, all in the reader's words;
    SPARQL's keywords and the variables are quoted as written."""
    data, shapes = tmp_path / "data.ttl", tmp_path / "mine.ttl"
    data.write_text('@prefix ex: <http://example.org/ns#> .\nex:a a ex:T ; ex:p "ab" .\n', encoding="utf-8")
    shapes.write_text(SHAPES_PREFIXES + FORBIDDEN[case], encoding="utf-8")
    argv = ["validate", str(data), "--only-shapes", "--shapes", str(shapes), "--no-reasoner", "--lang", lang]
    quoted = ("SHACL 1.0", "MINUS", "VALUES", "SERVICE", "FILTER NOT EXISTS", "FILTER (?x IN (...))", " AS ", "$this")
    words = said(argv, "validate#forbidden-sparql", capsys, (*quoted, "$value"))
    assert foreign_words(words, lang) == [], words
    assert "<http://example.org/ns#S>" in words


def test_a_forbidden_query_is_explained_in_english_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, shapes = tmp_path / "data.ttl", tmp_path / "mine.ttl"
    data.write_text('@prefix ex: <http://example.org/ns#> .\nex:a a ex:T ; ex:p "ab" .\n', encoding="utf-8")
    shapes.write_text(SHAPES_PREFIXES + FORBIDDEN["rebinds-value"], encoding="utf-8")
    assert main(["validate", str(data), "--only-shapes", "--shapes", str(shapes), "--no-reasoner"]) == 2
    assert capsys.readouterr().err == (
        "ERROR [validate#forbidden-sparql] a property shape on <http://example.org/ns#p> of "
        "<http://example.org/ns#S> has a SPARQL query SHACL forbids: a SPARQL-based constraint must not rebind "
        "the pre-bound variable $value with AS (SHACL 1.0, appendix A, pre-binding of variables in SPARQL "
        "queries: https://www.w3.org/TR/shacl/#pre-binding)\n"
        "  hint: rewrite the query without it (FILTER NOT EXISTS for MINUS, FILTER (?x IN (...)) for VALUES)\n"
    )


@pytest.mark.parametrize("lang", READERS)
def test_an_installation_without_its_assets_is_explained_in_the_readers_language(lang: str, tmp_path: Path) -> None:
    """kgtool's package without the ontology and data beside it (no KGTOOL_ASSETS): a real run of
    `python -m kgtool`, in a process of its own, since where kgtool is installed decides."""
    (tmp_path / "kgtool").symlink_to(PACKAGE, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != "KGTOOL_ASSETS"}
    env |= {"PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1", "KGTOOL_LANG": lang}
    run = subprocess.run(
        [sys.executable, "-m", "kgtool", "validate", "--no-reasoner"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2 and run.stderr.startswith("ERROR [setup#no-assets] "), run.stderr
    words = run.stderr.replace("ERROR [setup#no-assets]", " ").replace("\n  hint:", "\n ")
    for literal in ("'pip install .'", "KGTOOL_ASSETS", "ontology/", "data/"):
        words = words.replace(literal, " ")
    assert foreign_words(words, lang) == [], run.stderr


@pytest.mark.parametrize("lang", READERS)
def test_a_base_that_is_no_iri_is_explained_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report#bad-base and publish#bad-base: the value given is quoted, and the address to give."""
    argv = ["report", "--base", "not an iri", "-o", str(tmp_path / "r.html"), "--lang", lang]
    words = said(argv, "report#bad-base", capsys, ("--base", "'not an iri'"))
    assert foreign_words(words, lang) == [], words
    argv = ["publish", str(tmp_path / "site"), "--base", "ftp://example.org/", "--lang", lang]
    words = said(argv, "publish#bad-base", capsys, ("--base", "'ftp://example.org/'"))
    assert foreign_words(words, lang) == [], words


@pytest.mark.parametrize("lang", READERS)
def test_a_workbook_diff_cannot_read_is_explained_in_the_readers_language(
    lang: str, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = files / "round.ods"
    book.write_bytes(b"PK\x03\x04")
    quoted = (str(book), "kgtool diff", "CSV")
    words = said(["diff", str(book), str(files / "bad.ttl"), "--lang", lang], "diff#no-converter", capsys, quoted)
    assert foreign_words(words, lang) == [], words


HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


@pytest.mark.parametrize("lang", READERS)
@pytest.mark.parametrize(
    "name", ["rdf-billion-laughs.rdf", "rdf-external-entity.rdf", "rdf-parameter-entity.rdf", "rdf-long-entity.rdf"]
)
def test_xml_entities_refused_are_explained_in_the_readers_language(
    name: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The entity is named as the file names it, in quotes."""
    path = str(HOSTILE / name)
    words = said(["validate", "--no-reasoner", path, "--lang", lang], "load#xml-entities", capsys, (path,))
    assert foreign_words(re.sub(r"'[^'\n]*'", " ", words), lang) == [], words


@pytest.mark.parametrize("lang", READERS)
def test_a_load_into_a_store_that_does_not_answer_is_explained_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The endpoint's error, and that nothing was loaded: both in the reader's words (the second
    was added to the English message afterwards, which left the whole line English)."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    data = tmp_path / "one.nt"
    data.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}/query"
    words = said(["load", str(data), "--endpoint", url], "endpoint#unreachable", capsys, (url,))
    assert foreign_words(words, lang) == [], words


@pytest.mark.parametrize("lang", READERS)
def test_a_reasoner_mode_kgtool_lacks_is_explained_in_the_readers_language(lang: str) -> None:
    """Only the library can ask for it (the command line offers the modes it has)."""
    from kgtool.errors import KgtoolError
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.validation.reasoner import reason

    with pytest.raises(KgtoolError) as caught:
        reason(KnowledgeGraph(), "bogus")
    line = in_language(caught.value, lang)
    assert line.startswith("ERROR [reason#unknown-mode] ") and "'bogus'" in line
    words = line.replace("ERROR [reason#unknown-mode]", " ").replace("'bogus'", " ").replace("hint:", " ")
    assert foreign_words(words.replace("tbox", " ").replace("full", " "), lang) == [], line
