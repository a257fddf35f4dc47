"""What one share card costs to draw and encode, now and in another version of sitegen/share_cards.py.

    python bench/card_cost.py --content WORK/n1000/workspace/content [--cards 400] [--repeat 3] \\
        [--other <(git show 7e05ca3:sitegen/share_cards.py)]

Draws the first `--cards` English cards of the site (articles, topics, actors, timelines, as a
build draws them, in one process, without the cache) with each version in turn, `--repeat`
times, and prints the median milliseconds per card and the mean bytes per card. Run it from
the repository root, with the checkout first on PYTHONPATH.
"""
import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

from sitegen import share_cards
from sitegen.build import BuildOptions, check
from sitegen.render import default_theme_dir


def load_other(path: str):
    spec = importlib.util.spec_from_loader("sitegen.share_cards_other", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "sitegen"
    sys.modules[spec.name] = module  # dataclasses look their module up
    exec(compile(Path(path).read_text("utf-8"), "share_cards_other.py", "exec"), module.__dict__)
    return module


def per_card(module, cards) -> tuple[float, float]:
    fonts = module.Fonts(default_theme_dir() / module.FONT_DIR)
    started = time.perf_counter()
    sizes = [len(module.render_card(module.Card(*card), fonts)) for card in cards]
    return (time.perf_counter() - started) / len(cards) * 1000, statistics.mean(sizes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--cards", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--other", help="another version of sitegen/share_cards.py, to compare")
    args = parser.parse_args()
    graph = check(BuildOptions(content_dir=args.content)).graph
    gettexts = {"en": str}  # English is the catalogs' source language
    cards = [(c.kind, c.title, c.date, c.site) for _, c in share_cards.all_cards(graph, gettexts, "en")][:args.cards]
    versions = {"this tree": share_cards}
    if args.other:
        versions["other"] = load_other(args.other)
    samples = {name: [] for name in versions}
    for _ in range(args.repeat):
        for name, module in versions.items():  # in turns, so the machine's load falls on both
            samples[name].append(per_card(module, cards))
    for name, runs in samples.items():
        ms = statistics.median(run[0] for run in runs)
        print(f"{name:10} {ms:6.2f} ms a card (runs: {', '.join(f'{r[0]:.2f}' for r in runs)}), "
              f"{runs[0][1] / 1000:.1f} kB a card, {len(cards)} cards")


if __name__ == "__main__":
    sys.exit(main())
