"""The site's icons and web app manifest, written at the site's root (under its path prefix).

Every page links them, so no browser asks for /favicon.ico at the host's root. The icon is the
image `icon:` in site.yaml names, or else the site's initials drawn on the theme's accent colour.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from .model import SiteConfig
from .share_cards import ACCENT, BOLD, FONT_DIR, PAPER, Fonts

FAVICON = "favicon.ico"
APPLE_TOUCH = "icons/apple-touch-icon.png"
MANIFEST = "manifest.webmanifest"
MANIFEST_SIZES = (192, 512)
MASTER = 512


def initials(title: str) -> str:
    """`Global Affairs Briefing` → `GA`: the first letters of the first two words."""
    return "".join(word[0] for word in title.split()[:2]).upper() or "·"


def _master(config: SiteConfig, theme_dir: Path):
    """The icon at 512×512: the editor's image, squared, or the initials."""
    from PIL import Image, ImageDraw

    if config.icon:
        with Image.open(config.icon) as source:
            image = source.convert("RGBA")
        side = min(image.size)
        left, top = (image.width - side) // 2, (image.height - side) // 2
        return image.crop((left, top, left + side, top + side)).resize((MASTER, MASTER), Image.Resampling.LANCZOS)
    image = Image.new("RGBA", (MASTER, MASTER), ACCENT)
    draw = ImageDraw.Draw(image)
    text = initials(config.title[config.default_language])
    font = Fonts(theme_dir / FONT_DIR).get(BOLD, 300 if len(text) < 2 else 230)
    draw.text((MASTER / 2, MASTER / 2), text, font=font, fill=PAPER, anchor="mm")
    return image


def _png(image, size: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, "PNG", compress_level=6)
    return out.getvalue()


def icon_files(config: SiteConfig, theme_dir: Path) -> dict[str, bytes]:
    """favicon.ico, the apple-touch icon, the manifest's icons and the manifest itself."""
    master = _master(config, theme_dir)
    ico = io.BytesIO()
    master.save(ico, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    files = {FAVICON: ico.getvalue(), APPLE_TOUCH: _png(master.convert("RGB"), 180)}
    icons = []
    for size in MANIFEST_SIZES:
        rel = f"icons/icon-{size}.png"
        files[rel] = _png(master, size)
        icons.append({"src": rel, "sizes": f"{size}x{size}", "type": "image/png"})
    lang = config.default_language
    manifest = {"name": config.title[lang], "lang": lang,
                "description": config.description[lang], "start_url": "./", "scope": "./", "display": "browser",
                "background_color": PAPER, "theme_color": ACCENT, "icons": icons}
    files[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    return files
