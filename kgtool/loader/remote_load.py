"""Pushing a graph of any size to a remote SPARQL store: streamed, staged, resumable.

How a load runs (docs/scale-out.md has the user's view):

1. **Streaming.** The input files (the ontology first, then the data) are parsed one
   statement at a time and cut into batches of ``batch_size`` statements; each batch
   is one SPARQL Update request (``INSERT DATA { GRAPH <g> { … } … }``), so neither
   the graph nor a request body is ever held whole. A TriG/N-Quads file's named
   graphs land in the same named graphs on the store; plain triples go to the default
   graph (or ``graph``). Statements that mention a blank node wait until the end of
   their file and are sent with every other statement of that blank node in one
   request, because a store gives each request's blank nodes fresh identities.
2. **Staging.** Batches go into staging graphs (``urn:kgtool:staging:RUN:…``), one per
   target graph; the same request also records, in the run's marker graph
   ``urn:kgtool:staging:RUN``, how many batches are in. The marker and the batch are
   one request, so the store itself always knows exactly which batches got in.
3. **Switch.** When every batch is in, one request drops the marker and MOVEs each
   staging graph onto its target (replacing it): on a store that applies an update
   request as one transaction (Oxigraph, Fuseki, GraphDB…), readers see the old
   graphs or the new ones, never a half-loaded one, and a switch already applied
   cannot be applied again (see ``_Loader.switch``).
4. **Journal.** A small JSON file (``state``; default under ``$XDG_STATE_HOME/kgtool``)
   records the run, an input fingerprint and the batches confirmed. If a batch
   fails, ``load`` raises ``endpoint#partial-load`` saying how many batches are
   staged; ``resume=True`` continues after the last batch the *store* holds;
   without it, a new load first drops whatever staging an earlier run left behind
   (the targets were never touched) and says so; ``discard`` drops it without loading.

The two questions asked of the store (which runs are staged, which stage feeds which
target) are queries/load/*.rq. The update requests are written here: they carry the
data and the run's own graph names, which no parameterised SPARQL Update can hold.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TypeVar, cast

import pyoxigraph as ox

from kgtool.errors import EndpointError, InputError, KgtoolError, UsageError
from kgtool.i18n.catalogue import Figure, Phrase, Plural, t
from kgtool.i18n.problems import message_in, reworded, worded, words_of
from kgtool.loader import AUTO, DEFAULT_BATCH_SIZE, PREFERRED
from kgtool.loader.stores import Store, derived_url, detect
from kgtool.progress import Progress
from kgtool.rdf.literal_forms import LoadCheck
from kgtool.rdf.parse import (
    BOM,
    bad_syntax,
    check_readable,
    empty_file,
    format_for,
    no_statements,
    refuse_triple_terms,
    syntax_error,
    too_large_token,
    unreadable,
)
from kgtool.sparql.auth import Credentials, opener_for
from kgtool.sparql.backends import RemoteBackend, ResultTable, select_over
from kgtool.sparql.http import REQUEST_ERRORS, UPDATE, classify, endpoint_error
from kgtool.sparql.named import named
from kgtool.unionfind import UnionFind

METHOD = "sparql-update"
GSP_METHOD = "graph-store"
STAGING = "urn:kgtool:staging:"
KGL = "urn:kgtool:load#"
DEFAULT_GRAPH = KGL + "default-graph"
JOURNAL_VERSION = 1
# Steps of a stepwise switch per request (see _Loader._switch_requests): the 300k corpus's switch
# passed Virtuoso whole in about 500 steps, the 1M corpus's 1,500 did not.
SWITCH_STEPS = 100

Note = Callable[[str], None]


@dataclass
class LoadResult:
    method: str
    target: str  # the URL the data went to: the Graph Store Protocol service's, or the SPARQL Update service's
    statements: int  # the statements the target graphs hold (a statement sent twice into one graph is one)
    requests: int
    batches: int = 0
    graphs: int = 0
    seconds: float = 0.0
    resumed_after: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Journal:
    """What a load has confirmed so far, kept on disk so a failed load can be resumed."""

    path: Path
    run: str
    update_url: str
    endpoint: str
    fingerprint: str
    files: list[str]
    graph: str | None
    batch_size: int
    batches: int = 0
    statements: int = 0
    total_batches: int | None = None
    status: str = "loading"  # loading | staged | switching | failed
    error: str = ""

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {k: v for k, v in asdict(self).items() if k != "path"}
        data["kgtool_load_journal"] = JOURNAL_VERSION
        data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)

    @classmethod
    def read(cls, path: Path) -> Journal | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.pop("kgtool_load_journal", None) != JOURNAL_VERSION:
                return None
            data.pop("updated", None)
            return cls(path=path, **data)
        except (OSError, ValueError, TypeError):
            return None

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


@dataclass
class StagedRun:
    """A load's staging left in the store: its marker graph and how far it got."""

    run: str
    batches: int
    statements: int


__all__ = ["LoadResult", "derived_url", "discard", "load"]


def default_state_path(update_url: str) -> Path:
    """Where the journal of loads into this store lives unless --state says otherwise."""
    root = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return root / "kgtool" / "loads" / (hashlib.sha256(update_url.encode()).hexdigest()[:16] + ".json")


