"""Incremental builds of a site with relations and eras (issue 24): after random edits, also to
relations, eras and the actors they name, the same bytes as a clean build. The network pages
(one per year of its relations) come and go with the relations' dates."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from conftest import copy_fixture
from test_incremental import Editor, add_list_item, edit_and_compare

SEEDS = (1, 2)


class ViewsEditor(Editor):
    """The editor of test_incremental, who also edits relations and eras."""

    def actor_file(self, slug: str) -> Path:
        english = self.content / "actors" / f"{slug}.en.md"
        return english if english.exists() else self.content / "actors" / f"{slug}.id.md"

    def add_relation(self) -> str:
        """A relation between two actors not yet related: the pages of both, the network."""
        actor, other = self.rng.sample(self.slugs("actors"), 2)
        path, back = self.actor_file(actor), self.actor_file(other)
        if f"to: {other}\n" in path.read_text("utf-8") or f"to: {actor}\n" in back.read_text("utf-8"):
            return self.redate_relation()
        kind = self.rng.choice(["meets", "sanctions"])
        item = (f"  - to: {other}\n    type: {kind}\n    from: \"20{self.rng.randint(17, 24)}\"\n"
                f"    sources: [\"https://example.com/{self.rng.randrange(1000)}\"]\n")
        add_list_item(path, "relations", item)
        return f"add a {kind} relation {actor} → {other}"

    def redate_relation(self) -> str:
        """The sanctions move to another month: the years of the network change with them."""
        path = self.content / "actors/us-nsc.en.md"
        day = f"20{self.rng.randint(17, 24)}-{self.rng.randint(1, 12):02d}"
        path.write_text(re.sub(r"^    from: .*$", f"    from: {day}", path.read_text("utf-8"), count=1, flags=re.M), "utf-8")
        return f"redate the sanctions to {day}"

    def edit_era(self) -> str:
        """An era ends later or earlier, or is retitled: its bands, its view, the filter."""
        path = self.content / "eras.yaml"
        text = path.read_text("utf-8")
        if self.rng.random() < 0.5:
            text = re.sub(r"^  end: .*$", f"  end: 2023-{self.rng.randint(8, 12):02d}", text, count=1, flags=re.M)
        else:
            text = re.sub(r'en: "[^"]*"\}', f'en: "Era {self.rng.randrange(1000)}"}}', text, count=1)
        path.write_text(text, "utf-8")
        return "edit an era"

    def random_step(self) -> str:
        if self.rng.random() < 0.4:
            return self.rng.choice([self.add_relation, self.redate_relation, self.edit_era, self.rename_actor])()
        return super().random_step()


@pytest.mark.parametrize("seed", SEEDS)
def test_incremental_build_with_relations_and_eras_equals_clean_build(tmp_path: Path, seed: int):
    content = copy_fixture("views", tmp_path / "content")
    edit_and_compare(ViewsEditor(content, random.Random(seed)), content, tmp_path)
