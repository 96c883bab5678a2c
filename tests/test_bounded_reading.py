"""Tests for bounded reading: special files refused, and every limit kept while reading."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from perfmeasures import LoadError, Problem
from perfmeasures.io import (
    load_evaluations,
    load_mapping,
    load_plan,
    read_long_csv,
    read_long_xlsx,
    read_plan,
    read_wide_csv,
    read_wide_xlsx,
)
from perfmeasures.io._json import _reading
from perfmeasures.io._sheets._read import (
    MIN_MAX_CELLS,
    SHEET_MAX_ROWS,
    csv_max_cells,
    csv_max_row_chars,
    read_csv_rows,
    read_xlsx_rows,
    xlsx_max_cells,
    xlsx_max_strings,
)

openpyxl = pytest.importorskip("openpyxl")

#: Seconds a reading test may take before it is failed: a regression that
#: waits on a pipe must fail the test, not hang the suite.
PATIENCE = 20

_SPECIAL = (
    "not a regular file; expected a file that holds a document (a link to one is fine)"
)
_FIFO = Problem("file", f"is a named pipe (FIFO), {_SPECIAL}")
_DEVICE = Problem("file", f"is a character device (such as /dev/zero), {_SPECIAL}")
_FOLDER = Problem("file", f"is a folder, {_SPECIAL}")
_OPTION = "(or pass a larger max_bytes / --max-bytes)"
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)

needs_posix = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
    reason="named pipes and /dev/zero are POSIX",
)


@pytest.fixture(autouse=True)
def _patience() -> Iterator[None]:
    """Fail, rather than hang, a test whose reading waits forever."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def give_up(_signum: int, _frame: FrameType | None) -> None:
        msg = f"reading took more than {PATIENCE} seconds"
        raise TimeoutError(msg)

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(PATIENCE)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _special(tmp_path: Path, kind: str, suffix: str) -> tuple[Path, Problem]:
    """A path ending *suffix* that names a special file of *kind*."""
    path = tmp_path / f"x{suffix}"
    if kind == "fifo":
        os.mkfifo(path)
        return path, _FIFO
    if kind == "device":
        path.symlink_to("/dev/zero")
        return path, _DEVICE
    path.mkdir()
    return path, _FOLDER


READERS: list[tuple[str, Callable[[Path], object]]] = [
    ("read_plan", read_plan),
    ("load_plan", load_plan),
    ("load_evaluations", load_evaluations),
    ("load_mapping", load_mapping),
    ("read_long_csv", read_long_csv),
    ("read_wide_csv", read_wide_csv),
    ("read_long_xlsx", read_long_xlsx),
    ("read_wide_xlsx", read_wide_xlsx),
]


