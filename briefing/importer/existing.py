"""Articles already in the content directory, to recognise a re-import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from briefing import safeyaml
from briefing.loader import ContentError, article_paths, read_text, split_front_matter
from briefing.text import fold_for_search


@dataclass
class ExistingArticle:
    path: Path
    id: str
    title: str
    published: str
    url: str


def scan(content_dir: Path) -> list[ExistingArticle]:
    """What each article file says about itself; unreadable files are skipped, not fatal."""
    found = []
    for path in article_paths(content_dir):
        title = published = url = ""
        article_id = path.stem
        try:
            front, _, _ = split_front_matter(read_text(path), str(path))
            data, _ = safeyaml.parse(front)
        except (ContentError, safeyaml.YamlError):
            data = None
        if isinstance(data, dict):
            title = str(data.get("title") or "")
            published = str(data.get("published") or "")
            url = str(data.get("url") or "")
            article_id = str(data.get("id") or path.stem)
        found.append(ExistingArticle(path, article_id, title, published, url))
    return found


def normal_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip().lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")])
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def find_duplicate(existing: list[ExistingArticle], title: str, published: str, url: str) -> tuple[ExistingArticle, str] | None:
    if url:
        wanted = normal_url(url)
        for article in existing:
            if article.url and normal_url(article.url) == wanted:
                return article, "same URL"
    folded = _title_key(title)
    for article in existing:
        if folded and _title_key(article.title) == folded and article.published == published:
            return article, "same title and date"
    return None


def _title_key(title: str) -> str:
    return re.sub(r"[^\w]+", " ", fold_for_search(title)).strip()
