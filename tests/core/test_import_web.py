"""`briefing import` of saved web pages, RSS/Atom feeds and URLs (a local server
on 127.0.0.1, never the internet): the article's text without the page's
boilerplate, its metadata, summary-only feed entries, fetch failures, and the
same rules as plain text (drafts that load, duplicates, --dry-run, one bad
input next to a good one)."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

from briefing.cli import main
from briefing.importer.fetch import fetch
from briefing.importer.reading import ReadError
from briefing.importer.sources import FEED, TEXT, kind_of
from briefing.importer.sources import PAGE as WEB_PAGE
from briefing.importer.web import without_controls
from briefing.loader import load_content
from tests.core.test_import_cli import INDEX  # the same small harbour briefing

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1773100800"   # 2026-03-10

PAGE_URL = "https://news.example.org/2026/03/09/harbour-talks/"

# A news page as sites send them: navigation, an advert, a "most read" box and
# a footer around the article; the metadata in og:/article: tags, a canonical
# link and a byline. The article's date (March 9) differs from the day of
# import (March 10), so a date found is a date read.
PAGE = f"""\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour Talks Stall Over Port Fees | Harbour Herald</title>
<meta property="og:title" content="Harbour Talks Stall Over Port Fees">
<meta property="og:site_name" content="Harbour Herald">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-03-09T08:30:00+01:00">
<meta name="author" content="Lena Ortiz">
<link rel="canonical" href="{PAGE_URL}">
<script>var tracking = "do not import me";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/subscribe">Subscribe now and save half</a></li></ul></nav>
<div class="ad-banner">ADVERTISEMENT: Cheap ferry tickets, book today</div>
<main><article>
<h1>Harbour Talks Stall Over Port Fees</h1>
<p class="byline">By Lena Ortiz</p>
<p>STRELSAU, Ruritania (AP) — Talks on the harbour stalled on Monday after the two
delegations failed to agree on the fees ships should pay.</p>
<p>“We will not pay twice for the same port,” Ms. Novak said. “That is final.”</p>
<p>Tomas Keller, the harbour master, said the dispute was “a matter of days.” Ships
waited outside the breakwater while the delegations met behind closed doors.</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/x">Celebrity chef opens a harbour cafe</a></li></ul></aside>
<footer><p>© 2026 Harbour Herald. All rights reserved. Cookie policy.</p></footer>
</body></html>
"""

RSS = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Harbour Herald</title><link>https://news.example.org/</link><description>News</description>
<item>
<title>Harbour Talks Stall Over Port Fees</title>
<link>https://news.example.org/2026/03/09/harbour-talks/</link>
<dc:creator>Lena Ortiz</dc:creator>
<pubDate>Mon, 09 Mar 2026 23:30:00 -0500</pubDate>
<description>Talks stalled on Monday.</description>
<content:encoded><![CDATA[<p>STRELSAU, Ruritania (AP) — Talks on the harbour stalled on Monday.</p>
<p>“We will not pay twice for the same port,” Ms. Novak said. “That is final.”</p>
<script>alert("no")</script>
<p>Tomas Keller, the harbour master, said it was <b>“a matter of days.”</b></p>]]></content:encoded>
</item>
<item>
<title>Ferry Deal Nears</title>
<link>https://news.example.org/2026/03/10/ferry-deal/</link>
<pubDate>Tue, 10 Mar 2026 10:00:00 GMT</pubDate>
<description>&lt;p&gt;“A deal on the ferries is close,” Ms. Novak said on Tuesday.&lt;/p&gt;</description>
</item>
</channel></rss>
"""

