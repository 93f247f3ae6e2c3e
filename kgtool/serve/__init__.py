"""``kgtool serve``: the linked-data server over a published site (``server``), how it reads
a client's request under time-outs and size limits (``connection``), and its read-only
SPARQL 1.1 query service (``query_service``); the language of its error answers, and of the
pages of a publication in several languages, from the client's Accept-Language (``languages``);
the folder it serves, one site or one per language side by side (``layout``).

May import: ``kgtool.site`` (the IRI mapping it serves), the layers below it, and the
foundation.
"""
