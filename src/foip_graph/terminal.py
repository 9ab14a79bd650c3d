"""What the command line prints: tables that fit the terminal, quotes with their source
and span, JSON records, and progress for long work (all with ``rich``).

A table is a list of groups (a claim and its quotes, an answer and its claims), each a
list of rows; a row maps column names to text. Columns nobody fills are dropped, the
quote column takes the width the others leave, and groups are set apart by a blank line
when they take more than a line. Without a terminal (a pipe, a test) tables are plain text of
``$COLUMNS`` or 80 characters, with no trailing spaces.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .evidence import plain_quote
from .model import Claim, Entity, Evidence
from .records import Quotes, chosen
from .vocabulary import VOCABULARY

Row = dict[str, Any]
Group = list[Row]

EVIDENCE = "evidence"
# How a claim's time reads in its "when" cell, a line per field: "from 2019-09-11", "seen ..."
TIME_LABELS = {"date": "on", "start": "from", "end": "until", "started_by": "begun by",
               "ended_by": "ended by", "observed": "seen"}
# Every other claim field but its ends and evidence is a column of its own (role, stance)
QUALIFIERS = tuple(f for f in Claim.model_fields if f not in {
    "subject", "predicate", "object", "value", "unit", "note", "evidence", *TIME_LABELS})
CLAIM_COLUMNS = ("claim", "when", *QUALIFIERS, "sources", EVIDENCE)
_GAP = 2  # characters between two columns: a space of padding, a space of border
_MIN_WIDTH = 6
_QUOTE_WIDTH = 30  # the quote column's least width, when the quotes are that long...
_QUOTE_MIN = 20  # ...unless the other columns' longest words need the room


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout, non-ASCII characters as they are."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def text(value: Any) -> str:
    """A field's value as a cell: nothing for None, one item a line."""
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return "\n".join(text(v) for v in value)
    return str(value)


def evidence_cell(evidence: Sequence[Evidence], hidden: int = 0) -> Text:
    """Each quote in quotation marks, as a reader sees it (:func:`~foip_graph.evidence.plain_quote`),
    then the source and character span it comes from; ``hidden`` quotes not shown are
    counted at the end."""
    cell = Text()
    for i, e in enumerate(evidence):
        if i:
            cell.append("\n")
        cell.append(f"“{plain_quote(e.quote)}”\n")
        span = f", {e.start}–{e.end}" if e.start is not None else ""
        cell.append(f"— {e.source}{span}", style="dim")
    if hidden:
        cell.append(f"\n(+{hidden} more {'quote' if hidden == 1 else 'quotes'}: --quotes all)",
                    style="dim italic")
    return cell


def evidence_rows(evidence: tuple[Evidence, ...], quotes: Quotes,
                  source: str | None = None) -> list[Row]:
    """One row per quote to show (``sources`` instead when quotes are off)."""
    if quotes == "none":
        return [{"sources": ", ".join(dict.fromkeys(e.source for e in evidence))}]
    shown = chosen(evidence, quotes, source)
    hidden = len(chosen(evidence, "all", source)) - len(shown)
    if not shown:
        return [{}]
    rows: list[Row] = [{EVIDENCE: evidence_cell([e])} for e in shown]
    if hidden:
        rows[-1] = {EVIDENCE: evidence_cell([shown[-1]], hidden)}
    return rows


def claim_text(c: Claim, entities: Mapping[str, Entity]) -> Text:
    """The claim as words: "Japan allied with United States" (names, not ids; the
    predicate's label in italics), or its value and unit; a derived link says so."""
    target = (entities[c.object].name if c.object is not None
              else " ".join(x for x in (text(c.value), c.unit) if x))
    derived = (f" (derived from {len(c.derived_from)} claims)", "dim") if c.derived else ""
    return Text.assemble(entities[c.subject].name, " ",
                         (VOCABULARY.predicate(c.predicate).label, "italic"), " ", target, derived)


def when_text(c: Claim) -> str:
    """The claim's time as the text tells it, a line per field or observation."""
    lines = []
    for field, label in TIME_LABELS.items():
        value = getattr(c, field)
        lines += [f"{label} {v}" for v in (value if isinstance(value, tuple) else [value]) if v is not None]
    return "\n".join(lines)


def claim_cells(c: Claim, entities: Mapping[str, Entity]) -> Row:
    """The claim's own columns: the claim in words, its time, every other qualifier."""
    return {"claim": claim_text(c, entities), "when": when_text(c),
            **{q: text(getattr(c, q)) for q in QUALIFIERS}}


def claim_group(c: Claim, entities: Mapping[str, Entity], quotes: Quotes,
                lead: Row | None = None, source: str | None = None) -> Group:
    """A claim as rows: its cells on the first (``lead``'s cells before them, and winning
    over them), then one row per quote."""
    rows = evidence_rows(c.evidence, quotes, source)
    rows[0] = {**claim_cells(c, entities), **(lead or {}), **rows[0]}
    return rows


def entity_group(e: Entity, quotes: Quotes, lead: Row | None = None) -> Group:
    """An entity (an event on a timeline, say) as rows, with its own evidence if any."""
    rows = evidence_rows(e.evidence, quotes) if e.evidence else [{}]
    rows[0] = {**(lead or {}), **rows[0]}
    return rows


