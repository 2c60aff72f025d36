"""MkDocs hooks: connect MkDocs events to the engine-independent modules in crm/.

mkdocs-static-i18n builds Spanish first, then runs a nested build for English from
its on_post_build; every event below therefore fires once per language.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path
from types import SimpleNamespace

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from crm import DEFAULT_LANGUAGE, LANGUAGES, admin, site_prefix, content, csp, dashboards, datapage, exports, forked, holdings, offline, pages, planpdf, preview, sync, toolkits
from crm.search import catalog
from crm.strings import STRINGS, all_strings
from crm.templating import Helpers, compiled_templates
from crm.problems import ContentError

_state = {"include_drafts": False, "repo": None, "preview": False}
# `make serve` runs `mkdocs serve --dirtyreload`: a rebuild skips the pages MkDocs is
# told are unchanged. For the pages drawn from the model, unchanged means the same key
# (see pages.SitePage.cache_key) as when this process last wrote them: (lang, url) -> key.
_written: dict[tuple[str, str], tuple] = {}


class _QuietDirtyBuild(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave stale pages: the hooks tell
    MkDocs which generated pages changed (strict mode would stop on the warning)."""

    def filter(self, record):
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_startup(command, dirty):
    _state["include_drafts"] = command == "serve"  # drafts are previewed by `serve`, never published by `build`
    _state["preview"] = command == "serve" and dirty
    if _state["preview"]:
        logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirtyBuild())


def _current_language(config) -> str:
    return config.plugins["i18n"].current_language or DEFAULT_LANGUAGE


def on_pre_build(config):
    if _current_language(config) != DEFAULT_LANGUAGE and _state["repo"] is not None:
        return  # same content for the nested English build
    if "preview_files" in _state:
        _state.pop("preview_files").stop()  # the previous save's search index and exports would be stale
    forked.unfreeze()  # the previous build's objects
    root = Path(config.config_file_path).parent
    repo, problems = content.load(root)
    if problems:
        raise PluginError(str(ContentError(problems)))
    _state["repo"] = repo
    planpdf.start_drawing(repo.plan)
    include_drafts = _state["include_drafts"]
    if _state["preview"]:
        config.theme.static_templates.discard("sitemap.xml")  # a preview needs none
        # What every page also depends on: templates, strings, definitions, schemas, hand-written pages, nav.
        watched = [*Path(config.theme.custom_dir).rglob("*.html"), Path(config.config_file_path), *(root / "content").glob("*.yml"),
                   *(root / "content" / "schemas").glob("*.json"), *Path(config.docs_dir).glob("*.md"), STRINGS]
        site_key = (config.site_url, *sorted((str(p), p.stat().st_mtime_ns) for p in watched))
        _state["site_changed"] = _state.get("site_key") != site_key
        if _state["site_changed"]:
            _written.clear()
        _state["site_key"] = site_key
    _state["site_pages"] = (pages.site_pages(repo, include_drafts) + toolkits.site_pages(repo) + dashboards.pages(repo)
                            + datapage.pages(repo) + catalog.pages(repo))
    sync.sync(Path(config.docs_dir), {})  # removes the Markdown pages earlier builds wrote


def _page_file(page: pages.SitePage, config) -> File:
    """A virtual docs file for a page drawn by a template, with what mkdocs-static-i18n
    gives its own files: the language and the alternates (hreflang, sitemap, menu)."""
    file = File(pages.source_name(page.url, page.lang), src_dir=None, dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls, dest_uri=f"{site_prefix(page.lang)}{page.url}index.html")
    file.content_string = ""  # no Markdown: the template draws the page from the model
    file.locale = file.locale_alternate_of = page.lang
    file.localization = None if page.lang == DEFAULT_LANGUAGE else page.lang
    file.norm_src_uri = pages.source_name(page.url, DEFAULT_LANGUAGE)
    file.alternates = {lang: file if lang == page.lang else SimpleNamespace(url=site_prefix(lang) + page.url)
                       for lang in LANGUAGES}
    return file


def _key(site_page):
    """The key of a page's last drawing, in a preview; None: draw it every time."""
    if site_page.cache_key is None:
        return None
    return _state["site_key"], site_page.template, site_page.cache_key


