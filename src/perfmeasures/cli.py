"""The ``perfmeasures`` command: parse arguments, call the library, print.

Bad input never shows a traceback: every problem becomes one line on
standard error and the exit status is 2.  That covers usage errors, period
labels the parser cannot read, plan files with problems (one line each) and
files that cannot be read or written.

Building the parser loads only the core: each command imports the reports,
readers and writers it uses when it runs, so that ``--help``, ``--version``
and a usage error answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, NoReturn

import attrs

from ._atomic import WriteError, replace_atomically
from ._batch import evaluate_plan
from ._checks import visible
from ._errors import (
    InvalidPeriodError,
    InvalidValueError,
    LoadError,
    LossyConversionError,
    PerfmeasuresError,
)
from ._periods import (
    _MAX_YEAR,
    _MIN_YEAR,
    MONTH_ABBREVIATIONS,
    Month,
    Period,
    Quarter,
    Year,
)
from ._plan import Plan
from ._registry import StatusScheme, registered_schemes
from ._version import __version__

if TYPE_CHECKING:
    from .reports import Renderable, Selection

__all__ = ["main"]

EXIT_OK = 0
EXIT_DISAGREES = 1
EXIT_BAD_INPUT = 2
# A bug in perfmeasures (sysexits' EX_SOFTWARE).
EXIT_INTERNAL = 70
# As a shell reports a command ended by SIGINT: 128 + the signal's number.
EXIT_INTERRUPTED = 128 + signal.SIGINT

_PROG = "perfmeasures"
# The values of perfmeasures.reports.Format (reports load only when used),
# each with the renderer that writes it: what reports.render calls, without
# importing the other renderers.
_RENDERERS = {
    "text": "to_text",
    "markdown": "to_markdown",
    "html": "to_html",
    "json": "to_json",
}
_FORMATS = tuple(_RENDERERS)
_EXPORTS = ("csv", "xlsx")
# The values of perfmeasures.io.PlanFormat (io loads only when a file is read).
_PLAN_FORMATS = ("json", "long-csv", "long-xlsx", "wide-csv", "wide-xlsx")
# The earlier year-end columns a report shows unless --years says.
_DEFAULT_YEARS = 4
# The label of the period the bundled example's report rates, for --help
# (perfmeasures.examples.REPORT_PERIOD; the example loads only when used).
_EXAMPLE_PERIOD = "Q1 2019/20"
# Each --select choice, as the Selection constructor it names.
_SELECTIONS = {
    "off-target": "off_target",
    "red-worsening": "red_and_worsening",
}


def _selection(choice: str, *, computed: bool) -> Selection:
    """The areas for improvement ``--select`` (and ``--computed``) asks for."""
    from .reports import Selection  # noqa: PLC0415 - reports load only when used.

    selection: Selection = getattr(Selection, _SELECTIONS[choice])()
    if computed:
        selection = Selection(
            statuses=selection.statuses, directions=selection.directions, computed=True
        )
    return selection


class _UsageError(Exception):
    """A command line that cannot be parsed; carries argparse's message."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports a usage error in one line, without exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see '{self.prog} --help')")


def _columns() -> int:
    """The terminal's width, found as :func:`shutil.get_terminal_size` finds it.

    ``COLUMNS`` when it is a positive number, else the width of the terminal
    on standard output, else 80.  Importing :mod:`shutil` for this alone
    would take longer than building the whole parser.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, as wide as the terminal (less 2), as by default.

    argparse makes one for every option it is given, to check its metavar.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _render(report: Renderable, fmt: str) -> str:
    """*report* in the format *fmt* names, as :func:`reports.render` writes it."""
    from . import reports  # noqa: PLC0415 - reports load only when used.

    renderer: Callable[[Renderable], str] = getattr(reports, _RENDERERS[fmt])
    return renderer(report)


def _read_options(args: argparse.Namespace) -> dict[str, object]:
    """The reading options given on the command line, for ``io.read_plan``."""
    options: dict[str, object] = {
        "format": args.input_format,
        "sheet": args.sheet,
        "title": args.title,
    }
    if args.max_bytes is not None:
        options["max_bytes"] = args.max_bytes
    if args.mapping is not None:
        from .io import load_mapping  # noqa: PLC0415 - io loads only when used.

        options["mapping"] = load_mapping(args.mapping)
    return options


def _read_plan(path: str, args: argparse.Namespace) -> Plan:
    from .io import read_plan  # noqa: PLC0415 - io loads only when used.

    with _stage(args, f"reading {path}"):
        plan: Plan = read_plan(path, **_read_options(args))  # type: ignore[arg-type]
    return plan


def _stage(
    args: argparse.Namespace, description: str
) -> contextlib.AbstractContextManager[Callable[[int], None]]:
    """A stage of long work, shown on a terminal's standard error (see _progress)."""
    from ._progress import stage  # noqa: PLC0415 - small, but only when used.

    return stage(description, sys.stderr, quiet=getattr(args, "quiet", False))


