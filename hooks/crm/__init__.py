"""The CRM knowledge repository: content model, validation and build steps.

Nothing here imports MkDocs: ``hooks/mkdocs_hooks.py`` connects these modules to
MkDocs events, so another static-site engine would only need a new adapter.
"""
LANGUAGES = ("es", "en")  # Spanish first: it is the default and the fallback
DEFAULT_LANGUAGE = "es"


def site_prefix(lang: str) -> str:
    """Where a language's pages start in the site: the root for Spanish, ``en/`` for English."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
