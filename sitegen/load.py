"""Read the files of `content/`: text, front matter and YAML, with line numbers; no meaning yet."""
from __future__ import annotations

import hashlib
import itertools
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .content_walk import WatchedFolder, content_files
from .errors import Problems
from .markdown_limits import slow_text
from .model import pack_body
from .reread import KeptReading, entry_stem, files_to_read, slug_and_language
from .yamltext import LinedDict, YamlError, parse_yaml

PROSE_KINDS = ("articles", "topics", "actors")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
MAX_BODY_BYTES = 512 * 1024  # Python-Markdown slows down more than linearly; no briefing is this long
# Names sitegen's own pages use below a section (`articles/page/2/`) or may use (feeds, search,
# static files); an entry with such a slug would shadow or be shadowed by them.
RESERVED_SLUGS = frozenset({"index", "page", "feed", "static", "api", "search"})
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSING_FENCE = re.compile(r"^(?:---[ \t]*|\.\.\.[^\S\n]*)$", re.MULTILINE)


@dataclass(slots=True)
class Source:
    """One file of content/ as read: where it is, and a hash of its bytes (for incremental builds).

    The file system path is kept as text: a build loads one of these per content file from its
    parsed cache, and unpickling a `Path` builds it again from its parts, many times slower than
    a string (bench/README.md, round seven)."""

    file: str
    rel: str
    digest: str

    @property
    def path(self) -> Path:
        return Path(self.file)


@dataclass(slots=True)
class ProseFile:
    """A Markdown file with front matter: `<kind>/<slug>.<lang>.md`."""

    source: Source
    kind: str
    slug: str
    lang: str
    meta: LinedDict | None  # None once checked by a reading process (see _read_files)
    packed_body: bytes  # model.pack_body
    body_line: int
    front_digest: str = ""  # a hash of the front matter alone: pages that list the entry depend on it


@dataclass(slots=True)
class EventFile:
    """A YAML file of events: a list of mappings."""

    source: Source
    items: list[LinedDict] | None = field(default_factory=list)  # None once checked, as `meta`


@dataclass(slots=True)
class RawContent:
    prose: list[ProseFile]
    events: list[EventFile]
    sources: dict[str, Source]
    eras: EventFile | None = None  # eras.yaml, a list of mappings as an events file is (see eras.py)


def slug_problem(slug: str, reserved: bool = True) -> str | None:
    """Why `slug` cannot name an entry, or None when it can: the one rule `load` and `sitegen
    new` share. `reserved=False` for an event's id, which names an anchor, not a page."""
    if not SLUG.match(slug) or len(slug) > MAX_SLUG:
        return f"bad slug {slug!r}: use lowercase letters, digits and hyphens, at most {MAX_SLUG} characters"
    if reserved and slug in RESERVED_SLUGS:
        return f"the slug {slug!r} is reserved for pages sitegen makes: choose another name"
    return None


def read_text(path: Path, problems: Problems) -> str | None:
    """The file's text: UTF-8 (a BOM is dropped), with `\\n` line endings."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(path, 0, f"cannot read the file: {exc.strerror}")
        return None
    return decode_text(path, data, problems)


def decode_text(path: Path, data: bytes, problems: Problems) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(path, line, "the file is not valid UTF-8", "save it with UTF-8 encoding")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split `---\\nYAML\\n---\\nbody` into (yaml, body, line where the body starts).

    Raises YamlError when the front matter is missing or not closed.
    """
    first_end = text.find("\n")
    if not _FENCE.match(text if first_end < 0 else text[:first_end]):
        raise YamlError(1, "the file must start with front matter: a line '---', YAML keys, and a closing '---'")
    close = _CLOSING_FENCE.search(text, first_end + 1) if first_end >= 0 else None
    if close is None:
        raise YamlError(1, "the front matter is not closed: add a line '---' after its last key")
    front = text[first_end + 1:max(first_end + 1, close.start() - 1)]
    return front, text[close.end() + 1:], text.count("\n", 0, close.start()) + 2