def _rating(
    args: argparse.Namespace, plan: Plan
) -> contextlib.AbstractContextManager[Callable[[int], None]]:
    count = len(plan.measures)
    return _stage(args, f"rating {count} measure{'' if count == 1 else 's'}")


def _load_plan(args: argparse.Namespace) -> Plan:
    """The plan file given, in the format named or told; else the bundled example.

    With ``--scheme``, every measure is rated by that preset's status scheme;
    direction rules stay as the plan has them.
    """
    if args.plan is None:
        from .examples import rotherham_2019_20  # noqa: PLC0415 - loaded when used.

        plan = rotherham_2019_20()
        if args.title is not None:
            plan = attrs.evolve(plan, title=args.title)
    else:
        plan = _read_plan(args.plan, args)
    scheme = getattr(args, "scheme", None)
    if scheme is None:
        return plan
    return plan.with_scheme(_scheme(scheme))


def _scheme(text: str) -> StatusScheme:
    """The status scheme ``--scheme`` names.

    A published preset by name; a registered scheme by its tag, when it has
    no parameters without defaults; or any registered scheme written as a
    JSON object, as plan files hold it (``{"type": "tolerance", "amber":
    "5"}``).
    """
    from . import presets  # noqa: PLC0415 - loaded when used.

    if text in presets.names():
        return presets.by_name(text)
    if text.lstrip().startswith("{"):
        from .io import scheme_from_json  # noqa: PLC0415 - io loads only when used.

        return scheme_from_json(text, source="--scheme")
    found = registered_schemes().get(text)
    if found is None:
        choices = ", ".join([*presets.names(), *registered_schemes()])
        raise _UsageError(
            f"argument --scheme: {text!r} is not a preset or a registered scheme "
            f"(choose from {choices}, or give a scheme as a JSON object)"
        )
    try:
        scheme: StatusScheme = found()
    except TypeError:
        raise _UsageError(
            f"argument --scheme: the scheme {text!r} needs parameters; give it as "
            f'a JSON object such as \'{{"type": "{text}", ...}}\''
        ) from None
    return scheme


def _latest_quarter(plan: Plan) -> Period | None:
    """The latest quarter any measure holds a figure for (months count)."""
    found: list[Period] = []
    measures = [*plan.measures]
    while measures:
        measure = measures.pop()
        measures.extend(measure.components)
        for period in measure.values:
            if isinstance(period, Month):
                found.append(period.quarter(measure.year_start_month))
            elif isinstance(period, Quarter):
                found.append(period)
    return max(found) if found else None


def _one_kind(plan: Plan, period: Period) -> None:
    """Refuse a year or quarter for a plan whose measures' years differ.

    A quarter of April years is another quarter, or none, of calendar or
    academic years: rating each measure for a period of its own with the
    same name would print one period over ratings of several.  A month is
    every measure's.
    """
    if plan.year_start_month is not None or isinstance(period, Month):
        return
    starts = sorted(
        {m.year_start_month for m in plan.measures}, key=lambda m: (m - 4) % 12
    )
    months = ", ".join(MONTH_ABBREVIATIONS[m - 1] for m in starts)
    raise _UsageError(
        f"argument --period: the plan's measures' years start in different months "
        f"({months}), so {period.label!r} is not a period of every measure; give a "
        "month (such as 'Sep 2024'), or rate each kind of measure as a plan of its own"
    )


