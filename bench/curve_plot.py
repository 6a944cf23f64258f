"""Draw the growth curve of bench/scale.py's JSON lines (one per archive size) as a PNG.

Usage: python bench/curve_plot.py RESULTS.jsonl [MORE.jsonl ...] --out docs/scale-curve.png

Three panels over the archive size (passages): index build and full /reindex time; memory
(serving process, one-shot `dalil ask`, /reindex peak); answer p95 (Engine.ask + render, alias
questions). Each point is labelled with the 1-minute load average at the start of its run: on
a shared machine the times move with it. Needs matplotlib (the `dev` extra).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

TIME_SERIES = (("index_s", "index (dalil index)"), ("rebuild_s", "full /reindex while serving"))
MEMORY_SERIES = (
    ("rss_mb", "serving process"),
    ("ask_once_mb", "one-shot dalil ask"),
    ("rebuild_peak_mb", "/reindex peak"),
)
LATENCY_SERIES = (("ask_p95_ms", "answer p95"), ("alias_p95_ms", "alias questions p95"))


def read_results(paths: list[Path]) -> list[dict]:
    """The JSON result lines of the files, smallest archive first."""
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                rows.append(json.loads(line))
    return sorted(rows, key=lambda row: row["passages"])


def _panel(axes, rows: list[dict], series: tuple, unit: str, title: str) -> None:
    """One panel: each series that some row has, against the passages in millions."""
    for key, label in series:
        points = [(row["passages"] / 1e6, row[key]) for row in rows if key in row]
        if points:
            axes.plot(*zip(*points, strict=True), marker="o", label=label)
    for row in rows:
        axes.annotate(
            f"{row['copies']}× (load {row['loadavg_1m'][0]})",
            (row["passages"] / 1e6, 0),
            textcoords="offset points",
            xytext=(0, 4),
            fontsize=7,
            ha="center",
        )
    axes.set_title(title, fontsize=10)
    axes.set_xlabel("citable passages (millions)")
    axes.set_ylabel(unit)
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)


def draw(rows: list[dict], out: Path) -> None:
    """Write the three panels to out."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, panels = pyplot.subplots(1, 3, figsize=(15, 4.5))
    _panel(panels[0], rows, TIME_SERIES, "seconds", "Build time")
    _panel(panels[1], rows, MEMORY_SERIES, "MB (peak or resident)", "Memory")
    _panel(panels[2], rows, LATENCY_SERIES, "ms", "Answer time")
    figure.suptitle("Dalil over SaudiNewsNet and its perturbed copies (bench/scale.py)")
    figure.tight_layout()
    figure.savefig(out, dpi=100)


def main() -> None:
    """Read the result files and draw the PNG."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    draw(read_results(args.results), args.out)


if __name__ == "__main__":
    main()
