"""``generate``: plan once, reserve serials per batch, stream the codes.

Everything that can be checked is checked when :func:`generate` is called,
before any serial is reserved: the fixed fields, the serial strategy against
the field (characters, length), the guess probability against the space
size, the output format.  Then, batch after batch, serials are reserved in
the registry (one transaction) and only then rendered and handed out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any

from tracecode.errors import TraceCodeError, make_error, raw
from tracecode.generation._gs1 import CSV_HEADER as GS1_CSV_HEADER
from tracecode.generation._gs1 import FIELD_AIS, GS1Plan, plan_gs1
from tracecode.generation._registry import SerialRegistry, open_registry
from tracecode.generation._scheme import CSV_HEADER as SCHEME_CSV_HEADER
from tracecode.generation._scheme import SchemePlan, plan_scheme
from tracecode.generation._serials import (
    DEFAULT_MAX_GUESS,
    RandomSerials,
    SequentialSerials,
    SerialStrategy,
    SuppliedSerials,
    parse_serial,
)

__all__ = ["FORMATS", "Generation", "generate"]

#: Output formats: one code per line (``csv`` has a header row).
FORMATS = ("hri", "element", "dl", "jsonl", "csv")
#: serials reserved per registry transaction unless told otherwise
DEFAULT_BATCH = 100_000


class _Filtered(SerialStrategy):
    """A strategy whose proposals are checked (or filtered) before they are reserved."""

    def __init__(self, inner: SerialStrategy, plan: GS1Plan | SchemePlan) -> None:
        self.inner = inner
        self.plan = plan
        self.kind = inner.kind
        self.alphabet = inner.alphabet
        self.min_length = inner.min_length
        self.max_length = inner.max_length
        self.redraw = inner.redraw
        self.start = inner.start
        self.max_guess = getattr(inner, "max_guess", None)
        self.space = getattr(inner, "space", None)

    def draw(self, n: int, cursor: int) -> tuple[list[str], int]:
        proposed, cursor = self.inner.draw(n, cursor)
        if not self.redraw:
            for s in proposed:
                self.plan.validate_serial(s)
            return proposed, cursor
        return [s for s in proposed if self.plan.accepts(s)], cursor

    def guess_probability(self, issued: int) -> float | None:
        return self.inner.guess_probability(issued)

    def describe(self) -> str:
        return self.inner.describe()


class Generation:
    """A generation run: iterate it for the codes (each a ``str`` in ``format``).

    The run is lazy and streams: serials are reserved ``batch_size`` at a time,
    just before they are rendered, so ten million codes never sit in memory.
    It can be iterated once.  ``guess_probability`` is the chance that one
    guessed serial is valid once the run is complete (None when not random).
    """

    def __init__(
        self,
        plan: GS1Plan | SchemePlan,
        strategy: SerialStrategy,
        registry: SerialRegistry,
        count: int,
        fmt: str,
        stem: str,
        batch_size: int,
        own_registry: bool,
    ) -> None:
        self.plan = plan
        self.strategy = strategy
        self.registry = registry
        self.count = count
        self.format = fmt
        self.stem = stem
        self.batch_size = batch_size
        self.namespace = plan.namespace
        self.issued_before = registry.issued_count(plan.namespace)
        self.guess_probability = strategy.guess_probability(self.issued_before + count)
        self._own = own_registry
        self._render: Callable[[list[str]], list[str]] | None = None
        self._block: Callable[[list[str]], str] | None = None
        if fmt != "code":
            alphabet = strategy.alphabet or plan.charset
            self._render = plan.renderer(fmt, stem, alphabet)
            self._block = plan.block_renderer(fmt, stem, alphabet)
        self._started = False
        #: codes handed out so far
        self.done = 0

    @property
    def header(self) -> str | None:
        """The CSV header row (``format="csv"``), else None."""
        if self.format != "csv":
            return None
        return SCHEME_CSV_HEADER if isinstance(self.plan, SchemePlan) else GS1_CSV_HEADER

    def serial_batches(self) -> Iterator[list[str]]:
        """Reserve and yield the serials, one registry transaction per list."""
        if self._started:
            raise make_error("GENERATION_FAILED", detail="a generation run can be iterated once")
        self._started = True
        left = self.count
        try:
            while left > 0:
                n = min(left, self.batch_size)
                serials = self.registry.reserve(self.namespace, self.strategy, n)
                if not serials:
                    break
                left -= len(serials)
                yield serials
                if len(serials) < n:
                    break  # supplied serials ran out
        finally:
            if self._own:
                self.registry.close()

    def batches(self) -> Iterator[list[Any]]:
        """Yield the codes one batch (one registry transaction) at a time."""
        render = self._render
        for serials in self.serial_batches():
            codes: list[Any] = (
                render(serials) if render is not None else [self.plan.message(s) for s in serials]
            )
            self.done += len(codes)
            yield codes

    def __iter__(self) -> Iterator[Any]:
        for codes in self.batches():
            yield from codes

    def stream(
        self, fp: IO[str], *, progress: Callable[[int, int], None] | None = None
    ) -> Iterator[list[str]]:
        """Write the codes batch by batch (CSV with its header), yielding each batch's serials.

        For callers that do more with each batch (e.g. :func:`pack` the units
        into cases); ``progress(done, total)`` is called after each batch.
        """
        if self.header is not None:
            fp.write(self.header + "\n")
        block = self._block
        render = self._render
        for serials in self.serial_batches():
            if block is not None:
                fp.write(block(serials))
            else:
                if render is not None:
                    codes = render(serials)
                else:
                    codes = [str(self.plan.message(s)) for s in serials]
                fp.write("\n".join(codes))
                fp.write("\n")
            self.done += len(serials)
            if progress is not None:
                progress(self.done, self.count)
            yield serials

    def write(self, fp: IO[str], *, progress: Callable[[int, int], None] | None = None) -> int:
        """Write every code, one per line (CSV with its header); return how many.

        ``progress(done, total)`` is called after each batch.

        >>> import io, tracecode
        >>> out = io.StringIO()
        >>> tracecode.generate("sscc", 2, company_prefix="6901234", format="csv").write(out)
        2
        >>> out.getvalue().splitlines()[1]
        '000000001,(00)069012340000000016,00069012340000000016,https://id.gs1.org/00/069012340000000016'
        """
        for _ in self.stream(fp, progress=progress):
            pass
        fp.flush()
        return self.done

    def describe(self) -> str:
        """One line about the run: namespace, strategy, guess probability."""
        text = f"namespace {self.namespace}; serials {self.strategy.describe()}"
        if self.guess_probability is not None:
            text += f"; guess probability {self.guess_probability:.2g}"
        return text


def _resolve_target(target: Any) -> tuple[str, Any, Any]:
    """(kind, profile, scheme) for a target id or object."""
    from tracecode.scheme import Profile, Scheme, get_profile, get_scheme

    if isinstance(target, Profile):
        return "profile", target, None
    if isinstance(target, Scheme):
        return "scheme", None, target
    if not isinstance(target, str):
        raise make_error("UNKNOWN_SCHEME", found=repr(target))
    if target in ("gs1", "sscc"):
        return target, None, None
    try:
        return "profile", get_profile(target), None
    except TraceCodeError:
        pass
    return "scheme", None, get_scheme(target)


def _fit(strategy: SerialStrategy, plan: GS1Plan | SchemePlan) -> SerialStrategy:
    """Check the strategy against the field; return what to draw from (valid by construction)."""
    where: dict[str, Any] = {"field": "serial"}
    if isinstance(strategy, SequentialSerials):
        width = strategy.width
        if plan.min_length == plan.max_length:
            width = max(width, plan.min_length)
        strategy = SequentialSerials(strategy.start, width=width, max_length=plan.max_length)
        if len(str(strategy.start)) > plan.max_length or width > plan.max_length:
            raise make_error(
                "GENERATION_FAILED",
                **where,
                expected=raw(f"serials of {plan.min_length} to {plan.max_length} digits"),
                found=raw(f"sequential from {strategy.start}"),
            )
    if strategy.alphabet:
        bad = sorted(set(strategy.alphabet) - set(plan.charset))
        if bad:
            raise make_error(
                "GENERATION_FAILED",
                **where,
                expected=raw(f"characters the field allows ({plan.charset[:40]!r})"),
                found=raw(f"alphabet with {''.join(bad)!r}"),
            )
    if isinstance(strategy, RandomSerials) and not (
        plan.min_length <= strategy.length <= plan.max_length
    ):
        raise make_error(
            "GENERATION_FAILED",
            **where,
            expected=raw(f"a length from {plan.min_length} to {plan.max_length}"),
            found=raw(f"random:{strategy.length}"),
        )
    profile = plan.profile
    if profile is not None and strategy.kind == "sequential":
        notes = " ".join(
            c.note for c in getattr(profile, "constraints", ()) if c.ai == plan.serial_ai
        )
        if "randomi" in notes.lower():
            raise make_error(
                "GENERATION_FAILED",
                **where,
                expected=raw("random serials"),
                found=raw("sequential"),
                detail=f"the {profile.id} profile requires randomised serials",
            )
    if isinstance(strategy, SuppliedSerials) or not plan.exact:
        return _Filtered(strategy, plan)
    return strategy


def _profile_limits(plan: GS1Plan, profile: Any) -> None:
    for c in getattr(profile, "constraints", ()):
        if c.ai != plan.serial_ai:
            continue
        room = len(plan.tail(""))
        if c.max_length is not None:
            plan.max_length = min(plan.max_length, c.max_length - len(plan.prefix) - room)
        if c.min_length is not None:
            plan.min_length = max(plan.min_length, c.min_length - len(plan.prefix) - room)


def _default_strategy(
    plan: GS1Plan | SchemePlan, kind: str, count: int, max_guess: float
) -> SerialStrategy:
    """Random serials where the space allows ``count`` of them, else sequential ones."""
    fixed = plan.min_length == plan.max_length
    width = plan.min_length if fixed else 0
    if kind == "sscc" or (isinstance(plan, SchemePlan) and plan.serial_ai == "sequence"):
        return SequentialSerials(1, width=width, max_length=plan.max_length)
    if isinstance(plan, SchemePlan):
        n = plan.max_length if fixed else min(plan.max_length, max(plan.min_length, 13))
        if count <= max_guess * len(plan.charset) ** n or not set(plan.charset) >= set(
            "0123456789"
        ):
            return RandomSerials(n, plan.charset)
        return SequentialSerials(1, width=width, max_length=plan.max_length)
    return RandomSerials(min(13, plan.max_length), "0123456789")


def generate(
    target: Any,
    count: int,
    *,
    serial: Any = None,
    registry: SerialRegistry | str | os.PathLike[str] | None = None,
    namespace: str | None = None,
    format: str = "hri",
    stem: str = "https://id.gs1.org",
    batch_size: int | None = None,
    max_guess_probability: float = DEFAULT_MAX_GUESS,
    serial_ai: str | None = None,
    check: str | None = None,
    ai: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Generation:
    """Generate ``count`` valid codes of a GS1 structure, a profile or a scheme.

    ``target``: ``"gs1"`` (any GS1 structure), ``"sscc"``, a profile id
    (``"drugs"``, ...) or a scheme id (``"cn.pesticide.unit"``, ...).  Fields
    are keyword arguments: ``gtin``, ``batch``, ``expiry`` (``YYMMDD`` or
    ``YYYY-MM-DD``), ... (see ``FIELD_AIS``), any AI through ``ai={"7003": ...}``,
    or the scheme's segment names.  ``serial`` is a strategy, the grammar
    ``random:LEN[:ALPHABET]`` / ``sequential[:START]``, or an iterable of
    serials.  ``registry`` is a path (SQLite), a ``postgresql://`` URL or a
    registry; by default serials are unique within this run only.

    Everything is checked before the first serial is reserved; the codes are
    produced lazily, ``batch_size`` per registry transaction.

    >>> import tracecode
    >>> run = tracecode.generate("gs1", 3, gtin="09506000134352", batch="A1",
    ...                          expiry="2026-12-31", serial="sequential:0001")
    >>> for code in run:
    ...     print(code)
    (01)09506000134352(17)261231(10)A1(21)0001
    (01)09506000134352(17)261231(10)A1(21)0002
    (01)09506000134352(17)261231(10)A1(21)0003
    >>> try:
    ...     tracecode.generate("drugs", 3, gtin="09506000134352", batch="A1",
    ...                        expiry="2026-12-31", serial="sequential")
    ... except tracecode.GenerationError as err:
    ...     print(err.detail)
    the drugs profile requires randomised serials
    >>> codes = list(tracecode.generate("drugs", 2, gtin="09506000134352", batch="A1",
    ...                                 expiry="261231", serial="random:13", format="dl"))
    >>> codes[0][:46], len(codes[0])
    ('https://id.gs1.org/01/09506000134352/10/A1/21/', 69)
    >>> all(tracecode.validate(c).valid for c in codes)
    True
    """
    if not isinstance(count, int) or count < 0:
        raise make_error(
            "GENERATION_FAILED", expected=raw("a count of 0 or more"), found=repr(count)
        )
    if format not in (*FORMATS, "code"):
        raise make_error(
            "GENERATION_FAILED", expected=raw("one of " + ", ".join(FORMATS)), found=format
        )
    kind, profile, scheme = _resolve_target(target)
    plan: GS1Plan | SchemePlan
    if kind == "scheme":
        plan = plan_scheme(
            scheme, fields, check=check, serial_segment=serial_ai, namespace=namespace
        )
    else:
        values: dict[str, Any] = {}
        for name, value in fields.items():
            if name in FIELD_AIS:
                values[FIELD_AIS[name]] = value
            elif name in ("company_prefix", "extension") and kind == "sscc":
                continue
            else:
                raise make_error(
                    "GENERATION_FAILED",
                    field=name,
                    detail="unknown field; give other AIs as ai={'AI': value}",
                )
        for k, v in (ai or {}).items():
            values[str(k)] = v
        if kind == "sscc":
            gcp = str(fields.get("company_prefix", ""))
            ext = str(fields.get("extension", "0"))
            if gcp:
                values["00"] = ext + gcp
            serial_ai = "00"
            if "00" not in values:
                raise make_error(
                    "GENERATION_FAILED",
                    ai="00",
                    detail="give company_prefix= (and extension=, default 0)",
                )
        plan = plan_gs1(values, serial_ai=serial_ai, namespace=namespace, profile=profile)
        if profile is not None:
            _profile_limits(plan, profile)
    strategy = (
        _default_strategy(plan, kind, count, max_guess_probability)
        if serial is None
        else parse_serial(serial, max_guess=max_guess_probability)
    )
    if isinstance(strategy, RandomSerials):
        strategy.max_guess = max_guess_probability
    strategy = _fit(strategy, plan)
    if plan.exact and not isinstance(strategy, _Filtered):
        plan.check_sample(_sample_serial(strategy, plan))
    elif isinstance(strategy, _Filtered) and isinstance(strategy.inner, SequentialSerials):
        plan.validate_serial(_sample_serial(strategy.inner, plan))  # e.g. a zero-padded start
    reg = open_registry(registry)
    own = reg is not registry
    try:
        run = Generation(
            plan,
            strategy,
            reg,
            count,
            format,
            stem,
            batch_size or DEFAULT_BATCH,
            own,
        )
        limit = getattr(strategy, "max_guess", None)
        p = run.guess_probability
        if p is not None and limit is not None and p > limit:
            raise make_error(
                "GUESS_PROBABILITY_TOO_HIGH",
                field="serial",
                detail=f"{run.issued_before} issued + {count} in a space of "
                f"{getattr(strategy, 'space', '?')}: guess probability {p:.3g} > {limit:.3g}",
            )
    except BaseException:
        if own:
            reg.close()
        raise
    return run


def _sample_serial(strategy: SerialStrategy, plan: GS1Plan | SchemePlan) -> str:
    if isinstance(strategy, SequentialSerials):
        return strategy.draw(1, 0)[0][0]
    alphabet = strategy.alphabet or plan.charset
    ch = alphabet[min(1, len(alphabet) - 1)]
    return ch * max(strategy.min_length, plan.min_length)
