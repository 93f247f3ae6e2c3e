"""The message of a result whose shape states no ``sh:message``: pySHACL's own words.

SHACL leaves such messages to the engine. The fast engine promises pySHACL's results, messages
included, so it asks pySHACL's constraint component for the text (``make_generic_messages``)
rather than imitating it: one component object per shape and component, made on first use.
The text names data terms in the prefixed form pySHACL would print for kgtool's graph (the
prefixes ``KnowledgeGraph.to_rdflib`` binds). A blank node is described by pySHACL from its
triples in the data; the engine does not copy those, so it refuses (``Unsupported``) and the
shape is judged by pySHACL.
"""

from __future__ import annotations

from typing import Any

import rdflib

from kgtool.shacl.parameters import load_pattern_component
from kgtool.shacl.refusal import Unsupported
from kgtool.vocab import PREFIXES


class DefaultMessages:
    """pySHACL's generic messages for the shapes of one shapes graph."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.shapes = shapes
        self._sg: Any = None
        self._components: dict[tuple[rdflib.term.Node, str], Any] = {}
        self.data = rdflib.Graph()  # as KnowledgeGraph.to_rdflib names terms: its prefixes, no triples
        for prefix, ns in PREFIXES.items():
            self.data.bind(prefix, ns)

    def component(self, shape: rdflib.term.Node, name: str) -> Any:
        key = (shape, name)
        if key not in self._components:
            from pyshacl.constraints import ALL_CONSTRAINT_COMPONENTS
            from pyshacl.shapes_graph import ShapesGraph

            if self._sg is None:
                self._sg = ShapesGraph(self.shapes)
                _ = self._sg.shapes  # pySHACL finds and caches every shape
            by_name = {str(c.shacl_constraint_component).rsplit("#", 1)[-1]: c for c in ALL_CONSTRAINT_COMPONENTS}
            # one pySHACL class gives both qualified counts' results, and names no component IRI itself
            by_name |= {
                f"Qualified{bound}CountConstraintComponent": c
                for c in ALL_CONSTRAINT_COMPONENTS
                if c.constraint_name() == "QualifiedValueShapeConstraintComponent"
                for bound in ("Min", "Max")
            }
            try:
                cls = by_name[name]
                pyshacl_shape = self._sg.lookup_shape_from_node(shape)
            except KeyError:
                raise Unsupported(f"{shape}: pySHACL has no default message for {name} here") from None
            if name == "PatternConstraintComponent":  # its patterns read as XPath reads them, not by re
                component = cls.__new__(cls)
                load_pattern_component(component, pyshacl_shape)
                self._components[key] = component
            else:
                self._components[key] = cls(pyshacl_shape)
        return self._components[key]

    def __call__(
        self, shape: rdflib.term.Node, name: str, focus: rdflib.term.Node, value: rdflib.term.Node | None
    ) -> frozenset[rdflib.Literal]:
        if isinstance(focus, rdflib.BNode) or isinstance(value, rdflib.BNode):
            raise Unsupported(f"{shape}: a default message naming a blank node of the data (pySHACL describes it)")
        messages = self.component(shape, name).make_generic_messages(self.data, focus, value)
        return frozenset(m for m in messages if isinstance(m, rdflib.Literal))