@needs_posix
class TestSpecialFiles:
    """Named pipes, devices and folders are refused before they are read."""

    @pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
    @pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
    @pytest.mark.parametrize(("reader_name", "reader"), READERS)
    def test_refused_by_every_reader(
        self,
        tmp_path: Path,
        kind: str,
        suffix: str,
        reader_name: str,
        reader: Callable[[Path], object],
    ) -> None:
        """Each reader refuses the special file at once, naming what it is."""
        path, problem = _special(tmp_path, kind, suffix)
        started = time.monotonic()
        with pytest.raises(LoadError) as caught:
            reader(path)
        assert time.monotonic() - started < 2, reader_name
        assert str(path) == caught.value.source
        assert [problem] == list(caught.value.problems)

    def test_link_to_a_regular_file_is_read(self, tmp_path: Path) -> None:
        """A link is followed when it leads to a regular file."""
        target = tmp_path / "plan.csv"
        target.write_text("Ref No.,Measure,Good performance\n1.A1,Rate,High\n")
        link = tmp_path / "link.csv"
        link.symlink_to(target)
        assert read_plan(target, title="t") == read_plan(link, title="t")

    @pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
    @pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
    def test_command_line(self, tmp_path: Path, kind: str, suffix: str) -> None:
        """``perfmeasures validate`` exits 2 with one line and no traceback."""
        path, problem = _special(tmp_path, kind, suffix)
        done = subprocess.run(  # noqa: S603 - our own interpreter and module.
            [sys.executable, "-m", "perfmeasures", "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=False,
        )
        assert 2 == done.returncode
        assert f"perfmeasures: {path}: {problem}\n" == done.stderr

    def test_command_line_mapping(self, tmp_path: Path) -> None:
        """``--mapping`` naming a pipe is refused as the plan is, in one line."""
        path, problem = _special(tmp_path, "fifo", ".json")
        plan = tmp_path / "plan.csv"
        plan.write_text("Ref No.,Measure,Good performance\n1.A1,Rate,High\n")
        command = ["validate", "--mapping", str(path), str(plan)]
        done = subprocess.run(  # noqa: S603 - our own interpreter and module.
            [sys.executable, "-m", "perfmeasures", *command],
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=False,
        )
        assert 2 == done.returncode
        assert f"perfmeasures: {path}: {problem}\n" == done.stderr


class _Endless(io.RawIOBase):
    """A stream of zero bytes that never ends, like ``/dev/zero`` opened by a caller."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        view[:] = bytes(len(view))
        self.given += len(view)
        return len(view)


class TestStreams:
    """A stream is read in pieces and no further than one byte past the limit."""

    def test_endless_stream_refused(self) -> None:
        """An endless stream is refused once the limit is passed, naming it."""
        endless = _Endless()
        stream = io.BufferedReader(endless)
        with pytest.raises(LoadError) as caught:
            read_plan(stream, "long-csv", max_bytes=1000)
        assert [
            Problem(
                "file",
                "is larger than 1,000 bytes, far larger than a plan could be; "
                "expected a smaller file (or pass a larger max_bytes / --max-bytes)",
            )
        ] == list(caught.value.problems)
        # What was read, with no more than one buffer's worth read ahead.
        assert endless.given <= 1001 + io.DEFAULT_BUFFER_SIZE

    def test_large_limit_sets_aside_no_more_than_read(self) -> None:
        """A large limit does not make the reader set aside memory for it."""
        stream = io.BufferedReader(io.BytesIO(b"{}"))
        tracemalloc.start()
        try:
            with pytest.raises(LoadError):
                load_plan(stream, max_bytes=256 * 1024 * 1024)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 8 * 1024 * 1024

    def test_file_over_limit_refused_unread(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file whose size is over the limit is refused without reading it."""
        path = tmp_path / "plan.json"
        path.write_bytes(b" " * 5000)
        reads: list[int] = []
        real = _reading._read_stream

        def counted(*args: Any, **kwargs: Any) -> bytes | str:
            reads.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(_reading, "_read_stream", counted)
        with pytest.raises(LoadError) as caught:
            load_plan(path, max_bytes=1000)
        assert [] == reads
        assert [
            Problem("$", "expected at most 1,000 bytes (got 5,000 or more)")
        ] == list(caught.value.problems)


def _peak(call: Callable[[], object]) -> tuple[int, BaseException | None]:
    """The most memory *call* holds at once, and what it raised."""
    tracemalloc.start()
    try:
        call()
    except (LoadError, TimeoutError) as error:
        raised: BaseException | None = error
    else:
        raised = None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, raised


class TestCsvLimits:
    """CSV rows and cells are bounded as they are read."""

    def test_limits_scale_with_max_bytes(self) -> None:
        """The cell and row limits follow max_bytes, with a floor."""
        assert 33_554_432 == csv_max_cells(512 * 1024 * 1024)
        assert MIN_MAX_CELLS == csv_max_cells(40)
        assert 4 * 1024 * 1024 == csv_max_row_chars(512 * 1024 * 1024)
        assert 1024 * 1024 == csv_max_row_chars(40)

    def test_cells_limit(self) -> None:
        """A table past its cells is refused at the line that passes them."""
        text = ("," * 999 + "\n") * 1001
        with pytest.raises(LoadError) as caught:
            read_csv_rows(io.StringIO(text), max_bytes=2 * 1024 * 1024)
        assert [
            Problem(
                "line 1001",
                "takes the table past 1,000,000 cells (one for each 16 bytes of "
                f"max_bytes, and at least 1,000,000); expected a smaller table {_OPTION}",
            )
        ] == list(caught.value.problems)

    def test_empty_rows_count(self) -> None:
        """Empty lines are rows, and count against the limit as a cell each."""
        data = b"a\n" + b"\n" * MIN_MAX_CELLS
        with pytest.raises(LoadError, match="past 1,000,000 cells"):
            read_csv_rows(io.BytesIO(data), max_bytes=2 * 1024 * 1024)

    def test_within_the_limit(self) -> None:
        """A table of exactly the most cells is read."""
        text = ("," * 999 + "\n") * 1000
        _, rows = read_csv_rows(io.StringIO(text), max_bytes=2 * 1024 * 1024)
        assert 1000 == len(rows)

    def test_long_line_refused_before_copied(self) -> None:
        """A line with no end, past the row limit, is refused without copying it."""
        data = b"x" * (csv_max_row_chars(0) + 1)
        peak, raised = _peak(
            lambda: read_csv_rows(io.BytesIO(data), max_bytes=2 * 1024 * 1024)
        )
        assert isinstance(raised, LoadError)
        assert [
            Problem(
                "line 1",
                "takes a row past 1,048,576 characters; expected the rows of a "
                f"plan table {_OPTION}",
            )
        ] == list(raised.problems)
        # The text, decoded once; not a copy per line or a buffer four times
        # its size.
        assert peak < 1.5 * len(data)

    def test_row_of_many_lines(self) -> None:
        """A row joined over many lines by a quoted cell counts all of them."""
        line = "a," * 1000 + '"\n\n",'
        text = line * 600 + "\n"
        with pytest.raises(LoadError, match="takes a row past 1,048,576"):
            read_csv_rows(io.StringIO(text), max_bytes=2 * 1024 * 1024)

    def test_reading_memory_is_linear(self) -> None:
        """A CSV file is parsed without a buffer several times its size."""
        row = "1.A1,part,Q1 2019/20,quarter,2019/20,1,,value,94.8\n"
        data = (
            "ref,part,period,period_type,financial_year,quarter,month,field,value\n"
            + row * 40_000
        ).encode()
        peak, raised = _peak(lambda: read_csv_rows(io.BytesIO(data)))
        assert raised is None
        # The rows themselves take about 60 bytes a cell; what must not be
        # there is a copy of the text four bytes to a character.
        cells = 9 * 40_001
        assert peak < 2 * len(data) + 80 * cells

    def test_line_endings_kept(self) -> None:
        """Rows end at CR, LF or CRLF, and quoted line breaks stay in their cell."""
        text = 'a,b\r\nc,"d\re"\rf,"g\r\nh"\ni,j'
        _, rows = read_csv_rows(io.StringIO(text))
        assert [["a", "b"], ["c", "d\re"], ["f", "g\r\nh"], ["i", "j"]] == rows

    def test_through_read_plan(self, tmp_path: Path) -> None:
        """read_plan keeps the cells limit, located in the file it reads."""
        path = tmp_path / "x.csv"
        path.write_text(("," * 999 + "\n") * 1001)
        with pytest.raises(LoadError) as caught:
            read_plan(path, max_bytes=2 * 1024 * 1024)
        assert str(path) == caught.value.source
        assert ["line 1001"] == [p.location for p in caught.value.problems]


def _member(name: str, data: bytes) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = len(data)
    return info


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Measures" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(body: bytes, dimension: str = "A1:B2") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + _MAIN + b'">'
        b'<dimension ref="'
        + dimension.encode()
        + b'"/><sheetData>'
        + body
        + b"</sheetData></worksheet>"
    )


