"""MkDocs hooks: connect MkDocs events to the engine-independent modules in crm/.

mkdocs-static-i18n builds Spanish first, then runs a nested build for English from
its on_post_build; every event below therefore fires once per language.
"""
from __future__ import annotations

import functools
from pathlib import Path
from types import SimpleNamespace

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from crm import DEFAULT_LANGUAGE, LANGUAGES, content, csp, dashboards, datapage, exports, holdings, offline, pages, planpdf, sync, toolkits
from crm.search import catalog
from crm.strings import all_strings
from crm.templating import Helpers
from crm.problems import ContentError

_state = {"command": "build", "repo": None}


def on_startup(command, dirty):
    _state["command"] = command  # drafts are previewed by `serve`, never published by `build`


def _current_language(config) -> str:
    return config.plugins["i18n"].current_language or DEFAULT_LANGUAGE


def on_pre_build(config):
    if _current_language(config) != DEFAULT_LANGUAGE and _state["repo"] is not None:
        return  # same content for the nested English build
    root = Path(config.config_file_path).parent
    repo, problems = content.load(root)
    if problems:
        raise PluginError(str(ContentError(problems)))
    _state["repo"] = repo
    include_drafts = _state["command"] == "serve"
    _state["site_pages"] = (pages.site_pages(repo, include_drafts) + toolkits.pages(repo) + dashboards.pages(repo)
                            + datapage.pages(repo) + catalog.pages(repo))
    sync.sync(Path(config.docs_dir), {})  # removes the Markdown pages earlier builds wrote


def _page_file(page: pages.SitePage, config) -> File:
    """A virtual docs file for a page drawn by a template, with what mkdocs-static-i18n
    gives its own files: the language and the alternates (hreflang, sitemap, menu)."""
    prefix = "" if page.lang == DEFAULT_LANGUAGE else f"{page.lang}/"
    file = File(pages.source_name(page.url, page.lang), src_dir=None, dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls, dest_uri=f"{prefix}{page.url}index.html")
    file.content_string = ""  # no Markdown: the template draws the page from the model
    file.locale = file.locale_alternate_of = page.lang
    file.localization = None if page.lang == DEFAULT_LANGUAGE else page.lang
    file.norm_src_uri = pages.source_name(page.url, DEFAULT_LANGUAGE)
    file.alternates = {lang: file if lang == page.lang else SimpleNamespace(url=("" if lang == DEFAULT_LANGUAGE else f"{lang}/") + page.url)
                       for lang in LANGUAGES}
    return file


@event_priority(-200)  # after mkdocs-static-i18n (-100) has picked the language's own files
def on_files(files, config):
    lang = _current_language(config)
    chosen = {}
    for page in _state["site_pages"]:
        if page.lang == lang:
            file = _page_file(page, config)
            files.append(file)
            chosen[file.src_uri] = page
    _state["pages"] = chosen
    config.plugins["i18n"].i18n_files_per_language[lang] += [file for file in files if file.src_uri in chosen]  # sitemap.xml
    return files


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
    return context


def on_serve(server, config, builder):
    # The build rewrites generated pages under docs/; watching them would rebuild
    # twice per save. Watch only the hand-written parts of docs/.
    server.unwatch(config.docs_dir)
    for entry in sorted(Path(config.docs_dir).iterdir()):
        if not sync.is_generated(entry):
            server.watch(str(entry))
    return server


def on_env(env, config, files):
    env.globals["crm"] = all_strings(_current_language(config))  # interface text for templates
    env.globals["h"] = Helpers(_state["repo"], _current_language(config), config.site_url)  # helpers of page templates
    # Our own templates (those the theme does not have) escape what they print; the
    # theme's, and our overrides of them, do not: they print HTML held in strings.
    theme_dirs = [Path(folder) for folder in config.theme.dirs if Path(folder) != Path(config.theme.custom_dir)]
    env.autoescape = functools.lru_cache(maxsize=None)(lambda name: name is not None and not any((folder / name).is_file() for folder in theme_dirs))
    return env


def on_post_page(output, page, config):
    return csp.with_policy(output)


def on_post_template(output_content, template_name, config):
    # 404.html is a static template: on_post_page never sees it.
    return csp.with_policy(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config):
    # Every language build renders the theme's 404.html at the site root; keep the
    # Spanish one there and move each other language's under its prefix.
    not_found = Path(config.site_dir) / "404.html"
    lang = _current_language(config)
    if lang == DEFAULT_LANGUAGE:
        _state["404"] = not_found.read_bytes()
        site_dir, repo = Path(config.site_dir), _state["repo"]
        catalog.write_search_files(repo, site_dir)
        toolkits.write_bundles(repo, site_dir)
        exports.write_exports(repo, site_dir, config.site_url)
        holdings.write_files(repo.visible_records(include_drafts=_state["command"] == "serve"), site_dir)
        planpdf.write(repo.plan, site_dir)
    else:
        (Path(config.site_dir) / lang / "404.html").write_bytes(not_found.read_bytes())
        not_found.write_bytes(_state["404"])
    if lang == LANGUAGES[-1]:  # the last language build: the whole site is on disk
        offline.write_offline_copies(Path(config.site_dir))
