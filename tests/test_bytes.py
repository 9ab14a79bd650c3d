"""The bundled data builds to the bytes it built to before: a speed-up, or any change
not meant to change an output, leaves every file as it was.

``fixtures/bundled-build.sha256`` lists the SHA-256 of every file ``foip-graph build``
writes for the bundled data, but the site (whose pages have tests of their own), the
manifest and the change report (they name the version and the previous build). When an
output is meant to change (new data, a new field, a new format), write the list again
and read its diff: every line that changed is a file that changed.

    python -m tests.test_bytes > tests/fixtures/bundled-build.sha256
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from foip_graph.build import WRITERS
from foip_graph.kb import KnowledgeBase

LISTING = Path(__file__).parent / "fixtures" / "bundled-build.sha256"


def listing() -> str:
    """``sha256  path`` for each file the build writes besides the site, by path (the
    form ``sha256sum`` writes and ``sha256sum -c`` checks)."""
    kb = KnowledgeBase.from_path()
    with tempfile.TemporaryDirectory(prefix="foip-bytes-") as out:
        folder = Path(out)
        for write in WRITERS.values():
            write(kb, folder)
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  "
                       f"{p.relative_to(folder).as_posix()}\n" for p in files)


def test_the_bundled_build_gives_the_same_bytes():
    assert listing().splitlines() == LISTING.read_text(encoding="utf-8").splitlines()


if __name__ == "__main__":
    print(listing(), end="")
