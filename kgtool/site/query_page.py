"""The query page (``sparql.html`` in the published site, and ``/sparql`` opened in a browser
under ``kgtool serve``): a free query box, the common questions as ready-made forms, and
kgtool's named queries as examples.

The forms never carry SPARQL of their own: each names one of ``queries/**/*.rq``, whose text
is written into the page at publish time (bound to the page's language), and the page's
script (``sparql.js``, served from the site itself, as the Content-Security-Policy requires)
fills that query's ``VALUES`` parameters from the form and posts it to the site's own
``sparql`` endpoint, then shows the answer as a table whose data IRIs link to their pages.
The choices offered (acts, pairs, processes) come from the graph, sorted, so the same graph
gives the same page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import rdflib
from rdflib.namespace import RDF

from kgtool.i18n.messages import t
from kgtool.site.conneg import MAX_SEGMENT
from kgtool.site.context import KGO, SiteContext
from kgtool.sparql.named import VALUES_BLOCK, NamedQuery, all_queries, sparql_term
from kgtool.vocab import DATA_NAMESPACE
from kgtool.vocab import KGO as KGO_NAMESPACE

QUERY_PAGE = "sparql.html"
SCRIPT = "sparql.js"
# the gap lists a pair's form offers, in this order: (named query, message key of its name)
GAP_QUERIES = (
    ("gaps/no-legal-basis", "sparql.gap_no_basis"),
    ("gaps/blocked-or-restricted", "sparql.gap_blocked"),
    ("gaps/missing-dimension", "sparql.gap_missing"),
    ("gaps/rules-absent-despite-law", "sparql.gap_rules_absent"),
    ("gaps/appendix-disagreements", "sparql.gap_disagreements"),
)


@dataclass
class Option:
    value: str
    text: str
    group: str = ""


@dataclass
class Field:
    """One input of a form: it fills the query's parameter ``param`` (a term of ``kind``:
    iri, integer or string, as the query's default is written)."""

    param: str
    label: str
    kind: str
    control: str  # select | number | text
    options: list[Option] = field(default_factory=list)
    value: str = ""


@dataclass
class Question:
    """A ready-made form: a question, the named queries it may run (value: the query's name,
    text: what the reader picks it by), and its fields."""

    id: str
    title: str
    queries: list[Option]
    fields: list[Field]


def term_kind(default: str) -> str:
    """What kind of SPARQL term a parameter takes, read from its default as kgtool.sparql.named does."""
    if re.fullmatch(r"-?\d+", default):
        return "integer"
    if default.startswith('"'):
        return "string"
    return "iri"


def example_id(q: NamedQuery) -> str:
    return f"{q.role}/{q.name}".replace("/", "-")


