"""The names a page's dependencies are written in (see depends.py for what each means and how its
digest is worked out): a leaf module, so that every stage that records a dependency can name it
without importing the site graph's queries.
"""
from __future__ import annotations

PREFIX = "?"
FRONT = "#front"
REVISED = "#revised"


def query(name: str, argument: object = "") -> str:
    return f"{PREFIX}{name}:{argument}"


def entry_query(path: str) -> str:
    """The query for which translations of an entry exist, from the path of any of its files
    (`articles/x.en.md`) or its folder and slug (`articles/x`)."""
    folder, _, name = path.partition("/")
    return query("langs", f"{folder}/{name.split('.', 1)[0]}")
