"""Tables, ratios, targets and scaling for the benchmark results.

A sample is a dict with ``wall`` and ``cpu`` seconds, ``tree_rss`` and ``max_rss``
bytes, ``pages`` (html files in the output) and ``written`` (html files this build
created or changed). Every figure printed is the median over the repeats.
"""

from statistics import median

ROWS = [
    "sitegen cold", "sitegen no-change", "sitegen edit article", "sitegen add article",
    "sitegen edit actor", "sitegen edit template", "hugo cold", "pelican cold",
]
MB = 2**20

# (label, numerator row, denominator row, field, limit, "max" = at most, "min" = at least)
TARGETS = [
    ("cold build vs Hugo cold", "sitegen cold", "hugo cold", "wall", 2.0, "max"),
    ("Pelican cold vs cold build (speed-up)", "pelican cold", "sitegen cold", "wall", 4.0,
     "min"),
    ("no-change rebuild vs Hugo cold", "sitegen no-change", "hugo cold", "wall", 0.3, "max"),
    ("peak memory vs Hugo", "sitegen cold", "hugo cold", "tree_rss", 0.5, "max"),
]


def summarize(samples):
    """Medians of a row's samples (None when no sample succeeded)."""
    good = [s for s in samples if s.get("rc") == 0]
    if not good:
        return None
    walls = [s["wall"] for s in good]
    return {
        "wall": median(walls), "min": min(walls), "max": max(walls),
        "cpu": median(s["cpu"] for s in good),
        "tree_rss": median(s["tree_rss"] for s in good),
        "max_rss": median(s["max_rss"] for s in good),
        "pages": int(median(s["pages"] for s in good)),
        "written": int(median(s["written"] for s in good)),
        "n": len(good), "failed": len(samples) - len(good),
    }


def _fmt_row(name, row):
    spread = f"({row['min']:.2f}–{row['max']:.2f})"
    single = f"({row['max_rss'] / MB:.0f})"
    return (f"{name:<22} {row['wall']:>8.2f} {spread:<15} {row['cpu']:>7.2f} "
            f"{row['tree_rss'] / MB:>7.0f} {single:<8} {row['pages']:>7} {row['written']:>7}")


def table(size, summary, notes, repeat, manifest):
    """The per-size table: one line per row, then skipped rows with their reason."""
    lines = [
        f"== {size:,} articles x 2 languages, {manifest.get('events', '?'):,} events, "
        f"{manifest.get('words_per_article', '?')} words/article; median of {repeat} ==",
        f"{'row':<22} {'wall s':>8} {'(min–max)':<15} {'cpu s':>7} {'RSS MB':>7} "
        f"{'(1 proc)':<8} {'pages':>7} {'written':>7}",
    ]
    for name in ROWS:
        row = summary.get(name)
        if row:
            failed = f"   [{row['failed']} failed]" if row["failed"] else ""
            lines.append(_fmt_row(name, row) + failed)
        elif name in summary:
            lines.append(f"{name:<22} -- every run failed")
        elif name in notes:
            lines.append(f"{name:<22} -- {notes[name]}")
    return "\n".join(lines)


def ratio(summary, top, bottom, field="wall"):
    a, b = summary.get(top), summary.get(bottom)
    if not a or not b or not b[field]:
        return None
    return a[field] / b[field]


def ratios(summary):
    pairs = [
        ("sitegen cold / hugo cold (wall)", "sitegen cold", "hugo cold", "wall"),
        ("sitegen cold / pelican cold (wall)", "sitegen cold", "pelican cold", "wall"),
        ("sitegen no-change / hugo cold (wall)", "sitegen no-change", "hugo cold", "wall"),
        ("sitegen cold / hugo cold (peak RSS)", "sitegen cold", "hugo cold", "tree_rss"),
        ("sitegen cold / pelican cold (peak RSS)", "sitegen cold", "pelican cold",
         "tree_rss"),
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
    return lines


def scaling(summaries):
    """How each row's wall time grows from the smallest to the largest size."""
    sizes = sorted(summaries)
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    lines = [f"== scaling {small:,} -> {large:,} articles (x{large / small:.1f}); "
             "1.0 = linear ==",
             f"{'row':<22} {'wall s':>8} {'wall s':>8} {'x time':>7} {'ms/article':>11} "
             f"{'ms/article':>11} {'vs linear':>9}"]
    for name in ROWS:
        a, b = summaries[small].get(name), summaries[large].get(name)
        if not a or not b:
            continue
        growth = b["wall"] / a["wall"] if a["wall"] else float("nan")
        lines.append(f"{name:<22} {a['wall']:>8.2f} {b['wall']:>8.2f} {growth:>7.2f} "
                     f"{1000 * a['wall'] / small:>11.2f} {1000 * b['wall'] / large:>11.2f} "
                     f"{growth / (large / small):>9.2f}")
    return lines
