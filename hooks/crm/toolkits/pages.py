"""Toolkit pages (placeholder until written)."""
def page_files(repo):
    return {}
