"""Names the graph does not know yet: candidate new entities, each as the text writes it.

Four readable rules find them, token by token, in each sentence:

- an **acronym with its expansion**, "Official Security Assistance (OSA)" or
  "OSA (Official Security Assistance)", paired by the Schwartz–Hearst rule (the acronym's
  letters are found, in order, at word starts of the expansion): one candidate, the
  expansion its name and the acronym its alias;
- a **title before a person's name**, "Foreign Minister Anna Berg", "Mr. Kim", and the
  speaker of an interview turn, "Hosoya Yuichi: ...": the titles are the graph's own
  (offices' names, and what people's aliases put before their names) and the honorifics
  Mr, Ms, Mrs, Dr; the name becomes a person, the titled form an alias;
- a **capitalised name** ("Harbour Summit", "Japan Foundation", "G20 Osaka summit"), its
  words joined by "of", "for", hyphens, never across a line, known names among them; kept
  when one of its words is not common English (a word the text or the graph's quotes and
  descriptions write in lower case is common) or it ends in a word the graph's names end
  in; a single word only where a capital is not the sentence's own; a hyphenated compound
  of known names ("Japan-U.S.-Australia"); in a title-case heading, only what is proper;
- a **topic** in lower case ending in a word the graph's issues end in ("food security").

Each candidate gets a kind from a naive Bayes over the words of the graph's names (the last
word, the head noun, weighs most: "... Summit" is an event, "... University" an
organization) and the words around known names, and an id in the graph's slug style.
Nothing is invented: names and aliases are spans of the text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from ..evidence import normalize_quote
from ..model import Claim, Entity
from ..resolve import name_key
from .bayes import NaiveBayes
from .gazetteer import Hit, acronym_like
from .text import nlp

HONORIFICS = ("Mr.", "Ms.", "Mrs.", "Dr.", "Mr", "Ms", "Mrs", "Dr")
_CONNECTORS = {"of", "for", "the", "on", "de", "and", "&"}
_DEMONYM = re.compile(r"(?:ese|ian|ean|ish|ic)$")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "monday", "tuesday", "wednesday",
           "thursday", "friday", "saturday", "sunday"}
_NOT_NAMES = STOP_WORDS | _MONTHS | {"i"}
_OPENERS = {"\"", "'", "“", "‘"}  # a word right after an opening quote starts what is quoted


def key(label: str) -> str:
    """How two names are compared: :func:`foip_graph.resolve.name_key` of the label with
    its dashes and quotes made plain first ("Japan–China" is "Japan-China").

    >>> key("Japan–China–South Korea") == key("Japan-China-South Korea")
    True
    """
    return name_key(normalize_quote(label))


@dataclass
class Candidate:
    """A proposed new entity: its name and aliases as written, kind, id and where it occurs."""

    name: str
    kind: str
    rule: str
    aliases: list[str] = field(default_factory=list)
    confidence: float = 0.0
    key: str = ""  # the draft's working id, until ids are given
    base: str = ""  # the slug its id is made from

    @property
    def labels(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def id(self) -> str:
        return self.key


@dataclass(frozen=True)
class Found:
    """A candidate's span in one unit document (tokens ``[start, end)``)."""

    name: str
    start: int
    end: int
    rule: str
    kind: str | None = None
    alias: str | None = None  # an acronym or titled form that names the same entity


# ---------------------------------------------------------------- what the graph teaches


