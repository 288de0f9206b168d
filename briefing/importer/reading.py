"""A raw article file's bytes → text, or a clear reason why not.

Users paste news from anywhere, so besides UTF-8 (with or without a BOM)
we accept UTF-16 with a BOM and, failing UTF-8, Windows-1252 — the usual
encoding of text saved from older Windows tools — and say that we did.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from briefing.content_files import os_reason

MAX_BYTES = 5 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be imported; `line` is 0 when no line applies."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class RawText:
    path: str
    text: str          # LF line ends, no BOM
    encoding: str      # what it was decoded from
    note: str = ""     # e.g. "not UTF-8: read as Windows-1252"


def read_raw(path: str | os.PathLike[str]) -> RawText:
    return decode(read_bytes(path), str(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, refused when it is a directory or over the size limit."""
    where = str(path)
    try:
        if os.path.isdir(path):
            raise ReadError(where, 0, "is a directory, not a text file")
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ReadError(where, 0, f"file is {size / 2**20:.1f} MiB; the limit is 5 MiB")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReadError(where, 0, f"cannot read: {os_reason(error)}") from None
    return data


def decode(data: bytes, where: str = "<text>") -> RawText:
    if not data.strip():
        raise ReadError(where, 0, "empty file: no article text to import")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = _lines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise ReadError(where, 0, "starts with a UTF-16 mark but is not UTF-16 text") from None
        return _checked(RawText(where, text, "utf-16", "read as UTF-16"), 1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReadError(where, line, "binary file (contains a NUL byte); expected article text")
    try:
        text = _lines(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        bad_line = data[: error.start].count(b"\n") + 1
        bad_byte = data[error.start]
    else:
        return _checked(RawText(where, text, "utf-8"), 1)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ReadError(where, bad_line, f"not UTF-8 text (byte 0x{bad_byte:02x}) nor Windows-1252; "
                                         "save the file as UTF-8") from None
    if _looks_binary(text):
        raise ReadError(where, bad_line, f"binary file (byte 0x{bad_byte:02x} is not UTF-8 text)")
    return _checked(RawText(where, _lines(text), "cp1252",
                            f"not UTF-8 (byte 0x{bad_byte:02x} on line {bad_line}): read as Windows-1252"), bad_line)


def _lines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _checked(raw: RawText, line: int) -> RawText:
    if _looks_binary(raw.text):
        raise ReadError(raw.path, line, "binary file (control characters); expected article text")
    if not raw.text.strip():
        raise ReadError(raw.path, 0, "empty file: no article text to import")
    return raw


def _looks_binary(text: str) -> bool:
    """Many control characters (other than tab, newline, form feed) mean binary data."""
    sample = text[:4096]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\f") or 0x7f <= ord(ch) < 0xa0)
    return controls > max(2, len(sample) // 100)
