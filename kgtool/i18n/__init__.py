"""Words in three languages: choosing a label in the reader's language (``labels``) and the
words kgtool itself writes (``catalogue``: the gettext catalogues in ``kgtool/locale/``, with
Babel for numbers and plural forms; ``messages``, the old table's name kept for callers;
``migrate``, which moves words from that table into the catalogues and compiles them).

Part of the foundation: may import only other foundation modules (``kgtool.errors``,
``kgtool.vocab``, ``kgtool.iri``), never a package above it.
"""
