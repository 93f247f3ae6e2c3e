"""``python -m kgtool.errors > docs/errors.md``: the error catalogue as the docs page."""

import sys

from kgtool.errors.catalogue import markdown

sys.stdout.write(markdown())
