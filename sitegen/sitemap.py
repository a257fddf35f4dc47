"""`sitemap.xml` with every indexable page and its translations, `robots.txt`, and `CNAME`.

A page is indexable when it has a canonical URL (the 404 page has none). Each `<url>` lists
every translation of the page, itself included, as `xhtml:link rel="alternate" hreflang`,
plus `x-default` where the default language's page exists, as search engines ask.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable

from .config import SiteConfig
from .pages import Page

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SITEMAP_PATH = "sitemap.xml"


def indexable(pages: Iterable[Page]) -> list[Page]:
    """The pages a search engine should list: those with a canonical URL, in URL order."""
    return sorted((p for p in pages if p.context.get("canonical")), key=lambda p: p.context["canonical"])


def sitemap_xml(pages: Iterable[Page]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in indexable(pages):
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page.context["canonical"]
        alternates = list(page.context["alternates"])
        if page.context["x_default"]:
            alternates.append(("x-default", page.context["x_default"]))
        for code, href in alternates:
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=code, href=href)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(config: SiteConfig) -> bytes:
    """Crawlers read robots.txt only at a domain's root: under a path prefix it is a no-op."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute(SITEMAP_PATH)}\n".encode()


def discovery_files(config: SiteConfig, pages: Iterable[Page]) -> dict[str, bytes]:
    """The sitemap, robots.txt and, for a custom domain, the CNAME file GitHub Pages reads."""
    files = {SITEMAP_PATH: sitemap_xml(pages), "robots.txt": robots_txt(config)}
    if config.cname:
        files["CNAME"] = f"{config.cname}\n".encode()
    return files