def load(
    files: Sequence[Path] | None,
    endpoint: str,
    graph: str | None = None,
    update: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    timeout: float = 120.0,
    *,
    input_format: str | None = None,
    include_ontology: bool = True,
    state: Path | None = None,
    resume: bool = False,
    progress: Progress | None = None,
    on_note: Note | None = None,
    credentials: Credentials | None = None,
    gsp: str | None = PREFERRED,
    lang: str = "en",
) -> LoadResult:
    """Stream the ontology and ``files`` (default: the project's data) into the store behind ``endpoint``.

    ``input_format`` names the syntax of ``files`` when their extension does not. ``gsp``
    sends the data with the Graph Store Protocol, to that URL (or ``"auto"``: the store's own
    service) instead of in SPARQL Update requests; the default, ``"preferred"``, uses the
    store's own service where kgtool knows one (Oxigraph, Virtuoso: plain RDF documents, so no
    SPARQL compiler limits a batch and blank nodes need no special form) and SPARQL Update
    elsewhere or when ``update`` is given; None always uses SPARQL Update. Raises
    EndpointError ``endpoint#partial-load`` when batches got in but the load did not finish
    (see the module docstring for what is left in the store and how to resume). Before anything
    is sent, a literal not of its datatype is refused (InputError ``load#ill-typed-literal``), and
    literals the store will hold in canonical form are noted, in ``lang`` (``LoadCheck``).
    """
    if batch_size < 1:
        raise worded(UsageError, "load#bad-batch-size", "load.bad_batch_size", hint_key="")
    started = time.monotonic()
    notes: list[str] = []

    def note(text: str) -> None:
        notes.append(text)
        if on_note:
            on_note(text)

    literals = LoadCheck()
    sources = _sources(files, input_format, include_ontology, literals)
    found = literals.result(input_format, lang)
    if found:
        note(found)
    client = _Client(endpoint, update, timeout, credentials)
    store = client.store
    update_url = store.update_url
    if gsp == AUTO:
        if store.gsp_url is None:
            raise worded(UsageError, "endpoint#no-gsp", "endpoint.no_gsp", file=endpoint, store=store.name)
        gsp = store.gsp_url
    elif gsp == PREFERRED:  # an --update URL given says where the data goes: SPARQL Update
        gsp = None if update else store.gsp_url
    client.gsp_url = gsp
    if graph is None and not store.plain_default_graph:
        raise worded(UsageError, "endpoint#graph-required", "endpoint.graph_required", file=endpoint, store=store.name)
    paths = [path for path, _ in sources]
    fingerprint = _fingerprint(sources, graph, batch_size, gsp is not None)
    state_path = state or default_state_path(update_url)
    previous = Journal.read(state_path)
    staged = {r.run: r for r in client.staged_runs()}

    skip = resumed_after = 0
    journal: Journal | None = None
    if resume:
        journal, skip = _resume_point(previous, staged, fingerprint, update_url, state_path, note, lang)
        resumed_after = journal.batches
        staged.pop(journal.run, None)
    for run in staged.values():
        client.drop_runs([run.run])
        note(
            t(
                "load.note.dropped_earlier",
                lang,
                url=update_url,
                batches=_batches(run.batches),
                statements=Figure(run.statements),
                run=run.run,
            )
        )
    if journal is None:
        if previous and not resume:
            previous.remove()
        journal = Journal(
            state_path,
            uuid.uuid4().hex[:12],
            update_url,
            endpoint,
            fingerprint,
            [str(p) for p in paths],
            graph,
            batch_size,
        )
        journal.save()

    loader = _Loader(client, journal, graph, progress, note, lang)
    if journal.status != "switching":
        loader.stage(sources, skip)
    targets = loader.switch()
    journal.remove()
    return LoadResult(
        METHOD if gsp is None else GSP_METHOD,
        update_url if gsp is None else gsp,
        journal.statements if loader.held is None else loader.held,
        loader.requests,
        journal.batches,
        targets,
        time.monotonic() - started,
        resumed_after,
        notes,
    )


def discard(
    endpoint: str,
    update: str | None = None,
    timeout: float = 120.0,
    state: Path | None = None,
    credentials: Credentials | None = None,
) -> list[StagedRun]:
    """Drop every staging an interrupted load left in the store, and its journal; the runs dropped."""
    client = _Client(endpoint, update, timeout, credentials)
    update_url = client.store.update_url
    runs = client.staged_runs()
    if runs:
        client.drop_runs([r.run for r in runs])
    journal = Journal.read(state or default_state_path(update_url))
    if journal:
        journal.remove()
    return runs


def _sources(
    files: Sequence[Path] | None, input_format: str | None, include_ontology: bool, literals: LoadCheck | None = None
) -> list[tuple[Path, ox.RdfFormat]]:
    """Every input file with its syntax, checked before anything is sent; ``literals``, if given,
    is given each input file's statements as they are read (the ontology's are kgtool's own)."""
    from kgtool import assets

    sources = [(p, format_for(p)) for p in assets.ontology_files()] if include_ontology else []
    for path in [Path(p) for p in files] if files else assets.data_files():
        # read through once before any request, with every check the embedded store's loading makes:
        # a bad file is refused with the same error, and nothing reaches the store
        try:
            read = functools.partial(literals.read, path) if literals is not None else None
            sources.append((path, check_readable(path, input_format, read)))
        except InputError as exc:
            raise _store_unchanged(exc) from None

    return sources


