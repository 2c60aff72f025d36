"""Full-text search: per language, an index split by the first letters of its terms
(index.py), facet data (facets.py) and snippet texts, plus the catalogue page (catalog.py).

The text pipeline (pipeline.py) is data-driven and mirrored line for line in
overrides/assets/search/pipeline.js; tests run both on the shipped files.
"""