@event_priority(-200)  # after mkdocs-static-i18n (-100) has picked the language's own files
def on_files(files, config):
    lang = _current_language(config)
    if _state["preview"] and _state["site_changed"]:
        for file in files.documentation_pages():  # templates, strings or nav changed: every page
            file.is_modified = lambda: True
    chosen = {}
    for page in _state["site_pages"]:
        if page.lang == lang:
            file = _page_file(page, config)
            if _state["preview"]:
                key = _key(page)
                file.is_modified = lambda key=key, at=(lang, page.url): key is None or _written.get(at) != key
            files.append(file)
            chosen[file.src_uri] = page
    _state["pages"] = chosen
    config.plugins["i18n"].i18n_files_per_language[lang] += [file for file in files if file.src_uri in chosen]  # sitemap.xml
    return files


class _DrawnPage(Page):
    """A page the templates draw from the model: it has no Markdown, so none is converted
    (MkDocs would set up a Markdown converter for each page, for an empty text)."""

    def render(self, config, files) -> None:
        self.content, self.toc, self.present_anchor_ids, self.links_to_anchors = "", get_toc([]), set(), {}


@event_priority(-200)  # after mkdocs-static-i18n (-100) has made the language's navigation
def on_nav(nav, config, files):
    _state["in_nav"] = {page.file.src_uri for page in nav.pages}
    for file in files.documentation_pages():
        # Generated pages outside the navigation (MkDocs gave them a plain Page, which nothing else holds yet).
        if file.src_uri in _state["pages"] and file.src_uri not in _state["in_nav"]:
            _DrawnPage(None, file, config)
    return nav


def on_page_markdown(markdown, page, config, files):
    site_page = _state["pages"].get(page.file.src_uri)
    if site_page is None:
        return markdown
    # The theme prints title and description unescaped.
    page.meta = {"template": site_page.template, "title": escape(site_page.title)}
    if site_page.description:
        page.meta["description"] = escape(site_page.description)
    if site_page.jsonld:
        page.meta["crm_jsonld"] = site_page.jsonld
    return ""


def on_page_content(html, page, config, files):
    site_page = _state["pages"].get(page.file.src_uri)
    if site_page is not None and site_page.toc:
        page.toc = get_toc(_toc_tokens(site_page.toc))
    return html


def _toc_tokens(headings) -> list[dict]:
    """Python-Markdown's toc tokens (what MkDocs builds page.toc from), nested by level."""
    tokens, open_levels = [], []
    for level, anchor, title in headings:
        token = {"level": level, "id": anchor, "name": str(escape(title)), "children": []}
        while open_levels and open_levels[-1]["level"] >= level:
            open_levels.pop()
        (open_levels[-1]["children"] if open_levels else tokens).append(token)
        open_levels.append(token)
    return tokens


def on_page_context(context, page, config, nav):
    site_page = _state["pages"].get(page.file.src_uri)
    if site_page is not None:
        context.update(site_page.context)
        # A page outside the navigation draws the same navigation as every other page in
        # its folder (the navigation's links are relative to the folder): generated.html
        # draws it once per folder.
        context["crm_nav_key"] = None if page.file.src_uri in _state["in_nav"] else page.url.rstrip("/").rpartition("/")[0]
    return context


def on_serve(server, config, builder):
    # Builds before the page templates wrote generated pages under docs/ (sync removes
    # them on the first build); watching them would rebuild twice. Watch only the
    # hand-written parts of docs/.
    server.unwatch(config.docs_dir)
    for entry in sorted(Path(config.docs_dir).iterdir()):
        if not sync.is_generated(entry):
            server.watch(str(entry))
    return server


def _write_model_files(site_dir: Path, site_url: str) -> None:
    """The files drawn from the model alone (no built page needed)."""
    repo = _state["repo"]
    catalog.write_search_files(repo, site_dir)
    toolkits.write_bundles(repo, site_dir)
    exports.write_exports(repo, site_dir, site_url)
    holdings.write_files(repo.visible_records(include_drafts=_state["include_drafts"]), site_dir)
    planpdf.write(repo.plan, site_dir)


def _write_and_pack_model_files(folder: Path, site_url: str) -> list:
    """The model's files, then the same packed for the offline copy (crm.offline)."""
    _write_model_files(folder, site_url)
    return offline.pack_folder(folder, site_url)


def _write_admin(config) -> None:
    try:  # reads the theme's stylesheets, copied into the site by the build
        admin.write_admin(_state["repo"], Path(config.site_dir), config.extra.get("editor") or {}, config.extra_css)
    except admin.EditorError as error:
        raise PluginError(str(error)) from None