def _resume_point(
    previous: Journal | None,
    staged: dict[str, StagedRun],
    fingerprint: str,
    update_url: str,
    state_path: Path,
    note: Note,
    lang: str,
) -> tuple[Journal, int]:
    """The journal to continue and how many statements (whole batches) the store already holds."""
    if previous is None or previous.update_url != update_url:
        raise worded(
            EndpointError,
            "endpoint#nothing-to-resume",
            "endpoint.nothing_to_resume_staged" if staged else "endpoint.nothing_to_resume",
            hint_key="endpoint.nothing_to_resume_hint",
            url=update_url,
            state=state_path,
            n=len(staged),
        )
    if previous.fingerprint != fingerprint:
        raise worded(
            EndpointError, "endpoint#resume-mismatch", "endpoint.resume_mismatch", files=", ".join(previous.files[-3:])
        )
    in_store = staged.get(previous.run)
    if previous.status == "switching" and in_store is None:
        note(t("load.note.switch_done", lang, batches=_batches(previous.batches)))
        return previous, previous.statements
    if in_store is None:
        note(t("load.note.staging_gone", lang, run=previous.run))
        previous.batches = previous.statements = 0
        previous.status = "loading"
        return previous, 0
    if in_store.batches != previous.batches:
        note(
            t(
                "load.note.store_holds",
                lang,
                batches=_batches(in_store.batches),
                run=previous.run,
                confirmed=previous.batches,
                after=in_store.batches,
            )
        )
    previous.batches, previous.statements = in_store.batches, in_store.statements
    if previous.status == "switching":
        return previous, in_store.statements
    previous.status = "loading"
    return previous, in_store.statements


E = TypeVar("E", bound=KgtoolError)