def _period(args: argparse.Namespace, plan: Plan) -> Period:
    """The period asked for; by default the example's, or the plan's latest."""
    if args.period is not None:
        period = plan.read_period(args.period)
        _one_kind(plan, period)
        return period
    if args.plan is None:
        from .examples import REPORT_PERIOD  # noqa: PLC0415 - loaded when used.

        return REPORT_PERIOD
    if plan.year_start_month is None:
        # Whose latest quarter would it be?  The user names the period.
        raise _UsageError(
            "the plan's measures' years start in different months, so it has no "
            "one latest quarter; give --period (a month)"
        )
    latest = _latest_quarter(plan)
    if latest is None:
        years = [p for m in plan.measures for p in m.values if isinstance(p, Year)]
        if not years:
            raise _UsageError(
                "the plan holds no figures to choose a period from; give --period"
            )
        latest = max(years)
    return latest


def _emit(text: str, args: argparse.Namespace) -> None:
    """Write *text* to ``--output`` (UTF-8) or to standard output.

    A file is written whole or not at all (:func:`replace_atomically`): a
    failed write leaves the file that was there as it was.  A terminal or
    pipe whose encoding lacks the report's symbols gets ``?`` for them;
    every symbol has its words beside it, so nothing is lost.
    """
    if args.output:
        data = text.encode("utf-8")
        with _stage(args, f"writing {args.output}"):
            replace_atomically(args.output, lambda stream: _put(stream, data))
        return
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        _write_out(text.encode(encoding, "replace"))
    except BrokenPipeError:
        raise
    except OSError as error:
        # Name the output the user redirected, which the error does not.
        raise OSError(error.errno, error.strerror, "standard output") from None


def _write_out(data: bytes) -> None:
    """Write *data* to standard output, all of it or an error.

    Python's text layer ignores a short write (standard output redirected
    to a file that reaches ``ulimit -f``, a full disk), so that the rest of
    the output would be lost in silence; writing the bytes until all are
    taken makes the next write report why.
    """
    sys.stdout.flush()
    buffer: IO[bytes] | None = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode(sys.stdout.encoding or "utf-8"))
        sys.stdout.flush()
        return
    view = memoryview(data)
    while view:
        written = buffer.write(view)
        if not written:
            raise OSError(errno.EIO, "the output took nothing more")
        view = view[written:]
    buffer.flush()


def _put(stream: IO[bytes], data: bytes) -> None:
    stream.write(data)


@contextlib.contextmanager
def _within_years(args: argparse.Namespace, period: Period | None) -> Iterator[None]:
    """Say which period was too near the edge of the years perfmeasures supports.

    Rating a period looks at periods around it (the one before, the same
    one a year earlier, the quarter and year it falls in), and those must
    lie within the years :class:`Year` supports.  The model's error names
    the year it could not build (``got 999``); the user typed a period.
    """
    try:
        yield
    except InvalidPeriodError as error:
        year = error.value
        if error.field != "year" or not isinstance(year, int) or period is None:
            raise
        typed = getattr(args, "period", None)
        given = f"argument --period: {typed!r}" if typed else f"the period {period}"
        side = "before" if year < _MIN_YEAR else "after"
        raise _UsageError(
            f"{given} is too near the edge of the years perfmeasures supports "
            f"({_MIN_YEAR} to {_MAX_YEAR}): rating it needs periods {side} them "
            f"(the year {year})"
        ) from None


