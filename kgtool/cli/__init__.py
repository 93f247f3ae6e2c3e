"""The ``kgtool`` command line: ``main`` parses and dispatches, one module per verb
(``kgtool/cli/<verb>.py``, listed in ``verbs``) registers its options and calls the library,
``options`` holds what verbs share, ``tables`` renders result tables.

The top of the house: may import every package. Verb modules import the library only
inside ``run()``, so ``kgtool --help`` loads no RDF library.
"""

from kgtool.cli.main import build_parser, entrypoint, main

__all__ = ["build_parser", "entrypoint", "main"]
