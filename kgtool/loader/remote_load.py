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

import hashlib
import json
import os
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from kgtool.errors import EndpointError, InputError, KgtoolError, UsageError
from kgtool.loader import DEFAULT_BATCH_SIZE
from kgtool.progress import Progress
from kgtool.rdf.parse import (
    BOM,
    check_file,
    format_for,
    precheck,
    refuse_triple_terms,
    syntax_error,
    too_large_token,
    unreadable,
)
from kgtool.sparql.http import REQUEST_ERRORS, UPDATE, classify, endpoint_error
from kgtool.sparql.named import named
from kgtool.unionfind import UnionFind

METHOD = "sparql-update"
STAGING = "urn:kgtool:staging:"
KGL = "urn:kgtool:load#"
DEFAULT_GRAPH = KGL + "default-graph"
JOURNAL_VERSION = 1

Note = Callable[[str], None]


@dataclass
class LoadResult:
    method: str
    target: str
    statements: int
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


def derived_url(endpoint: str, replacement: str) -> str | None:
    """The store's other service URL by the common naming convention (/query → /store, /update)."""
    for suffix in ("/query", "/sparql"):
        if endpoint.rstrip("/").endswith(suffix):
            return endpoint.rstrip("/")[: -len(suffix)] + replacement
    return None


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
) -> LoadResult:
    """Stream the ontology and ``files`` (default: the project's data) into the store behind ``endpoint``.

    ``input_format`` names the syntax of ``files`` when their extension does not. Raises
    EndpointError ``endpoint#partial-load`` when batches got in but the load did not finish
    (see the module docstring for what is left in the store and how to resume).
    """
    if batch_size < 1:
        raise UsageError("load#bad-batch-size", "--batch-size must be at least 1")
    started = time.monotonic()
    update_url = update or derived_url(endpoint, "/update") or endpoint
    client = _Client(endpoint, update_url, timeout)
    notes: list[str] = []

    def note(text: str) -> None:
        notes.append(text)
        if on_note:
            on_note(text)

    sources = _sources(files, input_format, include_ontology)
    paths = [path for path, _ in sources]
    fingerprint = _fingerprint(sources, graph, batch_size)
    state_path = state or default_state_path(update_url)
    previous = Journal.read(state_path)
    staged = {r.run: r for r in client.staged_runs()}

    skip = 0
    journal: Journal | None = None
    if resume:
        journal, skip = _resume_point(previous, staged, fingerprint, update_url, state_path, note)
        staged.pop(journal.run, None)
    for run in staged.values():
        client.drop_runs([run.run])
        note(
            f"note: an earlier load into {update_url} stopped after {_plural(run.batches, 'batch', 'batches')} "
            f"({run.statements:,} statements, run {run.run}); its staged statements were dropped "
            "(the target graphs had not been touched) and this load starts from the beginning"
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

    loader = _Loader(client, journal, graph, progress)
    if journal.status != "switching":
        loader.stage(sources, skip)
    targets = loader.switch()
    journal.remove()
    return LoadResult(
        METHOD,
        update_url,
        journal.statements,
        loader.requests,
        journal.batches,
        targets,
        time.monotonic() - started,
        skip,
        notes,
    )


def discard(
    endpoint: str, update: str | None = None, timeout: float = 120.0, state: Path | None = None
) -> list[StagedRun]:
    """Drop every staging an interrupted load left in the store, and its journal; the runs dropped."""
    update_url = update or derived_url(endpoint, "/update") or endpoint
    client = _Client(endpoint, update_url, timeout)
    runs = client.staged_runs()
    if runs:
        client.drop_runs([r.run for r in runs])
    journal = Journal.read(state or default_state_path(update_url))
    if journal:
        journal.remove()
    return runs


def _sources(
    files: Sequence[Path] | None, input_format: str | None, include_ontology: bool
) -> list[tuple[Path, ox.RdfFormat]]:
    """Every input file with its syntax, checked before anything is sent."""
    from kgtool import assets

    sources = [(p, format_for(p)) for p in assets.ontology_files()] if include_ontology else []
    for path in [Path(p) for p in files] if files else assets.data_files():
        check_file(path)
        fmt = format_for(path, input_format)
        precheck(path, fmt)  # before any request: a bomb or a crash-deep file never reaches the store
        sources.append((path, fmt))
    return sources


def _resume_point(
    previous: Journal | None,
    staged: dict[str, StagedRun],
    fingerprint: str,
    update_url: str,
    state_path: Path,
    note: Note,
) -> tuple[Journal, int]:
    """The journal to continue and how many batches the store already holds."""
    if previous is None or previous.update_url != update_url:
        what = (
            (
                f"; the store holds the staging of {len(staged)} interrupted load(s), which a load "
                "without --resume drops first (or drop them with --discard)"
            )
            if staged
            else ""
        )
        raise EndpointError(
            "endpoint#nothing-to-resume",
            f"no interrupted load into {update_url} is recorded in {state_path}{what}",
            hint="run the load without --resume to load from the start",
        )
    if previous.fingerprint != fingerprint:
        raise EndpointError(
            "endpoint#resume-mismatch",
            "the input, --graph or --batch-size differ from the interrupted load's "
            f"({', '.join(previous.files[-3:])}); resuming would mix two loads",
            hint="give the same files and options, or run without --resume to load from the start "
            "(the staged batches are dropped first)",
        )
    in_store = staged.get(previous.run)
    if previous.status == "switching" and in_store is None:
        note(
            "note: the interrupted load's switch had already been applied; the store holds all "
            f"{_plural(previous.batches, 'batch', 'batches')}"
        )
        return previous, previous.batches
    if in_store is None:
        note(
            f"note: the store no longer holds the staged batches of run {previous.run} (was it restarted?); "
            "loading from the beginning"
        )
        previous.batches = previous.statements = 0
        previous.status = "loading"
        return previous, 0
    if in_store.batches != previous.batches:
        note(
            f"note: the store holds {_plural(in_store.batches, 'batch', 'batches')} of run {previous.run} "
            f"(the journal had confirmed {previous.batches}); continuing after batch {in_store.batches}"
        )
    previous.batches, previous.statements = in_store.batches, in_store.statements
    if previous.status == "switching":
        return previous, in_store.batches
    previous.status = "loading"
    return previous, in_store.batches


class _Loader:
    """Sends batches into the staging graphs, then switches them onto the targets."""

    def __init__(self, client: _Client, journal: Journal, graph: str | None, progress: Progress | None) -> None:
        self.client = client
        self.journal = journal
        self.graph = graph
        self.progress = progress
        self.requests = 0
        self.marker = STAGING + journal.run
        self.in_flight: tuple[int, int, Future[None]] | None = None

    def stage(self, sources: list[tuple[Path, ox.RdfFormat]], skip: int) -> None:
        """Send every batch after the first ``skip`` into the staging graphs.

        One request is in flight while the next batch is read and written out, so the
        store and kgtool work at the same time; batches are confirmed in order.
        """
        journal = self.journal
        total_bytes = sum(path.stat().st_size for path, _ in sources) or 1
        reader = _Reader(sources, self.graph)
        number = read = 0
        statements = journal.statements
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kgtool-load") as sender:
            try:
                for batch in _batches(reader, journal.batch_size):
                    number += 1
                    read += len(batch)
                    if number > skip:
                        statements += len(batch)
                        body = self._batch_body(number, statements, batch)
                        self._confirm()
                        self.requests += 1
                        self.in_flight = (number, statements, sender.submit(self.client.update, body))
                    if self.progress:
                        self.progress.update(read, fraction=reader.bytes_read / total_bytes)
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
                raise self._partial("it was interrupted", maybe_applied) from None
        journal.total_batches = number
        journal.status = "staged"
        journal.save()

    def _confirm(self) -> None:
        """Wait for the request in flight; record its batch as in, or raise endpoint#partial-load."""
        if self.in_flight is None:
            return
        number, statements, future = self.in_flight
        try:
            future.result()
        except _RequestFailed as failed:
            self.in_flight = None
            raise self._partial(
                f"batch {number} failed: {failed.error.message}", failed.maybe_applied, original=failed.error
            ) from None
        self.in_flight = None
        self.journal.batches, self.journal.statements = number, statements
        self.journal.save()

    def _batch_body(self, number: int, statements: int, batch: list[ox.Quad]) -> bytes:
        by_graph: dict[str, list[str]] = {}
        for quad in batch:
            name = quad.graph_name
            target = name.value if type(name) is ox.NamedNode else DEFAULT_GRAPH
            lines = by_graph.get(target)
            if lines is None:
                lines = by_graph[target] = []
            lines.append(str(quad.triple))
        run = f"<urn:kgtool:load:{self.journal.run}>"
        marker = [f"{run} <{KGL}batches> {number} ; <{KGL}statements> {statements} ."]
        parts = [
            f"DELETE WHERE {{ GRAPH <{self.marker}> {{ {run} <{KGL}batches> ?b ; <{KGL}statements> ?s }} }};",
            "INSERT DATA {",
        ]
        for target, lines in by_graph.items():
            stage = self.stage_graph(target)
            marker.append(f"<{stage}> <{KGL}target> <{target}> .")
            parts += [f"GRAPH <{stage}> {{", " .\n".join(lines) + " .", "}"]
        parts += [f"GRAPH <{self.marker}> {{", *marker, "} }"]
        return "\n".join(parts).encode("utf-8")

    def stage_graph(self, target: str) -> str:
        return f"{self.marker}:{hashlib.sha256(target.encode()).hexdigest()[:16]}"

    def switch(self) -> int:
        """Move every staging graph onto its target in one request; the number of target graphs.

        The request opens with ``DROP GRAPH <marker>`` (not SILENT), which fails — and with
        it the whole request — when the marker is gone, i.e. when this switch was already
        applied: a MOVE from a staging graph that no longer exists would empty its target.
        """
        journal = self.journal
        journal.status = "switching"
        journal.save()
        if self.progress:
            self.progress.phase("switching the staged graphs onto their targets")
        cause = "switching the staged graphs onto their targets failed: "
        try:
            pairs = self.client.stage_targets(self.marker)
            if not pairs:
                return 0  # an earlier attempt's switch got in before its answer was lost
            moves = [
                f"MOVE SILENT GRAPH <{stage}> TO " + ("DEFAULT" if target == DEFAULT_GRAPH else f"GRAPH <{target}>")
                for stage, target in pairs
            ]
            self.requests += 1
            self.client.update(";\n".join([f"DROP GRAPH <{self.marker}>", *moves]).encode("utf-8"))
        except _RequestFailed as failed:
            if self._switched():
                return len(pairs)
            raise self._partial(cause + failed.error.message, failed.maybe_applied, all_staged=True) from None
        except EndpointError as exc:
            raise self._partial(cause + exc.message, False, all_staged=True) from None
        except KeyboardInterrupt:
            raise self._partial(cause + "it was interrupted", True, all_staged=True) from None
        return len(pairs)

    def _switched(self) -> bool:
        """Whether the store shows the switch as applied (its marker is gone), as far as it can say."""
        try:
            return not self.client.stage_targets(self.marker)
        except EndpointError:
            return False

    def _partial(
        self, cause: str, maybe_applied: bool, all_staged: bool = False, original: EndpointError | None = None
    ) -> EndpointError:
        """The error for a load that stopped: endpoint#partial-load whenever anything may be staged."""
        journal = self.journal
        if journal.batches == 0 and not all_staged and (self.requests == 0 or not maybe_applied):
            journal.remove()
            if original is not None:
                original.message += "; nothing was loaded, the store is unchanged"
                return original
            return EndpointError(
                "endpoint#load-failed", f"{cause}; nothing was loaded, the store is unchanged", file=journal.update_url
            )
        journal.status, journal.error = ("switching" if all_staged else "failed"), cause
        journal.save()
        done = f"{_plural(journal.batches, 'batch', 'batches')} ({journal.statements:,} statements)"
        state = f"All {done} are in staging graphs" if all_staged else f"{done} got in, into staging graphs"
        maybe = (
            " The last request's answer was lost, so it may have got in too; --resume asks the store."
            if maybe_applied
            else ""
        )
        return EndpointError(
            "endpoint#partial-load",
            f"the load stopped: {cause}. {state} <{self.marker}:…>, and the target graphs are unchanged; the staged "
            "statements stay in the store (visible wherever the default graph is the union of all graphs) until "
            f"the load is resumed or discarded.{maybe}",
            hint="run the same command with --resume to continue, or with --discard to drop the staged statements",
            file=journal.update_url,
        )

    def _abandon(self, exc: InputError) -> KgtoolError:
        """Bad input met mid-stream: drop what this run staged, then report the input error."""
        if self.in_flight is not None:
            wait([self.in_flight[2]])  # let the last batch land (or fail) before dropping the staging
            self.in_flight = None
        if self.requests or self.journal.batches:
            try:
                self.client.drop_runs([self.journal.run])
            except EndpointError as failed:
                return self._partial(
                    f"{exc.location()}: {exc.message} (and dropping the staged batches failed: {failed.message})", True
                )
        self.journal.remove()
        exc.hint = (exc.hint + "; " if exc.hint else "") + "nothing was changed in the store"
        return exc


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
            raise InputError(
                "load#empty-file",
                "the file is empty",
                hint="an assessment file must contain at least one statement",
                file=str(path),
            )
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
                        raise InputError(
                            "load#blank-graph-name",
                            "a named graph is named by a blank node, which a SPARQL store cannot address",
                            hint="name the graph with an IRI",
                            file=str(path),
                        )
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
                raise InputError("load#bad-syntax", f"this is not valid {fmt.name}: {exc}", file=str(path)) from None
            except OSError as exc:
                raise unreadable(path, exc) from None
        if count == 0:
            raise InputError(
                "load#no-statements",
                "the file holds no RDF statements (only comments or prefixes)",
                hint="an assessment file must contain at least one statement",
                file=str(path),
            )


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


def _batches(reader: _Reader, size: int) -> Iterator[list[ox.Quad]]:
    """Batches of about ``size`` statements; a blank node's statements all in one batch.

    Statements with blank nodes wait until the end of their file, then go in groups
    (every statement connected through blank nodes), each group whole in one batch. The
    cut points depend only on the input and ``size``, so a resumed load cuts the same
    batches as the interrupted one.
    """
    batch: list[ox.Quad] = []
    for statements in reader.files():
        groups = _BlankGroups()
        for quad in statements:
            labels = _blank_labels(quad)
            if labels:
                groups.add(quad, labels)
                continue
            batch.append(quad)
            if len(batch) >= size:
                yield batch
                batch = []
        for group in groups.groups():
            batch.extend(group)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


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


def _fingerprint(sources: list[tuple[Path, ox.RdfFormat]], graph: str | None, batch_size: int) -> str:
    """What must not change between a load and its resumption: the input's bytes and syntax, and the options."""
    digest = hashlib.sha256(json.dumps([JOURNAL_VERSION, graph, batch_size]).encode())
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


class _Client:
    """The store's query and update services, as kgtool's loads use them."""

    def __init__(self, endpoint: str, update_url: str, timeout: float) -> None:
        self.endpoint = endpoint
        self.update_url = update_url
        self.timeout = timeout

    def staged_runs(self) -> list[StagedRun]:
        from kgtool.sparql.backends import RemoteBackend

        table = RemoteBackend(self.endpoint, self.timeout).select(
            named("load/staged-runs").bind({"stagingPrefix": STAGING})
        )
        runs = []
        for row in table.rows:
            run = row["marker"]["value"][len(STAGING) :]
            runs.append(StagedRun(run, int(row["batches"]["value"]), int(row["statements"]["value"])))
        return sorted(runs, key=lambda r: r.run)

    def stage_targets(self, marker: str) -> list[tuple[str, str]]:
        from kgtool.sparql.backends import RemoteBackend

        table = RemoteBackend(self.endpoint, self.timeout).select(named("load/stage-targets").bind({"marker": marker}))
        return sorted((row["stage"]["value"], row["target"]["value"]) for row in table.rows)

    def drop_runs(self, runs: list[str]) -> None:
        """Drop these runs' staging graphs and markers, in one request."""
        drops = []
        for run in runs:
            marker = STAGING + run
            drops += [f"DROP SILENT GRAPH <{stage}>" for stage, _ in self.stage_targets(marker)]
            drops.append(f"DROP SILENT GRAPH <{marker}>")
        try:
            self.update(";\n".join(drops).encode("utf-8"))
        except _RequestFailed as failed:
            raise failed.error from None

    def update(self, body: bytes) -> None:
        request = urllib.request.Request(
            self.update_url, data=body, method="POST", headers={"Content-Type": "application/sparql-update"}
        )
        url = self.update_url
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except REQUEST_ERRORS as exc:
            failure = classify(exc)
            raise _RequestFailed(endpoint_error(failure, url, self.timeout, UPDATE), failure.maybe_applied) from None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"
