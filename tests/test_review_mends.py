"""Small mends a reviewer found in today's merges: an escaped '/' in a user's sh:pattern, Jena's
java: property functions behind serve --endpoint, and a --base whose path the web-server rules
could not match as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgtool.cli import main
from kgtool.shacl.xpath_regex import translate
from kgtool.sparql.guard import check_read_only


@pytest.mark.parametrize(("escaped", "plain"), [(r"^https?:\/\/", "^https?://"), (r"a\:b\#c", "a:b#c")])
def test_punctuation_escaped_without_need_reads_as_itself(escaped: str, plain: str) -> None:
    """`sh:pattern "^https?:\\/\\/"` ran in both engines and became validate#shapes-rejected when
    patterns were read as XPath reads them (XPath has no \\/): read as the character itself."""
    assert translate(escaped, "") == translate(plain, "")


def test_a_java_property_function_is_not_forwarded() -> None:
    """ARQ loads `java:` property functions by class name; a predicate of that scheme passed."""
    refusal = check_read_only("SELECT * WHERE { ?s <java:com.example.PF> ?o }", standard_only=True)
    assert refusal is not None and refusal.kind == "extension", refusal


@pytest.mark.parametrize("base", ["https://example.org/a+b/", "https://example.org/a b/", 'https://example.org/a";x/'])
def test_a_base_the_web_server_rules_cannot_match_is_refused(
    base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--base https://example.org/a+b/` wrote the rule ^/a+b/id/, which never matches the path: a
    broken site; a quote or ';' broke the nginx configuration or ran into it."""
    assert main(["publish", str(tmp_path / "site"), "--base", base]) == 2
    assert capsys.readouterr().err.startswith("ERROR [publish#bad-base] ")
    assert not (tmp_path / "site").exists()
