"""A shape named as a reader finds it in the shapes file, for the errors that name one."""

from __future__ import annotations

import rdflib
from rdflib.namespace import SH

from kgtool.i18n.catalogue import Phrase


def shape_words(sg: rdflib.Graph, shape: rdflib.term.Node | None) -> Phrase:
    """A shape as a reader can find it in the shapes file: its IRI, or for an anonymous shape its
    path and the shape holding it (a blank node's label is the parser's, not the file's); a
    phrase, said in the language of the message it is put in."""
    if not isinstance(shape, rdflib.BNode):
        return Phrase("validate.shape.named", shape=str(shape))
    path = sg.value(shape, SH.path)
    parent = sg.value(None, SH.property, shape)
    if not isinstance(parent, rdflib.URIRef):
        if path is None:
            return Phrase("validate.shape.anonymous")
        if isinstance(path, rdflib.URIRef):
            return Phrase("validate.shape.property_on", path=str(path))
        return Phrase("validate.shape.property")
    if path is None:
        return Phrase("validate.shape.anonymous_of", parent=str(parent))
    if isinstance(path, rdflib.URIRef):
        return Phrase("validate.shape.property_on_of", path=str(path), parent=str(parent))
    return Phrase("validate.shape.property_of", parent=str(parent))
