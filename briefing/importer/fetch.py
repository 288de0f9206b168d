"""Fetching one web address for `briefing import URL`, with the standard library.

Only http and https, redirects included; a time limit on the whole fetch (not
only on each read, which a slow server could drip past) and the file limit
of reading.MAX_BYTES. Every failure is a ReadError `URL: cannot fetch: why`.
Imported only when a URL comes (sources.py): http.client and urllib.request
are a good part of the importer's start otherwise.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from briefing import __version__
from briefing.content_files import os_reason
from briefing.importer.reading import MAX_BYTES, ReadError
from briefing.text import one_line

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str            # after redirects
    content_type: str   # e.g. "text/html", lower case, no parameters ("" when the server gave none)
    charset: str        # the Content-Type's charset parameter, or ""
    data: bytes


def fetch(url: str, timeout: float, limit: int = MAX_BYTES) -> Fetched:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise _cannot(url, f"only http:// and https:// addresses are fetched, not {scheme}://")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": f"briefing-import/{__version__}",
                                                   "Accept": "text/html, application/xhtml+xml, application/rss+xml, "
                                                             "application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5"})
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                raise _cannot(url, f"the page is {int(length) / 2**20:.1f} MiB; the limit is {limit / 2**20:g} MiB")
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise _cannot(url, f"timed out after {timeout:g} s")
                chunk = response.read1(_CHUNK)   # one receive at a time: the deadline is checked between them
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise _cannot(url, f"the page is larger than the limit of {limit / 2**20:g} MiB")
            return Fetched(response.geturl(), headers.get_content_type() if headers.get("Content-Type") else "",
                           str(headers.get_content_charset() or ""), b"".join(chunks))
    except urllib.error.HTTPError as error:
        raise _cannot(url, f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise _cannot(url, f"timed out after {timeout:g} s") from None
        raise _cannot(url, os_reason(reason) if isinstance(reason, OSError) else str(reason)) from None
    except TimeoutError:
        raise _cannot(url, f"timed out after {timeout:g} s") from None
    except (http.client.HTTPException, ValueError) as error:
        raise _cannot(url, f"{type(error).__name__}: {error}") from None
    except OSError as error:
        raise _cannot(url, os_reason(error)) from None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would also follow a redirect to ftp://; a page may only send us to http(s)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.URLError(f"redirected to a non-http address ({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _cannot(url: str, why: str) -> ReadError:
    return ReadError(one_line(url), 0, f"cannot fetch: {one_line(why)}")
