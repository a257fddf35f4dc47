"""An article's own share image: `image:` names a file in the content folder, and each
translation describes it in `image_alt:`. The image is checked here, while the entry is read,
and copied to the site as `media/<its path>`; pages then name it instead of a drawn card.
"""
from __future__ import annotations

from pathlib import Path

from .errors import Problems
from .model import EntryImage

MIN_WIDTH, MIN_HEIGHT = 600, 315  # smaller images are shown as thumbnails, not large cards
MAX_BYTES = 5 * 1024 * 1024  # the largest file link previews fetch
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def content_root(source_path: Path, rel: str) -> Path:
    """The content folder, from a file's full path and its path inside it."""
    path = Path(source_path)
    for _ in Path(rel).parts:
        path = path.parent
    return path


def read_entry_image(docs, value: str, where: tuple[str, int], problems: Problems) -> EntryImage | None:
    """The checked image of an entry whose files are `docs` (load.ProseFile), named by `value`
    at `where` (file, line); None, with each problem added, when it cannot be used."""
    path, line = where
    root = content_root(docs[0].source.path, docs[0].source.rel)
    ok = True
    alts = []
    for doc in docs:
        alt = doc.meta.get("image_alt") if doc.meta is not None else None
        if not isinstance(alt, str) or not alt.strip():
            problems.add(doc.source.rel, doc.meta.lines.get("image", line) if doc.meta is not None else line,
                         "image_alt: missing the image's description in this language",
                         "add image_alt: with a sentence saying what the image shows")
            ok = False
        else:
            alts.append((doc.lang, alt.strip()))
    file = (root / value).resolve()
    if not file.is_relative_to(root.resolve()) or not file.is_file():
        problems.add(path, line, f"image: no file {value!r} in the content folder",
                     "name an image file relative to the content folder, e.g. images/photo.jpg")
        return None
    size = _checked_size(file, value, where, problems)
    if size is None or not ok:
        return None
    rel = file.relative_to(root.resolve()).as_posix()
    return EntryImage(str(file), rel, size[0], size[1], size[2], tuple(alts))


def _checked_size(file: Path, value: str, where: tuple[str, int], problems: Problems):
    from PIL import Image, UnidentifiedImageError

    path, line = where
    if file.stat().st_size > MAX_BYTES:
        problems.add(path, line, f"image: {value!r} is larger than 5 MB", "save it smaller, e.g. as a JPEG of 1200×630")
        return None
    try:
        with Image.open(file) as image:
            width, height, kind = image.width, image.height, image.format
    except (OSError, UnidentifiedImageError):
        problems.add(path, line, f"image: {value!r} is not an image Pillow can read", "use a PNG, JPEG or WebP file")
        return None
    if kind not in FORMATS:
        problems.add(path, line, f"image: {value!r} is a {kind} image", "use a PNG, JPEG or WebP file")
        return None
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        problems.add(path, line, f"image: {value!r} is {width}×{height} pixels",
                     f"use an image at least {MIN_WIDTH}×{MIN_HEIGHT} (1200×630 is best)")
        return None
    return width, height, FORMATS[kind]


def entry_image_files(graph) -> dict[str, bytes]:
    """Every article's own image, copied below media/."""
    return {a.image.site_path: Path(a.image.source).read_bytes() for a in graph.articles if a.image}
