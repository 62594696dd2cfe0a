"""GS1 Digital Link URIs: parse and build (GS1 Digital Link URI Syntax 1.6).

A URI carries a primary key and its qualifiers in the path and data
attributes in the query string.  Any domain and path stem may come before
the key; ``https://id.gs1.org`` is the canonical stem.

>>> from tracecode.gs1.digitallink import parse_uri
>>> m = parse_uri("https://example.com/products/01/09506000134352/10/AB%2F1?17=261231&linkType=gs1:pip")
>>> m.hri(), m.other_query
('(01)09506000134352(10)AB/1(17)261231', (('linkType', 'gs1:pip'),))
>>> m.digital_link()
'https://id.gs1.org/01/09506000134352/10/AB%2F1?17=261231'
>>> m.digital_link("https://example.com/products", other_query=True)
'https://example.com/products/01/09506000134352/10/AB%2F1?17=261231&linkType=gs1%3Apip'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracecode.errors import TraceCodeError, make_error
from tracecode.gs1._shapes import learn_elements
from tracecode.gs1.dictionary import AIEntry, get_dictionary
from tracecode.gs1.message import Element, GS1Message, fast_element
from tracecode.gs1.parse import (
    _PLANS,
    _URI_SHAPES,
    _check,
    _finish,
    _learns,
    _plan,
    _shaped,
    check_value,
)

if TYPE_CHECKING:
    from tracecode.gs1.parse import ParseOptions

__all__ = [
    "CANONICAL_STEM",
    "build_digital_link",
    "looks_like_uri",
    "parse_digital_link",
    "parse_uri",
]

CANONICAL_STEM = "https://id.gs1.org"

_SCHEME_RE = re.compile(r"(https?|HTTPS?)://")
_HOST_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?(?::[0-9]{1,5})?\Z")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = frozenset("0123456789ABCDEFabcdef")
_NOT_URI_CHAR = re.compile("[^\x21-\x7e]").search
_PARAM_SPLIT = re.compile("[&;]").split
_SCHEMES = ("https://", "http://", "HTTPS://", "HTTP://")  # what _SCHEME_RE matches
_startswith = str.startswith


def looks_like_uri(text: str) -> bool:
    """True when ``text`` starts like an http(s) URI (all-lower or all-upper scheme)."""
    return _startswith(text, _SCHEMES)


def percent_encode(value: str) -> str:
    """Percent-encode everything but the URI unreserved characters.

    >>> percent_encode("AB/1 ü")
    'AB%2F1%20%C3%BC'
    """
    if all(ch in _UNRESERVED for ch in value):
        return value
    out = []
    for ch in value:
        if ch in _UNRESERVED:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def percent_decode(text: str, base: int) -> str:
    """Decode ``%hh`` escapes; malformed escapes raise DL_INVALID_PERCENT_ENCODING."""
    if "%" not in text:
        return text
    out = bytearray()
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "%":
            hx = text[i + 1 : i + 3]
            if len(hx) != 2 or hx[0] not in _HEX or hx[1] not in _HEX:
                raise make_error(
                    "DL_INVALID_PERCENT_ENCODING", position=base + i, found=text[i : i + 3]
                )
            out.append(int(hx, 16))
            i += 3
        else:
            out.extend(ch.encode("utf-8"))
            i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise make_error(
            "DL_INVALID_PERCENT_ENCODING", position=base, detail="not UTF-8 once decoded"
        ) from None


def parse_uri(
    uri: str,
    *,
    lenient: bool = False,
    associations: bool = True,
    zero_suppressed_gtin: bool = False,
) -> GS1Message:
    """Parse a GS1 Digital Link URI (uncompressed or compressed) into a message."""
    from tracecode.gs1.parse import ParseOptions

    return parse_digital_link(
        uri,
        ParseOptions(
            lenient=lenient, associations=associations, zero_suppressed_gtin=zero_suppressed_gtin
        ),
    )


# scheme://host/path?query#fragment in one pass (the common case); anything it
# does not match goes through _split_uri_slowly for a precise diagnosis.
_URI_RE = re.compile(
    r"(?:https?|HTTPS?)://[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
    r"(/[\x21\x22\x24-\x3e\x40-\x7e]*)(?:\?([\x21\x22\x24-\x7e]*))?(?:#[\x21-\x7e]*)?\Z"
).match


def _split_uri(uri: str) -> tuple[int, str, int, str]:
    """-> (path offset, path, query offset, query); validates scheme and host."""
    m = _URI_RE(uri)
    if m is not None:
        query = m.group(2)
        if query is None:
            return m.start(1), m.group(1), m.end(1), ""
        return m.start(1), m.group(1), m.start(2), query
    return _split_uri_slowly(uri)


def _split_uri_slowly(uri: str) -> tuple[int, str, int, str]:
    m = _SCHEME_RE.match(uri)
    if m is None:
        raise make_error("DL_INVALID_URI", position=0, detail="must start with http:// or https://")
    hstart = m.end()
    frag = uri.find("#")
    if frag >= 0:
        uri = uri[:frag]
    slash = uri.find("/", hstart)
    qmark = uri.find("?", hstart)
    if slash < 0 or (0 <= qmark < slash):
        raise make_error("DL_INVALID_URI", position=len(uri), detail="no path")
    host = uri[hstart:slash]
    if not _HOST_RE.match(host):
        raise make_error("DL_INVALID_URI", position=hstart, detail="invalid domain name")
    if qmark < 0:
        return slash, uri[slash:], len(uri), ""
    return slash, uri[slash:qmark], qmark + 1, uri[qmark + 1 :]


def parse_digital_link(uri: str, opts: ParseOptions) -> GS1Message:
    """Parse a Digital Link URI with :class:`~tracecode.gs1.parse.ParseOptions`."""
    if _URI_SHAPES.shapes:
        hit = _URI_SHAPES.values(uri)
        if hit is not None:  # a learned shape, every value passed its check
            return _shaped(hit, 0, None)
    msg = _parse_unshaped(uri, opts)
    if _learns(msg, opts, _URI_SHAPES):
        learn_elements(_URI_SHAPES, uri, msg.elements, _PLANS, form="uri", extra=msg.other_query)
    return msg


def _parse_unshaped(uri: str, opts: ParseOptions) -> GS1Message:
    m = _URI_RE(uri)  # the common case: a well-formed URI, split in one pass
    if m is None:
        return _parse_general(uri, opts)
    path, query = m.groups()
    if "%" in uri or opts.zero_suppressed_gtin:
        path_off, path_end = m.span(1)
        if query is None:
            return _parse_parts(uri, path_off, path, path_end, "", opts)
        return _parse_parts(uri, path_off, path, path_end + 1, query, opts)
    # The fast path (see _Shape): same message as the general path, or hand over.
    segments = path.split("/")
    candidates = tuple(segments[-2::-2])
    shape = _SHAPES.get(candidates, _MISSING)
    if shape is _MISSING:
        shape = _shape(candidates)
        if len(_SHAPES) < _SHAPES_LIMIT:
            _SHAPES[candidates] = shape
    if shape is None:
        return _parse_plain_slowly(uri, m, opts)
    key_index = len(segments) - shape.npairs * 2
    # offset of the key's AI segment
    off = m.start(1) + (1 if key_index == 1 else len("/".join(segments[:key_index])) + 1)
    plans = _PLANS
    elements: list[Element] = []
    append = elements.append
    for (ai, entry, skip), value in zip(shape.pairs, segments[key_index + 1 :: 2], strict=True):
        if not value or _check(plans.get(ai) or _plan(entry), value, off + skip) is not None:
            return _parse_plain_slowly(uri, m, opts)
        append(fast_element(ai, value, off))
        off += skip + len(value) + 1
    if not query:
        return _finish(elements, [], opts)
    if ";" in query:
        return _parse_plain_slowly(uri, m, opts)
    attributes = shape.attributes
    poff = m.end(1) + 1
    if "&" not in query:  # one parameter, the usual case
        k, _, v = query.partition("=")
        if not v:  # empty parameters and values are dropped
            return _finish(elements, [], opts)
        attribute = attributes.get(k)
        if attribute is not None:
            if _check(plans.get(k) or _plan(attribute), v, poff + len(k) + 1) is not None:
                return _parse_plain_slowly(uri, m, opts)
            append(fast_element(k, v, poff))
            return _finish(elements, [], opts)
        if k.isdigit() and k.isascii():
            return _parse_plain_slowly(uri, m, opts)
        return _finish(elements, [], opts, None, ((k, v),))
    seen: set[str] = set()
    others: list[tuple[str, str]] = []
    for param in query.split("&"):
        k, _, v = param.partition("=")
        if v:
            attribute = attributes.get(k)
            if attribute is not None:
                if k in seen:
                    return _parse_plain_slowly(uri, m, opts)
                seen.add(k)
                if _check(plans.get(k) or _plan(attribute), v, poff + len(k) + 1) is not None:
                    return _parse_plain_slowly(uri, m, opts)
                append(fast_element(k, v, poff))
            elif k.isdigit() and k.isascii():
                return _parse_plain_slowly(uri, m, opts)
            else:
                others.append((k, v))
        poff += len(param) + 1
    return _finish(elements, [], opts, None, tuple(others))


def _parse_plain_slowly(uri: str, m: re.Match[str], opts: ParseOptions) -> GS1Message:
    """The general path for a URI the fast path handed over (``m``: its _URI_RE match)."""
    path_off, path_end = m.span(1)
    query = m.group(2)
    if query is None:
        return _parse_parts(uri, path_off, m.group(1), path_end, "", opts)
    return _parse_parts(uri, path_off, m.group(1), path_end + 1, query, opts)


def _parse_general(uri: str, opts: ParseOptions) -> GS1Message:
    """:func:`parse_digital_link` without the fast path (the reference behaviour)."""
    m = _URI_RE(uri)
    if m is not None:
        path_off, path = m.start(1), m.group(1)
        query = m.group(2)
        if query is None:
            query, query_off = "", m.end(1)
        else:
            query_off = m.start(2)
    else:
        bad = _NOT_URI_CHAR(uri)
        if bad is not None:
            raise make_error(
                "DL_INVALID_URI", position=bad.start(), detail="character not allowed in a URI"
            )
        path_off, path, query_off, query = _split_uri_slowly(uri)
    return _parse_parts(uri, path_off, path, query_off, query, opts)


def _parse_parts(
    uri: str, path_off: int, path: str, query_off: int, query: str, opts: ParseOptions
) -> GS1Message:
    entries = _entries()
    errors: list[TraceCodeError] = []
    segments = path.split("/")  # segments[0] == ""
    nseg = len(segments)

    # Scan backwards for the primary key: /AI/value pairs from the end.
    key_index = -1
    i = nseg - 2
    while i >= 1:
        entry = entries.get(segments[i])
        if entry is None:
            break
        if entry.dlpkey is not None:
            key_index = i
        i -= 2
    elements: list[Element] = []
    if key_index < 0:
        return _parse_compressed(uri, segments, path_off, path, query, query_off, opts, errors)

    key_entry = entries[segments[key_index]]
    # offset of segment key_index: the path offset plus the preceding segments
    off = path_off + len("/".join(segments[:key_index])) + 1
    path_ais: list[str] = []
    zero_suppressed = opts.zero_suppressed_gtin
    lenient = opts.lenient
    for j in range(key_index, nseg - 1, 2):
        ai = segments[j]
        raw_value = segments[j + 1]
        voff = off + len(ai) + 1
        value = percent_decode(raw_value, voff) if "%" in raw_value else raw_value
        if j == key_index and zero_suppressed and ai == "01" and len(value) in (8, 12, 13):
            value = value.zfill(14)
        if value:
            err = _check(_PLANS.get(ai) or _plan(entries[ai]), value, voff)
        else:
            err = make_error("AI_DATA_EMPTY", position=voff, ai=ai)
        if err is not None:
            if "%" in raw_value:
                err.position = voff
            errors.append(err)
            if not lenient:
                raise err
        elements.append(fast_element(ai, value, off))
        path_ais.append(ai)
        off = voff + len(raw_value) + 1
    if len(path_ais) > 1 and not _qualifiers_ok(key_entry, tuple(path_ais[1:])):
        qualifiers = path_ais[1:]
        err = make_error(
            "DL_INVALID_KEY_QUALIFIERS",
            position=elements[0].position,
            ai=key_entry.ai,
            found="/".join(qualifiers),
            expected=_qualifier_text(key_entry),
        )
        errors.append(err)
        if not lenient:
            raise err
    extra = _query_elements(query, query_off, opts, errors, elements, key_entry) if query else ()
    return _finish(elements, errors, opts, None, extra)


# The fast path.  A URI without percent escapes (and not read with
# zero_suppressed_gtin) whose AIs, qualifiers and attributes are all valid
# gives the same message as the general path in fewer steps: the key,
# qualifier order and permitted query attributes come from a plan cached per
# path shape.  At the first sign of anything else (an empty or invalid value,
# a problem with a query parameter, ``;``) it hands the URI to the general
# path, which reads its path and query again from the start, so errors are
# always the general path's.  tests/test_digital_link_fastpath.py holds the
# two to the same results.


class _Shape:
    """What the general path decides from a path's AI segments alone."""

    __slots__ = ("attributes", "npairs", "pairs")

    def __init__(self, entries: tuple[AIEntry, ...], attributes: dict[str, AIEntry]) -> None:
        #: /AI/value pairs from the primary key to the end of the path
        self.npairs = len(entries)
        #: (AI, entry, offset of the value from the AI) of each, primary key first
        self.pairs = tuple((e.ai, e, len(e.ai) + 1) for e in entries)
        #: AIs accepted as query attributes after these path AIs
        self.attributes = attributes