def _strings(count: int) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="'
        + _MAIN
        + b'">'
        + b"<si><t>x</t></si>" * count
        + b"</sst>"
    )


def build_workbook(sheet: bytes | None = None, strings: bytes | None = None) -> bytes:
    """A minimal workbook, byte for byte the same each time it is built."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet
        if sheet is not None
        else _sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "A1"),
        "xl/sharedStrings.xml": strings if strings is not None else _strings(1),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(_member(name, data), data)
    return buffer.getvalue()


def lying_workbook(member: str, actual: int, declared: int) -> bytes:
    """A workbook whose *member* unpacks to *actual* bytes but says *declared*.

    The checksum given is that of the first *declared* bytes, so that a zip
    reader that stops at the size said finds nothing wrong.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = b" " * (1 << 20)
    packed = [packer.compress(piece) for _ in range(actual >> 20)]
    packed.append(packer.flush())
    body = b"".join(packed)
    honest = build_workbook()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(honest)) as source,
        zipfile.ZipFile(buffer, "w") as archive,
    ):
        for info in source.infolist():
            if info.filename != member:
                archive.writestr(info, source.read(info))
                continue
            fake = _member(member, b"")
            fake.CRC = zlib.crc32(b" " * declared)
            fake.compress_size = len(body)
            fake.file_size = declared
            # Write the packed bytes as they are, under the sizes said.
            fake.compress_type = zipfile.ZIP_DEFLATED
            header = fake.FileHeader()
            fake.header_offset = buffer.tell()
            buffer.write(header)
            buffer.write(body)
            archive.filelist.append(fake)
            archive.NameToInfo[member] = fake
            archive.start_dir = buffer.tell()
    return buffer.getvalue()


