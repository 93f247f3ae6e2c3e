"""Rendering a ValidationReport for its readers.

* text: for people — findings grouped by entity, named by label and IRI, with the
  property in words, what is wrong, what would fix it, and file:line; a summary line.
* json: stable and documented (docs/validate.md); keys never change meaning.
* junit: JUnit XML for CI test reporters, one test case per shape.
* github: workflow-command annotations (::error file=…,line=…::…).

What the data says reaches these renderings as it is written: a label, a message of a user's
shape, a value can hold a newline, ESC and a terminal's colour codes, or a line that a CI log takes
for a command of its own (``::error``). The text rendering shows such characters escaped, as
``\\u001B``, so that one finding is one line and no data can forge a line of the report or drive
the terminal; the JUnit rendering escapes, the same way, every character XML 1.0 cannot hold, so
its file is always well-formed (docs/validate.md, "Characters the data should not hold").
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from xml.etree import ElementTree as ET

from kgtool.i18n.catalogue import has, t, tn
from kgtool.iri import local_name
from kgtool.validation.model import REASON_MESSAGES, REASON_PREFIXES, SEVERITY_ORDER, Finding, ValidationReport, rank
from kgtool.vocab import KGSH

JSON_SCHEMA_VERSION = 1

# Characters shown as \uXXXX in the text rendering: the C0 controls (newline, CR, ESC, tab…),
# DEL and the C1 controls (NEL among them), the Unicode line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates, which reorder what a terminal shows
UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Characters XML 1.0 cannot hold (C0 but tab, newline and CR; lone surrogates; U+FFFE, U+FFFF);
# DEL and the C1 controls, which XML 1.0 discourages and a reporter would show raw; and CR, which
# a parser reads as a newline
NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
GITHUB_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "notice"}


def summary_line(report: ValidationReport) -> str:
    """The last line: whether the data conforms, the findings by severity, the files, the OWL check."""
    lang = report.lang
    v, w, i = report.count("Violation"), report.count("Warning"), report.count("Info")
    other = report.count_other()
    status = t("validate.conforms" if report.conforms() else "validate.does_not_conform", lang)
    counts = ", ".join([tn("count.violations", v, lang), tn("count.warnings", w, lang), tn("count.infos", i, lang)])
    if other:
        counts += " " + tn("count.other_severities", other, lang)
    if report.reasoner_ran:
        owl = t("validate.owl_consistent" if report.consistent else "validate.owl_inconsistent", lang)
    else:
        owl = t("validate.owl_skipped", lang)
    return t(
        "validate.summary",
        lang,
        status=status,
        counts=counts,
        files=_files(report, lang),
        owl=owl,
    )


def _files(report: ValidationReport, lang: str) -> str:
    """How many files were validated: the ontology's, always read with the data, are named apart
    ("1 data file and the ontology"), so that one file given is not "3 files"."""
    from kgtool import assets

    ontology = {assets.display_path(p) for p in assets.ontology_files()}
    data = [f for f in report.files if f not in ontology]
    if len(data) == len(report.files):
        return tn("count.files", len(report.files), lang)
    return tn("count.data_files", len(data), lang)


def severity_word(severity: str, lang: str) -> str:
    """A finding's severity as the text rendering shows it (VIOLATION, НАРУШЕНИЕ…); a shape's own
    severity, which kgtool has no word for, by its name."""
    name = local_name(severity)
    return t(f"severity.{name}", lang) if has(f"severity.{name}") else name.upper()


def engine_lines(report: ValidationReport) -> list[str]:
    """Which SHACL engine judged the shapes: one line when the fast engine judged them all, else
    one line per shape pySHACL judged, with the fast engine's reason for refusing it."""
    fast = [j for j in report.shape_engines if j.engine == "fast"]
    slow = [j for j in report.shape_engines if j.engine != "fast"]
    out = []
    if fast:
        out.append(t("validate.engine_fast", report.lang, n=len(fast)))
    for j in slow:
        reason = engine_reason(j.reason, report.lang)
        out.append(t("validate.engine_pyshacl", report.lang, name=local_name(j.shape), shape=j.shape, reason=reason))
    return out


def engine_reason(reason: str, lang: str) -> str:
    """Why an engine judged a shape, in the reader's language: kgtool's own reasons from the
    catalogues, the compiler's or the store's words after them as they are, quoted in ky and ru (technical
    English naming SPARQL and SHACL constructs); a reason kgtool does not know, as it is."""
    if reason in REASON_MESSAGES:
        return t(REASON_MESSAGES[reason], lang)
    for prefix, key in REASON_PREFIXES.items():
        if reason.startswith(prefix):
            detail = reason[len(prefix) :]
            if prefix.endswith("("):
                detail = detail.removesuffix(")")
            return t(key, lang, detail=detail)
    return reason


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def visible(text: str) -> str:
    """``text`` with every character ``UNSEEN`` holds written as ``\\u`` and four hex digits
    (a newline as ``\\u000A``, ESC as ``\\u001B``): what the data holds, shown rather than done."""
    return UNSEEN.sub(_escaped, text)


def xml_safe(text: str) -> str:
    """``text`` with every character ``NOT_XML`` holds written as ``\\u`` and four hex digits, so
    that the JUnit file is well-formed XML 1.0 whatever the data holds (newlines and tabs stay; a
    CR, which an XML parser would read as a newline, is escaped too)."""
    return NOT_XML.sub(_escaped, text)