def _cmd_evaluate(args: argparse.Namespace) -> int:
    plan = _load_plan(args)
    period = _period(args, plan)
    with _within_years(args, period), _rating(args, plan):
        evaluations = evaluate_plan(plan, period, spc=args.spc)
    if args.format == "json":
        from .io import evaluations_to_json  # noqa: PLC0415 - io loads only when used.

        _emit(evaluations_to_json(evaluations), args)
    elif args.format in _EXPORTS:
        from pathlib import Path  # noqa: PLC0415 - as io, which imports it.

        from . import io  # noqa: PLC0415 - spreadsheets load only when used.

        if args.format == "xlsx":
            if not args.output:
                raise _UsageError("--format xlsx needs --output PATH")
            with _stage(args, f"writing {args.output}"):
                io.write_evaluations_xlsx(evaluations, Path(args.output), plan=plan)
        elif args.output:
            with _stage(args, f"writing {args.output}"):
                io.write_evaluations_csv(evaluations, Path(args.output), plan=plan)
        else:
            io.write_evaluations_csv(evaluations, sys.stdout, plan=plan)
    else:
        _emit(_render(evaluations, args.format), args)
    return EXIT_OK


def _years(typed: int | None, plan: Plan, period: Period) -> int:
    """The number of earlier years the report's tables show.

    ``--years`` when given, refused if it reaches back before the first
    year supported, said in the option's terms: the number typed and the
    most the report's period allows, not the year that could not be built.
    By default 4, or as many years as there are before the report's.
    """
    start = plan.measures[0].year_start_month if plan.measures else 4
    if isinstance(period, Year):
        year = period
    elif isinstance(period, Quarter):
        year = period.year
    else:
        try:
            year = period.quarter(start).year
        except InvalidPeriodError:
            # Too near the edge whatever --years says; said as such later.
            return _DEFAULT_YEARS if typed is None else typed
    most = year.year - _MIN_YEAR
    if typed is None:
        return min(_DEFAULT_YEARS, most)
    if typed > most:
        raise _UsageError(
            f"argument --years: expected a number of years from 0 to {most} for a "
            f"report of {period}, as perfmeasures supports years from {_MIN_YEAR} "
            f"(got {typed})"
        )
    return typed


def _cmd_report(args: argparse.Namespace) -> int:
    from .reports import performance_report  # noqa: PLC0415 - loaded when used.

    plan = _load_plan(args)
    selection = _selection(args.select, computed=args.computed)
    period = _period(args, plan)
    years = _years(args.years, plan, period)
    with _within_years(args, period), _rating(args, plan):
        report = performance_report(
            plan, period, selection=selection, years=years, spc=args.spc
        )
    if args.charts:
        if args.format != "html":
            raise _UsageError("argument --charts: charts are drawn in --format html")
        from .reports import to_html  # noqa: PLC0415 - loaded when used.

        _emit(to_html(report, plan=plan), args)
    else:
        _emit(_render(report, args.format), args)
    return EXIT_OK


def _cmd_spc(args: argparse.Namespace) -> int:
    from .spc import measure_xmr  # noqa: PLC0415 - loaded when used.

    plan = _load_plan(args)
    measure = plan.measure(args.ref)
    rebase_at = [label.strip() for label in (args.rebase_at or "").split(",")]
    if args.rebase_at is not None and not all(rebase_at):
        raise _UsageError(
            "argument --rebase-at: expected period labels separated by commas, "
            f"none empty (got {args.rebase_at!r})"
        )
    try:
        chart = measure_xmr(
            measure,
            until=args.period,
            screen=not args.no_screen,
            rebase_at=rebase_at if args.rebase_at is not None else [],
            fix_after=args.fix_after,
        )
    except InvalidValueError as error:
        # Said in the command's terms: the option typed, not the parameter.
        if error.field == "measure":
            cut = "--ref" if args.period is None else "--period"
            raise _UsageError(
                f"argument {cut}: {args.ref} has too few figures to chart: "
                f"expected {error.expected}"
            ) from None
        named = _SPC_OPTIONS.get(error.field)
        if named is None:
            raise
        raise _UsageError(
            f"argument {named}: expected {error.expected} (got {error.value!r})"
        ) from None
    if args.format == "svg":
        from .reports._xmr import chart_heading, figure  # noqa: PLC0415
        from .reports._xmr_svg import xmr_svg  # noqa: PLC0415

        svg = xmr_svg(chart, title=chart_heading(chart), describe=figure)
        _emit(svg + "\n", args)
    else:
        _emit(_render(chart, args.format), args)
    return EXIT_OK


# The option of ``spc`` behind each parameter of measure_xmr.
_SPC_OPTIONS = {"until": "--period", "rebase_at": "--rebase-at"}


