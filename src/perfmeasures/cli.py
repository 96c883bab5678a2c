"""The ``perfmeasures`` command: parse arguments, call the library, print.

Bad input never shows a traceback: every :class:`PerfmeasuresError` becomes
one line per problem on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from ._batch import EvaluationSet, evaluate_plan
from ._errors import LoadError, PerfmeasuresError
from ._periods import parse_period
from ._plan import Plan
from .examples import REPORT_PERIOD, rotherham_2019_20
from .io import make_converter

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _load_plan(path: str | None) -> Plan:
    """The plan at *path*, or the bundled example when there is none."""
    if path is None:
        return rotherham_2019_20()
    from .io import load_plan  # noqa: PLC0415 - only plan files need the loader.

    return load_plan(path)


def _evaluation_text(evaluations: EvaluationSet) -> str:
    lines = [f"{evaluations.plan_title}: {evaluations.period}"]
    for e in evaluations:
        status = e.status.value.replace("_", " ")
        if e.is_overridden:
            status += f" (computed {e.computed_status.value.replace('_', ' ')})"
        direction = e.direction.value.replace("_", " ")
        lines.append(f"{e.ref:<10} {status:<24} {direction:<15} {e.explanation}")
    return "\n".join(lines)


def _cmd_evaluate(args: argparse.Namespace, out: TextIO) -> None:
    plan = _load_plan(args.plan)
    period = parse_period(args.period) if args.period else REPORT_PERIOD
    evaluations = evaluate_plan(plan, period)
    if args.format == "json":
        converter = make_converter()
        records = [converter.unstructure(e) for e in evaluations]
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(_evaluation_text(evaluations) + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfmeasures",
        description="Rate performance measures the way councils publish them.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser(
        "evaluate", help="rate every measure of a plan for one period"
    )
    evaluate.add_argument(
        "plan", nargs="?", help="a plan file (default: the bundled example)"
    )
    evaluate.add_argument(
        "--period",
        help=f"a period label such as 'Q1 2019/20' (default: {REPORT_PERIOD})",
    )
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.set_defaults(handler=_cmd_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* and return the exit status.

    .. versionadded:: 0.1.0
    """
    args = _parser().parse_args(argv)
    try:
        args.handler(args, sys.stdout)
    except LoadError as error:
        for problem in error.problems:
            sys.stderr.write(f"perfmeasures: {error.source}: {problem}\n")
        return EXIT_BAD_INPUT
    except PerfmeasuresError as error:
        sys.stderr.write(f"perfmeasures: {error}\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
