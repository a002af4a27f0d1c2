"""The dashboard's timeliness chart, laid out in Python so the template only draws it.

One horizontal bar per stage, the whole bar being every response that stage sent in the
period, split into those within the standard timescale, within an extension the rules allow,
and late. Stages differ a hundredfold in volume (many Stage 1 responses, a few Stage 3), so
each bar shows shares of its own stage, and the numbers are written under it in words: the
reader never has to judge a length. Each part has its own fill pattern as well as its colour,
and outlines, so the chart reads in greyscale and to people who do not see colour
differences (WCAG 1.4.1 and 1.4.11). It is an inline SVG with ``role="img"``, a title and a
description giving every figure; the same figures are in a table beside it (decision 031).
"""

from __future__ import annotations

from dataclasses import dataclass

from heard.reporting.queries.procedure import Timeliness

WIDTH = 640
LABEL_WIDTH = 80
BAR_WIDTH = 520
BAR_HEIGHT = 28
ROW_PITCH = 76
LEGEND_HEIGHT = 48

# (key, words, fill): the fills are patterns defined in the template's <defs>.
PARTS = (
    ("within", "within the standard timescale", "url(#heard-chart-within)"),
    ("extended", "within an extension", "url(#heard-chart-extended)"),
    ("late", "late", "url(#heard-chart-late)"),
)
LEGEND_X = (0, 250, 430)  # room for each key's words at 14px
STANDARD = {1: "10 working days", 2: "25 working days", 3: "the three Stage 3 deadlines"}


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str
    words: str  # for the segment's own <title>


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    segments: list[Segment]
    summary: str  # the line of text under the bar
    empty: bool


@dataclass(frozen=True)
class LegendKey:
    x: int
    fill: str
    words: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_width: int
    bar_height: int
    bars: list[Bar]
    legend: list[LegendKey]
    description: str


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def summary(row: Timeliness) -> str:
    """The figures of one stage in words, as written under its bar and in the description."""
    if not row.sent:
        return "No responses sent"
    words = [
        f"{row.sent} sent",
        f"{row.within} within {STANDARD[row.stage]} ({percent(row.within, row.sent)}%)",
    ]
    if row.stage != 3:
        words.append(f"{row.extended} within an extension ({percent(row.extended, row.sent)}%)")
    words.append(f"{row.late} late ({percent(row.late, row.sent)}%)")
    return ", ".join(words)


def timeliness_chart(rows: list[Timeliness]) -> Chart:
    bars = []
    for i, row in enumerate(rows):
        y = LEGEND_HEIGHT + i * ROW_PITCH
        segments = []
        x = float(LABEL_WIDTH)
        for key, words, fill in PARTS:
            count = getattr(row, key)
            if not row.sent or not count:
                continue
            width = BAR_WIDTH * count / row.sent
            segments.append(Segment(round(x, 2), round(width, 2), fill, f"{count} {words}"))
            x += width
        bars.append(Bar(f"Stage {row.stage}", y, segments, summary(row), empty=not row.sent))
    legend = [
        LegendKey(x, fill, words.capitalize())
        for x, (_key, words, fill) in zip(LEGEND_X, PARTS, strict=True)
    ]
    description = ". ".join(f"Stage {row.stage}: {summary(row)}" for row in rows) + "."
    return Chart(
        width=WIDTH,
        height=LEGEND_HEIGHT + len(rows) * ROW_PITCH,
        label_width=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=bars,
        legend=legend,
        description=description,
    )