# key: the path segments at even distance from the end (segments[-2::-2]); the
# value is None when the general path must decide (no key, bad qualifiers).
_SHAPES: dict[tuple[str, ...], _Shape | None] = {}
_SHAPES_LIMIT = 1024
_ATTRIBUTE_TABLES: dict[tuple[str, ...], dict[str, AIEntry]] = {}


def _shape(candidates: tuple[str, ...]) -> _Shape | None:
    """The plan for a path whose segments[-2::-2] are ``candidates``."""
    entries = _entries()
    # the general path's backward scan: the earliest key in the run of AIs
    npairs = 0
    for t, seg in enumerate(candidates):
        entry = entries.get(seg)
        if entry is None:
            break
        if entry.dlpkey is not None:
            npairs = t + 1
    if not npairs:
        return None
    ais = tuple(reversed(candidates[:npairs]))
    key_entry = entries[ais[0]]
    if len(ais) > 1 and not _qualifiers_ok(key_entry, ais[1:]):
        return None
    attributes = _ATTRIBUTE_TABLES.get(ais)
    if attributes is None:
        excluded = _qualifier_set(key_entry) | set(ais)
        attributes = {
            ai: entry
            for ai, entry in entries.items()
            if entry.dl_attribute and entry.dlpkey is None and ai not in excluded
        }
        if len(_ATTRIBUTE_TABLES) < _SHAPES_LIMIT:
            _ATTRIBUTE_TABLES[ais] = attributes
    return _Shape(tuple(entries[ai] for ai in ais), attributes)