def questions(ctx: SiteContext, lang: str, known: dict[str, NamedQuery]) -> list[Question]:
    """The common questions of issue 13: an article's reach, a pair's gaps, a process's legal
    basis, and a text search; each over named queries that exist (a missing one drops its form)."""
    g = ctx.graph

    def name(node: rdflib.term.Node) -> str:
        return ctx.label(node).text

    def kind(query: str, param: str) -> str:
        return term_kind(known[query].parameters[param])

    acts = sorted({s for s, _ in g.subject_objects(KGO.shortId)}, key=lambda a: str(g.value(a, KGO.shortId)))
    pairs = sorted(g.subjects(RDF.type, KGO.PrincipalAgentPair), key=lambda p: (name(p).casefold(), str(p)))
    processes = [
        Option(str(x), f"{g.value(x, KGO.processOrder) or ''}. {name(x)}", name(p))
        for p in pairs
        for x in sorted(g.subjects(KGO.inPair, p), key=lambda x: (int(str(g.value(x, KGO.processOrder) or 0)), str(x)))
    ]
    out = []
    if "legal/article-underpins" in known:
        # the form starts from the query's own defaults (the Constitution, article 52)
        defaults = known["legal/article-underpins"].parameters
        out.append(
            Question(
                "q-article",
                t("sparql.q_article", lang),
                [Option("legal/article-underpins", "legal/article-underpins")],
                [
                    Field(
                        "act",
                        t("sparql.act", lang),
                        kind("legal/article-underpins", "act"),
                        "select",
                        [Option(str(a), name(a)) for a in acts],
                        defaults["act"].strip("<>"),
                    ),
                    Field(
                        "article",
                        t("sparql.article", lang),
                        kind("legal/article-underpins", "article"),
                        "number",
                        value=defaults["article"],
                    ),
                ],
            )
        )
    gap_queries = [Option(q, t(key, lang)) for q, key in GAP_QUERIES if q in known]
    if gap_queries and pairs:
        out.append(
            Question(
                "q-gaps",
                t("sparql.q_gaps", lang),
                gap_queries,
                [
                    Field(
                        "pair",
                        t("sparql.pair", lang),
                        kind(gap_queries[0].value, "pair"),
                        "select",
                        [Option(str(p), name(p)) for p in pairs],
                    )
                ],
            )
        )
    if "legal/process-basis" in known and processes:
        out.append(
            Question(
                "q-basis",
                t("sparql.q_basis", lang),
                [Option("legal/process-basis", "legal/process-basis")],
                [
                    Field(
                        "process",
                        t("sparql.process", lang),
                        kind("legal/process-basis", "process"),
                        "select",
                        processes,
                    )
                ],
            )
        )
    if "lookup/text-match" in known:
        out.append(
            Question(
                "q-search",
                t("sparql.q_search", lang),
                [Option("lookup/text-match", "lookup/text-match")],
                [
                    Field(
                        "text",
                        t("sparql.text", lang),
                        kind("lookup/text-match", "text"),
                        "text",
                        value=t("sparql.text_example", lang),
                    )
                ],
            )
        )
    for question in out:
        for f in question.fields:
            if f.control == "select" and f.options and not f.value:
                f.value = f.options[0].value
    return out


def examples(lang: str) -> list[dict[str, str]]:
    """Every named query, bound to the page's language, with links that run it by GET."""
    out = []
    for q in all_queries():
        values: dict[str, str | None] = {"lang": lang} if "lang" in q.parameters else {}
        text = q.bind(values)
        out.append(
            {
                "id": example_id(q),
                "name": f"{q.role}/{q.name}",
                "question": q.question_in(lang),
                "text": text,
                "json": "sparql?" + urlencode({"query": text, "format": "json"}),
                "csv": "sparql?" + urlencode({"query": text, "format": "csv"}),
            }
        )
    return out


def form_text(q: NamedQuery, lang: str) -> str:
    """The text a form fills: ?lang set to the page's language and every other parameter's
    block as written, UNDEF ones too, so the script can set it (and drops the blocks still
    UNDEF when it runs the query, as NamedQuery.bind does)."""
    if "lang" not in q.parameters:
        return q.text
    term = sparql_term(lang, q.parameters["lang"])
    return VALUES_BLOCK.sub(lambda m: f"VALUES ?lang {{ {term} }}" if m.group("name") == "lang" else m.group(0), q.text)


def page_context(ctx: SiteContext, lang: str) -> dict[str, object]:
    """What sparql.html shows: the same graph and language give the same page."""
    known = {f"{q.role}/{q.name}": q for q in all_queries()}
    listed = examples(lang)
    asked = questions(ctx, lang, known)
    texts = {o.value: form_text(known[o.value], lang) for q in asked for o in q.queries}
    first = next((e["text"] for e in listed if e["name"] == "indices/pair-index"), listed[0]["text"] if listed else "")
    words = {
        key: t(f"sparql.{key}", lang)
        for key in ("running", "rows", "no_rows", "failed", "unreachable", "yes", "no", "as_table", "bad_value")
    }
    words["run_table"] = t("sparql.run_as", lang, format=words["as_table"])
    return {
        "lang": lang,
        "t": lambda key, **values: t(key, lang, **values),
        "questions": asked,
        "texts": texts,
        "examples": listed,
        "default_query": first,
        "words": words,
        "data_namespace": DATA_NAMESPACE,
        "ontology_namespace": KGO_NAMESPACE,
        "max_segment": MAX_SEGMENT,
    }
