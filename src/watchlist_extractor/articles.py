"""Stage 0, inputs: files, folders and JSON Lines corpora → Articles, or skipped inputs with a reason.

Nothing is lost: every file found is either read as an Article or reported as skipped
(empty, binary, not UTF-8, unreadable, too large, unsupported type).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .results import DocumentResult

TEXT_SUFFIXES = (".txt", ".md")
CORPUS_SUFFIXES = (".jsonl",)
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # larger inputs are skipped, not loaded by surprise
_BINARY_SNIFF = 8192
_CONTROL_BYTES = bytes(range(0x09)) + bytes(range(0x0e, 0x20))


@dataclass(frozen=True, slots=True)
class Article:
    """One document to scan: its display name, where it came from, and its decoded text."""

    document: str  # path relative to its input root (forward slashes); "corpus.jsonl#id" for corpora
    path: str  # on disk, as given
    text: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True, slots=True)
class InputItem:
    """A file to read, with the name it will have in the report."""

    document: str
    # On disk, as a string: an archive has many files, and Path objects are slow to build
    # and to send to worker processes.
    path: str
    explicit: bool  # named on the command line (scanned whatever its suffix)

    @property
    def is_corpus(self) -> bool:
        return self.path.lower().endswith(CORPUS_SUFFIXES)


def discover_inputs(inputs: Sequence[Path | str]) -> list[InputItem]:
    """Files under the inputs (folders recursively, hidden files skipped), in a stable order.

    Documents are named relative to their input root; when two inputs would give the same
    name, the root's own name is put in front.
    """
    items: list[InputItem] = []
    for raw in inputs:
        root = Path(raw)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                # Names are built as strings, once per folder: an archive has many files.
                folder = os.path.relpath(dirpath, root).replace(os.sep, "/")
                prefix = "" if folder == "." else folder + "/"
                for name in sorted(filenames):
                    if not name.startswith("."):
                        items.append(InputItem(prefix + name, os.path.join(dirpath, name),
                                               False))
        elif root.exists():
            items.append(InputItem(root.name, str(root), True))
        else:
            raise InputError(f"{raw}: no such file or folder")
    seen: dict[str, int] = {}
    for item in items:
        seen[item.document] = seen.get(item.document, 0) + 1
    if any(count > 1 for count in seen.values()):
        items = [InputItem(_qualified(item, inputs), item.path, item.explicit) for item in items]
    return items


def _qualified(item: InputItem, inputs: Sequence[Path | str]) -> str:
    for raw in inputs:
        root = Path(raw)
        if root.is_dir() and Path(item.path).is_relative_to(root):
            return f"{root.resolve().name}/{item.document}"
    return Path(item.path).as_posix()


def decode_text(raw: bytes) -> tuple[str | None, str]:
    """Decode article bytes: (text, "") or (None, reason it is skipped).

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read; anything else is reported
    rather than guessed, so that a quote in the report is never mis-decoded text.
    """
    if not raw.strip():
        return None, "empty file" if not raw else "empty file (whitespace only)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "not valid UTF-16 text despite its byte-order mark"
    if b"\x00" in raw[:_BINARY_SNIFF]:
        return None, "binary file (contains NUL bytes)"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, (f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                      "convert it to UTF-8")
    # Counted on the bytes (in C): these ASCII control bytes never occur inside a UTF-8
    # sequence, and the BOM (3 bytes) does not change the count.
    sniff = raw[:_BINARY_SNIFF]
    controls = len(sniff) - len(sniff.translate(None, _CONTROL_BYTES))
    if controls > 0.1 * len(sniff):
        return None, "binary file (mostly control characters)"
    return text, ""


def read_article(item: InputItem, max_bytes: int = DEFAULT_MAX_BYTES
                 ) -> tuple[Article | None, DocumentResult | None]:
    """Read one input: (Article, None) when it can be scanned, else (None, skipped result)."""
    shown = item.path

    def skipped(reason: str, size: int = 0, digest: str = "") -> tuple[None, DocumentResult]:
        return None, DocumentResult(item.document, shown, "skipped", reason, size, digest)

    if not item.explicit and not item.path.lower().endswith(TEXT_SUFFIXES):
        path = Path(item.path)
        return skipped(f"unsupported file type '{path.suffix or path.name}' "
                       f"(scanned: {', '.join(TEXT_SUFFIXES + CORPUS_SUFFIXES)})")
    try:
        size = os.stat(item.path).st_size
        if size > max_bytes:
            return skipped(f"larger than the {max_bytes:,}-byte limit ({size:,} bytes); "
                           "raise --max-size to scan it", size)
        with open(item.path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return skipped(f"cannot read: {exc.strerror or exc}")
    digest = hashlib.sha256(raw).hexdigest()
    text, reason = decode_text(raw)
    if text is None:
        return skipped(reason, len(raw), digest)
    return Article(item.document, shown, text, len(raw), digest), None


def iter_corpus(item: InputItem, max_bytes: int = DEFAULT_MAX_BYTES
                ) -> Iterator[tuple[Article | None, DocumentResult | None]]:
    """Articles from a JSON Lines corpus: one object per line with an id and a text field.

    Accepted field names: ``id`` (or ``doc_id``, ``url``) and ``text`` (or ``content``,
    ``body``). A bad line is reported as a skipped document ``corpus.jsonl#line-N``.
    """
    shown = item.path
    try:
        handle = open(item.path, "rb")
    except OSError as exc:
        yield None, DocumentResult(item.document, shown, "skipped",
                                   f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            name = f"{item.document}#line-{number}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield None, DocumentResult(name, shown, "skipped", f"not valid JSON: {exc}",
                                           len(line))
                continue
            if not isinstance(record, dict):
                yield None, DocumentResult(name, shown, "skipped", "not a JSON object", len(line))
                continue
            ident = next((record[k] for k in ("id", "doc_id", "url") if record.get(k)), None)
            text = next((record[k] for k in ("text", "content", "body")
                         if isinstance(record.get(k), str)), None)
            if ident is not None:
                name = f"{item.document}#{ident}"
            if text is not None:
                # JSON may carry lone surrogates ("\ud800"), which no file encoding can hold.
                text = text.encode("utf-8", "replace").decode("utf-8")
            digest = hashlib.sha256(line).hexdigest()
            if text is None:
                given = next((k for k in ("text", "content", "body") if record.get(k) is not None),
                             None)  # present, but a number or a list: say so
                reason = (f"'{given}' is not a string" if given is not None
                          else "no 'text' field (or 'content', 'body')")
                yield None, DocumentResult(name, shown, "skipped", reason, len(line), digest)
            elif len(line) > max_bytes:
                yield None, DocumentResult(name, shown, "skipped",
                                           f"larger than the {max_bytes:,}-byte limit", len(line),
                                           digest)
            elif not text.strip():
                yield None, DocumentResult(name, shown, "skipped", "empty text", len(line), digest)
            else:
                yield Article(name, shown, text, len(text.encode("utf-8")), digest), None


def iter_articles(items: Sequence[InputItem], max_bytes: int = DEFAULT_MAX_BYTES
                  ) -> Iterator[tuple[Article | None, DocumentResult | None]]:
    """Read inputs lazily, one at a time (memory is bounded by the largest document)."""
    for item in items:
        if item.is_corpus:
            yield from iter_corpus(item, max_bytes)
        else:
            yield read_article(item, max_bytes)
