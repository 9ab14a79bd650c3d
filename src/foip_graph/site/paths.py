"""Where each page lives in the site, and the guarantee that no page escapes it.

Page names come from entity and source ids, which the model already restricts to
lowercase slugs; they are checked again here, because a file name is the one place where
a bad id would do harm outside the browser.

>>> entity_page("south-korea")
'entity/south-korea.html'
>>> relationship_page("japan", "china")
'relationship/china--japan.html'
>>> entity_page("../../etc/passwd")
Traceback (most recent call last):
...
ValueError: '../../etc/passwd' is not a valid id for a page name (lowercase letters, digits and single hyphens)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..model import SLUG

_SLUG = re.compile(SLUG)

INDEX = "index.html"
GRAPH = "graph.html"
TIMELINE = "timeline.html"
DOWNLOADS = "downloads.html"
ASSETS = "assets"


def slug(value: str) -> str:
    """``value`` if it is a slug, else ValueError: ids become file names."""
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ValueError(f"{value!r} is not a valid id for a page name "
                         "(lowercase letters, digits and single hyphens)")
    return value


def entity_page(entity_id: str) -> str:
    """The page of an entity, relative to the site's root."""
    return f"entity/{slug(entity_id)}.html"


def source_page(source_id: str) -> str:
    """The page of a source document, relative to the site's root."""
    return f"source/{slug(source_id)}.html"


def relationship_page(a: str, b: str) -> str:
    """The page comparing what the sources say about two entities, whichever order they
    come in (slugs never contain ``--``, so the name is unambiguous)."""
    first, second = sorted((slug(a), slug(b)))
    return f"relationship/{first}--{second}.html"


def root_of(page: str) -> str:
    """The relative path from a page back to the site's root (``""`` or ``"../"``)."""
    return "../" * page.count("/")


def inside(root: Path, page: str) -> Path:
    """The file for ``page`` under ``root`` (a resolved path); ValueError if it would fall
    outside it.

    ``page`` is read as written (``..`` steps out): a site folder is written from empty
    by its build, which makes no symbolic links in it, so no path in it needs resolving
    but the folder's own, once, and the path is worked out as text (a build writes tens of
    thousands of files)."""
    base = os.path.join(root, "")  # the folder's path with one separator after it
    target = os.path.normpath(os.path.join(base, page))  # an absolute page as it is
    if not target.startswith(base):
        raise ValueError(f"page {page!r} would be written outside the site folder {root}")
    return Path(target)
