"""Words in three languages: choosing a label in the reader's language (``labels``) and
the words kgtool itself writes (``messages``).

Part of the foundation: may import only other foundation modules (``kgtool.errors``,
``kgtool.vocab``, ``kgtool.iri``), never a package above it.
"""
