"""The record a build leaves for the next one: what each page and data file came out as, what
it was made from, and the stamp of each output file. `sitegen serve` keeps it in memory; a
one-off build writes it beside the body cache (the manifest) and reads it back.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from array import array
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection, NamedTuple

from .depends import DepTable, Inputs, PackedDeps
from .depnames import FRONT, PREFIX
from .errors import ContentError, Diagnostic
from .manifest import Manifest, forget, read_manifest, write_manifest_files
from .content_walk import walk_folders
from .search_plan import BUNDLE_DIR
from .sitemap import SitemapEntry
from .stamps import file_stamp
from .write import files_below


@dataclass(frozen=True)
class PageOutcome:
    """What a worker sends back for one page: small, never the page itself."""

    rel: str
    # The names of its inputs: packed by a DepTable on the way from a worker, and kept packed
    # by a one-off build, which writes them to its manifest as numbers (see `dep_names`).
    deps: Collection[str] | PackedDeps
    written: bool  # its bytes differ from the previous site's
    rendered: bool  # it was rendered anew rather than reused
    warnings: tuple[Diagnostic, ...]
    sitemap: SitemapEntry | None = None


@dataclass(frozen=True)
class DataOutcome:
    """What a worker sends back for a batch of data files: each file and whether it was written."""

    files: tuple[tuple[str, bool], ...]


class ManifestDeps(NamedTuple):
    """A kept page's dependencies as the last manifest numbered them: the numbers, as bytes of an
    array, into `names`, that manifest's list of inputs. Written back as they are while the next
    manifest numbers its inputs the same way, and turned into names only when asked: at 5,000
    articles turning them into names and back took a second of a one-article rebuild."""

    numbers: bytes
    names: list[str]

    def unpack(self) -> tuple[str, ...]:
        return tuple(map(self.names.__getitem__, memoryview(self.numbers).cast("i")))


# Every output file's stamp, read and written with manifest.read_checked and write_checked (as
# JSON, encoding and decoding them took a rebuild at 5,000 articles about 30 ms).
SITE_RECORD = "site.marshal"
FEW_CHANGED = 16  # changed inputs up to which Changes.kept looks for them as bytes


def sources_stamp(content_dir: Path, theme_digest: str, *options: object,
                  stamps: dict[str, list[int]] | None = None) -> str:
    """A hash of every content file's name and stamp (size, modification and status change
    times), the theme and the options (and the commit checked out, for revision dates): while it
    stays the same, so does the site. Each file's stamp goes into `stamps`, by its path, when
    given: the build that follows need not stamp the files again to find those that changed."""
    digest = hashlib.sha1("\0".join(map(str, (theme_digest, *options))).encode())
    stamps = {} if stamps is None else stamps
    for folder, _, files in sorted(walk_folders(content_dir)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            stamp = stamps[path] = file_stamp(path, status_change=True)
            if stamp is not None:
                digest.update(f"{path}\0{stamp}\n".encode())
    return digest.hexdigest()


def unchanged_site(record: dict, sources: str, out: Path) -> dict | None:
    """The last build's record (SITE_RECORD) when neither its sources nor its output changed
    since, else None.

    A rebuild with nothing to do then costs a walk over the files, not a build.
    """
    if not record or record.get("sources") != sources or not out.is_dir():
        return None
    outputs = record.get("outputs", {})
    if len(files_below(out)) != len(outputs) or any(file_stamp(f"{out}/{rel}") != stamp for rel, stamp in outputs.items()):
        return None
    return record


def cache_key(content_dir: Path, out_dir: Path) -> str:
    """The folder of the records of builds of this content into this output folder, by this
    Python (the manifest is in marshal's format, which only the version that wrote it reads)."""
    where = f"{content_dir.resolve()}\0{out_dir.resolve()}\0{sys.version_info[:2]}\0{marshal.version}"
    return "manifest-" + hashlib.sha1(where.encode()).hexdigest()[:16]


def forget_manifest(folder: Path) -> None:
    forget(folder)
    (folder / SITE_RECORD).unlink(missing_ok=True)


@dataclass
class Previous:
    """What the last build of this content into this folder recorded (nothing after --clean)."""

    pages: dict[str, PageOutcome] = field(default_factory=dict)
    # Each page's dependencies: sets in `sitegen serve`, where they are kept between builds; after
    # a read, the manifest's numbers into its `names` instead (see ManifestDeps).
    deps: dict[str, Collection[str]] = field(default_factory=dict)
    stamps: dict[str, list | None] = field(default_factory=dict)  # output file → its identity as written
    inputs: dict[str, str] = field(default_factory=dict)  # dependency → its digest then
    extras: dict = field(default_factory=dict)  # digest and names of the files that are not pages
    theme: str = ""  # theme, catalogs and options
    same_theme: bool = False
    manifest: Manifest = field(default_factory=Manifest)  # as read, for the next to write a delta on

    @property
    def names(self) -> list[str]:
        """The manifest's inputs, in its order, after a read."""
        return self.manifest.names

    @classmethod
    def of(cls, outcomes: list[PageOutcome], theme: str, inputs: Inputs, extras: dict, table: Callable[[], DepTable],
           before: "Previous | None" = None, changed: set[str] = frozenset(), live: bool = False) -> "Previous":
        """This build's record. Given the record it started from (`sitegen serve`, or the manifest
        of a one-off build), only what changed is worked out again: pages kept as they were keep
        their entries. The sets of dependencies the next build tests pages with are made only for
        a `live` record: one that is written to disk is read back as numbers. A `live` record's
        outcomes hold names, others may hold dependencies packed by the `table`."""
        pages, deps = {}, {}
        for o in outcomes:
            kept = before is not None and before.pages.get(o.rel) is o
            pages[o.rel] = o if kept else PageOutcome(o.rel, o.deps, False, False, o.warnings, o.sitemap)
            if live:
                deps[o.rel] = before.deps[o.rel] if kept else frozenset(o.deps)
        if before is None or not (live or _numbered_alike(before.names, table())):
            digests = {dep: inputs.digest(dep) for dep in _input_names(outcomes, table())}
        else:
            digests = dict(before.inputs)
            made = (dep_names(o.deps, table) for o in outcomes if before.pages.get(o.rel) is not o)
            digests.update((dep, inputs.digest(dep)) for dep in changed.union(*made))
        return cls(pages, deps, {}, digests, extras, theme, True)

    def rebased(self, theme: str) -> "Previous":
        return replace(self, same_theme=self.theme == theme)

    @classmethod
    def read(cls, folder: Path, theme: str, clean: bool) -> "Previous":
        try:
            manifest = Manifest() if clean else read_manifest(folder)
            names = manifest.names
            pages, stamps = {}, {}
            for rel, page in manifest.pages.items():
                if len(page["deps"]) % 4:
                    raise ValueError(rel)
                stamps[rel] = page["stamp"]
                pages[rel] = _outcome_as_before(rel, page, ManifestDeps(page["deps"], names))
            stamps.update(manifest.extras.get("stamps", {}))
            return cls(pages, {}, stamps, manifest.inputs, manifest.extras, manifest.theme, manifest.theme == theme,
                       manifest)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):  # older or damaged: trust nothing
            return cls()


