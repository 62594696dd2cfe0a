"""Profiles: one unified code structure per product class (``spec/profiles/*.toml``).

A profile says what a compliant trace code of its class carries: the GS1-based
structure (required and optional AIs, constraints), the national schemes it
accepts as the class's code, the carriers it recommends and how the code leads
to the one-stop public query.

>>> p = get_profile("drugs")
>>> p.name.zh, p.required_ais
('药品', (('01',), ('17',), ('10',), ('21',)))
>>> from tracecode import gs1
>>> [e.code for e in p.check(gs1.parse("(01)06901234567892(10)A1"))]
['PROFILE_VIOLATION', 'PROFILE_VIOLATION']
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from tracecode.errors import TraceCodeError, make_error, raw
from tracecode.scheme._model import Label, SchemeCode
from tracecode.scheme._toml import Locator, load_toml, spec_error

if TYPE_CHECKING:
    from tracecode.gs1 import GS1Message

__all__ = ["AIConstraint", "Profile", "get_profile", "profiles"]

_LOCK = threading.Lock()
_TOP = {
    "id",
    "name",
    "policy",
    "summary",
    "sources",
    "gs1",
    "schemes",
    "carriers",
    "query",
    "comparison",
    "gb44583",
    "notes",
}


@attrs.frozen(slots=True)
class AIConstraint:
    """A constraint on one AI's value within a profile."""

    #: the AI
    ai: str
    #: shortest value permitted, if bounded
    min_length: int | None = None
    #: longest value permitted, if bounded
    max_length: int | None = None
    #: why
    note: str = ""


@attrs.frozen(slots=True, eq=False)
class Profile:
    """The unified code structure of one product class."""

    #: profile id, e.g. ``"drugs"``
    id: str
    #: English and Chinese names
    name: Label
    #: the policy or rule the class comes from
    policy: str
    #: one-paragraph summary
    summary: str
    #: each entry: at least one of these AIs must be present
    required_ais: tuple[tuple[str, ...], ...]
    #: AIs the structure may carry besides the required ones
    optional_ais: tuple[str, ...]
    #: constraints on AI values
    constraints: tuple[AIConstraint, ...]
    #: scheme ids accepted as the class's code (``"gs1"`` for the GS1 structure)
    accepted_schemes: tuple[str, ...]
    #: schemes whose codes appear in the class's records but are not unit trace codes
    related_schemes: tuple[str, ...]
    #: recommended carriers
    carriers: tuple[str, ...]
    #: how the code leads to the one-stop public query
    query: Mapping[str, str]
    #: where tracecode follows national systems of other countries, and why
    follows: tuple[str, ...]
    #: where it departs from them, and why
    departs: tuple[str, ...]
    #: relation to GB/T 44583-2024 (whose text could not be read)
    gb44583: str
    #: sources
    sources: tuple[str, ...]
    #: further notes
    notes: tuple[str, ...] = ()
    #: the data file
    file: str = ""

    def check(self, code: object) -> list[TraceCodeError]:
        """Problems of ``code`` against this profile (empty list: compliant).

        ``code`` is a :class:`~tracecode.gs1.GS1Message`, a
        :class:`~tracecode.scheme.SchemeCode` or a text (detected first).  Each
        problem is a ``PROFILE_VIOLATION`` naming what is missing or wrong.  The
        code's own validity is reported by its parser, not here.

        >>> p = get_profile("special-equipment")
        >>> p.check("215010890201500098")
        []
        >>> err = p.check("81773220288616423835")[0]
        >>> err.code, err.found
        ('PROFILE_VIOLATION', "'cn.drug.trace20'")
        """
        from tracecode.gs1 import GS1Message

        if isinstance(code, str):
            return self._check_text(code)
        if isinstance(code, GS1Message):
            return self._check_gs1(code)
        if isinstance(code, SchemeCode):
            return self._check_scheme(code.scheme)
        raise TypeError(f"expected str, GS1Message or SchemeCode, not {type(code).__name__}")

    def accepts(self, code: object) -> bool:
        """Tell whether :meth:`check` finds nothing."""
        return not self.check(code)

    def _violation(
        self, expected: str, found: str, detail: str, ai: str | None = None
    ) -> TraceCodeError:
        return make_error(
            "PROFILE_VIOLATION",
            ai=ai,
            field=None if ai else f"profile {self.id}",
            expected=raw(expected),
            found=found,
            detail=detail,
        )

    def _check_scheme(self, scheme: str) -> list[TraceCodeError]:
        if scheme in self.accepted_schemes:
            return []
        return [
            self._violation(
                "one of " + ", ".join(self.accepted_schemes),
                scheme,
                f"not a code accepted for {self.name.en.lower()}",
            )
        ]

    def _check_gs1(self, message: GS1Message) -> list[TraceCodeError]:
        from tracecode.gs1 import get_dictionary

        problems: list[TraceCodeError] = []
        if "gs1" not in self.accepted_schemes:  # pragma: no cover - every profile accepts GS1
            problems.extend(self._check_scheme("gs1"))
        present = set(message.ais)
        d = get_dictionary()

        def title(ai: str) -> str:
            entry = d.get(ai)
            return f"AI ({ai}) {entry.title}" if entry is not None else f"AI ({ai})"

        for group in self.required_ais:
            if not present.intersection(group):
                want = " or ".join(title(ai) for ai in group)
                problems.append(
                    self._violation(want, raw("missing"), f"the {self.id} profile requires {want}")
                )
        for c in self.constraints:
            for e in message.elements:
                if e.ai != c.ai:
                    continue
                if c.max_length is not None and len(e.value) > c.max_length:
                    problems.append(
                        self._violation(
                            f"at most {c.max_length} characters",
                            raw(f"{len(e.value)} characters"),
                            c.note,
                            ai=c.ai,
                        )
                    )
                if c.min_length is not None and len(e.value) < c.min_length:
                    problems.append(
                        self._violation(
                            f"at least {c.min_length} characters",
                            raw(f"{len(e.value)} characters"),
                            c.note,
                            ai=c.ai,
                        )
                    )
        return problems

    def _check_text(self, text: str) -> list[TraceCodeError]:
        from tracecode.scheme.detect import detect

        try:
            candidates = detect(text)
        except TraceCodeError as err:
            return [err]
        for cand in candidates:
            if cand.valid and cand.scheme in self.accepted_schemes and cand.code is not None:
                return self.check(cand.code)
        for cand in candidates:
            if cand.valid and cand.code is not None:
                return self.check(cand.code)
        if candidates and candidates[0].errors:
            return [candidates[0].errors[0]]
        return [make_error("UNRECOGNISED")]

    def __repr__(self) -> str:
        return f"<Profile {self.id} ({self.name.en} / {self.name.zh})>"


