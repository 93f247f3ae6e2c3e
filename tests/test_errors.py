"""The error catalogue is the one list of error IDs: every ID the code uses is declared there,
every declared ID is used, docs/errors.md is generated from it, and errors are worded by one
formatter. The HTTP failure mapping is checked against real servers on 127.0.0.1: a closed
port, a socket that never answers, and small HTTP servers that answer an error or hang up."""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from servers import free_port, oxigraph_server, silent_server

from kgtool.errors import EXIT_INPUT, EndpointError, InputError, UsageError, format_error
from kgtool.errors.catalogue import AREAS, CATALOGUE, ENTRIES, REGENERATE, UndeclaredError, declared, markdown
from kgtool.serve.query_service import Answer, ProxyService
from kgtool.sparql.backends import RemoteBackend
from kgtool.sparql.http import classify, excerpt

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "kgtool"
ID = re.compile(r"[a-z]+#[a-z][a-z0-9-]*")


def python_files() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p != PACKAGE / "errors" / "catalogue.py"]


def ids_in_code() -> dict[str, list[str]]:
    """Every string constant in kgtool's code that is a whole error ID, with where it is."""
    found: dict[str, list[str]] = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ID.fullmatch(node.value):
                found.setdefault(node.value, []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


# --- the catalogue -------------------------------------------------------------------------


def test_every_id_used_in_the_code_is_declared() -> None:
    undeclared = {i: where for i, where in ids_in_code().items() if i not in CATALOGUE}
    assert not undeclared, f"declare these in kgtool/errors/catalogue.py: {undeclared}"


def test_every_declared_id_is_used() -> None:
    unused = sorted(set(CATALOGUE) - set(ids_in_code()))
    assert not unused, f"declared but used nowhere: {unused}"


def test_no_id_is_put_together_at_run_time() -> None:
    """An ID built with an f-string would escape the two checks above."""
    built = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.JoinedStr)
                and node.values
                and isinstance(node.values[0], ast.Constant)
                and re.match(r"[a-z]+#", str(node.values[0].value))
            ):
                built.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not built