def _numbered_alike(names: list[str], table: DepTable) -> bool:
    """Whether a manifest's inputs begin with the table's names, in its order: then the numbers
    the workers packed and those the manifest kept mean the same names (no file was added or
    removed since)."""
    return bool(names) and names[:len(table.names)] == table.names


def _input_names(outcomes: list[PageOutcome], table: DepTable) -> list[str]:
    """The names of a build's inputs, as its manifest numbers them: every name in the table, in
    its order, then the others the pages depend on, sorted. The dependencies a worker packed (a
    million at 5,000 articles) then keep their numbers, and are not looked at one by one."""
    others = set().union(*(o.deps.others for o in outcomes if isinstance(o.deps, PackedDeps)))
    others = others.union(*(dep_names(o.deps, None) for o in outcomes if not isinstance(o.deps, PackedDeps)))
    return [*table.names, *sorted(others.difference(table.names))]


def _outcome_as_before(rel: str, page: dict, deps: ManifestDeps) -> PageOutcome:
    """A page's outcome as the manifest recorded it (made 12,000 times a rebuild at 5,000
    articles: nearly every page has no warnings, and marshal gives back the alternates' tuples)."""
    sitemap, warnings = page.get("sitemap"), page.get("warnings")
    if sitemap:
        alternates = sitemap[1] if type(sitemap[1]) is tuple else tuple(map(tuple, sitemap[1]))
        sitemap = SitemapEntry(sitemap[0], alternates, *sitemap[2:3])
    return PageOutcome(rel, deps, False, False, tuple(Diagnostic(**d) for d in warnings) if warnings else (),
                       sitemap or None)