def _at_least_two(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 2:  # the fewest points limits are drawn from
        msg = f"expected a whole number of at least 2 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return number


def _cmd_reconcile(args: argparse.Namespace) -> int:
    from .reports import reconcile  # noqa: PLC0415 - loaded when used.

    plan = _load_plan(args)
    period = plan.read_period(args.period) if args.period is not None else None
    if period is not None:
        _one_kind(plan, period)
    with _within_years(args, period), _rating(args, plan):
        result = reconcile(plan, period)
    _emit(_render(result, args.format), args)
    return EXIT_DISAGREES if args.strict and not result.agrees else EXIT_OK


def _cmd_outlook(args: argparse.Namespace) -> int:
    from .reports import year_end_outlook  # noqa: PLC0415 - loaded when used.

    plan = _load_plan(args)
    period = _period(args, plan)
    with _within_years(args, period), _rating(args, plan):
        outlook = year_end_outlook(plan, period)
    _emit(_render(outlook, args.format), args)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    """Load the plan, then list what :func:`check_plan` warns of.

    Exit status 2 when the plan cannot be loaded (bad input, as everywhere);
    1 when it loads but has warnings, each one line on standard error with
    its place, as load problems are (the plan is usable and every other
    command runs on it, like a ``reconcile --strict`` that disagrees); else 0.
    """
    from ._audit import check_plan  # noqa: PLC0415 - loaded when used.

    plan = _load_plan(args)
    where = args.plan if args.plan is not None else "the bundled example"
    count = len(plan.measures)
    noun = "measure" if count == 1 else "measures"
    with _stage(args, f"checking {count} {noun}"):
        warnings = check_plan(plan)
    found = len(warnings)
    extra = f"; {found} warning{'' if found == 1 else 's'}" if warnings else ""
    _emit(f"{where}: a valid plan, {plan.title!r}, with {count} {noun}{extra}\n", args)
    for problem in warnings:
        sys.stderr.write(f"{_PROG}: {where}: warning: {problem}\n")
    return EXIT_DISAGREES if warnings else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415 - only this command writes JSON itself.

    from . import io  # noqa: PLC0415 - only this command needs the schemas.

    schema = io.plan_schema() if args.document == "plan" else io.evaluations_schema()
    _emit(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", args)
    return EXIT_OK


def _cmd_convert(args: argparse.Namespace) -> int:
    from pathlib import Path  # noqa: PLC0415 - as io, which imports it.

    from .io import write_plan  # noqa: PLC0415 - io loads only when used.

    named = args.output_format
    if args.destination == "-":
        if named in ("long-xlsx", "wide-xlsx"):
            raise InvalidValueError("output", "-", "a file name for a workbook")
    elif named is None and Path(args.destination).suffix.casefold() not in (
        ".json",
        ".csv",
        ".xlsx",
    ):
        raise InvalidValueError(
            "output", args.destination, "a file ending .json, .csv or .xlsx, or --to"
        )
    # A mapping names a wide table's headings: it serves whichever side is
    # one, the input read or the output written (a council's own layout kept).
    wide_out = named in ("wide-csv", "wide-xlsx")
    json_in = args.input_format == "json" or (
        args.input_format is None and Path(args.source).suffix.casefold() == ".json"
    )
    options: dict[str, Any] = {"lossy": args.lossy}
    if args.mapping is not None:
        if json_in and not wide_out:
            raise InvalidValueError(
                "--mapping",
                args.mapping,
                "used with a wide table: INPUT is a JSON plan, so OUTPUT must be "
                "one (--to wide-csv or wide-xlsx)",
            )
        if wide_out:
            from .io import load_mapping  # noqa: PLC0415 - io loads only when used.

            options["mapping"] = load_mapping(args.mapping)
        if json_in:
            args = argparse.Namespace(**{**vars(args), "mapping": None})
    plan = _read_plan(args.source, args)
    if args.destination == "-":
        write_plan(plan, sys.stdout, named or "json", **options)
    else:
        with _stage(args, f"writing {args.destination}"):
            write_plan(plan, args.destination, named, **options)
    return EXIT_OK


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        msg = f"expected a whole number of at least 0 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return number


def _quiet_option(command: _Parser) -> None:
    command.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="show no progress on standard error (shown only on a terminal, "
        "for work that takes over a second)",
    )


def _from_option(command: _Parser) -> None:
    _quiet_option(command)
    command.add_argument(
        "--from",
        dest="input_format",
        choices=_PLAN_FORMATS,
        help="the plan file's format (default: told by its extension and first row)",
    )
    command.add_argument(
        "--sheet", metavar="NAME", help="the workbook sheet to read (default: active)"
    )
    command.add_argument(
        "--title", metavar="TEXT", help="the plan's title, instead of the file's"
    )
    command.add_argument(
        "--mapping",
        metavar="PATH",
        help="a JSON file naming a wide table's headings, for layouts that differ "
        "(see docs/interchange.md)",
    )
    command.add_argument(
        "--max-bytes",
        type=_positive,
        metavar="N",
        help="the largest plan file read, in bytes (default: "
        "perfmeasures.io.DEFAULT_MAX_BYTES)",
    )


def _command(  # noqa: PLR0913 - keyword-only options of one helper.
    commands: argparse._SubParsersAction[_Parser],
    name: str,
    help_text: str,
    handler: Callable[[argparse.Namespace], int],
    *,
    formats: Sequence[str] = _FORMATS,
    output: bool = True,
) -> _Parser:
    command = commands.add_parser(
        name, help=help_text, description=help_text, formatter_class=_Formatter
    )
    command.add_argument(
        "plan", nargs="?", help="a plan file (default: the bundled example)"
    )
    _from_option(command)
    if output:
        command.add_argument(
            "--format", choices=formats, default="text", help="output format"
        )
        command.add_argument(
            "--output",
            "-o",
            metavar="PATH",
            help="write to PATH ('-': standard output, the default)",
        )
    command.set_defaults(handler=handler)
    return command


def _with_period(command: _Parser, default: str) -> None:
    from . import presets  # noqa: PLC0415 - the core loads without it.

    command.add_argument(
        "--period",
        metavar="LABEL",
        help=f"a period label such as 'Q1 2019/20', 'Jun 2019' or '2019/20' "
        f"(default: {default})",
    )
    command.add_argument(
        "--scheme",
        metavar="SCHEME",
        help="rate by this status scheme instead of the plan's own (useful for "
        "spreadsheets, which carry no rules): a published preset ("
        + ", ".join(presets.names())
        + "), the tag of a registered scheme, or a scheme as a JSON object "
        """such as '{"type": "tolerance", "amber": "5"}'""",
    )


def _spc_option(command: _Parser) -> None:
    command.add_argument(
        "--spc",
        action="store_true",
        help="add each measure's XmR chart icons (variation and assurance, as "
        "NHS Making Data Count shows them)",
    )


def _parser() -> _Parser:
    parser = _Parser(
        prog=_PROG,
        formatter_class=_Formatter,
        description="Rate performance measures the way councils publish them.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    latest = f"{_EXAMPLE_PERIOD} for the example, else the plan's latest quarter"
    evaluate = _command(
        commands,
        "evaluate",
        "rate every measure of a plan for one period",
        _cmd_evaluate,
        formats=(*_FORMATS, *_EXPORTS),
    )
    _with_period(evaluate, latest)
    _spc_option(evaluate)
    report = _command(
        commands,
        "report",
        "the performance report: areas for improvement, priority tables, outlook",
        _cmd_report,
    )
    _with_period(report, latest)
    _spc_option(report)
    report.add_argument(
        "--charts",
        action="store_true",
        help="with --format html, follow each priority's tables with a chart of "
        "each measure (figures, statuses, target, benchmarks)",
    )
    report.add_argument(
        "--select",
        choices=tuple(_SELECTIONS),
        default="off-target",
        help="which measures are areas for improvement (default: off-target, "
        "i.e. red or amber)",
    )
    report.add_argument(
        "--computed",
        action="store_true",
        help="select by the computed status, ignoring statuses set by hand",
    )
    report.add_argument(
        "--years",
        type=_positive,
        help=f"how many earlier year-end columns the tables show (default: "
        f"{_DEFAULT_YEARS}, or as many years as there are before the report's "
        f"from {_MIN_YEAR})",
    )
    check = _command(
        commands,
        "reconcile",
        "list every published rating that differs from the computed one, and why",
        _cmd_reconcile,
    )
    _with_period(check, "every period with a published rating")
    check.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 when any published rating differs",
    )
    outlook = _command(
        commands,
        "outlook",
        "year-end outlook of measures with annual targets: run rate needed",
        _cmd_outlook,
    )
    _with_period(outlook, latest)
    chart = _command(
        commands,
        "spc",
        "the XmR chart of one measure: limits, special causes, variation and "
        "assurance (NHS Making Data Count)",
        _cmd_spc,
        formats=(*_FORMATS, "svg"),
    )
    chart.add_argument(
        "--ref", required=True, metavar="REF", help="the measure to chart, e.g. 1.A2"
    )
    chart.add_argument(
        "--period",
        metavar="LABEL",
        help="the last period to chart, read in the measure's own years "
        "(default: its latest figure)",
    )
    chart.add_argument(
        "--rebase-at",
        metavar="LABEL[,LABEL...]",
        help="periods at which new limits start, e.g. 'Apr 2019' (comma-separated)",
    )
    chart.add_argument(
        "--fix-after",
        type=_at_least_two,
        metavar="N",
        help="fix each segment's limits from its first N points",
    )
    chart.add_argument(
        "--no-screen",
        action="store_true",
        help="keep large moving ranges in the average, as the NHS Excel tools do",
    )
    validate = _command(
        commands,
        "validate",
        "check a plan file and list every problem in it",
        _cmd_validate,
        output=False,
    )
    validate.set_defaults(output=None)
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of plan or evaluation documents",
        description="print the JSON Schema of plan or evaluation documents",
        formatter_class=_Formatter,
    )
    schema.add_argument(
        "document", nargs="?", choices=("plan", "evaluations"), default="plan"
    )
    schema.add_argument("--output", "-o", metavar="PATH", help="write to PATH")
    schema.set_defaults(handler=_cmd_schema)
    convert = commands.add_parser(
        "convert",
        help="convert a plan between JSON and long or wide CSV and .xlsx tables",
        description="convert a plan between JSON and long or wide CSV and .xlsx "
        "tables; the format is told by each file's extension unless named",
        formatter_class=_Formatter,
    )
    convert.add_argument("source", metavar="INPUT", help="the plan file to read")
    convert.add_argument(
        "destination", metavar="OUTPUT", help="the file to write ('-': standard output)"
    )
    _from_option(convert)
    convert.add_argument(
        "--to",
        dest="output_format",
        choices=_PLAN_FORMATS,
        help="the format to write (default: by OUTPUT's extension; tables are long)",
    )
    convert.add_argument(
        "--lossy",
        action="store_true",
        help="write a wide table even if it cannot carry everything in the plan "
        "(a table to read, not to convert back)",
    )
    convert.set_defaults(handler=_cmd_convert)
    return parser


