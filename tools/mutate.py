"""Mutation testing for the rating core and the CSV writers.

Each mutant is one small change to one module (a comparison flipped, ``+``
for ``-``, an integer constant plus one, ``and`` for ``or``, ``True`` for
``False``, ``not`` dropped, a returned value replaced by ``None``).  The
script applies the mutants one at a time, runs the tests that exercise that
module, and counts a mutant as *killed* when the tests fail (or time out, or
cannot import the module) and as *survived* when they pass.

It rewrites source files, so run it in a throwaway copy of the repository,
never in a working tree you care about::

    git clone . /tmp/mut && cd /tmp/mut
    FAST=1 nice -n 19 python tools/mutate.py --sample 80 --seed 9 --workers 2

Each worker copies ``src`` and ``tests`` into its own scratch folder, so
workers never see each other's mutants.  The package under test is imported
from that folder through ``PYTHONPATH``; the baseline run of every module
must pass before its mutants are tried.

This file is a development tool: it is not part of the package and is not
collected by the test suite.
"""

# A command-line script outside the package: it prints its report, and
# tools/ is a folder of scripts, not a package.
# ruff: noqa: T201, INP001

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent

# The modules under test and the test files that exercise each of them.  The
# module itself is passed to pytest too, so its doctests run.
TARGETS: dict[str, tuple[str, ...]] = {
    "src/perfmeasures/_periods.py": ("tests/test_periods.py", "tests/test_model.py"),
    "src/perfmeasures/_values.py": (
        "tests/test_model.py",
        "tests/test_figures.py",
        "tests/test_arithmetic.py",
    ),
    "src/perfmeasures/_targets.py": (
        "tests/test_model.py",
        "tests/test_targets_printed.py",
        "tests/test_arithmetic.py",
    ),
    "src/perfmeasures/_status.py": ("tests/test_status.py", "tests/test_bands.py"),
    "src/perfmeasures/_direction.py": (
        "tests/test_evaluate.py",
        "tests/test_arithmetic.py",
        "tests/test_rules_travel.py",
    ),
    "src/perfmeasures/_evaluate.py": (
        "tests/test_evaluate.py",
        "tests/test_seed.py",
        "tests/test_bands.py",
        # The XmR sentence and the words of annual targets in units.
        "tests/test_spc.py",
        "tests/test_figures_published.py",
        "tests/test_arithmetic.py",
    ),
    "src/perfmeasures/io/_sheets/_write.py": (
        "tests/test_export_safety.py",
        "tests/test_io_cells.py",
        "tests/test_io_export.py",
        "tests/test_atomic_writes.py",
        "tests/test_figures_published.py",
        # The styled sheets: fills, frozen and filtered headings, widths.
        "tests/test_io_publishable.py",
    ),
    "src/perfmeasures/io/_sheets/_cells.py": (
        "tests/test_io_cells.py",
        "tests/test_export_safety.py",
    ),
}

_COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_BINOP_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
}


@attrs.frozen
class Mutant:
    """One change: the ``index``-th node of ``ast.walk`` rewritten by ``kind``."""

    module: str
    index: int
    kind: str
    line: int
    before: str
    after: str


