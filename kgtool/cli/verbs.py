"""The verbs of `kgtool`: one module per verb in this package (``kgtool/cli/<verb>.py``), each
exposing ``register(subparsers)`` and a ``run(args)``.

``COMMANDS`` names every verb with its one-line summary, in the order of ``kgtool --help``. The
summaries live here, not in the verbs' modules, so that ``kgtool --help`` lists every verb without
importing one module of them or building one parser of theirs (that was half its start-up). A
verb's module is imported, and its parser built, when argparse looks the verb up
(``kgtool validate …`` builds ``validate`` alone) or when a caller walks every parser (the
tests of the help texts and the docs do).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Mapping
from importlib import import_module

# typing.TYPE_CHECKING without importing typing, which would cost `kgtool --help` a tenth of
# its start-up; mypy reads any name TYPE_CHECKING as true
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

COMMANDS: dict[str, str] = {
    "build": "write the merged graph (ontology + data)",
    "validate": "check the data against the SHACL shapes and the OWL ontology",
    "indices": "the indices computed from the cells, next to the figures the study states",
    "gaps": "processes lacking a dimension, without legal basis, blocked, or disputed",
    "basis": "what an article, a provision or an act underpins, the most cited norms, the legal basis of a "
    "process, or the observers' mandates",
    "cite": "how to cite a resource: text, BibTeX, CSL-JSON or RIS",
    "diff": "what changed between two assessments: cells, processes, verdicts, citations, recommendations, indices",
    "query": "run a named query from queries/, or your own .rq file",
    "search": "find resources by the words of their names, justifications, quotes and recommendations",
    "load": "stream the graph into a SPARQL store (batched, resumable)",
    "report": "one self-contained HTML report: Figure 1, Diagrams 1-3, heat map and tables",
    "publish": "write the graph as a static linked-data site",
    "serve": "serve the graph as linked data, with a read-only SPARQL endpoint",
    "template": "write an empty workbook for a new assessment",
    "export": "write an assessment as a workbook or CSV files",
    "import": "turn a workbook or CSV folder into Turtle files",
}
# a verb whose name is a Python keyword lives in a module named with a trailing underscore
MODULES = {"import": "import_"}

Hook = Callable[[str, argparse.ArgumentParser], None]


class VerbParsers(Mapping[str, argparse.ArgumentParser]):
    """The verbs' parsers as argparse keeps them (the subparsers action's choices): every verb is a
    choice from the start, so argparse's checks and messages list them all, and its parser is
    built when it is first looked up."""

    def __init__(self, action: Verbs) -> None:
        self._action = action
        self._built: dict[str, argparse.ArgumentParser] = {}
        self._hooks: list[Hook] = []

    def __getitem__(self, name: str) -> argparse.ArgumentParser:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            import_module(f"kgtool.cli.{MODULES.get(name, name)}").register(self._action)
            for hook in self._hooks:  # once its options are all there
                hook(name, self._built[name])
        return self._built[name]

    def __setitem__(self, name: str, parser: argparse.ArgumentParser) -> None:
        self._built[name] = parser

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def is_built(self, name: str) -> bool:
        return name in self._built

    def when_built(self, hook: Hook) -> None:
        """Call ``hook(verb, parser)`` for every parser built so far and every one built later."""
        for name, parser in self._built.items():
            hook(name, parser)
        self._hooks.append(hook)


class Verbs(argparse._SubParsersAction):  # type: ignore[type-arg]
    """argparse's subparsers action with every verb of ``COMMANDS`` announced by its summary and
    its parser built on demand (``VerbParsers``): ``parser.add_subparsers(action=Verbs)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.verbs = VerbParsers(self)
        self._name_parser_map = self.choices = self.verbs  # type: ignore[assignment]
        for name, summary in COMMANDS.items():
            self._choices_actions.append(self._ChoicesPseudoAction(name, (), summary))

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """The parser of verb ``name``, called once by its module's ``register()``; its summary
        is ``COMMANDS``'s (argparse's own ``add_parser`` would refuse the name as taken)."""
        if name not in COMMANDS or self.verbs.is_built(name) or "help" in kwargs:
            raise ValueError(f"{name!r} is not a verb of kgtool.cli.verbs.COMMANDS to register once, without help=")
        parser: argparse.ArgumentParser = self._parser_class(prog=f"{self._prog_prefix} {name}", **kwargs)
        self.verbs[name] = parser
        return parser