_MISSING = _Shape((), {})


_ENTRIES: list[dict[str, AIEntry]] = []


def _entries() -> dict[str, AIEntry]:
    """The bundled dictionary's AI entries (looked up once)."""
    if not _ENTRIES:
        _ENTRIES.append(get_dictionary().entries)
    return _ENTRIES[0]


def _parse_compressed(
    uri: str,
    segments: list[str],
    path_off: int,
    path: str,
    query: str,
    query_off: int,
    opts: ParseOptions,
    errors: list[TraceCodeError],
) -> GS1Message:
    from tracecode.gs1 import dlcompress

    last = segments[-1]
    if not (last and dlcompress.is_compressed_segment(last)):
        raise make_error(
            "DL_NO_PRIMARY_KEY", position=path_off, detail="no /AI/value primary key in the path"
        )
    seg_off = path_off + len(path) - len(last)
    entries = _entries()
    elements: list[Element] = []
    pairs, other = dlcompress.decompress(last)
    for ai, value in pairs:
        entry = entries.get(ai)
        if entry is None:
            errors.append(make_error("UNKNOWN_AI", position=seg_off, found=ai))
            continue
        err = check_value(entry, value, seg_off)
        if err is not None:
            err.position = seg_off
            errors.append(err)
        elements.append(fast_element(ai, value, seg_off))
    if errors and not opts.lenient:
        raise errors[0]
    extra = _query_elements(query, query_off, opts, errors, elements, None) if query else ()
    return _finish(elements, errors, opts, None, tuple(other) + extra)