def _annotation_ids(tree: ast.AST) -> set[int]:
    """Return the ids of nodes inside annotations and docstrings.

    Annotations do nothing at run time under ``from __future__ import
    annotations`` and docstrings are prose, so neither is mutated.
    """
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.arg):
            mark(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            mark(node.returns)
        elif isinstance(node, ast.AnnAssign):
            mark(node.annotation)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                mark(body[0])
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            mark(node)
    return skip


def _changes(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """Yield ``(kind, replacement)`` for every mutation of one node."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            swap = _COMPARE_SWAP.get(type(op))
            if swap is not None:
                new = copy.deepcopy(node)
                new.ops[i] = swap()
                yield "compare", new
    elif isinstance(node, ast.BinOp):
        swap_op = _BINOP_SWAP.get(type(node.op))
        if swap_op is not None:
            new_bin = copy.deepcopy(node)
            new_bin.op = swap_op()
            yield "arith", new_bin
    elif isinstance(node, ast.AugAssign):
        swap_op = _BINOP_SWAP.get(type(node.op))
        if swap_op is not None:
            new_aug = copy.deepcopy(node)
            new_aug.op = swap_op()
            yield "arith", new_aug
    elif isinstance(node, ast.BoolOp):
        new_bool = copy.deepcopy(node)
        new_bool.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield "boolop", new_bool
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not", copy.deepcopy(node.operand)
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            yield "bool", ast.Constant(not value)
        elif isinstance(value, int):
            yield "number", ast.Constant(value + 1)
    elif (
        isinstance(node, ast.Return)
        and node.value is not None
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
    ):
        yield "return", ast.Return(ast.Constant(None))


def find_mutants(module: str) -> list[Mutant]:
    """Return every mutant of ``module`` (a path relative to the root)."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    skip = _annotation_ids(tree)
    found = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        for kind, new in _changes(node):
            found.append(
                Mutant(
                    module=module,
                    index=index,
                    kind=kind,
                    line=getattr(node, "lineno", 0),
                    before=ast.unparse(node).splitlines()[0][:70],
                    after=ast.unparse(new).splitlines()[0][:70],
                )
            )
    return found


def mutated_source(mutant: Mutant, variant: int) -> str:
    """Return the module's source with ``mutant`` applied.

    ``variant`` picks among several changes of the same node (a comparison
    chain has one per operator).
    """
    tree = ast.parse((ROOT / mutant.module).read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    target = nodes[mutant.index]
    replacement = [new for kind, new in _changes(target) if kind == mutant.kind][
        variant
    ]
    for parent in nodes:
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, replacement)
                return ast.unparse(ast.fix_missing_locations(tree))
            if isinstance(value, list) and any(v is target for v in value):
                value[[v is target for v in value].index(True)] = replacement
                return ast.unparse(ast.fix_missing_locations(tree))
    msg = f"node {mutant.index} of {mutant.module} has no parent"
    raise LookupError(msg)


def _variants(mutants: list[Mutant]) -> dict[Mutant, int]:
    """Number the mutants that share a node and kind (0, 1, ...)."""
    seen: dict[tuple[str, int, str], int] = {}
    out = {}
    for m in mutants:
        key = (m.module, m.index, m.kind)
        out[m] = seen.get(key, 0)
        seen[key] = out[m] + 1
    return out


class Worker:
    """A scratch copy of ``src`` and ``tests`` in which mutants are tried."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="perfmeasures-mutant-"))
        for part in ("src", "tests", "pyproject.toml"):
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(
                    source,
                    self.dir / part,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
            else:
                shutil.copy2(source, self.dir / part)

    def run(self, module: str, source: str | None, timeout: float) -> str:
        """Write ``source`` over ``module``, run its tests, restore it."""
        path = self.dir / module
        original = (ROOT / module).read_text(encoding="utf-8")
        path.write_text(original if source is None else source, encoding="utf-8")
        env = {
            **os.environ,
            "PYTHONPATH": str(self.dir / "src"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "FAST": os.environ.get("FAST", "1"),
        }
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=--doctest-modules --import-mode=importlib",
            *TARGETS[module],
            module,
        ]
        try:
            done = subprocess.run(  # noqa: S603 - our own interpreter and arguments.
                command,
                cwd=self.dir,
                env=env,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            outcome = "timeout"
        else:
            outcome = {0: "survived", 5: "no-tests"}.get(done.returncode, "killed")
        finally:
            path.write_text(original, encoding="utf-8")
        return outcome

    def close(self) -> None:
        """Remove the scratch copy."""
        shutil.rmtree(self.dir, ignore_errors=True)


def _choose(args: argparse.Namespace) -> dict[str, list[Mutant]]:
    """The mutants to try, by module: a sample, every one, or past survivors."""
    modules = args.modules or list(TARGETS)
    chosen: dict[str, list[Mutant]] = {}
    if args.recheck:
        fields = {f.name for f in attrs.fields(Mutant)}
        for record in json.loads(args.recheck.read_text(encoding="utf-8")):
            if record["outcome"] == "survived" and record["module"] in modules:
                mutant = Mutant(**{k: v for k, v in record.items() if k in fields})
                chosen.setdefault(mutant.module, []).append(mutant)
        return chosen
    for module in modules:
        every = find_mutants(module)
        picked = every
        if args.sample and len(every) > args.sample:
            # A fixed sample for a fixed seed; nothing here needs secrecy.
            sampler = random.Random(f"{args.seed}:{module}")  # noqa: S311
            picked = sorted(
                sampler.sample(every, args.sample), key=lambda m: (m.line, m.index)
            )
        chosen[module] = picked
        print(f"{module}: {len(every)} mutants, trying {len(picked)}", flush=True)
    return chosen


def _run_module(
    module: str, mutants: list[Mutant], workers: list[Worker]
) -> list[dict[str, Any]] | None:
    """Try *mutants* of *module*; None if its tests fail without a mutant."""
    start = time.monotonic()
    plain = ast.unparse(ast.parse((ROOT / module).read_text(encoding="utf-8")))
    if workers[0].run(module, plain, 600) != "survived":
        return None
    timeout = max(30.0, 5 * (time.monotonic() - start))
    variants = _variants(find_mutants(module))
    free = list(workers)

    def attempt(m: Mutant) -> dict[str, Any]:
        worker = free.pop()
        try:
            outcome = worker.run(m.module, mutated_source(m, variants[m]), timeout)
        finally:
            free.append(worker)
        return {**attrs.asdict(m), "outcome": outcome}

    results = []
    with ThreadPoolExecutor(len(workers)) as pool:
        for result in pool.map(attempt, mutants):
            results.append(result)
            if result["outcome"] != "killed":
                print(
                    f"  {result['outcome']}: {module}:{result['line']} "
                    f"{result['kind']}: {result['before']!r} -> {result['after']!r}",
                    flush=True,
                )
    return results


def _score(results: list[dict[str, Any]]) -> str:
    dead = sum(r["outcome"] in {"killed", "timeout"} for r in results)
    return f"{dead}/{len(results)} killed"


def main(argv: list[str] | None = None) -> int:
    """Run the mutants and print the scores; return 1 if a baseline fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="paths (default: all targets)")
    parser.add_argument("--sample", type=int, default=0, help="mutants per module")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="only count mutants")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    parser.add_argument(
        "--recheck",
        type=Path,
        help="try again only the survivors recorded in this --json file",
    )
    args = parser.parse_args(argv)
    chosen = _choose(args)
    if args.list:
        return 0
    workers = [Worker() for _ in range(args.workers)]
    results: list[dict[str, Any]] = []
    try:
        for module, mutants in chosen.items():
            mine = _run_module(module, mutants, workers)
            if mine is None:
                print(f"{module}: the tests fail without a mutant", flush=True)
                return 1
            results += mine
            print(f"{module}: {_score(mine)}", flush=True)
    finally:
        for worker in workers:
            worker.close()
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"overall: {_score(results)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
