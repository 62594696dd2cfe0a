"""Run summary (counts by scheme, by error code, duplicates) and a progress bar."""

from __future__ import annotations

import time
from collections import Counter
from typing import IO, Any

__all__ = ["Progress", "Summary"]


class Summary:
    """Counts of a validation run, merged chunk by chunk.

    >>> s = Summary(jobs=1)
    >>> s.add(3, 1, {"gs1": 2, None: 1}, {"UNRECOGNISED": 1}, {})
    >>> s.to_dict()["by_scheme"], s.valid
    ({'gs1': 2, '(none)': 1}, 2)
    """

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self.lines = 0
        self.invalid = 0
        self.duplicates = 0
        self.schemes: Counter[str | None] = Counter()
        self.errors: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()
        self.started = time.perf_counter()
        self.elapsed = 0.0

    @property
    def valid(self) -> int:
        """How many records are valid."""
        return self.lines - self.invalid

    def add(
        self,
        lines: int,
        invalid: int,
        schemes: dict[str | None, int],
        errors: dict[str, int],
        warnings: dict[str, int],
    ) -> None:
        """Merge the counts of one chunk."""
        self.lines += lines
        self.invalid += invalid
        self.schemes.update(schemes)
        self.errors.update(errors)
        self.warnings.update(warnings)

    def finish(self) -> None:
        """Stop the clock."""
        self.elapsed = time.perf_counter() - self.started

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts."""
        return {
            "lines": self.lines,
            "valid": self.valid,
            "invalid": self.invalid,
            "duplicates": self.duplicates,
            "by_scheme": {k or "(none)": v for k, v in self.schemes.most_common()},
            "by_error": dict(self.errors.most_common()),
            "by_warning": dict(self.warnings.most_common()),
            "seconds": round(self.elapsed, 3),
            "jobs": self.jobs,
        }

    def render(self, top: int = 10) -> str:
        """Render a short human summary."""
        rate = self.lines / self.elapsed if self.elapsed > 0 else 0.0
        out = [
            f"tracecode validate: {self.lines:,} lines in {self.elapsed:.1f} s "
            f"({rate:,.0f} lines/s, {self.jobs} job{'s' if self.jobs != 1 else ''})",
            f"  valid {self.valid:,}  invalid {self.invalid:,}  duplicates {self.duplicates:,}",
        ]
        if self.schemes:
            parts = [f"{k or '(none)'} {v:,}" for k, v in self.schemes.most_common()]
            out.append("  by scheme: " + ", ".join(parts))
        for title, counter in (("errors", self.errors), ("warnings", self.warnings)):
            if counter:
                out.append(f"  {title} by code:")
                common = counter.most_common()
                width = max(len(k) for k, _ in common[:top])
                out.extend(f"    {k:<{width}}  {v:>12,}" for k, v in common[:top])
                if len(common) > top:
                    out.append(f"    … {len(common) - top} more codes")
        return "\n".join(out) + "\n"


class Progress:
    """A one-line progress bar on a terminal (stderr), redrawn at most 5 times a second."""

    def __init__(self, stream: IO[str], total_bytes: int | None) -> None:
        self.stream = stream
        self.total = total_bytes if total_bytes else None
        self.started = time.perf_counter()
        self.last = 0.0
        self.shown = False

    def update(self, lines: int, done_bytes: int) -> None:
        """Redraw if enough time has passed."""
        now = time.perf_counter()
        if now - self.last < 0.2:
            return
        self.last = now
        rate = lines / max(now - self.started, 1e-9)
        if self.total:
            frac = min(done_bytes / self.total, 1.0)
            filled = int(frac * 30)
            bar = "█" * filled + "·" * (30 - filled)
            text = f"\r{bar} {frac:6.1%}  {lines:,} lines  {rate:,.0f}/s "
        else:
            text = f"\r{lines:,} lines  {rate:,.0f}/s "
        self.stream.write(text)
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Erase the bar."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