_QUALIFIERS_OK: dict[tuple[str, tuple[str, ...]], bool] = {}


def _qualifiers_ok(key: AIEntry, qualifiers: tuple[str, ...]) -> bool:
    """True when ``qualifiers`` follow one permitted sequence of ``key``, in order."""
    cache_key = (key.ai, qualifiers)
    hit = _QUALIFIERS_OK.get(cache_key)
    if hit is not None:
        return hit
    result = False
    for seq in key.dlpkey or ():
        pos = 0
        ok = True
        for q in qualifiers:
            try:
                idx = seq.index(q, pos)
            except ValueError:
                ok = False
                break
            pos = idx + 1
        if ok:
            result = True
            break
    if len(_QUALIFIERS_OK) < 1024:
        _QUALIFIERS_OK[cache_key] = result
    return result


def _qualifier_text(key: AIEntry) -> str:
    seqs = [s for s in (key.dlpkey or ()) if s]
    if not seqs:
        return "no qualifiers"
    return " or ".join("/".join(s) + " (in this order, each optional)" for s in seqs)


def _query_elements(
    query: str,
    base: int,
    opts: ParseOptions,
    errors: list[TraceCodeError],
    elements: list[Element],
    key_entry: AIEntry | None,
) -> tuple[tuple[str, str], ...]:
    entries = _entries()
    other: list[tuple[str, str]] = []
    qualifier_ais = (
        (_QUALIFIER_SETS.get(key_entry.ai) or _qualifier_set(key_entry))
        if key_entry is not None
        else frozenset()
    )
    seen = {e.ai for e in elements}
    off = base
    for param in _PARAM_SPLIT(query) if ";" in query else query.split("&"):
        poff = off
        off += len(param) + 1
        if not param:
            continue
        k, eq, v = param.partition("=")
        if not eq or not v:
            continue  # empty values are dropped
        if not (k.isdigit() and k.isascii()):
            other.append((percent_decode(k, poff), percent_decode(v, poff + len(k) + 1)))
            continue
        entry = entries.get(k)
        problem: TraceCodeError | None = None
        if entry is None:
            problem = make_error("DL_UNKNOWN_NUMERIC_PARAMETER", position=poff, found=k)
        elif k in seen:
            problem = make_error("DL_DUPLICATE_AI", position=poff, ai=k)
        elif not entry.dl_attribute or k in qualifier_ais or entry.dlpkey is not None:
            problem = make_error("DL_AI_NOT_PERMITTED_IN_QUERY", position=poff, ai=k)
        if problem is not None:
            errors.append(problem)
            if not opts.lenient:
                raise problem
            if entry is None:
                continue
        assert entry is not None
        value = percent_decode(v, poff + len(k) + 1) if "%" in v else v
        err = _check(_PLANS.get(k) or _plan(entry), value, poff + len(k) + 1)
        if err is not None:
            if "%" in v:
                err.position = poff + len(k) + 1
            errors.append(err)
            if not opts.lenient:
                raise err
        seen.add(k)
        elements.append(fast_element(k, value, poff))
    return tuple(other)


