"""How the reader's edits name articles: by content hash first, then by path.

Content hashes let edits survive moving or renaming the library folder; the path is the
fallback when a file's text changed (edited, or reopened with another encoding).
"""
from __future__ import annotations

from typing import Optional, Sequence

from ..model import Article


def article_ref(article: Article) -> dict[str, str]:
    return {"hash": article.content_hash, "path": article.path}


def file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


class ArticleLookup:
    """Finds the article a stored reference names: same content (at the same path, else with the
    same file name, else anywhere — identical copies stay apart), else same path."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.by_hash: dict[str, list[Article]] = {}
        self.by_path: dict[str, Article] = {}
        for article in articles:
            self.by_hash.setdefault(article.content_hash, []).append(article)
            self.by_path[article.path] = article

    def resolve(self, ref: dict) -> Optional[Article]:
        same = self.by_hash.get(ref.get("hash", ""), [])
        path = ref.get("path", "")
        if same:
            return next((a for a in same if a.path == path), None) or \
                next((a for a in same if a.name == file_name(path)), same[0])
        return self.by_path.get(path)
