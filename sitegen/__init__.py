"""sitegen: a static site generator for bilingual news briefings."""

__version__ = "0.1.0"