_QUALIFIER_SETS: dict[str, frozenset[str]] = {}


def _qualifier_set(key_entry: AIEntry | None) -> frozenset[str]:
    if key_entry is None:
        return frozenset()
    hit = _QUALIFIER_SETS.get(key_entry.ai)
    if hit is None:
        hit = frozenset(q for seq in (key_entry.dlpkey or ()) for q in seq)
        _QUALIFIER_SETS[key_entry.ai] = hit
    return hit


def build_digital_link(
    message: GS1Message,
    stem: str = CANONICAL_STEM,
    *,
    compressed: bool = False,
    zero_suppress: bool = False,
    attributes: bool = True,
    other_query: bool = False,
) -> str:
    """Build the Digital Link URI for ``message``.

    The first AI that is a primary key goes into the path, followed by the
    longest permitted qualifier sequence the data satisfies; the other AIs
    become query attributes.  ``zero_suppress`` writes a GTIN with leading
    zeros removed down to GTIN-13/12/8; ``compressed`` writes the path in the
    GS1 Digital Link compressed form; ``attributes=False`` leaves out the
    query; ``other_query`` keeps non-AI query parameters read from a URI.

    A message without a primary key raises DL_NO_PRIMARY_KEY.
    """
    d = get_dictionary()
    stem = stem.rstrip("/")
    if not looks_like_uri(stem + "/"):
        raise make_error("DL_INVALID_URI", position=0, detail=f"invalid stem {stem!r}")
    key_pos = next(
        (
            i
            for i, e in enumerate(message.elements)
            if (ent := d.get(e.ai)) and ent.dlpkey is not None
        ),
        -1,
    )
    if key_pos < 0:
        raise make_error(
            "DL_NO_PRIMARY_KEY", position=None, detail="none of the AIs is a primary key"
        )
    key = message.elements[key_pos]
    key_entry = d[key.ai]
    present = {e.ai: e for e in message.elements}
    best: tuple[str, ...] = ()
    for seq in key_entry.dlpkey or ():
        chosen = tuple(q for q in seq if q in present)
        if len(chosen) > len(best):
            best = chosen
    path = [key, *(present[q] for q in best)]
    used = {e.ai for e in path}
    qualifier_ais = {q for seq in (key_entry.dlpkey or ()) for q in seq}
    query: list[Element] = []
    for e in message.elements:
        if e.ai in used or e is key:
            continue
        entry = d.get(e.ai)
        if e.ai in qualifier_ais:
            raise make_error(
                "DL_INVALID_KEY_QUALIFIERS",
                position=e.position,
                ai=e.ai,
                detail=f"cannot be combined with the other qualifiers of ({key.ai})",
            )
        if entry is None or not entry.dl_attribute or entry.dlpkey is not None:
            raise make_error("DL_AI_NOT_PERMITTED_IN_QUERY", position=e.position, ai=e.ai)
        query.append(e)
    # fixed-length attributes first, as GS1's reference generator orders them
    query.sort(key=lambda e: 0 if (ent := d.get(e.ai)) and ent.fixed_length is not None else 1)
    if compressed:
        from tracecode.gs1 import dlcompress

        pairs = [(e.ai, e.value) for e in path]
        pairs += [(e.ai, e.value) for e in query] if attributes else []
        others = list(message.other_query) if other_query else []
        return f"{stem}/{dlcompress.compress(pairs, other=others)}"
    parts = [stem]
    for e in path:
        value = e.value
        if zero_suppress and e.ai == "01":
            value = _zero_suppress(value)
        parts.append(f"/{e.ai}/{percent_encode(value)}")
    uri = "".join(parts)
    params = [f"{e.ai}={percent_encode(e.value)}" for e in query] if attributes else []
    if other_query:
        params += [f"{percent_encode(k)}={percent_encode(v)}" for k, v in message.other_query]
    if params:
        uri += "?" + "&".join(params)
    return uri


def _zero_suppress(gtin14: str) -> str:
    if gtin14.startswith("000000"):
        return gtin14[6:]
    if gtin14.startswith("00"):
        return gtin14[2:]
    if gtin14.startswith("0"):
        return gtin14[1:]
    return gtin14
