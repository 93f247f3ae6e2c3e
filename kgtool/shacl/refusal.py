"""``Unsupported``: what the fast engine raises for a feature it does not compile (pySHACL then judges)."""


class Unsupported(ValueError):
    """The shapes use a feature this engine does not compile; use pySHACL."""
