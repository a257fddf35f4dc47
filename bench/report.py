"""Tables, ratios, targets and scaling for the benchmark results.

A build's sample is a dict with ``wall`` and ``cpu`` seconds, ``tree_rss``,
``tree_pss`` and ``max_rss`` bytes, ``pss_source``, ``pages`` (html files in the
output) and ``written`` (html files this build created or changed). A serve
sample has only ``wall`` (the latency from the file write to the page on disk),
so its other columns print as a dash. Every figure printed is the median over
the repeats, except PSS: timed runs do not read it (reading it takes CPU from
the build), so it comes from one more cold build of each tool (``with_memory``).
"""

from statistics import median

SERVE_ROWS = [
    "sitegen serve: edit article", "sitegen serve: add article", "sitegen serve: edit actor",
]
ROWS = [
    "sitegen cold", "sitegen no-change", "sitegen edit article", "sitegen add article",
    "sitegen edit actor", "sitegen edit template", *SERVE_ROWS, "hugo cold", "hugo+pagefind cold",
    "pelican cold",
]
MB = 2**20
NAME = 28
SERVE_LIMIT = 0.5
FIELDS = ("cpu", "tree_rss", "tree_pss", "max_rss", "pages", "written")

# (label, numerator row, denominator row, field, limit, "max" = at most, "min" = at least)
TARGETS = [
    ("cold build vs Hugo cold", "sitegen cold", "hugo cold", "wall", 2.0, "max"),
    ("Pelican cold vs cold build (speed-up)", "pelican cold", "sitegen cold", "wall", 4.0,
     "min"),
    ("no-change rebuild vs Hugo cold", "sitegen no-change", "hugo cold", "wall", 0.3, "max"),
    ("peak memory (PSS) vs Hugo", "sitegen cold", "hugo cold", "tree_pss", 0.5, "max"),
]


def summarize(samples):
    """Medians of a row's samples (None when no sample succeeded).

    A field that some successful sample lacks (every field but ``wall`` in a
    serve sample) is None.
    """
    good = [s for s in samples if s.get("rc") == 0]
    if not good:
        return None
    walls = [s["wall"] for s in good]
    summary = {"wall": median(walls), "min": min(walls), "max": max(walls),
               "n": len(good), "failed": len(samples) - len(good),
               "pss_fallback": any(s.get("pss_source") == "rss" for s in good)}
    for name in FIELDS:
        values = [s.get(name) for s in good]
        summary[name] = None if None in values else median(values)
    return summary


def with_memory(timed, memory):
    """The timed rows with the peak PSS of the untimed runs that read it, row by row."""
    for name, row in timed.items():
        extra = memory.get(name)
        if row and extra:
            row["tree_pss"], row["pss_fallback"] = extra["tree_pss"], extra["pss_fallback"]
    return timed


def _cell(value, width, scale=1, digits=0, suffix=""):
    """A right-aligned number, or a dash when the row has no such figure."""
    if value is None:
        return f"{'—':>{width}}"
    return f"{f'{value / scale:.{digits}f}{suffix}':>{width}}"


def _fmt_row(name, row):
    spread = f"({row['min']:.2f}–{row['max']:.2f})"
    single = "" if row["max_rss"] is None else f"({row['max_rss'] / MB:.0f})"
    flag = "*" if row["pss_fallback"] else ""
    return (f"{name:<{NAME}} {row['wall']:>8.2f} {spread:<15} {_cell(row['cpu'], 7, digits=2)} "
            f"{_cell(row['tree_rss'], 7, MB)} {single:<8} "
            f"{_cell(row['tree_pss'], 7, MB, suffix=flag)} "
            f"{_cell(row['pages'], 7)} {_cell(row['written'], 7)}")


