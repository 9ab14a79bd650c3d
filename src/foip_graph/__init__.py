"""foip-graph: an evidenced knowledge graph of Japan's diplomacy and the Free and Open
Indo-Pacific, built from public documents."""

from __future__ import annotations

__version__ = "0.1.0"
