"""The rhetorical-move taxonomy and its cue lexicon.

The taxonomy itself is data (``data/moves.json``); this module loads and checks it and finds cue
words in a transcript. Cues are a scaffold for students (places worth a second look), never the
answer: a cue is often not the move, and a move often has no cue.

>>> moves = load_moves()
>>> moves.get("hedge").label
'Hedge'
>>> [m.id for m in moves.by_family()["appeal"]]
['shared-values', 'sovereignty']
"""

# Size: over 300 lines because the taxonomy's validation names every field it checks; cue finding
# stays beside it since cues are part of each move's data.

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from closereading.base.paths import MOVES_PATH

__all__ = [
    "SCHEMA",
    "UNDERLINE_STYLES",
    "CueMatch",
    "Family",
    "Move",
    "Taxonomy",
    "TaxonomyError",
    "UnknownMoveError",
    "find_cues",
    "load_moves",
    "parse_moves",
]

SCHEMA = "closereading.moves/1"

#: Underline styles a move may use; they are CSS ``text-decoration-style`` values.
UNDERLINE_STYLES: tuple[str, ...] = ("solid", "double", "dotted", "dashed", "wavy")


_MOVE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_KEY = re.compile(r"^[0-9a-z]$")
_MOVE_TEXT_FIELDS = (
    "id",
    "label",
    "family",
    "definition",
    "colour",
    "marker",
    "symbol",
    "key",
    "source",
    "framework",
)
_MOVE_LIST_FIELDS = ("cues", "examples")


class TaxonomyError(ValueError):
    """A taxonomy file or mapping is malformed; the message names the file, move and field."""


class UnknownMoveError(KeyError, ValueError):
    """A move id is not in the taxonomy; the message lists the valid ids.

    It is both a ``KeyError`` (a failed look-up) and a ``ValueError`` (a bad argument), so either
    ``except`` catches it.
    """

    def __init__(self, move_id: object, valid_ids: Iterable[str]) -> None:
        self.move_id = move_id
        self.valid_ids = tuple(valid_ids)
        super().__init__(f"unknown move {move_id!r}; valid moves are: {', '.join(self.valid_ids)}")

    def __str__(self) -> str:  # KeyError would show the message with quotes around it
        return str(self.args[0])