def test_one_formatter_writes_the_error_lines() -> None:
    """Nothing outside kgtool/errors/ writes an ``ERROR [`` or ``WARNING [`` line by hand."""
    by_hand = [
        f"{p.relative_to(REPO)}:{n}"
        for p in python_files()
        if p.parent.name != "errors"
        for n, text in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(ERROR|WARNING) \[", text) or ("hint: " in text and '"  hint' in text)
    ]
    assert not by_hand


def test_entries_are_complete_and_consistent() -> None:
    assert len(CATALOGUE) == len(ENTRIES), "an ID is declared twice"
    for e in ENTRIES:
        assert ID.fullmatch(e.id) and e.area in AREAS, e.id
        assert e.meaning and not e.meaning.endswith("."), e.id
        assert e.fix or e.hint, f"{e.id} tells the docs no fix"
        assert e.doc == f"docs/errors.md#{e.id.replace('#', '-')}"
        if e.status:
            assert e.cls is None and e.exit_code is None and e.id.startswith("serve#"), e.id
        elif e.level == "WARNING":
            assert e.cls is None and e.exit_code is None, e.id
        else:
            assert e.exit_code == EXIT_INPUT, e.id


def test_docs_errors_md_is_generated_from_the_catalogue() -> None:
    assert (REPO / "docs" / "errors.md").read_text(encoding="utf-8") == markdown(), f"run: {REGENERATE}"
    for e in ENTRIES:
        assert f'<a id="{e.anchor}"></a>' in markdown()


def test_ids_named_in_the_docs_are_declared() -> None:
    areas = "|".join(AREAS)
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        named = set(re.findall(rf"\b(?:{areas})#[a-z][a-z0-9-]*[a-z0-9]", path.read_text(encoding="utf-8")))
        assert named <= set(CATALOGUE), f"{path.name} names undeclared IDs: {sorted(named - set(CATALOGUE))}"
    assert "docs/errors.md" in (REPO / "README.md").read_text(encoding="utf-8")


# --- KgtoolError and the formatter ---------------------------------------------------------


def test_an_undeclared_id_fails_loudly() -> None:
    with pytest.raises(UndeclaredError):
        InputError("load#no-such-problem", "x")
    with pytest.raises(UndeclaredError):
        Answer.error(400, "serve#no-such-problem", "x")


def test_the_declared_class_and_status_are_enforced() -> None:
    with pytest.raises(TypeError):
        UsageError("load#bad-syntax", "x")
    with pytest.raises(ValueError):
        Answer.error(500, "serve#read-only", "x")


def test_the_catalogue_hint_fills_in_and_a_given_hint_wins() -> None:
    default = InputError("load#missing-file", "no such file", file="a.ttl")
    assert str(default) == "ERROR [load#missing-file] a.ttl: no such file\n  hint: check the path"
    assert default.exit_code == EXIT_INPUT == declared("load#missing-file").exit_code
    given = InputError("load#missing-file", "no such file", hint="look again", file="a.ttl", line=3, column=4)
    assert str(given) == "ERROR [load#missing-file] a.ttl:3:4: no such file\n  hint: look again"
    assert str(InputError("load#bad-syntax", "bad")) == "ERROR [load#bad-syntax] bad"  # declared without a hint


def test_the_formatter_is_the_form_scripts_match() -> None:
    assert format_error("x#y", "m") == "ERROR [x#y] m"
    assert format_error("x#y", "m", "f:1", "h", "WARNING") == "WARNING [x#y] f:1: m\n  hint: h"
    assert Answer.error(403, "serve#read-only", "serve.read_only").body == (
        b"ERROR [serve#read-only] this endpoint is read-only: SPARQL Update is refused\n"
        b"  hint: send a SELECT, ASK, CONSTRUCT or DESCRIBE query\n"
    )
    # an ID declared without a hint, and a message with none: no hint line
    assert Answer.error(400, "serve#bad-request", "serve.bad_request").body == (
        b"ERROR [serve#bad-request] give exactly one 'query' parameter\n"
    )


def test_the_internal_error_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import kgtool.cli.query as query_verb
    from kgtool.cli import main

    def broken(args: object) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(query_verb, "run", broken)
    assert main(["query", "--list"]) == EXIT_INPUT
    assert capsys.readouterr().err == (
        "ERROR [internal#unexpected] kgtool failed unexpectedly: ZeroDivisionError: "
        "boom\n  hint: run again with -v and report the traceback\n"
    )


# --- one mapping of HTTP failures ----------------------------------------------------------


class _Answers(BaseHTTPRequestHandler):
    """/503 answers a plain-text error, /404 an HTML error page, /cut hangs up without answering."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path.startswith("/cut"):
            self.close_connection = True
            return
        if self.path.startswith("/404"):
            self.send_error(404, "nothing here")
            return
        body = b"the store\n  is   full"
        self.send_response(503, "Service Unavailable")
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


@contextmanager
def answering_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _update(url: str, timeout: float = 5) -> EndpointError:
    from kgtool.loader.remote_load import _Client, _RequestFailed

    with pytest.raises(_RequestFailed) as failed:
        _Client(url, url, timeout).update(b"INSERT DATA {}")
    return failed.value.error


def _select(url: str, timeout: float = 5) -> EndpointError:
    with pytest.raises(EndpointError) as failed:
        RemoteBackend(url, timeout).select("SELECT * WHERE { ?s ?p ?o }")
    return failed.value


def test_a_closed_port_is_unreachable_everywhere() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert _select(url).error_id == _update(url).error_id == "endpoint#unreachable"
    answer = ProxyService(url).run("ASK {}", None, None)
    assert answer.status == 502 and answer.body.startswith(b"ERROR [serve#endpoint-unreachable]")
    import urllib.request

    with pytest.raises(OSError) as exc:
        urllib.request.urlopen(url, timeout=5)
    failure = classify(exc.value)
    assert failure.kind == "unreachable" and failure.refused and not failure.maybe_applied


@pytest.mark.slow
def test_no_answer_is_a_timeout_everywhere() -> None:
    with silent_server() as url:
        select, update = _select(url, 1), _update(url, 1)
        answer = ProxyService(url, timeout=1).run("ASK {}", None, None)
    assert select.error_id == update.error_id == "endpoint#timeout"
    assert str(select) == (
        f"ERROR [endpoint#timeout] {url}: no answer within 1 s\n"
        "  hint: the endpoint may be overloaded; try again or raise --timeout"
    )
    assert update.message == f"no answer from {url} within 1 s" and "--batch-size" in update.hint
    assert answer.status == 504 and answer.body == (
        b"ERROR [serve#time-limit] the endpoint gave no answer within 1 s\n"
        b"  hint: narrow the query, or try again later\n"
    )


def test_an_http_error_status_with_a_short_excerpt() -> None:
    with answering_server() as base:
        select, update = _select(base + "/503"), _update(base + "/503")
        html = _update(base + "/404")
        cut = _update(base + "/cut")
        proxied = ProxyService(base + "/503").run("ASK {}", None, None)
    assert select.error_id == update.error_id == html.error_id == "endpoint#http-error"
    assert select.message == "HTTP 503 Service Unavailable: the store\n  is   full"
    assert update.message == f"HTTP 503 Service Unavailable from {base}/503: the store is full"
    assert html.message == f"HTTP 404 nothing here from {base}/404"  # an HTML page says no more than its status
    assert cut.error_id == "endpoint#unreachable" and cut.message.startswith(f"the connection to {base}/cut broke")
    # kgtool serve --endpoint says the endpoint failed, and never passes on what the other server said
    assert proxied.status == 502 and b"ERROR [serve#endpoint-failed]" in proxied.body
    assert b"the store" not in proxied.body


def test_excerpt_is_one_short_line() -> None:
    assert excerpt(b"a\n b" + b"c" * 1000) == "a b" + "c" * 296
    assert excerpt(b"  <html><body>error</body></html>") is None


@pytest.mark.slow
def test_a_real_endpoint_refusing_a_query() -> None:
    with oxigraph_server() as base:
        answer = ProxyService(base + "/query").run("SELECT nonsense", None, None)
        update = _update(base + "/query")  # the query service refuses an update
    # the endpoint's own answer is not passed on (issue 17): kgtool says that the endpoint refused
    assert answer.status == 502 and b"ERROR [serve#endpoint-failed] the endpoint answered HTTP 400" in answer.body
    assert update.error_id == "endpoint#http-error" and update.message.startswith("HTTP 4")