class TestWorkbookArchive:
    """A workbook's archive is checked, in pieces, before it is opened."""

    def test_lying_directory_refused_without_unpacking(self) -> None:
        """A member that unpacks past the size it says is refused within a piece."""
        data = lying_workbook("[Content_Types].xml", 64 << 20, 1000)
        peak, raised = _peak(lambda: read_long_xlsx(io.BytesIO(data)))
        assert isinstance(raised, LoadError)
        assert [
            Problem(
                "member '[Content_Types].xml'",
                "unpacks to more than the 1,000 bytes the workbook says it does; "
                "expected an undamaged .xlsx workbook",
            )
        ] == list(raised.problems)
        assert peak < 8 * 1024 * 1024

    def test_declared_size_refused_quickly(self) -> None:
        """Whitespace that unpacks past the limit is refused by the sizes said."""
        buffer = io.BytesIO()
        with (
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
            archive.open(_member("xl/worksheets/sheet1.xml", b""), "w") as entry,
        ):
            for _ in range(40):
                entry.write(b" " * (1 << 20))
        data = buffer.getvalue()
        started = time.monotonic()
        peak, raised = _peak(
            lambda: read_wide_xlsx(io.BytesIO(data), max_bytes=1 << 20)
        )
        assert time.monotonic() - started < 1
        assert isinstance(raised, LoadError)
        assert [
            Problem(
                "file",
                "unpacks to more than 16,777,216 bytes (16 MiB, 16 times "
                f"max_bytes); expected a smaller workbook {_OPTION}",
            )
        ] == list(raised.problems)
        assert peak < 4 * 1024 * 1024

    def test_method_excel_never_uses(self) -> None:
        """A member packed by another method (bzip2 here) is refused by name."""
        honest = build_workbook()
        buffer = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(honest)) as source,
            zipfile.ZipFile(buffer, "w") as archive,
        ):
            for info in source.infolist():
                data = source.read(info)
                if info.filename == "xl/workbook.xml":
                    info.compress_type = zipfile.ZIP_BZIP2
                archive.writestr(info, data)
        with pytest.raises(LoadError) as caught:
            read_xlsx_rows(io.BytesIO(buffer.getvalue()))
        assert [
            Problem(
                "member 'xl/workbook.xml'",
                "is compressed by method 12, which Excel never uses; expected an "
                ".xlsx workbook",
            )
        ] == list(caught.value.problems)

    def test_honest_workbook_reads(self) -> None:
        """The minimal workbook built here reads, so the failures above are real."""
        assert ("<stream>", [["x"]]) == read_xlsx_rows(io.BytesIO(build_workbook()))