class _Loader:
    """Sends batches into the staging graphs, then switches them onto the targets."""

    def __init__(
        self,
        client: _Client,
        journal: Journal,
        graph: str | None,
        progress: Progress | None,
        note: Note,
        lang: str = "en",
    ) -> None:
        self.lang = lang  # the language of the notes (errors are worded, and said by the CLI)
        self.client = client
        self.journal = journal
        self.graph = graph
        self.progress = progress
        self.note = note
        self.requests = 0
        # the statements the targets hold after the switch, as the store counted them in the staging
        # graphs: a statement that two files (or two batches) state is one statement of its graph,
        # though it was sent twice (journal.statements counts what was sent)
        self.held: int | None = None
        self.size = journal.batch_size  # lowered when the store answers that a request is too large
        self.marker = STAGING + journal.run
        self.in_flight: _InFlight | None = None

    def stage(self, sources: list[tuple[Path, ox.RdfFormat]], skip: int) -> None:
        """Send every statement after the first ``skip`` (whole batches the store holds) into the staging graphs.

        One request is in flight while the next batch is read, so the store and kgtool work
        at the same time; batches are confirmed in order. A batch is cut from whole units (a
        statement, or every statement of a group of blank nodes), so where a batch ends does
        not depend on the batch size: a resumed load skips exactly the statements the store
        holds, even when the batch size was lowered on the way.
        """
        journal = self.journal
        total_bytes = sum(path.stat().st_size for path, _ in sources) or 1
        reader = _Reader(sources, self.graph)
        skipped = read = 0
        batch: list[list[ox.Quad]] = []
        in_batch = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kgtool-load") as sender:
            self.sender = sender
            try:
                for unit in _units(reader):
                    read += len(unit)
                    if skipped < skip:
                        skipped += len(unit)
                        if skipped > skip:
                            raise self._partial(Phrase("load.stopped.not_split", count=Figure(skip)), False)
                    else:
                        batch.append(unit)
                        in_batch += len(unit)
                        if in_batch >= self.size:
                            self._send(batch)
                            batch, in_batch = [], 0
                    if self.progress:
                        self.progress.update(read, fraction=reader.bytes_read / total_bytes)
                if batch:
                    self._send(batch)
                self._confirm()
            except InputError as exc:
                raise self._abandon(exc) from None
            except KeyboardInterrupt:
                maybe_applied = self.in_flight is not None
                try:
                    self._confirm()  # the request in flight finishes anyway: learn whether it got in
                    maybe_applied = False
                except KeyboardInterrupt:
                    pass
                raise self._partial(Phrase("load.stopped.interrupted"), maybe_applied) from None
        journal.total_batches = journal.batches
        journal.status = "staged"
        journal.save()

    def _send(self, units: list[list[ox.Quad]]) -> None:
        """Confirm the request in flight, then put this batch in flight as the next batch."""
        self._confirm()
        number = self.journal.batches + 1
        statements = self.journal.statements + sum(len(u) for u in units)
        quads = [q for u in units for q in u]
        if self.client.gsp_url is None:
            body = self._batch_body(number, statements, quads)
            self.requests += 1
            future = self.sender.submit(self.client.update, body)
        else:
            documents, record = self._gsp_batch(number, statements, quads)
            self.requests += len(documents) + 1
            future = self.sender.submit(self.client.put_batch, documents, record)
        self.in_flight = _InFlight(number, statements, units, future)

    def _confirm(self) -> None:
        """Wait for the request in flight; record its batch as in, or raise endpoint#partial-load.

        When the store answers that the request was too large (and so took none of it), the
        batch is sent again in halves, and later batches keep the smaller size.
        """
        if self.in_flight is None:
            return
        flight = self.in_flight
        try:
            flight.future.result()
        except _RequestFailed as failed:
            self.in_flight = None
            if failed.too_large and len(flight.units) > 1:
                self._split(flight.units, failed)
                return
            group: Phrase | str = ""
            if failed.too_large:
                group = Phrase("load.stopped.blank_group", count=Figure(len(flight.units[0])))
            raise self._partial(
                Phrase("load.stopped.batch_failed", number=flight.number, group=group, failure=words_of(failed.error)),
                failed.maybe_applied,
                original=failed.error,
            ) from None
        self.in_flight = None
        self.journal.batches, self.journal.statements = flight.number, flight.statements
        self.journal.save()

    def _split(self, units: list[list[ox.Quad]], failed: _RequestFailed) -> None:
        """Send a batch the store found too large as two, and lower the batch size for the rest."""
        statements = sum(len(u) for u in units)
        smaller = max(1, statements // 2)
        if smaller < self.size:
            self.size = smaller
            self.note(
                t(
                    "load.note.smaller_batches",
                    self.lang,
                    statements=Figure(statements),
                    detail=message_in(failed.error, self.lang)[:120],
                    smaller=Figure(smaller),
                )
            )
        half: list[list[ox.Quad]] = []
        count = 0
        for unit in units:
            if half and count + len(unit) > smaller:
                self._send(half)
                self._confirm()
                half, count = [], 0
            half.append(unit)
            count += len(unit)
        if half:
            self._send(half)
            self._confirm()

    def _batch_body(self, number: int, statements: int, batch: list[ox.Quad]) -> bytes:
        """One request: the batch in staging graphs, then the run's progress in its marker graph.

        Statements without blank nodes go in ``INSERT DATA``; those with blank nodes in an
        ``INSERT { … } WHERE {}`` template, which every store accepts (Virtuoso refuses blank
        nodes in ``INSERT DATA``) and which gives them fresh blank nodes, one per label. The
        marker is written last and in one operation: Virtuoso applies the operations of a
        request one by one and keeps those done when a later one fails, so the marker must
        never count a batch whose statements are not all in.
        """
        plain: dict[str, list[str]] = {}
        blank: dict[str, list[str]] = {}
        for quad in batch:
            name = quad.graph_name
            target = name.value if type(name) is ox.NamedNode else DEFAULT_GRAPH
            lines = (blank if _blank_labels(quad) else plain).setdefault(target, [])
            lines.append(str(quad.triple))
        parts: list[str] = []
        if plain:
            parts.append("INSERT DATA {")
            for target, lines in plain.items():
                parts += [f"GRAPH <{self.stage_graph(target)}> {{", " .\n".join(lines) + " .", "}"]
            parts.append("};")
        if blank:
            parts.append("INSERT {")
            for target, lines in blank.items():
                parts += [f"GRAPH <{self.stage_graph(target)}> {{", " .\n".join(lines) + " .", "}"]
            parts.append("} WHERE {};")
        targets = sorted(set(plain) | set(blank))
        parts.append(self._record(number, statements, [(self.stage_graph(t), t) for t in targets]))
        return "\n".join(parts).encode("utf-8")

    def _record(self, number: int, statements: int, stages: list[tuple[str, str]]) -> str:
        """The one operation that records batch ``number`` in the marker (replacing the previous count)."""
        run = f"<urn:kgtool:load:{self.journal.run}>"
        old = f"{run} <{KGL}batches> ?b ; <{KGL}statements> ?s"
        new = [f"{run} <{KGL}batches> {number} ; <{KGL}statements> {statements} ."]
        new += [f"<{stage}> <{KGL}target> <{target}> ." for stage, target in stages]
        return (
            f"DELETE {{ GRAPH <{self.marker}> {{ {old} }} }}\n"
            f"INSERT {{ GRAPH <{self.marker}> {{\n" + "\n".join(new) + "\n} }\n"
            f"WHERE {{ OPTIONAL {{ GRAPH <{self.marker}> {{ {old} }} }} }}"
        )

    def _gsp_batch(self, number: int, statements: int, batch: list[ox.Quad]) -> tuple[dict[str, bytes], bytes]:
        """A Graph Store Protocol batch: one N-Triples document per staging graph, and the marker's update.

        Each batch has staging graphs of its own, written with PUT, which replaces: a batch sent
        again (its answer lost, or the load resumed) replaces its earlier copy, blank nodes and
        all. The marker, updated after every document is in, says which batches the store holds.
        """
        by_graph: dict[str, list[str]] = {}
        for quad in batch:
            name = quad.graph_name
            target = name.value if type(name) is ox.NamedNode else DEFAULT_GRAPH
            by_graph.setdefault(target, []).append(str(quad.triple) + " .\n")
        documents = {f"{self.stage_graph(t)}:{number}": "".join(lines).encode() for t, lines in by_graph.items()}
        stages = [(f"{self.stage_graph(t)}:{number}", t) for t in sorted(by_graph)]
        return documents, self._record(number, statements, stages).encode("utf-8")

    def stage_graph(self, target: str) -> str:
        return f"{self.marker}:{hashlib.sha256(target.encode()).hexdigest()[:16]}"

    def switch(self) -> int:
        """Move every staging graph onto its target; the number of target graphs.

        The request is guarded so that, applied a second time (its answer lost, then
        resumed), it changes nothing: a switch once applied has dropped the marker. Where
        the store refuses ``DROP GRAPH`` of a missing graph, and only then (Oxigraph), the
        request opens with ``DROP GRAPH <marker>`` and then MOVEs. Elsewhere (Virtuoso,
        whose graphs made by INSERT cannot be dropped that way, and whose MOVE from a
        missing graph empties the target) every step matches the marker in its WHERE
        clause, so without the marker nothing is deleted or copied. Afterwards each target
        is counted: it must hold what its staging graph held.
        """
        journal = self.journal
        journal.status = "switching"
        journal.save()
        if self.progress:
            self.progress.phase("switching the staged graphs onto their targets")
        staged: dict[str, int] = {}
        try:
            pairs = self.client.stage_targets(self.marker)
            if not pairs:
                return 0  # an earlier attempt's switch got in before its answer was lost
            staged = self.client.staged_sizes(self.marker, pairs)
            if len(staged) == len({target for _, target in pairs}):  # no target left out (see staged_sizes)
                self.held = sum(staged.values())
            for body in self._switch_requests(pairs):
                self.requests += 1
                self.client.update(body.encode("utf-8"))
        except _RequestFailed as failed:
            if not self._switched():
                raise self._partial(_switch_failed(words_of(failed.error)), failed.maybe_applied, True) from None
        except EndpointError as exc:
            raise self._partial(_switch_failed(words_of(exc)), False, all_staged=True) from None
        except KeyboardInterrupt:
            raise self._partial(_switch_failed(Phrase("load.stopped.interrupted")), True, all_staged=True) from None
        self._check_counts(pairs, staged)
        return len({target for _, target in pairs})

    def _switch_requests(self, pairs: list[tuple[str, str]]) -> list[str]:
        """The switch as the requests that send it: one where it opens with ``DROP GRAPH``
        (that guard holds for its own request only); elsewhere its steps in requests of at most
        ``SWITCH_STEPS`` each. Virtuoso compiles a request whole and refuses a long one ("Query
        too large, variables in state over the limit": the 1M corpus's switch, 101 batches onto
        400 graphs, has some 1,500 steps); since it applies steps one by one anyway, and any
        prefix of the steps followed by the whole switch gives the same targets, sending them in
        several requests changes nothing a failure or a resume could see."""
        body = self._switch_body(pairs)
        if body.startswith("DROP GRAPH"):
            return [body]
        steps = body.split(";\n")
        return [";\n".join(steps[i : i + SWITCH_STEPS]) for i in range(0, len(steps), SWITCH_STEPS)]

    def _switch_body(self, pairs: list[tuple[str, str]]) -> str:
        targets = [target for _, target in pairs]
        if self.client.store.drop_guard and len(set(targets)) == len(targets):
            moves = [
                f"MOVE SILENT GRAPH <{stage}> TO " + ("DEFAULT" if target == DEFAULT_GRAPH else f"GRAPH <{target}>")
                for stage, target in pairs
            ]
            return ";\n".join([f"DROP GRAPH <{self.marker}>", *moves])
        # Virtuoso applies the steps one by one and keeps those done when a later one fails, so
        # every prefix of this request, sent again, must give the same result. Each target is
        # cleared only while its first staging graph is there, and that graph is dropped first
        # once the target is filled: a target already switched is never cleared again.
        marker = f"GRAPH <{self.marker}> {{ <urn:kgtool:load:{self.journal.run}> <{KGL}batches> ?kgtoolBatches }}"
        by_target: dict[str, list[str]] = {}
        for stage, target in pairs:
            by_target.setdefault(target, []).append(stage)
        steps = []
        for target, stages in sorted(by_target.items()):
            first, *rest = sorted(stages)
            into = "{ ?s ?p ?o }" if target == DEFAULT_GRAPH else f"{{ GRAPH <{target}> {{ ?s ?p ?o }} }}"
            old = "?s ?p ?o" if target == DEFAULT_GRAPH else f"GRAPH <{target}> {{ ?s ?p ?o }}"
            guard = f"{{ SELECT ?kgtoolAny WHERE {{ GRAPH <{first}> {{ ?kgtoolAny ?kgtoolP ?kgtoolO }} }} LIMIT 1 }}"
            steps.append(f"DELETE {into} WHERE {{ {marker} {guard} {old} }}")
            steps += [f"INSERT {into} WHERE {{ GRAPH <{stage}> {{ ?s ?p ?o }} }}" for stage in [first, *rest]]
            steps += [f"DROP SILENT GRAPH <{stage}>" for stage in [first, *rest]]
        steps.append(f"DELETE WHERE {{ GRAPH <{self.marker}> {{ ?s ?p ?o }} }}")
        return ";\n".join(steps)

    def _check_counts(self, pairs: list[tuple[str, str]], staged: dict[str, int]) -> None:
        """Count each named target after the switch: it must hold what its staging graphs held."""
        if not staged:
            return  # the switch was applied by an earlier attempt, whose counts are gone
        named = sorted({target for _, target in pairs if target != DEFAULT_GRAPH and target in staged})
        if not named:
            return
        held: dict[str, int] = {}
        try:
            # one count per IRI scheme: Virtuoso finds no string that starts with "" (STRSTARTS)
            for scheme in sorted({target.split(":", 1)[0] + ":" for target in named}):
                held.update(self.client.graph_sizes(scheme))
        except EndpointError as exc:
            self.note(t("load.note.not_counted", self.lang, detail=message_in(exc, self.lang)))
            return
        wrong = [
            (target, staged.get(target, 0), held.get(target, 0))
            for target in named
            if held.get(target, 0) != staged.get(target, 0)
        ]
        if wrong:
            target, sent, found = wrong[0]
            raise worded(
                EndpointError,
                "endpoint#count-mismatch",
                "endpoint.count_mismatch_more" if len(wrong) > 1 else "endpoint.count_mismatch",
                hint_key="endpoint.count_mismatch_hint",
                file=self.journal.update_url,
                target=target,
                found=f"{found:,}",
                sent=f"{sent:,}",
                more=len(wrong) - 1,
            )

    def _switched(self) -> bool:
        """Whether the store shows the switch as applied (its marker is gone), as far as it can say."""
        try:
            return not self.client.stage_targets(self.marker)
        except EndpointError:
            return False

    @property
    def url(self) -> str:
        """The URL the data goes to, as the closing line names it (``LoadResult.target``): the Graph
        Store Protocol service's when the batches are sent with it, else the SPARQL Update service's.
        A load that stopped names it too: it named the update URL when the data went to ``…/store``."""
        return self.client.gsp_url or self.journal.update_url

    def _partial(
        self, cause: Phrase, maybe_applied: bool, all_staged: bool = False, original: EndpointError | None = None
    ) -> EndpointError:
        """The error for a load that stopped: endpoint#partial-load whenever anything may be staged.
        ``cause`` is a phrase, so that the error is said in the reader's language."""
        journal = self.journal
        if journal.batches == 0 and not all_staged and (self.requests == 0 or not maybe_applied):
            journal.remove()
            if original is not None:
                return reworded(original, "endpoint.nothing_loaded")
            return worded(EndpointError, "endpoint#load-failed", "endpoint.nothing_loaded", file=self.url, before=cause)
        journal.status, journal.error = ("switching" if all_staged else "failed"), str(cause)
        journal.save()
        return worded(
            EndpointError,
            "endpoint#partial-load",
            "endpoint.partial_load_all" if all_staged else "endpoint.partial_load",
            hint_key="endpoint.partial_load_hint",
            file=self.url,
            cause=cause,
            batches=_batches(journal.batches),
            statements=Figure(journal.statements),
            marker=self.marker,
            maybe=Phrase("endpoint.partial_load_maybe") if maybe_applied else "",
        )

    def _abandon(self, exc: InputError) -> KgtoolError:
        """Bad input met mid-stream: drop what this run staged, then report the input error."""
        if self.in_flight is not None:
            wait([self.in_flight.future])  # let the last batch land (or fail) before dropping the staging
            self.in_flight = None
        if self.requests or self.journal.batches:
            try:
                self.client.drop_runs([self.journal.run])
            except EndpointError as failed:
                return self._partial(
                    Phrase(
                        "load.stopped.bad_input",
                        where=exc.location(),
                        failure=words_of(exc),
                        drop_failure=words_of(failed),
                    ),
                    True,
                )
        self.journal.remove()
        return _store_unchanged(exc)


class _Reader:
    """The statements of the input files in order, counting the bytes read for progress."""

    def __init__(self, sources: list[tuple[Path, ox.RdfFormat]], graph: str | None) -> None:
        self.sources = sources
        self.graph = ox.NamedNode(graph) if graph else None
        self.bytes_read = 0

    def files(self) -> Iterator[Iterator[ox.Quad]]:
        """Per file, an iterator of its statements (triples in ``graph``, else the default graph)."""
        for path, fmt in self.sources:
            yield self._statements(path, fmt)

    def _statements(self, path: Path, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
        if path.stat().st_size == 0:
            raise empty_file(path)
        count = 0
        with path.open("rb") as raw:
            if raw.read(len(BOM)) != BOM:
                raw.seek(0)
            try:
                for quad in ox.parse(
                    cast(IO[bytes], _Counting(raw, self)),
                    format=fmt,
                    base_iri=path.resolve().as_uri(),
                    rename_blank_nodes=True,
                ):
                    count += 1
                    name = quad.graph_name
                    if isinstance(name, ox.BlankNode):
                        raise worded(InputError, "load#blank-graph-name", "load.blank_graph_name", file=str(path))
                    if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
                        refuse_triple_terms(path, fmt, None, path.resolve().as_uri())
                    if self.graph is not None and isinstance(name, ox.DefaultGraph):
                        quad = ox.Quad(quad.subject, quad.predicate, quad.object, self.graph)
                    yield quad
            except SyntaxError as exc:
                raise syntax_error(path, fmt, exc) from None
            except MemoryError as exc:
                raise too_large_token(path, fmt, exc, None) from None
            except ValueError as exc:
                raise bad_syntax(path, fmt, exc) from None
            except OSError as exc:
                raise unreadable(path, exc) from None
        if count == 0:
            raise no_statements(path)


class _Counting:
    """A binary reader that counts the bytes the parser has read (for the share done)."""

    def __init__(self, raw: IO[bytes], reader: _Reader) -> None:
        self.raw = raw
        self.reader = reader

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.reader.bytes_read += len(data)
        return data

    def readable(self) -> bool:
        return True


def _units(reader: _Reader) -> Iterator[list[ox.Quad]]:
    """The input as units no batch may cut: one statement, or a blank node's statements all together.

    Statements with blank nodes wait until the end of their file, then come in groups
    (every statement connected through blank nodes). The order depends only on the input,
    so a resumed load meets the units in the same order as the interrupted one.
    """
    for statements in reader.files():
        groups = _BlankGroups()
        for quad in statements:
            labels = _blank_labels(quad)
            if labels:
                groups.add(quad, labels)
                continue
            yield [quad]
        yield from groups.groups()


def _blank_labels(quad: ox.Quad) -> list[str]:
    s, o = quad.subject, quad.object
    if (
        type(s) is not ox.BlankNode
        and type(o) is not ox.BlankNode
        and type(o) is not ox.Triple
        and type(s) is not ox.Triple
    ):
        return []
    labels: list[str] = []
    stack: list[object] = [s, o]
    while stack:
        term = stack.pop()
        if isinstance(term, ox.BlankNode):
            labels.append(term.value)
        elif isinstance(term, ox.Triple):
            stack.extend((term.subject, term.object))
    return labels


class _BlankGroups:
    """Statements grouped by the blank nodes they share (union-find), in order of first appearance."""

    def __init__(self) -> None:
        self.sets: UnionFind[str] = UnionFind()
        self.members: dict[str, list[ox.Quad]] = {}  # by root
        self.first: dict[str, int] = {}
        self.seen = 0

    def _larger(self, a: str, b: str) -> str:
        return b if len(self.members[b]) > len(self.members[a]) else a

    def add(self, quad: ox.Quad, labels: list[str]) -> None:
        for label in labels:
            if label not in self.sets:
                self.sets.add(label)
                self.members[label] = []
                self.first[label] = self.seen
        root = self.sets.find(labels[0])
        for label in labels[1:]:
            joined = self.sets.union(root, label, keep=self._larger)
            if joined is not None:
                root, other = joined
                self.members[root].extend(self.members.pop(other))
                self.first[root] = min(self.first[root], self.first.pop(other))
        self.members[root].append(quad)
        self.seen += 1

    def groups(self) -> list[list[ox.Quad]]:
        return [self.members[root] for root in sorted(self.members, key=lambda r: self.first[r])]


def _fingerprint(sources: list[tuple[Path, ox.RdfFormat]], graph: str | None, batch_size: int, gsp: bool) -> str:
    """What must not change between a load and its resumption: the input's bytes and syntax, and the options."""
    options: list[object] = [JOURNAL_VERSION, graph, batch_size, *(["gsp"] if gsp else [])]
    digest = hashlib.sha256(json.dumps(options).encode())
    for path, fmt in sources:
        digest.update(f"\0{fmt.name}\0".encode())
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    return "sha256:" + digest.hexdigest()


@dataclass
class _RequestFailed(Exception):
    error: EndpointError
    maybe_applied: bool
    too_large: bool = False  # the store refused the request for its size, and took none of it


@dataclass
class _InFlight:
    """A batch sent and not yet confirmed: its number, the statement count with it, its units."""

    number: int
    statements: int
    units: list[list[ox.Quad]]
    future: Future[None]


# How stores say a request was too large: HTTP 413, or Virtuoso's SPARQL compiler running out of
# room ("SP030: SPARQL compiler, line N: memory exhausted") or its SQL text limit ("SQ200").
TOO_LARGE_STATUS = 413
TOO_LARGE_MARKERS = (b"memory exhausted", b"SQ200", b"too large", b"too long")


def _too_large(status: int, body: bytes) -> bool:
    return status == TOO_LARGE_STATUS or (400 <= status < 600 and any(m in body[:2000] for m in TOO_LARGE_MARKERS))


class _Client:
    """The store's query and update services, as kgtool's loads use them."""

    def __init__(
        self, endpoint: str, update: str | None, timeout: float, credentials: Credentials | None = None
    ) -> None:
        self.endpoint = endpoint
        self.update_given = update
        self.timeout = timeout
        self.credentials = credentials
        self.opener = opener_for(endpoint, credentials)
        self.gsp_url: str | None = None  # send batches with the Graph Store Protocol, to this URL
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """What kind of store this is (asked once, on first use)."""
        if self._store is None:
            self._store = detect(self.endpoint, self.update_given, self.timeout, self.opener)
        return self._store

    @property
    def update_url(self) -> str:
        return self.update_given or self.store.update_url

    def _select(self, query: str) -> ResultTable:
        if self.credentials is None:
            return RemoteBackend(self.endpoint, self.timeout).select(query)
        return select_over(self.opener, self.endpoint, query, self.timeout)

    def staged_runs(self) -> list[StagedRun]:
        table = self._select(named("load/staged-runs").bind({"stagingPrefix": STAGING}))
        runs = []
        for row in table.rows:
            run = row["marker"]["value"][len(STAGING) :]
            runs.append(StagedRun(run, int(row["batches"]["value"]), int(row["statements"]["value"])))
        return sorted(runs, key=lambda r: r.run)

    def stage_targets(self, marker: str) -> list[tuple[str, str]]:
        table = self._select(named("load/stage-targets").bind({"marker": marker}))
        return sorted((row["stage"]["value"], row["target"]["value"]) for row in table.rows)

    def graph_sizes(self, prefix: str) -> dict[str, int]:
        """How many statements each named graph whose name starts with ``prefix`` holds."""
        table = self._select(named("load/graph-sizes").bind({"graphPrefix": prefix}))
        return {row["graph"]["value"]: int(row["statements"]["value"]) for row in table.rows}

    def staged_sizes(self, marker: str, pairs: list[tuple[str, str]]) -> dict[str, int]:
        """How many statements are staged for each target not yet switched: its staging graph's size,
        or, where several staging graphs feed one target (Graph Store Protocol batches), their distinct
        statements. A target whose first staging graph is gone was switched by an earlier, partly
        applied attempt (see ``_Loader._switch_body``); it is left out."""
        sizes = self.graph_sizes(marker + ":")
        first: dict[str, str] = {}
        for stage, target in pairs:
            first[target] = min(first.get(target, stage), stage)
        whole = {target for target, stage in first.items() if stage in sizes}
        if len(first) < len(pairs):
            table = self._select(named("load/staged-statements").bind({"marker": marker}))
            counts = {row["target"]["value"]: int(row["statements"]["value"]) for row in table.rows}
            return {target: n for target, n in counts.items() if target in whole}
        return {target: sizes[stage] for stage, target in pairs if target in whole}

    def drop_runs(self, runs: list[str]) -> None:
        """Drop these runs' staging graphs and markers, in one request.

        Besides the staging graphs the marker names, every graph named after the run: a
        Graph Store Protocol batch can be in the store before the marker records it.
        """
        drops = []
        for run in runs:
            marker = STAGING + run
            stages = {stage for stage, _ in self.stage_targets(marker)} | set(self.graph_sizes(marker + ":"))
            drops += [f"DROP SILENT GRAPH <{stage}>" for stage in sorted(stages)]
            drops.append(f"DROP SILENT GRAPH <{marker}>")
        try:
            self.update(";\n".join(drops).encode("utf-8"))
        except _RequestFailed as failed:
            raise failed.error from None

    def put_batch(self, documents: dict[str, bytes], record: bytes) -> None:
        """A Graph Store Protocol batch: PUT each document into its graph, then record the batch."""
        assert self.gsp_url is not None
        for graph, document in documents.items():
            separator = "&" if "?" in self.gsp_url else "?"
            url = self.gsp_url + separator + urllib.parse.urlencode({"graph": graph})
            request = urllib.request.Request(
                url, data=document, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"}
            )
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    response.read()
            except REQUEST_ERRORS as exc:
                failure = classify(exc)
                # nothing is recorded until every document is in, so the batch counts as not in
                raise _RequestFailed(
                    endpoint_error(failure, self.gsp_url, self.timeout, UPDATE),
                    False,
                    failure.kind == "http" and _too_large(failure.status, failure.body),
                ) from None
        self.update(record)

    def update(self, body: bytes) -> None:
        url = self.update_url
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/sparql-update"}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                response.read()
        except REQUEST_ERRORS as exc:
            failure = classify(exc)
            raise _RequestFailed(
                endpoint_error(failure, url, self.timeout, UPDATE),
                failure.maybe_applied,
                failure.kind == "http" and _too_large(failure.status, failure.body),
            ) from None


def _batches(n: int) -> Plural:
    """``3 batches``, said in the language of the message it is given to."""
    return Plural("load.count_batches", n, count=Figure(n))


def _switch_failed(failure: Phrase | str) -> Phrase:
    return Phrase("load.stopped.switch_failed", failure=failure)


def _store_unchanged(exc: E) -> E:
    """``exc`` (bad input met before or while loading) whose hint also says that nothing was
    changed in the store, in the reader's language."""
    return reworded(exc, hint_key="load.also_store_unchanged" if exc.hint else "load.store_unchanged")
