"""One entry for reading and writing plan files, in any of their formats.

:func:`read_plan` and :func:`write_plan` name or tell a plan file's format
and call the reader or writer for it.  Telling reads no more than the
guarded readers do: the whole input is read once, within its size limit,
and the table readers are given the rows already read, so a workbook is
never opened outside the defences of :mod:`perfmeasures.io._sheets._read`.

The table and spreadsheet readers and writers are imported by the branch
that uses them: reading or writing a JSON plan loads neither.
"""

from __future__ import annotations

import enum
import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

import attrs

from .._arithmetic import in_context
from .._errors import InvalidValueError
from .._periods import Period, Year
from .._plan import Plan
from ._json._documents import dump_plan, plan_from_json
from ._json._reading import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, read

if TYPE_CHECKING:
    from ._sheets._read import Merge, Source
    from ._tables._layout import WideMapping

__all__ = ["PlanFormat", "read_plan", "write_plan"]


class PlanFormat(enum.Enum):
    """A file format that holds a plan.

    .. versionadded:: 0.3.0
    """

    JSON = "json"
    """The versioned JSON document (``perfmeasures/plan/1``): everything."""
    LONG_CSV = "long-csv"
    """The tidy long table as CSV: everything, one fact a row."""
    LONG_XLSX = "long-xlsx"
    """The tidy long table in a workbook."""
    WIDE_CSV = "wide-csv"
    """A council's wide table as CSV: one row a measure."""
    WIDE_XLSX = "wide-xlsx"
    """A council's wide table in a workbook."""


_BY_SUFFIX = {
    ".json": PlanFormat.JSON,
    ".csv": PlanFormat.LONG_CSV,
    ".xlsx": PlanFormat.LONG_XLSX,
}
_FORMATS = ", ".join(repr(f.value) for f in PlanFormat)
_LONG_START = ("ref", "part", "period")
_ZIP_MAGIC = b"PK\x03\x04"


def _format(value: PlanFormat | str | None) -> PlanFormat | None:
    if value is None or isinstance(value, PlanFormat):
        return value
    try:
        return PlanFormat(value)
    except ValueError:
        raise InvalidValueError("format", value, f"one of {_FORMATS}") from None


def _is_long(rows: list[list[str]]) -> bool:
    first = rows[0] if rows else []
    return tuple(c.strip().casefold() for c in first[:3]) == _LONG_START


def _family_by_name(source: Source) -> str | None:
    """``"json"``, ``"csv"`` or ``"xlsx"`` by the file's extension, if it says."""
    if isinstance(source, str | os.PathLike):
        suffix = Path(source).suffix.casefold()
        if suffix in (".json", ".csv", ".xlsx"):
            return suffix[1:]
    return None


def _family_by_content(data: bytes | str) -> str:
    """``"json"``, ``"csv"`` or ``"xlsx"`` by what the file holds."""
    if isinstance(data, bytes):
        if data.startswith(_ZIP_MAGIC):
            return "xlsx"
        start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        return "json" if start == b"{" else "csv"
    return "json" if data[:64].lstrip("\ufeff \t\r\n")[:1] == "{" else "csv"


def _limit(family: str | None) -> int:
    """The default size limit of *family*; the largest of all if it is not told.

    Workbooks unpack to many times their size, so theirs is the smallest.
    """
    if family == "json":
        return DEFAULT_MAX_BYTES
    from ._sheets._read import CSV_MAX_BYTES, XLSX_MAX_BYTES  # noqa: PLC0415

    limits = {"json": DEFAULT_MAX_BYTES, "csv": CSV_MAX_BYTES, "xlsx": XLSX_MAX_BYTES}
    return limits[family] if family else max(limits.values())


def _read_all(
    source: Source, max_bytes: int, family: str | None
) -> tuple[str, bytes | str]:
    """The name of *source*, for messages, and everything in it within *max_bytes*.

    A path must name a regular file (a folder, named pipe or device is
    refused before it is read), and input over the limit is refused with
    the message of the reader its format goes to.
    """
    if family == "json":
        return read(source, max_bytes)
    from ._sheets._read import too_large_file  # noqa: PLC0415 - a table's message.

    return read(source, max_bytes, too_large_file)


