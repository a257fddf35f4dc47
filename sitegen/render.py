"""Pages to bytes with the Jinja2 theme, one environment per language (its gettext catalog)."""
from __future__ import annotations

import functools
import hashlib
import shutil
import time
from pathlib import Path

import jinja2
import jinja2.ext
from jinja2.lexer import Token
from markupsafe import Markup, escape

from .errors import ContentError, Diagnostic, Problems
from .i18n import load_translations
from .stamps import code_stamp
from .urls import Page, relink

PACKAGE_DIR = Path(__file__).resolve().parent


def default_theme_dir() -> Path:
    """The theme shipped with sitegen: `templates/` in a checkout, `sitegen/theme` when installed."""
    for candidate in (PACKAGE_DIR.parent / "templates", PACKAGE_DIR / "theme"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError("sitegen's default theme is missing; reinstall sitegen")


def default_locale_dir() -> Path:
    """The UI catalogs shipped with sitegen: `locale/` in a checkout, `sitegen/locale` when installed."""
    for candidate in (PACKAGE_DIR.parent / "locale", PACKAGE_DIR / "locale"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("sitegen's catalogs are missing; reinstall sitegen")


def files_digest(*folders: Path) -> str:
    """One hash over every file below the folders, and over sitegen's own code: a template or
    catalog change, or another sitegen (an upgrade, a fix), redoes every page."""
    digest = hashlib.sha1(code_stamp().encode())
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _template_line(exc: BaseException, theme_dir: Path) -> tuple[str, int]:
    """The innermost theme file and line in the traceback, where Jinja put it."""
    found = ("", 0)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(str(theme_dir)):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


# Per macro, language and process, at least. Most are event items, about 1.5 KB each: each event
# is shown on its year's, topics' and actors' views (each going through them in its own order),
# at one heading level on the timeline views and another on topic and actor pages.
REUSED_FRAGMENTS = 12288
ITEM_LEVELS = 2


def fragments_to_keep(events: int, articles: int) -> int:
    """How many fragments each reused macro keeps: every event's and article's item at each of
    two heading levels, rounded up to a power of two so that `sitegen serve` keeps its renderer
    (and the fragments) while the site grows by a few entries. A fixed 12,288 held a 5,000-article
    site's, but at 20,000 articles most were pushed out before they were shown again: the views
    rendered four times as many items as there were, and the build grew faster than the site
    (bench/README.md, round fourteen)."""
    return max(REUSED_FRAGMENTS, 1 << (ITEM_LEVELS * max(events, articles)).bit_length())


def _reusers(capacity: int):
    """`reuse(macro, *args)` for templates: the macro's output for equal arguments, made once;
    and `reuse_each(macro, items, *args)`: `reuse(macro, item, *args)` for each item, joined.

    An event is shown on its year's, its topics' and its actors' timelines, and every timeline
    page lists the same views, so without this most of a build's template time went into
    rendering the same fragments again. A macro's output depends only on its arguments and the
    environment's language, and there is one environment per language. Each macro has its own
    cache, so that the many event items do not push the few view links out. A list goes through
    one call: a call from a template costs a microsecond before it reaches the function, and a
    large build's timelines show events a million times.
    """
    caches: dict = {}

    def cached(macro):
        found = caches.get(macro)
        if found is None:
            found = caches[macro] = functools.lru_cache(maxsize=capacity)(macro)
        return found

    def reuse(macro, *args):
        return cached(macro)(*args)

    def reuse_each(macro, items, *args):
        made = cached(macro)
        return Markup("".join([made(item, *args) for item in items]))
    return reuse, reuse_each


def make_each(macro, items, *args) -> Markup:
    """`macro(item, *args)` for each item, joined: reuse_each for items shown on one page only."""
    return Markup("".join([macro(item, *args) for item in items]))


class ConstantGettext(jinja2.ext.Extension):
    """Translates `_("…")` calls that pass no variables when a template is compiled.

    Each environment serves one language, so such a call always gives the same text; made at
    render time they were a few percent of a build (every event item has six). The text is
    inserted as `"…"|safe`, which is what newstyle gettext returns for it.
    """

    def __init__(self, environment: jinja2.Environment):
        super().__init__(environment)
        environment.extend(constant_gettext=None)

    def filter_stream(self, stream):
        gettext = self.environment.constant_gettext
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            if gettext is not None and self._is_constant_call(tokens, i):
                line = tokens[i].lineno
                text = str(Markup(gettext(tokens[i + 2].value)) % {})
                yield from (Token(line, "string", text), Token(line, "pipe", "|"), Token(line, "name", "safe"))
                i += 4
                continue
            yield tokens[i]
            i += 1

    @staticmethod
    def _is_constant_call(tokens: list[Token], i: int) -> bool:
        return (tokens[i].test("name:_") and i + 3 < len(tokens) and (i == 0 or not tokens[i - 1].test("dot"))
                and [t.type for t in tokens[i + 1:i + 4]] == ["lparen", "string", "rparen"])


def quick_escape(value) -> Markup:
    """`markupsafe.escape`, without making a Markup again: templates show a Markup (a reused
    fragment, a translated text) about as often as a plain string, and escape() copies it."""
    if type(value) is Markup:
        return value
    return escape(value)


class QuickEscapeTemplate(jinja2.Template):
    """A template whose autoescaping calls `quick_escape`. Compiled templates call the `escape`
    their module imported from Jinja's runtime; the module's namespace is the globals of its
    render functions, blocks and macros."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = quick_escape
        return template


class Renderer:
    def __init__(self, theme_dir: Path, locale_dir: Path, languages: tuple[str, ...], problems: Problems,
                 compiled: Path | None = None, fresh: bool = False, fragments: int = REUSED_FRAGMENTS):
        """`compiled`: a folder to keep the compiled templates in between runs (see compiled_folder);
        `fresh`: compile every template again all the same, and keep them (a clean build);
        `fragments`: how many each reused macro keeps (fragments_to_keep)."""
        self.theme_dir = theme_dir
        self.fragments = fragments
        self.compiled = compiled
        self.translations = {lang: load_translations(locale_dir, lang, problems) for lang in languages}
        self.envs = {lang: self._environment(lang, compiled / lang if compiled else None, fresh) for lang in languages}
        self._compile_all(problems)

    def _compile_all(self, problems: Problems) -> None:
        """Compile every template now: a syntax error is found before any page is made, and
        worker processes forked later inherit the compiled templates instead of redoing them."""
        for env in self.envs.values():
            for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
                try:
                    env.get_template(name)
                except jinja2.TemplateSyntaxError as exc:
                    problems.add(self.theme_dir / name, exc.lineno, f"template error: {exc.message}")
                    return

    def _environment(self, lang: str, compiled: Path | None, fresh: bool) -> jinja2.Environment:
        bytecode = None
        if compiled is not None:
            compiled.mkdir(parents=True, exist_ok=True)
            bytecode = jinja2.FileSystemBytecodeCache(str(compiled))
            if fresh:
                bytecode.clear()
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.theme_dir),
            bytecode_cache=bytecode,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n", ConstantGettext],
            auto_reload=False,  # a theme change makes a new Renderer (see build._renderer)
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.template_class = QuickEscapeTemplate
        env.install_gettext_translations(self.translations[lang], newstyle=True)
        env.constant_gettext = self.translations[lang].gettext
        env.globals["reuse"], env.globals["reuse_each"] = _reusers(self.fragments)
        env.globals["make_each"] = make_each
        return env

    def gettext(self, lang: str):
        return self.translations[lang].gettext

    def render(self, page: Page) -> bytes:
        """The page's HTML; a mistake in the theme is reported at its template line."""
        try:
            template = self.envs[page.lang].get_template(page.template)
            return relink(template.render(page.context), page.path).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError([Diagnostic(exc.filename or page.template, exc.lineno, f"template error: {exc.message}")]) from exc
        except (jinja2.TemplateError, TypeError, ValueError, KeyError) as exc:
            where = _template_line(exc, self.theme_dir)
            raise ContentError([Diagnostic(where[0] or page.template, where[1],
                                           f"template error while rendering {page.path or 'index.html'}: {exc}")]) from exc


_RENDERERS: dict[tuple, Renderer] = {}


def compiled_folder(cache_dir: Path, digest: str) -> Path:
    """Where the templates of a theme (`digest`: its files and catalogs) compiled by this code
    are kept, a folder per language (each compiles its translations into the code); the folders
    of other themes and code are removed once unused for a day (not at once: another build or
    `sitegen serve` with another theme may be writing into its own).

    Compiling the templates took a third of a one-article rebuild at 5,000 articles."""
    top, name = cache_dir / "templates", f"{digest[:16]}-{code_stamp()[:12]}"
    if top.is_dir():
        for old in top.iterdir():
            if old.name != name and old.is_dir() and _unused_for(old, COMPILED_KEPT_SECONDS):
                shutil.rmtree(old, ignore_errors=True)
    return top / name


COMPILED_KEPT_SECONDS = 24 * 3600


def _unused_for(folder: Path, seconds: float) -> bool:
    try:
        newest = max([folder.stat().st_mtime, *(entry.stat().st_mtime for entry in folder.iterdir())])
    except OSError:
        return False
    return time.time() - newest > seconds


def cached_renderer(theme_dir: Path, locale_dir: Path, languages: tuple[str, ...], problems: Problems, digest: str,
                    compiled: Path | None = None, fresh: bool = False, fragments: int = REUSED_FRAGMENTS) -> Renderer:
    """The last good Renderer of this process while the theme and catalogs are unchanged.

    Compiling the templates is most of a small rebuild's time; `sitegen serve` rebuilds often.
    """
    key = (theme_dir, locale_dir, languages, digest)
    if key in _RENDERERS and _RENDERERS[key].fragments >= fragments:
        return _RENDERERS[key]
    errors_before = len(problems.errors)
    renderer = Renderer(theme_dir, locale_dir, languages, problems, compiled, fresh, fragments)
    if len(problems.errors) == errors_before:
        _RENDERERS.clear()
        _RENDERERS[key] = renderer
    return renderer