def on_env(env, config, files):
    if not _state["preview"] and _current_language(config) == DEFAULT_LANGUAGE:
        # site_dir has just been emptied; the pages of both languages are drawn next.
        pages.render_bodies(_state["repo"].visible_records(include_drafts=_state["include_drafts"]))
        planpdf.pdf_bytes(_state["repo"].plan)  # collected before the writer forks: it writes the PDF
        _state["model_files"] = forked.ForkedWriter(functools.partial(_write_and_pack_model_files, site_url=config.site_url), Path(config.site_dir))
        # The offline copy's pages, each packed by a child once written (read back from
        # disk: cheaper for this process than sending it the page).
        _state["offline_pages"] = forked.ForkedStream(functools.partial(offline.pack_file, site_dir=Path(config.site_dir), online=config.site_url))
    env.globals["crm"] = all_strings(_current_language(config))  # interface text for templates
    env.globals["h"] = Helpers(_state["repo"], _current_language(config), config.site_url)  # helpers of page templates
    # Our own templates (those the theme does not have) escape what they print; the
    # theme's, and our overrides of them, do not: they print HTML held in strings.
    theme_dirs = [Path(folder) for folder in config.theme.dirs if Path(folder) != Path(config.theme.custom_dir)]
    env.autoescape = functools.lru_cache(maxsize=None)(lambda name: name is not None and not any((folder / name).is_file() for folder in theme_dirs))
    env.bytecode_cache = compiled_templates(tuple(config.theme.dirs))
    env.auto_reload = False  # a template is looked up dozens of times a page: no file time check each time (each build has a new environment)
    return env


@event_priority(-1000)  # last: the offline copy packs the page as it is written
def on_post_page(output, page, config):
    site_page = _state["pages"].get(page.file.src_uri)
    if _state["preview"] and site_page is not None:
        _written[site_page.lang, site_page.url] = _key(site_page)
    output = csp.with_policy(output)
    if "offline_pages" in _state:
        _pack_written_page(page.file.dest_uri)
    return output


def _pack_written_page(name: str | None) -> None:
    """Send the previous page to the offline copy's packer: MkDocs writes a page after its
    on_post_page, so the previous one is on disk by now. ``None``: the last is written."""
    written = _state.pop("page_being_written", None)
    if written is not None:
        _state["offline_pages"].send(written)
    if name is not None:
        _state["page_being_written"] = name


def on_post_template(output_content, template_name, config):
    # 404.html is a static template: on_post_page never sees it.
    return csp.with_policy(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config):
    if "offline_pages" in _state:
        _pack_written_page(None)
    # Every language build renders the theme's 404.html at the site root; keep the
    # Spanish one there and move each other language's under its prefix.
    site_dir = Path(config.site_dir)
    not_found = site_dir / "404.html"
    lang = _current_language(config)
    if lang == DEFAULT_LANGUAGE:
        _state["404"] = not_found.read_bytes()
    else:
        (site_dir / lang / "404.html").write_bytes(not_found.read_bytes())
        not_found.write_bytes(_state["404"])
    if lang != LANGUAGES[-1]:
        return
    if not _state["preview"]:  # the last language build: every page is on disk
        try:
            packed_model_files = _state.pop("model_files").finish(site_dir)
        except forked.ForkedError as error:
            raise PluginError(f"writing the search index, exports or downloads failed:\n{error}") from None
        _write_admin(config)
        try:
            packed_pages = _state.pop("offline_pages").results()
        except forked.ForkedError as error:
            raise PluginError(f"packing the offline copy failed:\n{error}") from None
        offline.write_offline_copies(site_dir, config.site_url, packed_model_files + packed_pages)
        return
    # A preview: the edited pages are served as soon as the build returns, the search
    # index and exports follow a moment later (see crm/preview.py), and a preview needs
    # no offline copy. Pages no longer generated leave the preview.
    current = {(page.lang, page.url) for page in _state["site_pages"]}
    for page_lang, url in set(_written) - current:
        del _written[page_lang, url]
        (site_dir / site_prefix(page_lang) / url / "index.html").unlink(missing_ok=True)
    _state["preview_files"] = preview.ModelFiles(functools.partial(_write_model_files, site_url=config.site_url), site_dir,
                                               then=functools.partial(_write_admin, config))


def on_build_error(error):
    _state.pop("page_being_written", None)
    for work in ("model_files", "offline_pages"):
        if work in _state:
            _state.pop(work).abandon()
