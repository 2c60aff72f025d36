"""MkDocs hooks: connect MkDocs events to the engine-independent modules in crm/.

mkdocs-static-i18n builds Spanish first, then runs a nested build for English from
its on_post_build; every event below therefore fires once per language.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from crm import DEFAULT_LANGUAGE, LANGUAGES, content, csp, dashboards, datapage, exports, holdings, offline, pages, sync, toolkits
from crm.search import catalog
from crm.strings import all_strings
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
    generated = pages.PageBuilder(repo, include_drafts, config.site_url).all_pages()
    generated.update(catalog.page_files(repo))
    generated.update(toolkits.page_files(repo))
    generated.update(dashboards.page_files(repo))
    generated.update(datapage.page_files(repo))
    sync.sync(Path(config.docs_dir), generated)


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
    else:
        (Path(config.site_dir) / lang / "404.html").write_bytes(not_found.read_bytes())
        not_found.write_bytes(_state["404"])
    if lang == LANGUAGES[-1]:  # the last language build: the whole site is on disk
        offline.write_offline_copies(Path(config.site_dir))
