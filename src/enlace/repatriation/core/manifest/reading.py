"""Read whole manifests: CSV streamed in bounded memory, or JSON rows."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from .cells import _shown, parse_row
from .format import COLUMNS, Catalog, ErrorCode, ManifestError, ManifestRow, _cell


@dataclass
class ReadResult:
    """What reading a manifest gave: rows if all are well formed, else errors (rows empty)."""

    rows: list[ManifestRow]
    errors: list[ManifestError]
    manifest_id: str = ""
    sending_office: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


MAX_ERRORS = 200
# A manifest is one office's handovers for a day: thousands of rows at most. Past this the
# file is refused (reading stops there), so a file of any size is read in bounded memory.
MAX_ROWS = 100_000


def _text_lines(stream: IO[bytes]) -> Iterator[str]:
    """Decode UTF-8 (BOM allowed) incrementally; a byte that is not UTF-8 is an error."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    line_no = 1
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        try:
            pending += decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            before = pending.count("\n") + chunk[: max(exc.start, 0)].count(b"\n")
            raise _FileError(ErrorCode.ENCODING, line_no + before) from None
        *complete, pending = pending.split("\n")
        for text in complete:
            line_no += 1
            yield text + "\n"
    try:
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _FileError(ErrorCode.ENCODING, line_no + pending.count("\n")) from None
    if pending:
        yield pending


class _FileError(Exception):
    def __init__(self, code: ErrorCode, line: int | None = None, **params: Any) -> None:
        super().__init__(code)
        self.error = ManifestError(line, None, code, params)


def _check_header(header: list[str]) -> list[ManifestError]:
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        return [ManifestError(1, None, ErrorCode.DELIMITER)]
    errors = [
        ManifestError(1, name, ErrorCode.REPEATED_COLUMN)
        for name in sorted({h for h in header if header.count(h) > 1})
    ]
    errors += [ManifestError(1, n, ErrorCode.MISSING_COLUMN) for n in COLUMNS if n not in header]
    known = set(COLUMNS)
    errors += [ManifestError(1, n, ErrorCode.UNKNOWN_COLUMN) for n in header if n not in known]
    return errors


class _Collector:
    """Gather rows and errors across a file, with file-level checks (ids, one manifest)."""

    def __init__(self) -> None:
        self.result = ReadResult(rows=[], errors=[])
        self.seen: set[str] = set()

    def add(self, parsed: ManifestRow | None, errors: list[ManifestError]) -> None:
        self.result.errors.extend(errors)
        if parsed is None:
            return
        if parsed.record_id in self.seen:
            self._error(parsed.line, "record_id", ErrorCode.DUPLICATE_RECORD, parsed.record_id)
        self.seen.add(parsed.record_id)
        if not self.result.manifest_id:
            self.result.manifest_id = parsed.manifest_id
            self.result.sending_office = parsed.sending_office
        elif parsed.manifest_id != self.result.manifest_id:
            self._error(parsed.line, "manifest_id", ErrorCode.MIXED_MANIFEST, parsed.manifest_id)
        elif parsed.sending_office != self.result.sending_office:
            self._error(
                parsed.line, "sending_office", ErrorCode.MIXED_OFFICE, parsed.sending_office
            )
        if not self.result.errors:
            self.result.rows.append(parsed)

    def _error(self, line: int, name: str, code: ErrorCode, value: str) -> None:
        self.result.errors.append(ManifestError(line, name, code, {"value": _shown(value)}))

    @property
    def full(self) -> bool:
        return len(self.result.errors) >= MAX_ERRORS or len(self.seen) > MAX_ROWS

    def finish(self) -> ReadResult:
        if len(self.seen) > MAX_ROWS:
            self.result.errors.append(
                ManifestError(None, None, ErrorCode.TOO_MANY_ROWS, {"limit": MAX_ROWS})
            )
        elif self.full:
            del self.result.errors[MAX_ERRORS:]
            self.result.errors.append(
                ManifestError(None, None, ErrorCode.TOO_MANY_ERRORS, {"limit": MAX_ERRORS})
            )
        if self.result.errors:
            self.result.rows = []
        return self.result


def _csv_rows(stream: IO[bytes], collector: _Collector, catalog: Catalog) -> None:
    reader = csv.reader(_text_lines(stream))
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        raise _FileError(ErrorCode.EMPTY_FILE)
    header = [h.strip() for h in header]
    header_errors = _check_header(header)
    if header_errors:
        collector.result.errors.extend(header_errors)
        return
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            collector.add(
                None,
                [
                    ManifestError(
                        line,
                        None,
                        ErrorCode.CELL_COUNT,
                        {"found": len(cells), "expected": len(header)},
                    )
                ],
            )
        else:
            collector.add(
                *parse_row(dict(zip(header, cells, strict=True)), line=line, catalog=catalog)
            )
        if collector.full:
            return


def read_manifest_csv(stream: IO[bytes], *, catalog: Catalog) -> ReadResult:
    """Read a CSV manifest from a binary stream in bounded memory (rows kept only if valid)."""
    collector = _Collector()
    try:
        _csv_rows(stream, collector, catalog)
    except _FileError as exc:
        collector.result.errors.append(exc.error)
    except csv.Error as exc:
        collector.result.errors.append(
            ManifestError(
                None,
                None,
                ErrorCode.CELL_COUNT,
                {"found": 0, "expected": len(COLUMNS), "detail": str(exc)[:80]},
            )
        )
    result = collector.finish()
    if not result.errors and not result.rows:
        result.errors.append(ManifestError(None, None, ErrorCode.EMPTY_FILE))
    return result


def read_manifest_json(data: bytes | str, *, catalog: Catalog) -> ReadResult:
    """Read the same rows given as a JSON array of objects (or ``{"rows": [...]}``)."""
    collector = _Collector()
    try:
        loaded = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return ReadResult([], [ManifestError(None, None, ErrorCode.NOT_JSON)])
    rows = loaded.get("rows") if isinstance(loaded, dict) else loaded
    if not isinstance(rows, list) or not rows:
        return ReadResult([], [ManifestError(None, None, ErrorCode.EMPTY_FILE)])
    for index, item in enumerate(rows, start=1):
        if not isinstance(item, dict):
            collector.add(None, [ManifestError(index, None, ErrorCode.NOT_JSON)])
            continue
        unknown = sorted(set(item) - set(COLUMNS))
        errors = [ManifestError(index, name, ErrorCode.UNKNOWN_COLUMN) for name in unknown]
        cells = {name: _cell(value) for name, value in item.items() if name in COLUMNS}
        parsed, row_errors = parse_row(cells, line=index, catalog=catalog)
        collector.add(None if errors else parsed, errors + row_errors)
        if collector.full:
            break
    return collector.finish()


def read_manifest(data: bytes, *, catalog: Catalog) -> ReadResult:
    """Read a manifest held in memory, CSV or JSON by its first character."""
    if data.lstrip()[:1] in (b"[", b"{"):
        return read_manifest_json(data, catalog=catalog)
    return read_manifest_csv(io.BytesIO(data), catalog=catalog)


def catalog_from_codes(**codes: Iterable[str]) -> Catalog:
    return Catalog(**{name: frozenset(values) for name, values in codes.items()})