def _strs(
    ctx: tuple[str, Locator], value: Any, what: str, table: str | None = None
) -> tuple[str, ...]:
    file, loc = ctx
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise spec_error(
            file, loc.line(table, None, what.split(".")[-1]), f"{what} must be a list of strings"
        )
    return tuple(value)


def _text(ctx: tuple[str, Locator], value: Any, what: str, table: str | None = None) -> str:
    file, loc = ctx
    if not isinstance(value, str):
        raise spec_error(
            file, loc.line(table, None, what.split(".")[-1]), f"{what} must be a string"
        )
    return value


def load_profile_text(text: str, file: str = "<string>") -> Profile:
    """Build a :class:`Profile` from the TOML text of a profile file."""
    from tracecode.gs1 import get_dictionary
    from tracecode.scheme._registry import scheme_table

    loc = Locator(text)
    ctx = (file, loc)
    data = load_toml(text, file)
    extra = sorted(set(data) - _TOP)
    if extra:
        raise spec_error(file, loc.line(None, None, extra[0]), f"unknown key {extra[0]!r}")
    name = data.get("name")
    if (
        not isinstance(name, dict)
        or not isinstance(name.get("en"), str)
        or not isinstance(name.get("zh"), str)
    ):
        raise spec_error(
            file, loc.line(None, None, "name"), "name must be { en = '...', zh = '...' }"
        )
    g = data.get("gs1", {})
    if not isinstance(g, dict) or set(g) - {"require", "optional", "constraints"}:
        raise spec_error(file, loc.line("gs1"), "[gs1] takes require, optional, constraints")
    d = get_dictionary()
    require = g.get("require", [])
    if not isinstance(require, list) or not all(isinstance(x, list) and x for x in require):
        raise spec_error(
            file, loc.line("gs1", None, "require"), "gs1.require must be a list of AI lists"
        )
    groups = tuple(_strs(ctx, x, "gs1.require", "gs1") for x in require)
    optional = _strs(ctx, g.get("optional", []), "gs1.optional", "gs1")
    for ai in (*(a for grp in groups for a in grp), *optional):
        if d.get(ai) is None:
            raise spec_error(file, loc.line("gs1", None, "require"), f"unknown GS1 AI {ai!r}")
    constraints: list[AIConstraint] = []
    for i, c in enumerate(g.get("constraints", [])):
        if (
            not isinstance(c, dict)
            or set(c) - {"ai", "min_length", "max_length", "note"}
            or "ai" not in c
        ):
            raise spec_error(
                file,
                loc.line("gs1.constraints", i),
                "a constraint takes ai, min_length, max_length, note",
            )
        constraints.append(
            AIConstraint(c["ai"], c.get("min_length"), c.get("max_length"), str(c.get("note", "")))
        )
    sch = data.get("schemes", {})
    if not isinstance(sch, dict) or set(sch) - {"accepted", "related"}:
        raise spec_error(file, loc.line("schemes"), "[schemes] takes accepted, related")
    accepted = _strs(ctx, sch.get("accepted", []), "schemes.accepted", "schemes")
    related = _strs(ctx, sch.get("related", []), "schemes.related", "schemes")
    known = scheme_table()
    for sid in (*accepted, *related):
        if sid != "gs1" and sid not in known:
            raise spec_error(file, loc.line("schemes", None, "accepted"), f"unknown scheme {sid!r}")
    comp = data.get("comparison", {})
    query = data.get("query", {})
    if not isinstance(query, dict) or not all(isinstance(v, str) for v in query.values()):
        raise spec_error(file, loc.line("query"), "[query] values must be strings")
    if not isinstance(comp, dict) or set(comp) - {"follows", "departs"}:
        raise spec_error(file, loc.line("comparison"), "[comparison] takes follows, departs")
    sources = _strs(ctx, data.get("sources", []), "sources")
    if not sources:
        raise spec_error(file, loc.line(None, None, "sources"), "a profile must cite sources")
    return Profile(
        id=_text(ctx, data.get("id"), "id"),
        name=Label(name["en"], name["zh"]),
        policy=_text(ctx, data.get("policy"), "policy"),
        summary=_text(ctx, data.get("summary"), "summary"),
        required_ais=groups,
        optional_ais=optional,
        constraints=tuple(constraints),
        accepted_schemes=accepted,
        related_schemes=related,
        carriers=_strs(ctx, data.get("carriers", []), "carriers"),
        query=dict(query),
        follows=_strs(ctx, comp.get("follows", []), "comparison.follows", "comparison"),
        departs=_strs(ctx, comp.get("departs", []), "comparison.departs", "comparison"),
        gb44583=_text(ctx, data.get("gb44583"), "gb44583"),
        sources=sources,
        notes=_strs(ctx, data.get("notes", []), "notes"),
        file=file,
    )