class TestWorkbookLimits:
    """Shared strings, rows and cells of a workbook are bounded."""

    def test_limits_scale_with_max_bytes(self) -> None:
        """The limits follow max_bytes, with a floor."""
        assert 10_485_760 == xlsx_max_cells(20 * 1024 * 1024)
        assert 1_310_720 == xlsx_max_strings(20 * 1024 * 1024)
        assert MIN_MAX_CELLS == xlsx_max_cells(1000) == xlsx_max_strings(1000)

    def test_shared_strings_counted_before_opening(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Too many shared strings are refused before the reader loads them."""
        data = build_workbook(strings=_strings(MIN_MAX_CELLS + 1))

        def never(*_args: object, **_kwargs: object) -> None:
            msg = "the workbook was opened"
            raise AssertionError(msg)

        monkeypatch.setattr(openpyxl, "load_workbook", never)
        with pytest.raises(LoadError) as caught:
            read_xlsx_rows(io.BytesIO(data), max_bytes=2 << 20)
        assert [
            Problem(
                "file",
                "holds more than 1,000,000 shared strings (one for each 16 bytes "
                f"of max_bytes, and at least 1,000,000); expected a smaller workbook "
                f"{_OPTION}",
            )
        ] == list(caught.value.problems)

    def test_shared_strings_within_the_limit(self) -> None:
        """As many shared strings as allowed are read."""
        data = build_workbook(strings=_strings(1000))
        assert [["x"]] == read_xlsx_rows(io.BytesIO(data))[1]

    def test_prefixed_shared_strings_counted(self) -> None:
        """Strings with a namespace prefix, split across pieces, are counted too."""
        strings = (
            b'<x:sst xmlns:x="'
            + _MAIN
            + b'">'
            + b"<x:si>\n<x:t>ab</x:t></x:si >" * (MIN_MAX_CELLS + 1)
            + b"</x:sst>"
        )
        data = build_workbook(strings=strings)
        with pytest.raises(LoadError, match="more than 1,000,000 shared strings"):
            read_xlsx_rows(io.BytesIO(data), max_bytes=4 << 20)

    def test_row_numbered_in_billions(self) -> None:
        """A row numbered past a sheet's rows is refused, not filled in."""
        sheet = _sheet(
            b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            b'<row r="2000000000"><c r="A2000000000" t="s"><v>0</v></c></row>',
            dimension="A1",
        )
        with pytest.raises(LoadError) as caught:
            read_xlsx_rows(io.BytesIO(build_workbook(sheet=sheet)))
        assert [
            Problem(
                f"row {SHEET_MAX_ROWS + 1:,}",
                "is past the 1,048,576 rows a worksheet can hold; expected a "
                "workbook saved by a spreadsheet",
            )
        ] == list(caught.value.problems)

    def test_cells_limit(self) -> None:
        """Rows padded to a sheet's declared width count every cell."""
        rows = b"".join(
            b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n)
            for n in range(1, 101)
        )
        sheet = _sheet(rows, dimension="A1:XFD100")
        with pytest.raises(LoadError) as caught:
            read_xlsx_rows(io.BytesIO(build_workbook(sheet=sheet)), max_bytes=1 << 16)
        assert [
            Problem(
                "row 62",
                "takes the sheet past 1,000,000 cells (one for each 2 bytes of "
                f"max_bytes, and at least 1,000,000); expected a smaller sheet {_OPTION}",
            )
        ] == list(caught.value.problems)

    def test_built_the_same_each_time(self) -> None:
        """The workbooks built here do not depend on the clock."""
        first = build_workbook()
        time.sleep(0.01)
        assert first == build_workbook()


def test_unpacked_size_option_named() -> None:
    """The unpacked-size message names the limit in MiB and the option."""
    data = lying_workbook("xl/worksheets/sheet1.xml", 1 << 20, 1 << 20)
    # Honest about its size, so it reads as far as the sheet's XML allows.
    with pytest.raises(LoadError) as caught:
        read_xlsx_rows(io.BytesIO(data), max_bytes=1 << 16)
    assert [
        Problem(
            "file",
            "unpacks to more than 1,048,576 bytes (1 MiB, 16 times max_bytes); "
            f"expected a smaller workbook {_OPTION}",
        )
    ] == list(caught.value.problems)