@dataclass(frozen=True)
class Family:
    """A family of moves (metadiscourse, equivocation, positioning, appeal)."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Move:
    """One rhetorical move: what it is, where it comes from and how it is shown.

    ``marker`` is an underline style (one of :data:`UNDERLINE_STYLES`) and ``symbol`` a short
    glyph; together with ``label`` they carry the meaning that ``colour`` must never carry alone.
    """

    id: str
    label: str
    family: str
    definition: str
    colour: str
    marker: str
    symbol: str
    key: str
    cues: tuple[str, ...]
    examples: tuple[str, ...]
    source: str
    framework: str
    note: str = ""


@dataclass(frozen=True)
class Taxonomy:
    """The moves and their families, in file order.

    >>> taxonomy = load_moves()
    >>> "booster" in taxonomy, len(taxonomy) == len(taxonomy.moves)
    (True, True)
    >>> taxonomy.by_key("1").id
    'hedge'
    """

    families: tuple[Family, ...]
    moves: tuple[Move, ...]
    about: str = ""
    path: Path | None = field(default=None, compare=False)
    _by_id: dict[str, Move] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {move.id: move for move in self.moves})

    @property
    def ids(self) -> tuple[str, ...]:
        """Every move id, in file order."""
        return tuple(move.id for move in self.moves)

    def get(self, move_id: str) -> Move:
        """The move with this id; :class:`UnknownMoveError` (listing valid ids) if there is none."""
        try:
            return self._by_id[move_id]
        except (KeyError, TypeError):
            raise UnknownMoveError(move_id, self.ids) from None

    def family(self, family_id: str) -> Family:
        """The family with this id; ``KeyError`` naming the valid families if there is none."""
        for family in self.families:
            if family.id == family_id:
                return family
        valid = ", ".join(f.id for f in self.families)
        raise KeyError(f"unknown family {family_id!r}; valid families are: {valid}")

    def by_family(self) -> dict[str, tuple[Move, ...]]:
        """Moves grouped by family id, families and moves in file order."""
        return {
            family.id: tuple(move for move in self.moves if move.family == family.id)
            for family in self.families
        }

    def by_key(self, key: str) -> Move:
        """The move picked by this palette key (``"1"``, ``"q"``...)."""
        for move in self.moves:
            if move.key == key:
                return move
        keys = ", ".join(f"{m.key}={m.id}" for m in self.moves)
        raise KeyError(f"no move has key {key!r}; keys are: {keys}")

    def __iter__(self) -> Iterator[Move]:
        return iter(self.moves)

    def __len__(self) -> int:
        return len(self.moves)

    def __contains__(self, move_id: object) -> bool:
        return move_id in self._by_id


def load_moves(path: str | Path | None = None) -> Taxonomy:
    """Read and check a taxonomy file; with no path, the course's ``data/moves.json`` (cached).

    Raises :class:`TaxonomyError` naming the file, the move and the field for a malformed file.
    """
    if path is None:
        return _load_default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _load_default() -> Taxonomy:
    return _load(MOVES_PATH)


def _load(path: Path) -> Taxonomy:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problem = f"not UTF-8 text ({error.reason} at byte {error.start})"
        raise TaxonomyError(f"{path}: {problem}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise TaxonomyError(
            f"{path}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    return parse_moves(data, where=str(path), path=path)


def parse_moves(data: Any, where: str = "<taxonomy>", path: Path | None = None) -> Taxonomy:
    """Check a taxonomy already decoded from JSON and build a :class:`Taxonomy`.

    ``where`` names the source in error messages.

    >>> parse_moves({"schema": "closereading.moves/1", "families": [], "moves": []})
    Traceback (most recent call last):
    ...
    closereading.annotation.taxonomy.TaxonomyError: <taxonomy>: "families" must be a non-empty list
    """
    if not isinstance(data, dict):
        raise TaxonomyError(
            f"{where}: expected a JSON object at the top, got {type(data).__name__}"
        )
    if data.get("schema") != SCHEMA:
        raise TaxonomyError(f'{where}: "schema" must be {SCHEMA!r}, got {data.get("schema")!r}')
    families = _parse_families(data.get("families"), where)
    family_ids = [f.id for f in families]
    raw_moves = data.get("moves")
    if not isinstance(raw_moves, list) or not raw_moves:
        raise TaxonomyError(f'{where}: "moves" must be a non-empty list')
    moves = tuple(_parse_move(raw, i, where, family_ids) for i, raw in enumerate(raw_moves))
    for attribute, what in (("id", "id"), ("key", "key"), ("symbol", "symbol")):
        seen: dict[str, str] = {}
        for move in moves:
            value = getattr(move, attribute)
            if value in seen:
                raise TaxonomyError(
                    f"{where}: move {move.id!r}: field {attribute!r}: duplicate {what} {value!r}"
                    f" (already used by move {seen[value]!r})"
                )
            seen[value] = move.id
    about = data.get("about", "")
    if not isinstance(about, str):
        raise TaxonomyError(f'{where}: "about" must be text')
    return Taxonomy(families=families, moves=moves, about=about, path=path)


def _parse_families(raw_families: Any, where: str) -> tuple[Family, ...]:
    if not isinstance(raw_families, list) or not raw_families:
        raise TaxonomyError(f'{where}: "families" must be a non-empty list')
    families: list[Family] = []
    for i, raw in enumerate(raw_families):
        if not isinstance(raw, dict):
            raise TaxonomyError(
                f"{where}: family {i}: expected an object, got {type(raw).__name__}"
            )
        name = repr(raw["id"]) if isinstance(raw.get("id"), str) else str(i)
        for key in ("id", "label", "description"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                problem = "is missing" if key not in raw else "must be non-empty text"
                raise TaxonomyError(f"{where}: family {name}: field {key!r} {problem}")
        if raw["id"] in {f.id for f in families}:
            raise TaxonomyError(f"{where}: family {name}: field 'id': duplicate id")
        families.append(Family(id=raw["id"], label=raw["label"], description=raw["description"]))
    return tuple(families)


def _parse_move(raw: Any, index: int, where: str, family_ids: list[str]) -> Move:
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{where}: move {index}: expected an object, got {type(raw).__name__}")
    name = repr(raw["id"]) if isinstance(raw.get("id"), str) else f"number {index}"

    def fail(key: str, problem: str) -> TaxonomyError:
        return TaxonomyError(f"{where}: move {name}: field {key!r} {problem}")

    for key in _MOVE_TEXT_FIELDS:
        if key not in raw:
            raise fail(key, "is missing")
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise fail(key, f"must be non-empty text, got {raw[key]!r}")
    for key in _MOVE_LIST_FIELDS:
        if key not in raw:
            raise fail(key, "is missing")
        value = raw[key]
        if not isinstance(value, list) or not value:
            raise fail(key, "must be a non-empty list of text")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise fail(key, "must hold only non-empty text")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise fail("note", "must be text")
    if not _MOVE_ID.match(raw["id"]):
        raise fail("id", "must be kebab-case (lowercase letters and digits joined by '-')")
    if raw["family"] not in family_ids:
        valid = ", ".join(family_ids)
        raise fail("family", f"names unknown family {raw['family']!r}; families are: {valid}")
    if not _HEX_COLOUR.match(raw["colour"]):
        raise fail("colour", f"must be a hex colour like '#E69F00', got {raw['colour']!r}")
    if raw["marker"] not in UNDERLINE_STYLES:
        raise fail("marker", f"must be one of {', '.join(UNDERLINE_STYLES)}, got {raw['marker']!r}")
    if not _KEY.match(raw["key"]):
        raise fail("key", f"must be one lowercase letter or digit, got {raw['key']!r}")
    if len(raw["symbol"]) > 3:
        raise fail("symbol", f"must be at most 3 characters, got {raw['symbol']!r}")
    return Move(
        id=raw["id"],
        label=raw["label"],
        family=raw["family"],
        definition=raw["definition"],
        colour=raw["colour"].upper(),
        marker=raw["marker"],
        symbol=raw["symbol"],
        key=raw["key"],
        cues=tuple(raw["cues"]),
        examples=tuple(raw["examples"]),
        source=raw["source"],
        framework=raw["framework"],
        note=note,
    )


# --- cue finding ---------------------------------------------------------------------------


class _HasText(Protocol):
    text: str


@dataclass(frozen=True)
class CueMatch:
    """A cue word found in the text: ``text == transcript.text[start:end]``."""

    move: str
    cue: str
    start: int
    end: int
    text: str


# A cue matches whole tokens only: not inside a word, nor glued to one by a hyphen or an
# apostrophe ("state" is not found in "state-to-state", "can" not in "can’t"), but a
# possessive is allowed ("Russia" is found in "Russia’s").
_LEFT = r"(?<!\w)(?<!\w[-'’])"
_RIGHT = r"(?!\w|-\w|['’](?!s\b)\w)"


def _cue_regex(cue: str) -> str:
    parts: list[str] = []
    for char in cue.strip():
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif char in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@lru_cache(maxsize=64)
def _cue_pattern(cues: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One regex for a move's cues, and the cues in the order of its groups ``c0``, ``c1``..."""
    # Longest cue first, so "as a matter of fact" wins over "fact" at the same place.
    ordered = tuple(sorted({c.strip() for c in cues}, key=lambda c: (-len(c), c)))
    alternatives = "|".join(f"(?P<c{i}>{_cue_regex(c)})" for i, c in enumerate(ordered))
    return re.compile(f"{_LEFT}(?:{alternatives}){_RIGHT}", re.IGNORECASE), ordered