ATOM = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Harbour Herald</title><id>urn:harbour</id><updated>2026-03-10T00:00:00Z</updated>
<entry>
<title>Port Fees: a Second Round</title>
<link rel="alternate" href="https://news.example.org/2026/03/08/second-round/"/>
<id>urn:harbour:1</id>
<published>2026-03-08T23:30:00-05:00</published><updated>2026-03-09T09:00:00Z</updated>
<author><name>Lena Ortiz</name></author><author><name>Tom Rees</name></author>
<summary>Short.</summary>
<content type="html">&lt;p&gt;The second round opened in Strelsau.&lt;/p&gt;&lt;p&gt;“Nothing is agreed until everything is agreed,” Ms. Novak said.&lt;/p&gt;</content>
</entry>
<entry>
<title>Harbour Master Warns</title>
<link href="https://news.example.org/2026/03/07/warning/"/>
<id>urn:harbour:2</id><updated>2026-03-07T12:00:00Z</updated>
<summary type="text">“The port cannot wait,” Ms. Novak said.</summary>
</entry>
</feed>
"""


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def content(tmp_path) -> Path:
    root = tmp_path / "content"
    (root / "articles").mkdir(parents=True)
    (root / "index.yaml").write_text(INDEX, encoding="utf-8")
    return root


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    status = main(["import", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def loaded(root: Path):
    result = load_content(root)
    assert result.problems == (), result.problems   # `briefing check` would pass
    return {a.title: a for a in result.articles}


def body_of(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


# ------------------------------------------------------------ web pages

def test_a_saved_page_gives_the_article_without_the_boilerplate(capsys, content, tmp_path):
    status, _, err = run(capsys, "--content", content, write(tmp_path, "harbour.html", PAGE))
    assert status == 0, err
    [path] = sorted((content / "articles").glob("*.md"))
    assert path.name == "2026-03-09-harbour-talks-stall-over-port-fees.md"
    article = loaded(content)["Harbour Talks Stall Over Port Fees"]
    assert article.source == "Harbour Herald"
    assert article.authors == ("Lena Ortiz",)
    assert article.url == PAGE_URL
    assert str(article.published) == "2026-03-09"
    assert [(q.speaker, q.text) for q in article.quotes] == [
        ("novak", "We will not pay twice for the same port"), ("novak", "That is final."),
        ("keller", "a matter of days.")]
    body = body_of(path)
    assert body.startswith("Harbour Talks Stall Over Port Fees\n\nSTRELSAU, Ruritania (AP)")
    assert "Ships waited outside the breakwater" in body
    for boilerplate in ("Subscribe", "ADVERTISEMENT", "Celebrity chef", "All rights reserved", "tracking", "World news"):
        assert boilerplate not in body
    assert "<" not in body
    assert "published: 2026-03-09   # from the web page's metadata" in path.read_text(encoding="utf-8")
    assert "extracted from a web page" in err


def test_a_page_saved_with_another_suffix_is_recognised_by_its_content(capsys, content, tmp_path):
    status, _, err = run(capsys, "--content", content, write(tmp_path, "saved-page.txt", PAGE))
    assert status == 0, err
    article = loaded(content)["Harbour Talks Stall Over Port Fees"]
    assert article.url == PAGE_URL and "<" not in article.body


def test_a_page_without_metadata_still_gets_a_title_and_a_date_from_its_text(capsys, content, tmp_path):
    page = ("<html><body><article><h1>Ferry Talks Resume</h1><p>STRELSAU — Talks on the ferries resumed on "
            "March 4, 2026, after a week's pause, officials said in a statement on the harbour.</p>"
            "<p>“We are back at the table,” Ms. Novak said, adding that both sides wanted a deal on the port "
            "before the spring season began.</p></article></body></html>")
    status, _, err = run(capsys, "--content", content, write(tmp_path, "bare.htm", page))
    assert status == 0, err
    article = loaded(content)["Ferry Talks Resume"]
    assert str(article.published).startswith("2026-03")
    assert article.quotes[0].speaker == "novak"
    assert "source: the text names no outlet" in (content / "articles").glob("*.md").__next__().read_text("utf-8")


def test_escapes_and_markup_in_a_page_reach_neither_the_terminal_nor_the_file(capsys, content, tmp_path):
    hostile = (PAGE.replace("Harbour Talks Stall Over Port Fees</h1>", "Harbour &#27;[2JTalks: #1 &lt;b&gt;Stall&lt;/b&gt;\x1b[31m</h1>")
               .replace('content="Harbour Talks Stall Over Port Fees"', 'content="Harbour &#x1b;]0;pwned&#7;Talks: #1 &lt;b&gt;Stall&lt;/b&gt;"')
               .replace("said the dispute", "said &#155;the\x07 dispute"))
    status, out, err = run(capsys, "--content", content, write(tmp_path, "hostile.html", hostile))
    assert status == 0, err
    [path] = sorted((content / "articles").glob("*.md"))
    text = path.read_text(encoding="utf-8")
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in text and control not in err and control not in out
    article = next(iter(loaded(content).values()))
    assert article.title == "Harbour ]0;pwnedTalks: #1 <b>Stall</b>"   # text, kept as text; YAML quotes it
    assert "the dispute" in article.body


def test_a_page_with_no_article_fails_and_the_next_file_is_still_imported(capsys, content, tmp_path):
    empty = write(tmp_path, "menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    good = write(tmp_path, "good.html", PAGE)
    status, _, err = run(capsys, "--content", content, empty, good)
    assert status == 1
    assert f"{empty}: no article text found in the web page" in err
    assert "Traceback" not in err
    assert list(loaded(content)) == ["Harbour Talks Stall Over Port Fees"]
    assert "imported 1 article(s); 0 already in the content; 1 failed" in err


# ----------------------------------------------------------------- feeds

def test_an_rss_feed_gives_one_article_per_entry_and_marks_summary_only_ones(capsys, content, tmp_path):
    feed = write(tmp_path, "herald.rss", RSS)
    status, _, err = run(capsys, "--content", content, feed)
    assert status == 0, err
    assert f"{feed}: feed, 2 article(s)" in err
    articles = loaded(content)
    full, summary = articles["Harbour Talks Stall Over Port Fees"], articles["Ferry Deal Nears"]
    assert full.source == "Harbour Herald" and full.authors == ("Lena Ortiz",)
    assert str(full.published) == "2026-03-09"           # the publisher's day, not UTC's March 10
    assert [q.speaker for q in full.quotes] == ["novak", "novak", "keller"]
    assert "alert" not in full.body and "<" not in full.body
    assert summary.url == "https://news.example.org/2026/03/10/ferry-deal/"
    assert [q.text for q in summary.quotes] == ["A deal on the ferries is close"]
    drafted = (content / "articles" / f"{summary.id}.md").read_text(encoding="utf-8")
    assert "the feed gives only a summary of this article" in drafted.split("x-review:")[1]
    assert "the feed gives only a summary" not in (content / "articles" / f"{full.id}.md").read_text("utf-8")
    second_item = [n for n, line in enumerate(RSS.splitlines(), start=1) if line == "<item>"][1]
    assert f"{feed}:{second_item}: “Ferry Deal Nears”" in err       # the line its <item> opens on
    assert "only the feed's summary is imported" in err
    assert err.count("only the feed's summary is imported") == 1


def test_an_atom_feed_with_several_authors_and_a_text_summary(capsys, content, tmp_path):
    status, _, err = run(capsys, "--content", content, write(tmp_path, "herald.atom", ATOM))
    assert status == 0, err
    articles = loaded(content)
    second = articles["Port Fees: a Second Round"]
    assert second.authors == ("Lena Ortiz", "Tom Rees")
    assert str(second.published) == "2026-03-08"
    assert "Short." not in second.body and "The second round opened in Strelsau." in second.body
    assert second.quotes[0].text == "Nothing is agreed until everything is agreed"
    warning = articles["Harbour Master Warns"]
    assert str(warning.published) == "2026-03-07"         # from <updated>: the entry has no <published>
    assert warning.quotes[0].speaker == "novak"
    assert err.count("only the feed's summary is imported") == 1


def test_a_broken_feed_fails_and_the_good_one_next_to_it_is_imported(capsys, content, tmp_path):
    broken = write(tmp_path, "broken.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>")
    status, _, err = run(capsys, "--content", content, broken, write(tmp_path, "herald.atom", ATOM))
    assert status == 1
    assert f"{broken}: the feed has no entries" in err and "Traceback" not in err
    assert len(loaded(content)) == 2


def test_dry_run_shows_the_feed_s_drafts_and_writes_nothing(capsys, content, tmp_path):
    before = (content / "index.yaml").read_text(encoding="utf-8")
    status, out, err = run(capsys, "--content", content, "--dry-run", write(tmp_path, "herald.rss", RSS))
    assert status == 0, err
    assert out.count("# --- would write") == 2 and "title: Ferry Deal Nears" in out
    assert list((content / "articles").iterdir()) == []
    assert (content / "index.yaml").read_text(encoding="utf-8") == before
    assert "would import 2 article(s)" in err


def test_the_same_article_from_a_page_and_a_feed_is_imported_once(capsys, content, tmp_path):
    page, feed = write(tmp_path, "harbour.html", PAGE), write(tmp_path, "herald.rss", RSS)
    status, _, err = run(capsys, "--content", content, page, feed)
    assert status == 0, err
    assert "skipped “Harbour Talks Stall Over Port Fees”" in err and "(same URL)" in err
    assert sorted(loaded(content)) == ["Ferry Deal Nears", "Harbour Talks Stall Over Port Fees"]
    status, _, err = run(capsys, "--content", content, feed)   # again: nothing new
    assert status == 0 and "imported 0 article(s); 2 already in the content" in err
    assert len(list((content / "articles").glob("*.md"))) == 2


# ------------------------------------------------------------------ URLs

class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {
        "/page": (200, "text/html; charset=utf-8", PAGE.encode("utf-8")),
        "/feed": (200, "application/rss+xml", RSS.encode("utf-8")),
        "/feed-as-xml": (200, "text/xml", ATOM.encode("utf-8")),
        "/plain": (200, "text/plain; charset=windows-1252",
                   "Ferry Vote Delayed\n\nMarch 6, 2026\n\n“Not today,” Ms. Novak said of the ferry vote.\n".encode("cp1252")),
    }

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(6 * 2**20))
            self.end_headers()
            return
        if self.path == "/huge-streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            try:
                for _ in range(90):        # ~5.6 MiB, no Content-Length
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        if self.path == "/drip":          # each byte well within the timeout, the whole far past it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"<p>x</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            return
        if self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/secret")
            self.end_headers()
            return
        status, kind, data = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            pass        # the client gave up (the timeout test): nothing to report

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_to_a_page_is_fetched_and_read_as_a_web_page(capsys, content, server):
    status, _, err = run(capsys, "--content", content, f"{server}/page")
    assert status == 0, err
    article = loaded(content)["Harbour Talks Stall Over Port Fees"]
    assert article.url == PAGE_URL                          # the canonical link, not the address fetched
    assert [q.speaker for q in article.quotes] == ["novak", "novak", "keller"]
    text = (content / "articles" / f"{article.id}.md").read_text(encoding="utf-8")
    assert f"from {server}/page (line 1)" in text


def test_urls_to_feeds_are_read_as_feeds_whatever_xml_type_the_server_gives(capsys, content, server):
    status, _, err = run(capsys, "--content", content, f"{server}/feed", f"{server}/feed-as-xml")
    assert status == 0, err
    assert len(loaded(content)) == 4
    assert f"{server}/feed: feed, 2 article(s)" in err and f"{server}/feed-as-xml: feed, 2 article(s)" in err


def test_a_url_to_plain_text_uses_the_text_layouts_and_the_server_s_charset(capsys, content, server):
    status, _, err = run(capsys, "--content", content, f"{server}/plain")
    assert status == 0, err
    article = loaded(content)["Ferry Vote Delayed"]
    assert article.quotes[0].text == "Not today" and article.quotes[0].speaker == "novak"
    assert article.url == f"{server}/plain" and str(article.published) == "2026-03-06"


@pytest.mark.parametrize(("path", "message"), [
    ("/missing", "cannot fetch: HTTP 404"),
    ("/huge-declared", "cannot fetch: the page is 6.0 MiB; the limit is 5 MiB"),
    ("/huge-streamed", "cannot fetch: the page is larger than the limit of 5 MiB"),
    ("/to-ftp", "cannot fetch: redirected to a non-http address (ftp://127.0.0.1/secret)"),
])
def test_a_url_that_cannot_be_fetched_is_a_clear_error_and_the_rest_goes_on(capsys, content, server, tmp_path, path, message):
    good = write(tmp_path, "harbour.html", PAGE)
    status, _, err = run(capsys, "--content", content, f"{server}{path}", good)
    assert status == 1
    assert f"{server}{path}: {message}" in err
    assert "Traceback" not in err
    assert list(loaded(content)) == ["Harbour Talks Stall Over Port Fees"]


def test_a_slow_server_times_out(capsys, content, server):
    started = time.monotonic()
    status, _, err = run(capsys, "--content", content, "--timeout", "0.5", f"{server}/slow")
    assert time.monotonic() - started < 2.5
    assert status == 1 and f"{server}/slow: cannot fetch: timed out after 0.5 s" in err


def test_a_server_that_drips_its_page_times_out_too(capsys, content, server):
    started = time.monotonic()
    status, _, err = run(capsys, "--content", content, "--timeout", "0.5", f"{server}/drip")
    assert time.monotonic() - started < 2.0
    assert status == 1 and f"{server}/drip: cannot fetch: timed out after 0.5 s" in err


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "99999"])
def test_the_timeout_must_be_a_sensible_number_of_seconds(capsys, content, value):
    with pytest.raises(SystemExit) as stopped:
        main(["import", "--content", str(content), "--timeout", value, "http://127.0.0.1:9/"])
    assert stopped.value.code == 2
    assert "--timeout" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/article.txt", "file:///etc/passwd", "gopher://example.org/"])
def test_only_http_and_https_are_fetched(capsys, content, url):
    status, _, err = run(capsys, "--content", content, url)
    assert status == 1
    scheme = url.split(":")[0]
    assert f"{url}: cannot fetch: only http:// and https:// addresses are fetched, not {scheme}://" in err


def test_fetch_keeps_to_a_smaller_limit(server):
    with pytest.raises(ReadError, match="larger than the limit"):
        fetch(f"{server}/huge-streamed", 5, limit=100_000)
    fetched = fetch(f"{server}/page", 5)
    assert fetched.content_type == "text/html" and fetched.charset == "utf-8" and fetched.data == PAGE.encode()


# ------------------------------------------------------------ the parts

@pytest.mark.parametrize(("data", "content_type", "suffix", "kind"), [
    (PAGE.encode(), "", "", WEB_PAGE),
    (b"\xef\xbb\xbf  <html><body><p>x</p></body></html>", "", "", WEB_PAGE),
    (RSS.encode(), "", "", FEED),
    (ATOM.encode(), "", ".xml", FEED),
    (ATOM.encode(), "text/html", "", FEED),          # a feed served with the wrong type is still a feed
    (PAGE.encode(), "text/plain", "", TEXT),          # the server says it is text: it is shown as text
    (b"Harbour Talks\n\nThe <html> tag was discussed.", "", "", TEXT),
    (b"<p>a fragment</p>", "", ".html", WEB_PAGE),
    ("<html><body>x</body></html>".encode("utf-16"), "", "", WEB_PAGE),
])
def test_what_kind_of_input_it_is(data, content_type, suffix, kind):
    assert kind_of(data, content_type=content_type, suffix=suffix) == kind


def test_controls_are_removed_raw_and_as_references_and_the_rest_kept():
    assert without_controls(b"a\x1b[31mb&#27;c&#x1B;d&#155;e\tf\r\ng") == b"a[31mbcde\tf\r\ng"
    assert without_controls(b"&#8220;fine&#8221; &amp; &#x2014; &#10;") == b"&#8220;fine&#8221; &amp; &#x2014; &#10;"


def test_plain_text_import_loads_neither_trafilatura_nor_feedparser_nor_the_fetcher(tmp_path, content):
    article = write(tmp_path, "plain.txt", "Harbour Notes\n\n“No more fees,” Ms. Novak said on March 9, 2026.\n")
    script = ("import io, contextlib, json, sys\n"
              "from briefing.cli import main\n"
              "with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):\n"
              "    status = main(sys.argv[1:])\n"
              "print(json.dumps({'status': status, 'modules': sorted(sys.modules)}))\n")
    done = subprocess.run([sys.executable, "-c", script, "import", "--content", str(content), "--dry-run", str(article)],
                          capture_output=True, text=True, check=True, cwd=REPO)
    result = json.loads(done.stdout)
    assert result["status"] == 0
    loaded_modules = set(result["modules"])
    assert "briefing.importer.cli" in loaded_modules
    assert not loaded_modules & {"trafilatura", "feedparser", "lxml", "urllib.request", "http.client",
                                 "briefing.importer.web", "briefing.importer.feeds", "briefing.importer.fetch"}