def discover(root: Path, problems: Problems, cache: dict | None = None, jobs: int = 1,
             ahead: tuple[Callable[[RawContent], dict], dict] | None = None,
             kept: KeptReading | None = None, watched: WatchedFolder | None = None,
             stamps: dict[str, list[int]] | None = None) -> RawContent:
    """Read every content file under `root`; file-level problems go to `problems`.

    With a `cache` (kept by `sitegen serve` between rebuilds), a file whose size and times are
    unchanged is not read again: what it gave last time is used. The files to read are read by
    `jobs` processes when there are many (parsing front matter is most of the cost of loading a
    big site). The result follows the order of the files, however they were read. When other
    processes read them, each also runs the `ahead` check on what each slice of files gave (all
    the files of an entry are in one slice), and adds what it returns to its dict: the checking is then
    spread over them too (see validate.check_ahead). Without `kept` (serve's last reading, see
    reread.KeptReading), what they read goes back without its front matter (see Reader), so
    every file of an entry with a changed file is read again, for the entry to be checked whole.
    `watched` (serve's file watcher, with the cache) can tell which files may have changed
    without walking the folder: only those are stamped again. `stamps`, by path, were taken by
    the caller just before (see record.sources_stamp): a file among them is not stamped again.
    """
    files = watched.files_now(root, problems) if watched is not None else content_files(root, problems)
    stamps, unread = files_to_read(files, cache, watched.edited if watched is not None else None, stamps or {})
    read = _read_files(root, unread, problems.root, jobs, ahead, keep_read=cache is not None and kept is not None)
    content = kept.patched(files, read) if kept is not None else None
    if content is None:
        before = len(problems.items)
        content = _gathered(files, read, cache, problems)
        if kept is not None:
            kept.keep(files if len(problems.items) == before else None, content)
    if cache is not None:
        _bring_up_to_date(cache, files, stamps, read)
    return content


def _bring_up_to_date(cache: dict, files: list[tuple[str, str]], stamps: dict, read: dict) -> None:
    """Keep in `cache` what the files `read` gave, the new stamps of files touched with the same
    bytes (a checkout, a save without change), and nothing of files gone."""
    for rel, stamp in stamps.items():
        if rel in read:
            cache[rel] = (stamp, *read[rel])
        elif cache[rel][0] != stamp:
            cache[rel] = (stamp, *cache[rel][1:])
    if len(cache) != len(files):
        for gone in set(cache).difference(rel for rel, _ in files):
            del cache[gone]


def _gathered(files: list[tuple[str, str]], read: dict, cache: dict | None, problems: Problems) -> RawContent:
    """What every file gave, in the order of `files`: as `read` now, or as kept in `cache`. (A
    loop over every file: no call per file.)"""
    prose, events, sources, eras, found = [], [], {}, None, problems.items
    for rel, _ in files:
        if rel in read:
            one, items = read[rel]
        else:
            _, one, items = cache[rel]
        prose += one.prose
        events += one.events
        sources.update(one.sources)
        eras = eras or one.eras
        if items:
            found += items
    return RawContent(prose, events, sources, eras)


FILES_PER_TASK = 50
PARALLEL_FROM = 2000  # files; below, starting processes costs more than it saves


def _read_files(root: Path, files: list[tuple[str, str]], problems_root: Path, jobs: int,
                ahead: tuple[Callable[[RawContent], dict], dict] | None,
                keep_read: bool = True) -> dict[str, tuple[RawContent, list]]:
    """What each file gives (its content and problems), read in slices spread over `jobs`
    processes when there are many, which also check what they read (`ahead`: see discover).
    Each events file is a slice of its own and is read first: they are few and long (a year
    of events each), and read last they left one process working alone."""
    from .parallel import min_parallel, run_jobs

    slices = [ReadSlice(tuple(part)) for part in _read_slices(files)]
    reader = Reader(root, problems_root, ahead[0] if ahead else None, keep_read)
    # Without the cyclic collector, like the main process while it loads: reading makes next to
    # no cycles, and the collector walked what was read again and again.
    results, _ = run_jobs(slices, reader, reader, jobs if len(files) >= min_parallel(PARALLEL_FROM) else 1, collect=False,
                          threshold=2)
    read = {}
    for found, checks in results:
        if checks is not None and ahead:
            ahead[1].update(checks)
        read.update((rel, (one, items)) for rel, one, items in found)
    return read


@dataclass(frozen=True)
class Reader:
    """What a process reading content files needs: picklable, so that a spawned worker gets it.

    In a worker (`checking`), each slice is also checked (`check`, see discover), and unless
    `keep_read` (`sitegen serve`, which checks an entry again when one of its files changes)
    its files go back without their front matter and event mappings: only the checks read
    those, and sending them was a tenth of the time of loading a big site."""

    root: Path
    problems_root: Path
    check: Callable[[RawContent], dict] | None
    keep_read: bool
    checking: bool = False

    def for_worker(self) -> Reader:
        return replace(self, checking=self.check is not None)

    start = for_worker  # a spawned worker is given the Reader itself


