"""Bytes to text: encoding detection and the checks that give bad input a clear error."""

from __future__ import annotations

import codecs
import os
import stat

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # a gazette issue as text is well under 2 MB


class InputError(Exception):
    """Input that cannot be parsed; the message names the file and the reason."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


# what text in Chinese is made of: ASCII and Latin-1, punctuation and symbols (— … ℃ ① → ■),
# CJK punctuation, kana, enclosed and compatibility forms (㎡), ideographs, full-width forms
_TEXT_RANGES = (
    (" ", "~"),
    ("\xa0", "\xff"),
    ("\u2000", "\u2bff"),
    ("\u3000", "\u30ff"),
    ("\u3200", "\u33ff"),
    ("\u3400", "\u9fff"),
    ("\uff00", "\uffef"),
)


def _plausible(text: str) -> float:
    """Share of characters that text in Chinese holds (_TEXT_RANGES and line ends). Binary
    bytes read as UTF-16 give code points all over the plane: about half of them pass."""
    if not text:
        return 0.0
    ok = sum(1 for c in text if c in "\t\n\r\f" or any(a <= c <= b for a, b in _TEXT_RANGES))
    return ok / len(text)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes (the high byte of every ASCII character, line ends
    included) and a byte order that reads as text. When both orders read as text (ASCII letters
    swapped are ideographs), the one that puts the NULs in the high byte wins. The share of
    NULs tells nothing: text in Chinese has them only in its few ASCII characters."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    scores = {}
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:  # a surrogate pair cut at the sample's end, or no UTF-16
            text = sample[:-2].decode(enc, "replace")
        scores[enc] = _plausible(text)
    readable = [enc for enc, score in scores.items() if score >= 0.9]
    if len(readable) == 2:
        return "utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"
    return readable[0] if readable else None


def decode_bytes(data: bytes, name: str | os.PathLike[str] = "<input>") -> str:
    """Decode gazette text: UTF-8 (with or without BOM), UTF-16 (BOM or not), GB18030/GBK.

    Raises InputError for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(name, "file is empty")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), name)
            except UnicodeDecodeError as e:
                raise InputError(
                    name, f"not valid {enc} text despite its byte-order mark ({e.reason} at byte {e.start})"
                ) from None
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return _check_text(data.decode(utf16), name)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise InputError(name, "binary file (contains NUL bytes), not gazette text")
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    try:
        return _check_text(data.decode("gb18030"), name)
    except UnicodeDecodeError as e:
        raise InputError(
            name, f"undecodable bytes at offset {e.start}: not UTF-8, UTF-16 or GB18030/GBK text"
        ) from None


def _check_text(text: str, name: str | os.PathLike[str]) -> str:
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    if sample and controls / len(sample) > 0.02:
        raise InputError(name, "binary file (too many control characters), not gazette text")
    if not text.strip():
        raise InputError(name, "file is empty")
    return text


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: str | os.PathLike[str]) -> int:
    """A descriptor of ``path`` open for reading, or InputError when it is missing, a folder or
    not a regular file. Opened without blocking, so a named pipe with no writer is refused
    instead of waiting forever; a symlink is followed to what it points at (/dev/zero: a
    device, refused)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror}") from None
    mode = os.fstat(fd).st_mode
    if stat.S_ISREG(mode):
        return fd
    os.close(fd)
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a directory, not a file")
    what = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
    raise InputError(path, f"is {what}, not a regular file")


def read_regular(path: str | os.PathLike[str], max_bytes: int, what: str = "text") -> bytes:
    """The bytes of a regular file, refused with InputError above ``max_bytes`` (also when it
    grows while being read: at most max_bytes + 1 bytes are ever read)."""
    fd = open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=True) as fh:
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(max_bytes + 1) if size <= max_bytes else b""
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror}") from None
    if size > max_bytes or len(data) > max_bytes:
        size = max(size, len(data))
        raise InputError(
            path, f"file too large ({size / 1e6:.0f} MB; the limit for {what} is {max_bytes / 1e6:.0f} MB)"
        )
    return data


def read_text_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode a text file, with a clear InputError for every kind of bad input."""
    return decode_bytes(read_regular(path, max_bytes), path)


def split_lines(text: str) -> list[str]:
    """Lines as the user's editor numbers them: CRLF and lone CR are line ends, nothing else.

    (str.splitlines would also split at form feeds and U+2028, shifting every line number.)
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n")
