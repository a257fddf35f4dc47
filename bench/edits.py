"""The edits behind sitegen's incremental-rebuild rows, on a private copy of the corpus.

The generated corpus stays pristine: the benchmark builds from a copy, changes
one file at a time as an editor would, and puts every file back after each
repeat so that all repeats start from the same content.
"""

import re
import shutil
from pathlib import Path

ADDED_DATE = "2025-07-01T09:00:00+07:00"
BASE_NAMES = ("base.html", "_base.html", "layout.html", "baseof.html")


def _middle(paths):
    paths = sorted(paths)
    if not paths:
        raise FileNotFoundError("no file to edit")
    return paths[len(paths) // 2]


class Workspace:
    """A mutable copy of the sitegen content (and theme, when sitegen takes one)."""

    def __init__(self, pristine, root, theme=None):
        root = Path(root)
        shutil.rmtree(root, ignore_errors=True)
        self.content = root / "content"
        shutil.copytree(pristine, self.content)
        self.templates = None
        if theme:
            self.templates = root / "templates"
            shutil.copytree(theme, self.templates)
        self.saved = {}

    def _save(self, path):
        if path not in self.saved:
            self.saved[path] = path.read_bytes() if path.exists() else None

    def _append(self, path, text):
        self._save(path)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)

    def edit_article(self, run):
        """Append a paragraph to the English body of one article."""
        path = _middle((self.content / "articles").glob("*.en.md"))
        self._append(path, f"\nA correction added in benchmark run {run}: the figures "
                     "above were revised by the ministry.\n")
        return path

    def edit_actor(self, run):
        """Append a sentence to the English profile of one actor."""
        path = _middle((self.content / "actors").glob("*.en.md"))
        self._append(path, f"\nProfile updated in benchmark run {run}.\n")
        return path

    def add_article(self, run):
        """Add a new article pair, the newest of the site (so it reaches the home page)."""
        source = _middle((self.content / "articles").glob("*.id.md"))
        slug = f"bench-added-{run}"
        for lang in ("id", "en"):
            text = source.with_name(source.name.replace(".id.md", f".{lang}.md")).read_text()
            text = re.sub(r"^date: .*$", f"date: {ADDED_DATE}", text, count=1, flags=re.M)
            text = re.sub(r'^title: "', f'title: "(Run {run}) ', text, count=1, flags=re.M)
            target = self.content / "articles" / f"{slug}.{lang}.md"
            self._save(target)
            target.write_text(text, encoding="utf-8")
        return self.content / "articles" / f"{slug}.en.md"

    def base_template(self):
        """The template every page extends (the one whose edit costs the most)."""
        pages = sorted(self.templates.rglob("*.html"))
        for name in BASE_NAMES:
            for path in pages:
                if path.name == name:
                    return path
        with_html = [p for p in pages if "<html" in p.read_text(errors="replace")]
        return (with_html or pages)[0]

    def edit_template(self, run):
        """Add a comment to the base template, just before ``</body>``."""
        path = self.base_template()
        self._save(path)
        text = path.read_text(encoding="utf-8")
        mark = f"<!-- benchmark run {run} -->\n"
        text = text.replace("</body>", mark + "</body>", 1) if "</body>" in text \
            else text + mark
        path.write_text(text, encoding="utf-8")
        return path

    def restore(self):
        """Put back every file changed or added since the last restore."""
        for path, data in self.saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        self.saved = {}