class NameModel:
    """What the graph teaches about names: titles, the last words of names and of issues,
    the kinds that go with a name's words, and the plain English of its quotes (a word the
    quotes write in lower case is a common word, not a name)."""

    def __init__(self, entities: Iterable[Entity], claims: Iterable[Claim]) -> None:
        entities = list(entities)
        self.kinds = NaiveBayes(alpha=0.5)
        self.kind_prior: Counter = Counter()
        self.known_keys = {key(label) for e in entities for label in e.labels}
        titles: set[str] = set()
        issue_heads: Counter = Counter()
        heads: Counter = Counter()
        for entity in entities:
            self.kind_prior[entity.kind] += 1
            for label in entity.labels:
                words = _words(label)
                if words:
                    self.kinds.add(entity.kind, self.features(label))
                    heads[words[-1]] += 1
                if entity.kind == "issue" and label.split()[-1].islower():
                    issue_heads[label.split()[-1]] += 1
                if entity.kind == "office":
                    titles.add(re.split(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", label)[0])
            if entity.kind == "person":
                titles.update(_titles_of(entity))
        titles.update(HONORIFICS)
        self.titles: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # by first word, longest first
        for title in sorted({tuple(t.text.lower() for t in nlp().make_doc(title)) for title in titles
                             if title and title[0].isupper()}, key=lambda t: (-len(t), t)):
            self.titles[title[0]].append(title)
        self.title_words = {title[-1] for group in self.titles.values() for title in group}
        self.issue_heads = {head for head, n in issue_heads.items() if n >= 2}
        self.issue_words = {w for e in entities if e.kind == "issue" for label in e.labels
                            for w in re.findall(r"[a-z]+", label.lower())} - STOP_WORDS
        self.name_heads = {head for head, n in heads.items() if n >= 2}
        self.lexicon: set[str] = {w for e in entities for w in re.findall(r"[a-z]+", e.description)}
        self.units: set[str] = set()
        for claim in claims:
            self.units.update((claim.unit or "").lower().split())
            for evidence in claim.evidence:
                self.lexicon.update(w for w in re.findall(r"[a-z]+", evidence.quote))

    def features(self, name: str) -> list[str]:
        """Name features: its words (the last, the head noun, weighs most: "Pacific ...
        Initiative" is an initiative), a single word's letter trigrams, and
        whether it is a hyphenated compound of known names ("Japan-U.S.-ROK")."""
        words = _words(name)
        if not words:
            return []
        parts = [key(p) for p in re.split(r"[-\u2010-\u2014]", re.sub(r"\(.*?\)", " ", name))]
        compound = len(parts) >= 2 and all(p in self.known_keys for p in parts)
        plain = re.sub(r"\(.*?\)", " ", name).split()
        shape = ("compound" if compound else "acronym" if len(plain) == 1 and acronym_like(plain[0])
                 else "single" if len(plain) == 1 else "lower" if name[:1].islower() else "multi")
        grams = [f"c:{g}" for w in words for g in _trigrams(w)] if len(words) == 1 else []
        return [*[f"head:{words[-1]}"] * 3, *(f"w:{w}" for w in words), *grams, f"shape:{shape}"]

    def learn_contexts(self, doc: Doc, hits: list[Hit], kinds: dict[str, str]) -> None:
        """Count the words beside the known names of a text for their kinds ("in X", "X's")."""
        for hit in hits:
            self.kinds.add(kinds[hit.entity], context(doc, hit.start, hit.end))

    def kind_of(self, name: str, contexts: Iterable[str] = ()) -> tuple[str, float]:
        """The likeliest kind for a name (seen in ``contexts``), and its probability."""
        prior = {k: n / sum(self.kind_prior.values()) for k, n in self.kind_prior.items()}
        posterior = self.kinds.posterior([*self.features(name), *contexts], sorted(prior), prior)
        kind = max(sorted(posterior), key=lambda k: posterior[k])
        return kind, posterior[kind]

    def common(self, word: str, lower_words: set[str]) -> bool:
        """Whether a word is a common one: written in lower case by the text or the quotes."""
        return word.lower() in lower_words or word.lower() in self.lexicon

    def title_at(self, doc: Doc, i: int) -> int:
        """The number of tokens of a title starting at token ``i`` (0 if none)."""
        if not doc[i].text[:1].isupper():
            return 0
        for title in self.titles.get(doc[i].lower_, ()):
            if tuple(t.lower_ for t in doc[i:i + len(title)]) == title:
                return len(title)
        return 0


def context(doc: Doc, start: int, end: int) -> list[str]:
    """The words either side of a name, as kind features."""
    left = doc[start - 1].lower_ if start > 0 else "^"
    right = doc[end].lower_ if end < len(doc) else "$"
    return [f"L:{left}", f"R:{right}"]


def _titles_of(person: Entity) -> set[str]:
    """What a person's aliases put before a name of theirs: "Foreign Minister Motegi"."""
    name_words = set(person.name.split())
    found = set()
    for alias in person.aliases:
        words = alias.split()
        for n in range(1, len(words)):
            if set(words[n:]) <= name_words and words[n:]:
                found.add(" ".join(w for w in words[:n] if w.lower() != "former"))
                break
    return found


def _words(label: str) -> list[str]:
    return [w for w in key(re.sub(r"\(.*?\)", " ", label)).split() if not w.isdigit()]


def _trigrams(word: str) -> list[str]:
    padded = f"#{word}#"
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


# ---------------------------------------------------------------- finding candidates


def find_candidates(doc: Doc, hits: list[Hit], model: NameModel, lower_words: set[str],
                    mid_capitals: set[str], line_breaks: set[int], heading: bool) -> list[Found]:
    """Candidate spans in one unit document.

    ``hits`` are its known names, ``lower_words`` the words the whole text writes in lower
    case, ``mid_capitals`` those it capitalises inside a sentence, ``line_breaks`` the
    token indices a line break precedes; in a ``heading`` (title case) every word is
    capitalised, so a run of known names and common words is no new name there.
    """
    known = {i for h in hits for i in range(h.start, h.end)}
    found: list[Found] = []
    taken: set[int] = set()

    def keep(items: Iterable[Found]) -> None:
        for item in items:
            found.append(item)
            taken.update(range(item.start, item.end))

    keep(_acronym_definitions(doc, known))
    for sent in doc.sents:
        keep(_titled_people(doc, sent, known | taken, model, lower_words, line_breaks))
        keep(_capitalised(doc, sent, hits, taken, model, lower_words, mid_capitals, line_breaks, heading))
        keep(_topics(doc, sent, known | taken, model))
    return sorted(found, key=lambda f: f.start)


def _acronym_definitions(doc: Doc, known: set[int]) -> list[Found]:
    """"Long Form (LF)" and "LF (Long Form)" pairs."""
    out = []
    for i, token in enumerate(doc):
        if token.text != "(" or i == 0:
            continue
        if i + 2 < len(doc) and doc[i + 2].text == ")" and _is_acronym(doc[i + 1].text):
            short = doc[i + 1].text
            window = doc[max(0, i - min(len(short) + 5, 2 * len(short) + 2)):i]
            start = _long_form_start(short, window)
            if start is not None and not set(range(start, i + 2)) <= known:
                out.append(Found(_span_text(doc, start, i), start, i + 3, "acronym", alias=short))
        elif _is_acronym(doc[i - 1].text) and i - 1 not in known:
            close = next((j for j in range(i + 1, min(len(doc), i + 12)) if doc[j].text == ")"), None)
            if close is not None and _long_form_start(doc[i - 1].text, doc[i + 1:close]) == i + 1:
                out.append(Found(_span_text(doc, i + 1, close), i - 1, close + 1, "acronym",
                                 alias=doc[i - 1].text))
    return out


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (2 <= len(letters) <= 10 and letters[0].isupper()
            and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1))


def _long_form_start(short: str, window) -> int | None:
    """Schwartz & Hearst (2003): match the short form's characters right to left in the
    window; the first character must start a word. Returns the long form's first token."""
    letters = [c.lower() for c in short if c.isalnum()]
    text = " ".join(t.text for t in window)
    starts = []  # character offset in ``text`` of each token
    pos = 0
    for t in window:
        starts.append(pos)
        pos += len(t.text) + 1
    s, l = len(letters) - 1, len(text) - 1
    while s >= 0:
        c = letters[s]
        while l >= 0 and (text[l].lower() != c or (s == 0 and l > 0 and text[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        s, l = s - 1, l - 1
    l += 1
    index = max(i for i, p in enumerate(starts) if p <= l)
    if starts[index] != l and not text[l - 1] in " -":
        return None
    first = window[index]
    if first.lower_ in STOP_WORDS:
        return None
    return first.i


def _titled_people(doc: Doc, sent, blocked: set[int], model: NameModel, lower_words: set[str],
                   line_breaks: set[int]) -> list[Found]:
    """A title, then one to three capitalised words no known name covers, one of them at
    least not a common word; or an interview turn's speaker, "Hosoya Yuichi: ..."."""
    out = []
    i = sent.start
    while i < sent.end:
        size = model.title_at(doc, i)
        if size:
            j = i + size
            name_end = _name_run(doc, j, sent.end, blocked, line_breaks, limit=3)
            if name_end > j and not all(model.common(t.text, lower_words) for t in doc[j:name_end]):
                name = _span_text(doc, j, name_end)
                out.append(Found(name, j, name_end, "title", kind="person",
                                 alias=_span_text(doc, i, name_end)))
                i = name_end
                continue
        i += 1
    first = sent[0]
    end = _name_run(doc, first.i, sent.end, blocked, line_breaks, limit=3)
    if (end - first.i >= 2 and end < sent.end and doc[end].text == ":" and end == _first_colon(sent)
            and not any(model.common(t.text, lower_words) for t in doc[first.i:end])):
        out.append(Found(_span_text(doc, first.i, end), first.i, end, "speaker", kind="person"))
    return out


def _first_colon(sent) -> int:
    return next((t.i for t in sent if t.text == ":"), -1)


def _name_run(doc: Doc, i: int, end: int, blocked: set[int], line_breaks: set[int], limit: int) -> int:
    """The end of a run of capitalised words from ``i`` (hyphen-joined parts included)."""
    j, words = i, 0
    while j < end and words < limit and j not in blocked and _capitalised_word(doc[j]):
        if j > i and j in line_breaks:
            break
        j += 1
        words += 1
        while (j + 1 < end and doc[j].text == "-" and not doc[j - 1].whitespace_
               and not doc[j].whitespace_ and doc[j + 1].is_alpha):
            j += 2
    return j


_CODE = re.compile(r"^(?:[A-Z][A-Za-z]*\d*|\d+[A-Z]+|(?:[A-Z]\.)+[A-Z]?)$")


def _capitalised_word(token: Token) -> bool:
    """A word a name is made of: capitalised, or an acronym or code ("G7", "U.S.")."""
    return (token.is_alpha and token.text[0].isupper() and token.lower_ not in _NOT_NAMES) \
        or (acronym_like(token.text) and bool(_CODE.match(token.text)))


def _capitalised(doc: Doc, sent, hits: list[Hit], taken: set[int], model: NameModel,
                 lower_words: set[str], mid_capitals: set[str], line_breaks: set[int],
                 heading: bool) -> list[Found]:
    """Runs of capitalised words (known names among them) with connectors inside.

    A run is kept when it is more than one known name, and it has a word that is not
    common English or ends in a word the graph's names end in ("... Conference"); a hyphen
    compound of known names ("Japan-U.S.-Australia") is kept too.
    """
    known_at = {i: h for h in hits for i in range(h.start, h.end)}
    if heading:  # known names end a heading's runs: "Japan and Palau Launch the ..."
        taken = taken | set(known_at)
        known_at = {}
    out = []
    i = sent.start
    while i < sent.end:
        if i in taken or not (i in known_at or _capitalised_word(doc[i])):
            i += 1
            continue
        j, words = i, []
        while j < sent.end and j not in taken:
            if j > i and j in line_breaks:
                break
            token = doc[j]
            if j in known_at:
                hit = known_at[j]
                words.extend(range(j, hit.end))
                j = hit.end
            elif _capitalised_word(token):
                words.append(j)
                j += 1
            elif (token.lower_ in _CONNECTORS and words and j + 1 < sent.end and j + 1 not in taken
                  and (_capitalised_word(doc[j + 1]) or j + 1 in known_at)
                  and (token.lower_ not in {"and", "the"}
                       or any(doc[w + 1].lower_ in {"of", "for"} for w in words[:-1]))):
                j += 1
            elif (token.text == "-" and words and not token.whitespace_ and not doc[j - 1].whitespace_
                  and j + 1 < sent.end and (_capitalised_word(doc[j + 1]) or j + 1 in known_at)):
                j += 1
            else:
                break
        if not words:
            i = j + 1
            continue
        end = _lower_tail(doc, words[-1] + 1, sent.end, taken, model)
        opening = ((heading or all(not t.is_alpha for t in doc[sent.start:i]) or i in line_breaks
                    or doc[i - 1].text in _OPENERS) and doc[i].text not in mid_capitals
                   and not acronym_like(doc[i].text) and not _listed(doc, end, sent.end, known_at))
        out += _judge(doc, i, end, known_at, model, lower_words, opening, heading)
        i = end
    return out


def _listed(doc: Doc, end: int, limit: int, known_at: dict[int, Hit]) -> bool:
    """Whether a list of names goes on after a word ("Pakistan, Türkiye, Egypt"): then a
    capital at the start of a sentence is a name's, not the sentence's."""
    return (end + 1 < limit and doc[end].text in {",", "and", "/"}
            and (doc[end + 1].i in known_at or _capitalised_word(doc[end + 1])))


def _lower_tail(doc: Doc, j: int, end: int, taken: set[int], model: NameModel) -> int:
    """Where a run ends when one or two lower-case words ending in a word the graph's names
    end in follow it ("G20 Osaka summit", "Japan-China-South Korea trilateral summit")."""
    for size in (2, 1):
        tokens = doc[j:min(j + size, end)]
        if len(tokens) == size and all(t.is_alpha and t.text.islower() and t.lower_ not in STOP_WORDS
                                       and t.i not in taken for t in tokens) \
                and tokens[-1].lower_ in model.name_heads:
            return j + size
    return j


def _judge(doc: Doc, start: int, end: int, known_at: dict[int, Hit], model: NameModel,
           lower_words: set[str], opening: bool, heading: bool) -> list[Found]:
    """A capitalised run as candidates: none when it is not a new name; a person and what
    names them when it ends in a titled name ("U.S. Trade Representative Robert Lighthizer")."""
    tokens = [t for t in doc[start:end] if t.text not in {"-", "&"} and t.lower_ not in _CONNECTORS]
    fresh = [t for t in tokens if t.i not in known_at]
    names = {known_at[t.i] for t in tokens if t.i in known_at}
    name = _span_text(doc, start, end)

    def common(t: Token) -> bool:
        return model.common(t.text, lower_words) or bool(_DEMONYM.search(t.lower_))

    if not fresh:
        compound = len(names) >= 2 and all(t.text == "-" for t in doc[start:end] if t.i not in known_at)
        return [Found(name, start, end, "compound")] if compound else []
    titled = {i for t in fresh for i in range(t.i, t.i + model.title_at(doc, t.i))}
    if all(t.i in titled for t in fresh) and names:  # "Foreign Minister Anna Berg", Berg known
        return []
    if len(tokens) == 1:
        t = tokens[0]
        if opening or common(t) or t.lower_ in model.title_words or _has_year(t.text) \
                or t.lower_ in model.units or (len(t.text) < 3 and not acronym_like(t.text)):
            return []
        return [Found(name, start, end, "capitalised")]
    person = _titled_tail(doc, tokens, known_at, model, common)
    if person is not None:
        head = _judge(doc, start, person, known_at, model, lower_words, opening, heading)
        return [*head, Found(_span_text(doc, person, end), person, end, "title", kind="person",
                             alias=name)]
    proper = any((t.i in known_at and not heading) or acronym_like(t.text) or not common(t) for t in tokens)
    verb = tokens[0].text.endswith("ing") and common(tokens[0])
    if (proper or (tokens[-1].lower_ in model.name_heads and not heading)) and not verb:
        return [Found(name, start, end, "capitalised")]
    return []


def _titled_tail(doc: Doc, tokens: list[Token], known_at: dict[int, Hit], model: NameModel,
                 common) -> int | None:
    """Where a person's name starts at the end of a run, after a word titles end in."""
    n = len(tokens)
    while n > 0 and not common(tokens[n - 1]) and tokens[n - 1].i not in known_at \
            and not acronym_like(tokens[n - 1].text):
        n -= 1
    if 0 < n < len(tokens) and len(tokens) - n <= 3 and tokens[n - 1].lower_ in model.title_words:
        return tokens[n].i
    return None


def _has_year(text: str) -> bool:
    return bool(re.search(r"(?:19|20)\d\d", text))


def _topics(doc: Doc, sent, blocked: set[int], model: NameModel) -> list[Found]:
    """"food security": lower-case words before a last word the graph's issues end in."""
    out = []
    for token in sent:
        if token.lower_ not in model.issue_heads or not token.text.islower() or token.i in blocked:
            continue
        start = token.i
        while (start > sent.start and start - token.i > -2 and doc[start - 1].is_alpha
               and doc[start - 1].text.islower() and doc[start - 1].lower_ in model.issue_words
               and start - 1 not in blocked):
            start -= 1
        if start < token.i:
            out.append(Found(_span_text(doc, start, token.i + 1), start, token.i + 1, "topic",
                             kind="issue"))
    return out


def _span_text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


# ---------------------------------------------------------------- merging and naming


def is_heading(doc: Doc) -> bool:
    """A unit in title case with no sentence-final punctuation ("Japan and Palau Launch
    the Pacific Coastal Radar Initiative"); a list of names ("Bahrain, Oman, Qatar, ...")
    is not one."""
    words = [t for t in doc if t.is_alpha and t.lower_ not in STOP_WORDS]
    if len(words) < 3 or doc[-1].text in {".", "!", "?", ":", ";"} or sum(t.text == "," for t in doc) >= 3:
        return False
    return sum(t.text[0].isupper() for t in words) >= 0.75 * len(words)


def slug(text: str) -> str:
    """An id in the graph's style: lowercase words joined by hyphens.

    >>> slug("Official Security Assistance"), slug("Kang Kyung-wha"), slug("U.S.-ROK")
    ('official-security-assistance', 'kang-kyung-wha', 'us-rok')
    """
    return re.sub(r"[^a-z0-9]+", "-", key(text)).strip("-")


def merge(found: list[Found]) -> dict[str, list[Found]]:
    """Group candidate spans by the entity they name: same name, or a shared alias."""
    groups: dict[str, list[Found]] = defaultdict(list)
    alias_of: dict[str, str] = {}
    for item in found:
        name = alias_of.get(key(item.name), key(item.name))
        if item.alias and item.rule == "acronym":
            alias_of.setdefault(key(item.alias), name)
        groups[name].append(item)
    for alias, name in alias_of.items():
        if alias in groups and alias != name:
            groups[name].extend(groups.pop(alias))
    people = {k: items for k, items in groups.items() if any(i.kind == "person" for i in items) and " " in k}
    for alias in [k for k in groups if " " not in k]:  # "Berg" alone names "Anna Berg"
        owners = [k for k in people if alias in k.split()]
        if len(owners) == 1 and alias in groups:
            groups[owners[0]].extend(groups.pop(alias))
    return dict(groups)