class _Named(io.BytesIO):
    """Bytes already read, under the name of the file they came from."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


class _NamedText(io.StringIO):
    """Text already read, under the name of the file it came from."""

    def __init__(self, data: str, name: str) -> None:
        super().__init__(data)
        self.name = name


def _stream(data: bytes | str, name: str) -> IO[bytes] | IO[str]:
    """*data* as a file named *name*, for readers that name their source."""
    return _Named(data, name) if isinstance(data, bytes) else _NamedText(data, name)


@in_context
def read_plan(  # noqa: PLR0913 - keyword-only reading options.
    source: Source,
    format: PlanFormat | str | None = None,  # noqa: A002 - the natural name.
    *,
    max_bytes: int | None = None,
    max_depth: int = DEFAULT_MAX_DEPTH,
    encoding: str = "utf-8",
    sheet: str | None = None,
    title: str | None = None,
    mapping: WideMapping | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
) -> Plan:
    """The plan in a file of any plan format.

    The format is *format* when given; otherwise it is told by the file's
    extension (``.json``, ``.csv``, ``.xlsx``) or, for a stream or another
    extension, by its content (a zip archive is a workbook, text starting
    ``{`` is JSON, anything else CSV); a table is long when its first row
    starts ``ref, part, period``, and wide otherwise.

    Args:
        source: A path, or a file opened for reading.
        format: A :class:`PlanFormat` or its value (``"wide-csv"``).
        max_bytes: The largest input read, in bytes; by default
            :data:`DEFAULT_MAX_BYTES` for JSON and CSV, which reads any plan
            the library writes, and less for workbooks, which unpack to
            many times their size.
        max_depth: The deepest nesting of a JSON document.
        encoding: The text encoding of a CSV file.
        sheet: The sheet of a workbook to read; its active sheet by default.
        title: The plan's title, replacing the one the file gives.
        mapping: How a wide table's headings name fields
            (:class:`WideMapping`).
        report_period: For a wide table: the period its status, direction
            and notes columns are for.
        target_year: For a wide table: the year its target column is for.

    Raises:
        LoadError: Every problem found in the file, each with its place; or
            the path names no regular file (a folder, named pipe or device
            is refused before it is read), or the file is over a limit.
        InvalidValueError: An unknown *format*, or an option the format
            does not take (*mapping* for a long table, say).
        MissingExtraError: A workbook, and openpyxl is not installed.
        OSError: The file cannot be opened.

    .. versionadded:: 0.3.0
    """
    kind = _format(format)
    family = _family_by_name(source) if kind is None else kind.value.rpartition("-")[2]
    name, data = _read_all(
        source, _limit(family) if max_bytes is None else max_bytes, family
    )
    family = family or _family_by_content(data)
    if max_bytes is None:
        max_bytes = _limit(family)
    wide_options = {
        "mapping": mapping,
        "report_period": report_period,
        "target_year": target_year,
    }
    if family == "json":
        _refuse_options("a JSON plan", {**wide_options, "sheet": sheet})
        plan = plan_from_json(
            data, source=name, max_bytes=max_bytes, max_depth=max_depth
        )
    else:
        # Only a table loads the spreadsheet and table readers.
        from ._sheets._read import read_csv_rows, read_xlsx_grid  # noqa: PLC0415
        from ._tables._long import plan_from_rows  # noqa: PLC0415
        from ._tables._wide_read import _read as read_wide_rows  # noqa: PLC0415

        stream = _stream(data, name)
        merges: tuple[Merge, ...] = ()
        if family == "xlsx":
            _, rows, merges = read_xlsx_grid(stream, sheet=sheet, max_bytes=max_bytes)
        else:
            _refuse_options("a CSV file", {"sheet": sheet})
            _, rows = read_csv_rows(stream, encoding=encoding, max_bytes=max_bytes)
        long = kind in (PlanFormat.LONG_CSV, PlanFormat.LONG_XLSX) or (
            kind is None and _is_long(rows)
        )
        if long:
            _refuse_options("a long table", wide_options)
            plan = plan_from_rows(name, rows, strict_width=family == "csv")
        else:
            plan = read_wide_rows(
                name,
                rows,
                mapping=mapping,
                title=None,
                report_period=report_period,
                target_year=target_year,
                year_start_month=None,
                strict_width=family == "csv",
                merges=merges,
            )
    return plan if title is None else attrs.evolve(plan, title=title)


#: Where each reading option applies, for the message that refuses it elsewhere.
_APPLIES_TO = {
    "sheet": ".xlsx workbooks",
    "mapping": "wide tables",
    "report_period": "wide tables",
    "target_year": "wide tables",
    "lossy": "wide tables",
}


def _refuse_options(what: str, options: Mapping[str, object]) -> None:
    for option, value in options.items():
        if value is not None:
            raise InvalidValueError(
                option,
                value,
                f"no {option} for {what}; it applies to {_APPLIES_TO[option]} only",
            )


def _output_format(target: Source, named: PlanFormat | None) -> PlanFormat:
    if named is not None:
        return named
    if isinstance(target, str | os.PathLike):
        suffix = Path(target).suffix.casefold()
        if suffix in _BY_SUFFIX:
            return _BY_SUFFIX[suffix]
        raise InvalidValueError(
            "format",
            os.fspath(target),
            "a file ending .json, .csv or .xlsx, or a format named",
        )
    return PlanFormat.JSON


@in_context
def write_plan(  # noqa: PLR0913 - keyword-only writing options.
    plan: Plan,
    target: str | os.PathLike[str] | IO[bytes] | IO[str],
    format: PlanFormat | str | None = None,  # noqa: A002 - the natural name.
    *,
    mapping: WideMapping | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
    lossy: bool = False,
) -> PlanFormat:
    """Write *plan* to a file in a plan format, and say which.

    The format is *format* when given; otherwise it is told by the file's
    extension: ``.json`` is JSON, and ``.csv`` and ``.xlsx`` hold the long
    table, which carries everything a plan holds (name ``"wide-csv"`` or
    ``"wide-xlsx"`` for a council's wide table).  A stream gets JSON unless
    another format is named.

    Args:
        plan: The plan.
        target: A path, or a file opened for writing.
        format: A :class:`PlanFormat` or its value.
        mapping: For a wide table: the headings to write.
        report_period: For a wide table: the period whose status,
            direction and notes fill those columns.
        target_year: For a wide table: the year whose targets fill the
            target column.
        lossy: For a wide table: write it even if it cannot carry
            everything in the plan (a table for people to read, not to
            read back).

    Returns:
        The format written.

    Raises:
        InvalidValueError: An unknown *format*, no format told by the
            extension, or an option the format does not take.
        LossyConversionError: The format cannot hold everything in the plan;
            it lists what would be lost, and nothing is written.
        MissingExtraError: A workbook, and openpyxl is not installed.
        OSError: The file cannot be written.

    .. versionadded:: 0.3.0
    """
    kind = _output_format(target, _format(format))
    options = {
        "mapping": mapping,
        "report_period": report_period,
        "target_year": target_year,
    }
    # Each table writer is imported by its own branch: JSON loads none.
    if kind is PlanFormat.WIDE_CSV:
        from ._tables._wide_write import write_wide_csv  # noqa: PLC0415

        write_wide_csv(plan, target, lossy=lossy, **options)  # type: ignore[arg-type]
    elif kind is PlanFormat.WIDE_XLSX:
        from ._tables._wide_write import write_wide_xlsx  # noqa: PLC0415

        write_wide_xlsx(plan, target, lossy=lossy, **options)  # type: ignore[arg-type]
    else:
        what = "a JSON plan" if kind is PlanFormat.JSON else "a long table"
        _refuse_options(what, {**options, "lossy": lossy or None})
        if kind is PlanFormat.JSON:
            dump_plan(plan, target)
        elif kind is PlanFormat.LONG_CSV:
            from ._tables._long import write_long_csv  # noqa: PLC0415

            write_long_csv(plan, target)
        else:
            from ._tables._long import write_long_xlsx  # noqa: PLC0415

            write_long_xlsx(plan, target)
    return kind
