"""Reading users' text files: UTF-8 only, with a located error otherwise."""

from __future__ import annotations

import errno
from pathlib import Path

from .errors import Pos

# A description this large is a mistake (or an attack), not documentation.
MAX_FILE_BYTES = 4 * 1024 * 1024


class SourceError(Exception):
    """A file cannot be read as text; carries the position of the problem."""

    def __init__(self, pos: Pos | None, message: str):
        self.pos = pos
        self.message = message
        super().__init__(message)


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (a BOM is allowed) with normalised newlines."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the same words as the check of the folders (sourcecheck)
            raise SourceError(None, "symlink loop: the link leads back to itself") from None
        raise SourceError(None, f"cannot read file: {exc.strerror}") from None
    if len(data) > limit:
        raise SourceError(
            Pos(1, 1),
            f"file is {len(data) // 1024} KiB, over the {limit // 1024} KiB limit for one source file",
        )
    return decode_text(data)


def decode_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            Pos(line, col),
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