def table(size, summary, notes, repeat, manifest):
    """The per-size table: one line per row, then skipped rows with their reason."""
    lines = [
        f"== {size:,} articles x 2 languages, {manifest.get('events', '?'):,} events, "
        f"{manifest.get('words_per_article', '?')} words/article; median of {repeat} ==",
        f"{'row':<{NAME}} {'wall s':>8} {'(min–max)':<15} {'cpu s':>7} {'RSS MB':>7} "
        f"{'(1 proc)':<8} {'PSS MB':>7} {'pages':>7} {'written':>7}",
    ]
    for name in ROWS:
        row = summary.get(name)
        if row:
            failed = f"   [{row['failed']} failed]" if row["failed"] else ""
            lines.append(_fmt_row(name, row) + failed)
        elif name in summary:
            lines.append(f"{name:<{NAME}} -- every run failed")
        elif name in notes:
            lines.append(f"{name:<{NAME}} -- {notes[name]}")
    if any(row and row["pss_fallback"] for row in summary.values()):
        lines.append("* /proc/PID/smaps_rollup was unreadable for some process: its RSS "
                     "counted in the PSS sum instead")
    if any(row and row["tree_pss"] is not None for row in summary.values()):
        lines.append("PSS MB: peak of one more cold build of the tool, untimed (the timed "
                     "runs do not read PSS)")
    if any(summary.get(name) for name in SERVE_ROWS):
        lines.append("serve rows: wall s is the latency from the file write to the page on "
                     "disk in a running `sitegen serve`")
    return "\n".join(lines)


def ratio(summary, top, bottom, field="wall"):
    a, b = summary.get(top), summary.get(bottom)
    if not a or not b or a[field] is None or not b[field]:
        return None
    return a[field] / b[field]


def ratios(summary):
    pairs = [
        ("sitegen cold / hugo cold (wall)", "sitegen cold", "hugo cold", "wall"),
        ("sitegen cold / hugo+pagefind cold (wall)", "sitegen cold", "hugo+pagefind cold", "wall"),
        ("sitegen cold / pelican cold (wall)", "sitegen cold", "pelican cold", "wall"),
        ("sitegen no-change / hugo cold (wall)", "sitegen no-change", "hugo cold", "wall"),
        ("sitegen cold / hugo cold (peak RSS)", "sitegen cold", "hugo cold", "tree_rss"),
        ("sitegen cold / pelican cold (peak RSS)", "sitegen cold", "pelican cold",
         "tree_rss"),
        ("sitegen cold / hugo cold (peak PSS)", "sitegen cold", "hugo cold", "tree_pss"),
        ("sitegen cold / pelican cold (peak PSS)", "sitegen cold", "pelican cold",
         "tree_pss"),
    ]
    lines = []
    for label, top, bottom, field in pairs:
        value = ratio(summary, top, bottom, field)
        if value is not None:
            lines.append(f"  {label:<40} {value:6.2f}x")
    return lines


def targets(summary):
    """Issue 8's targets that this command measures, each marked met or missed."""
    lines = []
    for label, top, bottom, field, limit, kind in TARGETS:
        value = ratio(summary, top, bottom, field)
        if value is None:
            continue
        met = value <= limit if kind == "max" else value >= limit
        bound = "at most" if kind == "max" else "at least"
        lines.append(f"  {'met   ' if met else 'MISSED'} {label}: {value:.2f}x "
                     f"({bound} {limit}x)")
    return lines + serve_target(summary)


def serve_target(summary):
    """The serve target, judged by the slowest of the three median latencies."""
    rows = [(summary[name]["wall"], name) for name in SERVE_ROWS if summary.get(name)]
    if not rows:
        return []
    worst, name = max(rows)
    incomplete = "" if len(rows) == len(SERVE_ROWS) else \
        f"; only {len(rows)} of {len(SERVE_ROWS)} rows measured"
    met = worst < SERVE_LIMIT and not incomplete
    return [f"  {'met   ' if met else 'MISSED'} one-article edit, add, or actor edit in serve "
            f"under {SERVE_LIMIT} s: worst median {worst:.3f} s ({name}){incomplete}"]


def scaling(summaries):
    """How each row's wall time grows from the smallest to the largest size."""
    sizes = sorted(summaries)
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    lines = [f"== scaling {small:,} -> {large:,} articles (x{large / small:.1f}); "
             "1.0 = linear ==",
             f"{'row':<{NAME}} {'wall s':>8} {'wall s':>8} {'x time':>7} {'ms/article':>11} "
             f"{'ms/article':>11} {'vs linear':>9}"]
    for name in ROWS:
        a, b = summaries[small].get(name), summaries[large].get(name)
        if not a or not b:
            continue
        growth = b["wall"] / a["wall"] if a["wall"] else float("nan")
        lines.append(f"{name:<{NAME}} {a['wall']:>8.2f} {b['wall']:>8.2f} {growth:>7.2f} "
                     f"{1000 * a['wall'] / small:>11.2f} {1000 * b['wall'] / large:>11.2f} "
                     f"{growth / (large / small):>9.2f}")
    return lines
