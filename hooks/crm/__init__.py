"""The CRM knowledge repository: content model, validation and build steps.

Nothing here imports MkDocs: ``hooks/mkdocs_hooks.py`` connects these modules to
MkDocs events, so another static-site engine would only need a new adapter.
"""
LANGUAGES = ("es", "en")  # Spanish first: it is the default and the fallback
DEFAULT_LANGUAGE = "es"