@dataclass(frozen=True)
class ReadSlice:
    """Files to read in one go: (path below the content folder, file system path)."""

    files: tuple[tuple[str, str], ...]

    @property
    def size(self) -> int:
        return len(self.files)

    def run(self, reader: Reader) -> tuple[list[tuple[str, RawContent, list]], dict | None]:
        read = []
        for rel, path in self.files:
            one, found = RawContent([], [], {}), Problems(reader.problems_root)
            _read_one(reader.root, Path(path), rel, one, found)
            read.append((rel, one, found.items))
        if not reader.checking:
            return read, None
        part = RawContent([], [], {})
        for _, one, _ in read:
            _merge(part, one)
        checks = reader.check(part)
        if not reader.keep_read:
            for doc in part.prose:
                doc.meta = None
            for events in part.events:
                events.items = None
        return read, checks


def _merge(content: RawContent, part: RawContent) -> None:
    content.prose += part.prose
    content.events += part.events
    content.sources.update(part.sources)
    content.eras = content.eras or part.eras


def _read_slices(files: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The files in slices to read: each events file alone and first, the others by folder,
    about FILES_PER_TASK at a time, and never an entry's translations apart."""
    events, others = [], []
    for folder, group in itertools.groupby(files, key=lambda item: item[0].partition("/")[0]):
        if folder == "events":
            events += [[item] for item in group]
        else:
            others += _whole_entries(list(group), FILES_PER_TASK)
    return events + others


def _whole_entries(files: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """`files` (in path order, so an entry's `x.en.md` and `x.id.md` are neighbours) cut into
    runs of at least `size`, each cut made between two entries."""
    runs: list[list[tuple[str, str]]] = [[]]
    for item in files:
        run = runs[-1]
        if len(run) >= size and entry_stem(item[0]) != entry_stem(run[-1][0]):
            runs.append(run := [])
        run.append(item)
    return [run for run in runs if run]


def _read_one(root: Path, path: Path, rel: str, content: RawContent, problems: Problems) -> None:
    parts = rel.split("/")
    if rel == "site.yaml":
        return _remember(path, rel, content, problems)
    if rel == "eras.yaml":
        return _read_events(path, rel, content, problems)
    if len(parts) == 2 and parts[0] in PROSE_KINDS and path.suffix == ".md":
        return _read_prose(path, rel, parts[0], content, problems)
    if len(parts) == 2 and parts[0] == "events" and path.suffix in (".yaml", ".yml"):
        return _read_events(path, rel, content, problems)
    problems.warn(path, 0, "not a content file, ignored", "content/ holds site.yaml, eras.yaml, articles/, topics/, actors/ (*.md) and events/ (*.yaml)")


def _remember(path: Path, rel: str, content: RawContent, problems: Problems) -> tuple[Source, str] | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(path, 0, f"cannot read the file: {exc.strerror}")
        return None
    source = Source(str(path), rel, hashlib.sha1(data).hexdigest())
    content.sources[rel] = source
    text = decode_text(path, data, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(path, 1, "the file is empty", "delete it, or fill in its keys")
        return None
    return source, text


def _read_prose(path: Path, rel: str, kind: str, content: RawContent, problems: Problems) -> None:
    slug, lang = slug_and_language(path.name)
    if not slug:
        problems.add(path, 0, "the file name must be <slug>.<language>.md, e.g. kirby-statement.en.md")
        return
    if slug_problem(slug):
        problems.add(path, 0, slug_problem(slug))
        return
    read = _remember(path, rel, content, problems)
    if read is None:
        return
    source, text = read
    try:
        front, body, body_line = split_front_matter(text)
        meta = parse_yaml(front, first_line=1)
    except YamlError as exc:
        problems.add(path, exc.line, exc.message)
        return
    if not isinstance(meta, LinedDict):
        problems.add(path, 1, "the front matter must be YAML keys and values (key: value)")
        return
    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        problems.add(path, body_line, f"the text is {size / 1024:,.0f} KB long, more than the {MAX_BODY_BYTES // 1024} KB a page may have",
                     "split it into several entries")
        return
    slow = slow_text(body)
    if slow:
        problems.add(path, body_line + slow.line, slow.message, slow.hint)
        return
    content.prose.append(ProseFile(source, sys.intern(kind), slug, sys.intern(lang), meta, pack_body(body), body_line,
                                   hashlib.sha1(front.encode()).hexdigest()))


def _read_events(path: Path, rel: str, content: RawContent, problems: Problems) -> None:
    read = _remember(path, rel, content, problems)
    if read is None:
        return
    source, text = read
    try:
        items = parse_yaml(text)
    except YamlError as exc:
        problems.add(path, exc.line, exc.message)
        return
    if not isinstance(items, list):
        problems.add(path, 1, "an events file must be a YAML list of events, each starting with '- id:'")
        return
    events = EventFile(source)
    for item in items:
        if isinstance(item, LinedDict):
            events.items.append(item)
        else:
            problems.add(path, 1, "every event or era must be a mapping that starts with '- id:'")
    if rel == "eras.yaml":
        content.eras = events
    else:
        content.events.append(events)
