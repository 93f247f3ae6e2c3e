"""The site's relative links (kgtool.site.context.relative) are computed from the two paths'
folders, not by posixpath.relpath (issue 18: a tenth of a publish); they must be the same links."""

from __future__ import annotations

import posixpath
import random
from urllib.parse import quote

from kgtool.site.context import relative

STEPS = ["data", "kg", "act", "x y", "ё", "a.html", ".", "..", ""]


def test_relative_links_are_those_posixpath_gives() -> None:
    rng = random.Random(18)
    checked = 0
    for _ in range(20000):
        from_file = "/".join(rng.choice(STEPS) for _ in range(rng.randint(1, 5)))
        to_file = "/".join(rng.choice(STEPS) for _ in range(rng.randint(1, 5)))
        try:
            expected = quote(posixpath.relpath(to_file, posixpath.dirname(from_file) or "."))
        except ValueError:  # an empty path: never a site file
            continue
        assert relative(from_file, to_file) == expected, (from_file, to_file)
        checked += 1
    assert checked > 10000
    assert relative("data/kg/a/b.html", "data/kg/c.html") == "../c.html"
    assert relative("index.html", "data/x%.html") == "data/x%25.html"