def print_table(groups: Iterable[Group], columns: Sequence[str], empty: str,
                console: Console | None = None) -> None:
    """Print the groups under the columns that have something in them, or ``empty``."""
    console = console or stdout()
    groups = [g for g in groups if g]
    if not groups:
        console.print(empty, markup=False)
        return
    filled = [c for c in columns if any(_plain(row.get(c)) for g in groups for row in g)]
    cells = [[[_cell(row.get(c)) for c in filled] for row in g] for g in groups]
    bounds = [Measurement(cell_len(name), cell_len(name)) for name in filled]
    for row in (r for g in cells for r in g):
        for i, cell in enumerate(row):
            m = Measurement.get(console, console.options, cell)
            if filled[i] == "when":  # "from 2019-09-11" stays on one line; "(source)" may go below, whole
                m = Measurement(max([m.minimum, *(cell_len(line.split(" (")[0]) for line in cell.plain.splitlines())]),
                                m.maximum)
            bounds[i] = Measurement(max(bounds[i].minimum, m.minimum), max(bounds[i].maximum, m.maximum))
    widths = [max(w, cell_len(name)) for w, name in  # a header is never cut
              zip(_fit(bounds, filled.index(EVIDENCE) if EVIDENCE in filled else None, console.width), filled)]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0), pad_edge=False,
                  expand=False, header_style="bold")
    for name, width in zip(filled, widths):
        table.add_column(name, width=width, overflow="fold")
    separate = any(len(g) > 1 or "\n" in _plain(v) for g in groups for row in g for v in row.values())
    for n, group in enumerate(cells):
        for i, row in enumerate(group):
            table.add_row(*row, end_section=separate and i == len(group) - 1 and n < len(cells) - 1)
    _emit(console, table)


def print_lines(lines: Iterable[str | Text], console: Console | None = None) -> None:
    """Plain lines, wrapped to the terminal (a view's heading)."""
    console = console or stdout()
    for line in lines:
        _emit(console, line if isinstance(line, Text) else Text(line))


@contextmanager
def progress(total: int, description: str) -> Iterator[Any]:
    """A progress bar on stderr for ``total`` steps, shown only on a terminal; yields a
    function to call with each step's name as it starts."""
    console = stderr()
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                   TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal)
    with bar:
        task = bar.add_task(description, total=total)

        done = iter(range(total))  # steps finished when the next one starts

        def step(name: str) -> None:
            bar.update(task, completed=next(done), description=f"{description}: {name}")

        yield step


def _plain(value: Any) -> str:
    return value.plain if isinstance(value, Text) else text(value)


def _cell(value: Any) -> Text | str:
    return value if isinstance(value, Text) else Text(text(value))


def _fit(bounds: list[Measurement], flexible: int | None, total: int) -> list[int]:
    """Column widths within ``total`` characters. Each column gets its longest word (the
    quotes at least ``_QUOTE_WIDTH``), then the rest is shared in proportion to what
    each still lacks, so the quotes, the longest texts, get most of it. Where even the
    longest words do not fit, the widest of the other columns are cut down first."""
    available = total - _GAP * (len(bounds) - 1) - 1  # the last column keeps its right padding
    natural = [b.maximum for b in bounds]
    if sum(natural) <= available:
        return natural
    least = [min(b.maximum, max(b.minimum, _QUOTE_WIDTH if i == flexible else 0))
             for i, b in enumerate(bounds)]
    spare = available - sum(least)
    if spare < 0 and flexible is not None:  # narrower quotes, down to _QUOTE_MIN
        least[flexible] = max(min(least[flexible], _QUOTE_MIN), least[flexible] + spare)
        spare = available - sum(least)
    if spare < 0:
        keep = 0 if flexible is None else least[flexible]
        cap = _cap([w for i, w in enumerate(least) if i != flexible], available - keep)
        return [w if i == flexible else min(w, cap) for i, w in enumerate(least)]
    lacking = [n - w for n, w in zip(natural, least)]
    if flexible is not None:  # the quotes take at most half of what is left...
        lacking[flexible] = min(lacking[flexible], sum(lacking) - lacking[flexible]) or lacking[flexible]
    widths = [min(n, w + spare * lack // sum(lacking)) for n, w, lack in zip(natural, least, lacking)]
    if flexible is not None:  # ...and whatever the others do not need
        widths[flexible] = min(natural[flexible], available - sum(widths) + widths[flexible])
    return widths


def _cap(widths: list[int], budget: int) -> int:
    """The largest width cap that makes ``widths`` fit ``budget`` (at least _MIN_WIDTH)."""
    cap = max(widths, default=_MIN_WIDTH)
    while cap > _MIN_WIDTH and sum(min(w, cap) for w in widths) > budget:
        cap -= 1
    return cap


def _emit(console: Console, renderable: Any) -> None:
    """Print; without a terminal, as plain text without trailing spaces."""
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    lines = [line.rstrip() for line in captured.get().splitlines()]
    console.file.write("\n".join(lines) + "\n")