@functools.lru_cache(maxsize=1)
def _load() -> Mapping[str, Profile]:
    from tracecode.scheme._registry import spec_names, spec_text

    with _LOCK:
        table: dict[str, Profile] = {}
        for name in spec_names("profiles", ".toml"):
            file = f"spec/profiles/{name}"
            profile = load_profile_text(spec_text("profiles", name), file)
            if profile.id != name[: -len(".toml")]:
                raise spec_error(file, 1, f"id {profile.id!r} does not match the file name")
            table[profile.id] = profile
        return MappingProxyType(table)


#: The seven classes of 国办发〔2015〕95号, in the policy's order.
PROFILE_ORDER = (
    "edible-agricultural",
    "food",
    "drugs",
    "agricultural-inputs",
    "special-equipment",
    "hazardous",
    "rare-earth",
)


def profiles() -> tuple[Profile, ...]:
    """Every bundled profile, in the policy's order of product classes.

    >>> [p.id for p in profiles()][:3]
    ['edible-agricultural', 'food', 'drugs']
    """
    table = _load()
    order = {pid: i for i, pid in enumerate(PROFILE_ORDER)}
    return tuple(sorted(table.values(), key=lambda p: (order.get(p.id, 99), p.id)))


def get_profile(profile_id: str) -> Profile:
    """Return the profile ``profile_id``; ``SchemeError`` ``UNKNOWN_PROFILE`` if none.

    >>> get_profile("hazardous").name.zh
    '危险品'
    >>> get_profile("toys")
    Traceback (most recent call last):
        ...
    tracecode.errors.SchemeError: unknown profile: found 'toys'
    """
    table = _load()
    profile = table.get(profile_id) if isinstance(profile_id, str) else None
    if profile is None:
        raise make_error("UNKNOWN_PROFILE", found=str(profile_id))
    return profile