def _fail(lines: Sequence[str], status: int = EXIT_BAD_INPUT) -> int:
    # Problems quote what was read: nothing in them may act on the terminal.
    for line in lines:
        sys.stderr.write(f"{_PROG}: {visible(line, keep='')}\n")
    return status


def _os_problem(error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


def _same_file(first: str, second: str) -> bool:
    """Whether two paths name one file (through links and other spellings)."""
    try:
        return os.path.samefile(first, second)  # noqa: PTH121 - pathlib loads slowly.
    except (OSError, ValueError):
        # Either does not exist (an output not yet written is no input).
        return False


def _refuse_writing_inputs(args: argparse.Namespace) -> None:
    """Refuse an output that is one of the files the command reads.

    Writing a report over its own plan file, or converting a plan onto
    itself, would destroy the input with no way back; it is never what was
    meant.  The same file is recognised however it is spelt: another path
    to it, a symbolic link, a hard link.
    """
    inputs = [
        (option, path)
        for option, path in (
            ("the plan file", getattr(args, "plan", None)),
            ("INPUT", getattr(args, "source", None)),
            ("the --mapping file", getattr(args, "mapping", None)),
        )
        if path
    ]
    outputs = [
        (option, path)
        for option, path in (
            ("argument --output", getattr(args, "output", None)),
            ("OUTPUT", getattr(args, "destination", None)),
        )
        if path and path != "-"
    ]
    for option, output in outputs:
        for what, given in inputs:
            if _same_file(output, given):
                raise _UsageError(
                    f"{option}: {output!r} is the same file as {what} {given!r}, "
                    "which this command reads; write to another file"
                )


@contextlib.contextmanager
def _file_size_limit_as_error() -> Iterator[None]:
    """Make a file size limit (``ulimit -f``) an error, not a kill, meanwhile.

    By default the system ends a process that writes past the limit
    (``SIGXFSZ``), leaving a half-written temporary file behind; ignored,
    the write fails with an error that names the file, and the temporary
    file is removed.  The previous handling is restored afterwards, for
    programs that call :func:`main` themselves.
    """
    number = getattr(signal, "SIGXFSZ", None)
    if number is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(number, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(number, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* and return the exit status.

    0 on success; 1 when ``reconcile --strict`` finds a disagreement; 2 for
    bad input, with one line per problem on standard error; 130 when
    interrupted (Ctrl-C), with one line and no traceback.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Files are written whole or not at all, an output that is one of the
       command's input files is refused, and Ctrl-C exits with status 130.
    """
    try:
        with _file_size_limit_as_error():
            args = _parser().parse_args(argv)
            if getattr(args, "output", None) == "-":
                # "-o -" is standard output, as for convert's OUTPUT.
                args.output = None
            _refuse_lists(args)
            _refuse_writing_inputs(args)
            handler: Callable[[argparse.Namespace], int] = args.handler
            return handler(args)
    except KeyboardInterrupt:
        return _interrupted()
    except _UsageError as error:
        return _fail([str(error)])
    except LoadError as error:
        return _fail([f"{error.source}: {problem}" for problem in error.problems])
    except LossyConversionError as error:
        count = len(error.losses)
        things = f"{count} thing{'' if count == 1 else 's'}"
        header = (
            f"a {error.format} cannot carry {things} in this plan; write JSON or "
            "a long table, or pass --lossy for a table to read only:"
        )
        return _fail([header, *error.losses])
    except WriteError as error:
        # Its own message names the path and says nothing was changed.
        return _fail([str(error)])
    except PerfmeasuresError as error:
        return _fail(str(error).splitlines()[:1] or [type(error).__name__])
    except BrokenPipeError:
        # The reader went away (``perfmeasures report | head``): not an error.
        # Point standard output at nothing so that the final flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        return _fail([_os_problem(error)])
    except MemoryError:
        problem = (
            "ran out of memory: the input is too large for this machine; "
            "a smaller --max-bytes refuses such files before reading them"
        )
        return _fail([problem])
    except SystemExit as done:
        # ``--help`` and ``--version`` print and exit; report their status.
        return done.code if isinstance(done.code, int) else EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last line of defence.
        # A bug: one line, not a traceback, and a status that says so.
        running = " ".join(argv) if argv is not None else _PROG
        message = f"internal error, please report it: {type(error).__name__}: {error}"
        return _fail([f"{message} (running {running})"], status=EXIT_INTERNAL)


def _refuse_lists(args: argparse.Namespace) -> None:
    """Refuse an option given ``--`` as its value (``--scheme=--``).

    argparse then gives an empty list, which no option of this command
    takes.
    """
    for name, value in vars(args).items():
        if isinstance(value, list):
            option = "--" + name.replace("_", "-")
            raise _UsageError(f"argument {option}: expected a value (got '--')")


def _interrupted() -> int:
    """Say, in one line, that the command was interrupted; no traceback."""
    with contextlib.suppress(OSError, KeyboardInterrupt):
        sys.stderr.write(f"{_PROG}: interrupted\n")
        sys.stderr.flush()
    return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