def output_stamps(out: Path, outputs: set[str], kept: dict[str, list | None] | None = None,
                  kept_shards: frozenset[str] = frozenset(),
                  pages_left: dict[str, list[int]] | None = None) -> dict[str, list[int] | None]:
    """The stamp of every file in the output folder: the pages and data files the build knows
    by name, and the search index, whose file names Pagefind chooses. The files of the index's
    `kept_shards`, which this build left where they were, keep their stamps in `kept` (the last
    build's record) rather than being stamped again: at 5,000 articles they are 30,000 files.
    So do the pages in `pages_left`: pages the build found with the stamps it gives and left alone."""
    pages_left = pages_left or {}
    stamps = {rel: pages_left[rel] if rel in pages_left else file_stamp(f"{out}/{rel}") for rel in sorted(outputs)}
    bundles = out / BUNDLE_DIR
    if bundles.is_dir():
        left = tuple(f"{BUNDLE_DIR}/{name}/" for name in kept_shards) if kept else ()
        for rel in sorted(files_below(bundles)):
            rel = f"{BUNDLE_DIR}/{rel}"
            stamp = kept.get(rel) if left and rel.startswith(left) else None
            stamps[rel] = stamp if stamp is not None else file_stamp(f"{out}/{rel}")
    return stamps


def write_manifest(folder: Path, record: Previous, stamps: dict[str, list[int] | None], before: Previous) -> None:
    """Each page's output stamp, warnings, sitemap line and dependencies; the dependencies as
    an array of numbers into a list of every input with its digest (a timeline page depends on
    thousands of files: written out per page, they made the manifest 37 MB at 1,000 articles,
    and a list of numbers per page is millions of objects). Only the pages not kept as `before`
    recorded them are written out again, while the manifest can take a delta (see manifest.py)."""
    names = list(record.inputs)  # the table's names first, in its order (see _input_names)
    number = {dep: i for i, dep in enumerate(names)}
    alike: dict[int, bool] = {}  # id of a read manifest's names → whether this one begins with them

    def numbers(deps: Collection[str] | PackedDeps | ManifestDeps) -> bytes:
        """A page's dependencies as the manifest's numbers, ascending. The table's numbers are
        the manifest's; its other names come after the table's."""
        if isinstance(deps, PackedDeps):
            return deps.numbers + array("i", map(number.__getitem__, deps.others)).tobytes()
        if isinstance(deps, ManifestDeps):
            if id(deps.names) not in alike:
                alike[id(deps.names)] = names[:len(deps.names)] == deps.names
            if alike[id(deps.names)]:
                return deps.numbers
            deps = deps.unpack()
        return array("i", sorted(map(number.__getitem__, deps))).tobytes()

    def entry(rel: str) -> dict:
        o = record.pages[rel]
        return {"deps": numbers(o.deps), "stamp": stamps[rel], "warnings": [asdict(d) for d in o.warnings],
                "sitemap": [o.sitemap.loc, o.sitemap.alternates, o.sitemap.lastmod] if o.sitemap else None}

    made = {rel for rel, o in record.pages.items()
            if before.pages.get(rel) is not o or before.stamps.get(rel) != stamps[rel]}
    extras = {**record.extras, "stamps": {rel: stamps[rel] for rel in record.extras["files"]}}
    write_manifest_files(folder, before.manifest, record.theme, extras, record.inputs, list(record.pages), made, entry)