def _entity(label: str, focus: str) -> str:
    """An entity as a finding names it: its label and IRI in angle brackets, or a blank node's
    name (``_:b…``, no IRI) once, after its label when it has one."""
    if not focus.startswith("_:"):
        return f"{label} <{focus}>"
    return focus if label == focus else f"{label} {focus}"


def render_text(report: ValidationReport) -> str:
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in report.findings:
        groups[(f.focus, f.focus_label)].append(f)
    out: list[str] = []
    for (focus, label), findings in groups.items():
        out.append(_entity(label, focus))
        where = {(f.file, f.line, f.origin) for f in findings if f.file}
        for file, line, origin in sorted(where, key=lambda x: (x[0] or "", x[1] or 0, x[2] or "")):
            place = f"{file}:{line}" if line else str(file)
            if origin:
                out.append("  " + t("validate.stated_at_from", report.lang, place=place, origin=origin))
            else:
                out.append("  " + t("validate.stated_at", report.lang, place=place))
        for f in findings:
            prop = f" {f.path_label}:" if f.path_label else ""
            value = (
                " " + t("validate.found", report.lang, value=f.value)
                if f.value is not None and len(f.value) < 200
                else ""
            )
            out.append(f"  {severity_word(f.severity, report.lang):9}{prop} {f.message}{value}")
            if f.fix:
                out.append("             " + t("validate.fix", report.lang, fix=f.fix))
        out.append("")
    out.extend(engine_lines(report))
    out.append(summary_line(report))
    return "\n".join(visible(line) for line in out) + "\n"


def render_json(report: ValidationReport) -> str:
    doc = {
        "kgtoolValidationReport": JSON_SCHEMA_VERSION,
        "conforms": report.conforms(),
        "summary": {
            "other": report.count_other(),
            "violations": report.count("Violation"),
            "warnings": report.count("Warning"),
            "infos": report.count("Info"),
            "files": len(report.files),
        },
        "reasoner": {"ran": report.reasoner_ran, "consistent": report.consistent},
        "findings": [f.as_dict() for f in report.findings],
        "engines": [j.as_dict() for j in report.shape_engines],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def junit_name(shape: str) -> tuple[str, str]:
    """A shape's test case, as ``classname`` and ``name``, unique in the report and saying whose rule
    it is: kgtool's own (its shapes, ``kgsh:``, and the OWL checks, ``owl:consistency``) in
    ``kgtool.shapes`` by local name, as before; any other shape (a user's ``--shapes``) in
    ``kgtool.user-shapes`` by its whole IRI, since its local name may be that of one of kgtool's
    (``my:ProcessShape`` and ``kgsh:ProcessShape``) or of another of the user's, and reporters merge
    test cases of one name."""
    if shape.startswith((KGSH, "owl:")):
        return "kgtool.shapes", local_name(shape)
    return "kgtool.user-shapes", shape


def render_junit(report: ValidationReport) -> str:
    by_shape: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_shape[f.shape].append(f)
    shapes = sorted(set(report.shapes) | set(by_shape) | {j.shape for j in report.shape_engines})
    failing = [s for s in shapes if any(rank(f.severity) >= SEVERITY_ORDER["Violation"] for f in by_shape[s])]
    suites = ET.Element("testsuites", name="kgtool validate")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="kgtool validate",
        tests=str(len(shapes)),
        failures=str(len(failing)),
        errors="0",
        skipped="0",
    )
    judged = {j.shape: j for j in report.shape_engines}
    for shape in shapes:
        classname, name = junit_name(shape)
        case = ET.SubElement(suite, "testcase", classname=classname, name=xml_safe(name))
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="shape", value=xml_safe(shape))
        if shape in judged:
            ET.SubElement(props, "property", name="engine", value=judged[shape].engine)
            ET.SubElement(props, "property", name="engine-reason", value=xml_safe(judged[shape].reason))
        for f in by_shape[shape]:
            tag = "failure" if rank(f.severity) >= SEVERITY_ORDER["Violation"] else "system-out"
            text = xml_safe(
                f"{f.severity}: {_entity(f.focus_label, f.focus)}: {f.message}"
                + (f" — fix: {f.fix}" if f.fix else "")
                + (f" ({f.file}:{f.line})" if f.file else "")
            )
            if tag == "failure":
                ET.SubElement(case, "failure", message=xml_safe(f.message[:500]), type=f.constraint).text = text
            else:
                ET.SubElement(case, "system-out").text = text
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def render_github(report: ValidationReport) -> str:
    lines = []
    for f in report.findings:
        props = []
        if f.file:
            props.append(f"file={_escape_property(f.file)}")
            if f.line:
                props.append(f"line={f.line}")
        props.append(f"title={_escape_property('kgtool validate: ' + local_name(f.shape))}")
        message = f"{_entity(f.focus_label, f.focus)}: {f.message}" + (f" Fix: {f.fix}" if f.fix else "")
        lines.append(f"::{GITHUB_LEVEL.get(f.severity, 'error')} {','.join(props)}::{_escape_data(message)}")
    for j in report.shape_engines:
        title = _escape_property("kgtool validate: " + local_name(j.shape))
        key = "validate.judged_fast" if j.engine == "fast" else "validate.judged_pyshacl"
        reason = engine_reason(j.reason, report.lang)
        lines.append(f"::notice title={title}::{_escape_data(t(key, report.lang, reason=reason, shape=j.shape))}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit, "github": render_github}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
