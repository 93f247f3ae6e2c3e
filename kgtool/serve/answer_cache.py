"""The answers of repeated queries, kept so that the same text is not sent to a worker again.

Profiling ``kgtool serve`` under load (bench/serve_load.py, ``ASK {}``) showed the request
threads spending most of their time waiting for a worker and for its reply: each query was a
round trip to another process (two wake-ups, which a busy machine delays) for work of 75 µs.
The workers hold one graph, loaded when they start and never changed by a query (updates are
refused), so a query's answer depends on its text and the format asked for only, unless the
query calls a function that gives a new value each time. Those texts are never kept.

Bounded both ways: only answers of up to ``max_answer`` bytes to texts of up to
``max_text`` characters are kept, at most ``max_bytes`` in all (least recently used go
first). An entry's bytes are its whole key (the query, the Accept header and the format
asked for: a client chooses all three) and its answer, and what Python holds besides
(``ENTRY_OVERHEAD``): counted by the body and the query text alone, random 900 KB
``format=`` values grew a server from 135 MB to 1.5 GB. Only 200 answers are kept: a time
limit or a failure is tried again next time. So the key holds no language: a kept answer is
data, the same for every client whatever its Accept-Language (errors are said in the client's
language, ``kgtool.serve.query_service.Words``, and never kept here). The cache is for the embedded store only;
another endpoint's data may change under it.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # query_service holds the cache; the type alone is needed here
    from kgtool.serve.query_service import Answer

# functions whose value differs between evaluations (SPARQL 1.1, 17.4): a text naming any of
# them anywhere (in an IRI or a string too: this errs on the side of not keeping) is not kept
VOLATILE = re.compile(r"(?i)now|rand|uuid|bnode")

Key = tuple[str, str | None, str | None]
# what an entry holds besides its texts' and body's bytes: the key's tuple, the answer, the map's
# own node (about 240 bytes by tracemalloc on CPython 3.11, rounded up). Counted by the texts
# and body alone, 16 MB of small answers to distinct texts was about 175 MB of memory.
ENTRY_OVERHEAD = 256


def entry_size(key: Key, answer: Answer) -> int:
    """The bytes an entry holds: every text of its key and its body as Python stores them (a
    text of non-ASCII characters takes 2 or 4 bytes each), and ``ENTRY_OVERHEAD``."""
    texts = sum(sys.getsizeof(text) for text in key if text is not None)
    return texts + sys.getsizeof(answer.body) + ENTRY_OVERHEAD


class AnswerCache:
    """A least-recently-used map of (query, Accept, format) to a 200 answer, bounded in bytes;
    safe to use from the server's threads."""

    def __init__(self, max_bytes: int = 16 * 1024 * 1024, max_answer: int = 256 * 1024, max_text: int = 4096) -> None:
        self.max_bytes = max_bytes
        self.max_answer = max_answer
        self.max_text = max_text
        self.held = 0
        self.answers: OrderedDict[Key, Answer] = OrderedDict()
        self.lock = threading.Lock()

    def keeps(self, query: str) -> bool:
        """True if answers to this text may be kept: short, and calling no volatile function."""
        return len(query) <= self.max_text and VOLATILE.search(query) is None

    def get(self, key: Key) -> Answer | None:
        with self.lock:
            answer = self.answers.get(key)
            if answer is not None:
                self.answers.move_to_end(key)
            return answer

    def put(self, key: Key, answer: Answer) -> None:
        size = entry_size(key, answer)
        # an answer with words (an error) is never kept: its body is in one client's language
        if answer.status != 200 or answer.words is not None or size > self.max_answer or not self.keeps(key[0]):
            return
        with self.lock:
            old = self.answers.pop(key, None)
            if old is not None:
                self.held -= entry_size(key, old)
            self.answers[key] = answer
            self.held += size
            while self.held > self.max_bytes:
                dropped_key, dropped = self.answers.popitem(last=False)
                self.held -= entry_size(dropped_key, dropped)

    def clear(self) -> None:
        with self.lock:
            self.answers.clear()
            self.held = 0
