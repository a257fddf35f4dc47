"""A tiny YAML emitter for front matter and event files, written as an editor would.

Free text is always double-quoted (a JSON string is a valid YAML double-quoted
scalar), while slugs, dates and URLs stay plain: sitegen reads dates as text,
so an unquoted ``2024-06`` or ``2019`` is exactly what editors will write.
"""

import json


def quote(text):
    return json.dumps(text, ensure_ascii=False)


def flow(items):
    return "[" + ", ".join(items) + "]"


def lang_map(values, langs, indent):
    """A per-language map ``{id: ..., en: ...}`` as block lines."""
    pad = " " * indent
    return [f"{pad}{lang}: {quote(values[lang])}" for lang in langs]


def front_matter(lines, body):
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