@dataclass
class Changes:
    """What changed since the previous build, and so which pages and files can be kept."""

    previous: Previous
    inputs: Inputs
    extras_digest: str
    in_place: bool
    files_changed: set[str]
    edited: set[str]  # the names changed, added or removed: in serve those it was told of, else files_changed
    _all: set[str] | None = None
    _numbers: set[int] | None = None

    @classmethod
    def since(cls, previous: Previous, inputs: Inputs, extras_digest: str, in_place: bool,
              among: set[str] | None = None) -> Changes:
        """`among`: in `sitegen serve`, the files whose digests differ from the last build's (see
        changed_names); only those are compared with the record."""
        files_changed = inputs.changed_files(previous.inputs, among)
        return cls(previous, inputs, extras_digest, in_place, files_changed, files_changed if among is None else set(among))

    def all_changed(self) -> set[str]:
        """Every input whose digest changed: when front matter, events or site.yaml changed, the
        collections too, which takes a tenth of a second at 5,000 articles, so serve first makes
        the edited entries' pages, which need no such comparison."""
        if self._all is None:
            same_structure = self.previous.extras.get("digest") == self.extras_digest
            self._all = self.files_changed if same_structure else self.files_changed | self.inputs.changed_queries(
                self.previous.inputs)
        return self._all

    def kept(self, indexes: list[int], rels: list[str], out: Path) -> list[int]:
        """Those of the pages (`indexes` into `rels`) that `keeps`. In `sitegen serve` the record
        holds each page's names as a set, and the same question costs a set operation a page."""
        previous = self.previous
        if not (self.in_place and previous.same_theme and previous.deps):
            keeps = self._keeps_by_numbers() if previous.same_theme and previous.names else self.keeps
            return [i for i in indexes if keeps(rels[i], out)]
        changed, deps = self.all_changed(), previous.deps
        return [i for i in indexes if rels[i] in deps and changed.isdisjoint(deps[rels[i]])]

    def keeps(self, rel: str, out: Path) -> bool:
        """Whether a page's inputs are unchanged and its last file is there as written."""
        previous = self.previous
        if rel not in previous.pages or not previous.same_theme:
            return False
        deps = previous.pages[rel].deps
        if isinstance(deps, ManifestDeps):  # read from a manifest: compared as its numbers
            same = self._changed_numbers().isdisjoint(memoryview(deps.numbers).cast("i"))
        else:
            same = self.all_changed().isdisjoint(previous.deps[rel])
        return same and (self.in_place or previous.stamps.get(rel) == file_stamp(f"{out}/{rel}"))

    def _keeps_by_numbers(self) -> Callable[[str, Path], bool]:
        """`keeps` for a record read from a manifest, when few inputs changed: a page whose
        numbers' bytes hold no changed number's bytes (a search in C) depends on none of them.
        Only the others are compared number by number, which for every page took a tenth of
        a second of a one-article rebuild at 5,000 articles."""
        changed = self._changed_numbers()
        if len(changed) > FEW_CHANGED:
            return self.keeps
        needles = [array("i", [number]).tobytes() for number in sorted(changed)]
        pages, stamps, keeps = self.previous.pages, self.previous.stamps, self.keeps

        def keeps_by_numbers(rel: str, out: Path) -> bool:
            page = pages.get(rel)
            if page is None or not isinstance(page.deps, ManifestDeps):
                return keeps(rel, out)
            for needle in needles:  # a loop, not any(): no generator a page
                if needle in page.deps.numbers:
                    return keeps(rel, out)
            return self.in_place or stamps.get(rel) == file_stamp(f"{out}/{rel}")

        return keeps_by_numbers

    def _changed_numbers(self) -> set[int]:
        if self._numbers is None:
            changed = self.all_changed()
            self._numbers = {i for i, name in enumerate(self.previous.names) if name in changed}
        return self._numbers

    def extras_kept(self, out: Path) -> bool:
        return self.previous.extras.get("digest") == self.extras_digest and _extras_in_place(
            self.previous, out, self.in_place)


def changed_names(files: dict[str, str], last: dict[str, str]) -> set[str]:
    """The names whose digests in `files` are not those in `last` (the last build's, in `sitegen
    serve`), added and removed ones included: one set operation, not a loop over every name."""
    return {name for name, _ in files.items() ^ last.items()}


def extras_digest(theme_hash: str, files: dict[str, str], previous: Previous | None = None,
                  changed: set[str] | None = None) -> str:
    """Feeds, exports, the sitemap and the theme's static files are made from front matter, events
    and site.yaml, never from the text of an entry: while those stay the same, so do they. Given
    the `previous` record and the names `changed` since it (serve), the record's digest is used
    again when only the texts changed."""
    if (previous is not None and changed is not None and previous.theme == theme_hash and "digest" in previous.extras
            and all(name.endswith(".md") for name in changed)):
        return previous.extras["digest"]
    digest = hashlib.sha1(theme_hash.encode())
    for name in sorted(files):
        if name.endswith(FRONT) or not name.endswith(".md"):
            digest.update(f"{name}\0{files[name]}\n".encode())
    return digest.hexdigest()


def _extras_in_place(previous: Previous, out: Path, in_place: bool) -> bool:
    return in_place or all(previous.stamps.get(rel) == file_stamp(f"{out}/{rel}") for rel in previous.extras.get("files", ()))


def check_unique_paths(outputs: list[tuple[str, Any]], names: Callable[[Any], Collection[str]] = sorted) -> None:
    """No two pages may be written to one file: `outputs` are (output file, its sources), and
    `names` gives the names of sources."""
    if len({rel for rel, _ in outputs}) == len(outputs):
        return
    seen: dict[str, Any] = {}
    for rel, deps in outputs:
        if rel in seen:
            this, first = _a_source(names(deps), rel), _a_source(names(seen[rel]), "the theme")
            raise ContentError([Diagnostic(this, 0, f"two pages would be written to {rel!r}",
                                           f"the other comes from {first}")])
        seen[rel] = deps


def _a_source(names: Collection[str], default: str) -> str:
    """A content file a page is made from, to name in a message (every page reads site.yaml)."""
    files = sorted(name.removesuffix(FRONT) for name in names if not name.startswith(PREFIX) and name != "site.yaml")
    return files[0] if files else default


def dep_names(deps: Collection[str] | PackedDeps | ManifestDeps, table: Callable[[], DepTable] | None) -> Collection[str]:
    """A page's dependencies as names, whether a worker packed them, a manifest kept them as
    numbers, or neither."""
    if isinstance(deps, PackedDeps):
        return table().unpack(deps)
    return deps.unpack() if isinstance(deps, ManifestDeps) else deps
