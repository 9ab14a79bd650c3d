"""How entity kinds and predicate categories look: colours, shapes and legend swatches.

Categories take their colours from the vocabulary registry; kinds take a colour and a
shape by their position in the registry, so a kind added there is drawn and explained
without a change here.

>>> KINDS["country"].shape, KINDS["country"].label
('dot', 'Country')
>>> CATEGORIES["alliance"].color
'#2ca02c'
>>> 'viewBox="0 0 16 16"' in swatch("diamond", "#123456")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from markupsafe import Markup, escape

from ..vocabulary import VOCABULARY

# Distinct on white and from one another (Tableau 20, darker half first), and the shapes
# vis-network draws with the label beneath.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#843c39", "#7b4173")
SHAPES = ("dot", "square", "diamond", "triangle", "star", "triangleDown", "hexagon")

_SVG = {
    "dot": '<circle cx="8" cy="8" r="6.5"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "triangle": '<polygon points="8,1.5 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,14.5"/>',
    "star": '<polygon points="8,1 10,6 15,6.2 11,9.5 12.5,15 8,12 3.5,15 5,9.5 1,6.2 6,6"/>',
    "hexagon": '<polygon points="4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8"/>',
    "line": '<rect x="0" y="6.5" width="16" height="3"/>',
}


@dataclass(frozen=True)
class Look:
    """A legend entry: what it is called and how it is drawn."""

    name: str
    label: str
    color: str
    shape: str

    @property
    def swatch(self) -> Markup:
        return swatch(self.shape, self.color)


KINDS: dict[str, Look] = {
    kind.name: Look(kind.name, kind.label, PALETTE[i % len(PALETTE)], SHAPES[i % len(SHAPES)])
    for i, kind in enumerate(VOCABULARY.kinds.values())
}
CATEGORIES: dict[str, Look] = {
    c.name: Look(c.name, c.label, c.color, "line") for c in VOCABULARY.categories.values()
}


@cache
def swatch(shape: str, color: str) -> Markup:
    """A 16-pixel inline SVG of a legend mark (no style attribute: the pages' CSP has none);
    each is made once, every page shows the same few."""
    return Markup('<svg class="swatch" viewBox="0 0 16 16" width="16" height="16" '
                  'aria-hidden="true" fill="{}">{}</svg>').format(escape(color), Markup(_SVG[shape]))


def styles() -> dict:
    """The kinds and categories as the browser script reads them."""
    return {
        "kinds": {k.name: {"label": k.label, "color": k.color, "shape": k.shape} for k in KINDS.values()},
        "categories": {c.name: {"label": c.label, "color": c.color} for c in CATEGORIES.values()},
    }