def find_cues(
    transcript: _HasText | str,
    move_ids: Iterable[str] | str | None = None,
    *,
    taxonomy: Taxonomy | None = None,
) -> list[CueMatch]:
    """Find each move's cue words in a transcript (or a plain string), on token boundaries.

    Matching ignores case, treats ’ and ' alike and any run of whitespace as one space. Within
    one move, matches do not overlap (the longest cue wins); different moves may share a span.
    Results are in text order.

    >>> hits = find_cues("Actually, we definitely do.", ["booster"])
    >>> [(h.cue, h.start, h.end, h.text) for h in hits]
    [('actually', 0, 8, 'Actually'), ('definitely', 13, 23, 'definitely')]
    """
    text = transcript if isinstance(transcript, str) else transcript.text
    taxonomy = taxonomy if taxonomy is not None else load_moves()
    if move_ids is None:
        moves = taxonomy.moves
    elif isinstance(move_ids, str):
        moves = (taxonomy.get(move_ids),)
    else:
        moves = tuple(taxonomy.get(move_id) for move_id in move_ids)
    order = {move.id: i for i, move in enumerate(taxonomy.moves)}
    found = []
    for move in moves:
        pattern, ordered = _cue_pattern(move.cues)
        for match in pattern.finditer(text):
            cue = ordered[int((match.lastgroup or "c0")[1:])]
            found.append(CueMatch(move.id, cue, match.start(), match.end(), match.group()))
    found.sort(key=lambda hit: (hit.start, hit.end, order[hit.move]))
    return found
