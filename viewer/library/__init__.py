"""Stage 3, library: analysed articles → events, plus the reader's own corrections.

``library.Library`` opens paths (ingest + analysis) and holds the articles, their
analyses, the canonical entities and the events ``events`` groups them into;
``userstate`` keeps the reader's edits (metadata, event moves, manual links) beside
the library, never in the source files.
"""
from .library import Library

__all__ = ["Library"]
