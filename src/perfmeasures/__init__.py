"""Rate public-sector performance measures the way councils publish them.

The public names live here; the implementation is in private modules.
"""

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from . import presets
from ._audit import check_plan
from ._bands import Exceeded, FourBand
from ._batch import EvaluationSet, evaluate_plan
from ._bounds import Bound
from ._direction import DirectionRule, Travel, direction_between
from ._errors import (
    InvalidPeriodError,
    InvalidRuleError,
    InvalidTargetError,
    InvalidValueError,
    LoadError,
    LossyConversionError,
    MissingExtraError,
    PerfmeasuresError,
    Problem,
    UnknownMeasureError,
)
from ._evaluate import Evaluation, evaluate
from ._figures import Figure, Source, period_figure, target_for, year_to_date_figure
from ._measures import (
    Aggregation,
    Benchmark,
    Comparison,
    Frequency,
    Measure,
    Polarity,
    Unit,
    UnitKind,
)
from ._periods import Month, Period, Quarter, Year, parse_period
from ._plan import Plan, Priority
from ._ratings import WORST_FIRST, Direction, Override, Published, Status
from ._registry import (
    DirectionScheme,
    StatusScheme,
    register_direction_rule,
    register_scheme,
    registered_direction_rules,
    registered_schemes,
)
from ._rules import Rules
from ._status import (
    Case,
    FloorStandard,
    Progress,
    TargetMet,
    Tolerance,
    YearEndSplit,
    shortfall,
)
from ._targets import (
    AnnualTarget,
    Basis,
    BoundTarget,
    ChangeKind,
    FixedTarget,
    PeriodTarget,
    RangeTarget,
    RelativeTarget,
    Target,
)
from ._values import MissingReason, PeriodMap, Value, to_decimal

if TYPE_CHECKING:
    from .io import dump_evaluations, dump_plan, load_evaluations, load_plan

try:
    __version__ = version("perfmeasures")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout.
    from ._version import __version__

__all__ = [
    "WORST_FIRST",
    "Aggregation",
    "AnnualTarget",
    "Basis",
    "Benchmark",
    "Bound",
    "BoundTarget",
    "Case",
    "ChangeKind",
    "Comparison",
    "Direction",
    "DirectionRule",
    "DirectionScheme",
    "Evaluation",
    "EvaluationSet",
    "Exceeded",
    "Figure",
    "FixedTarget",
    "FloorStandard",
    "FourBand",
    "Frequency",
    "InvalidPeriodError",
    "InvalidRuleError",
    "InvalidTargetError",
    "InvalidValueError",
    "LoadError",
    "LossyConversionError",
    "Measure",
    "MissingExtraError",
    "MissingReason",
    "Month",
    "Override",
    "PerfmeasuresError",
    "Period",
    "PeriodMap",
    "PeriodTarget",
    "Plan",
    "Polarity",
    "Priority",
    "Problem",
    "Progress",
    "Published",
    "Quarter",
    "RangeTarget",
    "RelativeTarget",
    "Rules",
    "Source",
    "Status",
    "StatusScheme",
    "Target",
    "TargetMet",
    "Tolerance",
    "Travel",
    "Unit",
    "UnitKind",
    "UnknownMeasureError",
    "Value",
    "Year",
    "YearEndSplit",
    "__version__",
    "check_plan",
    "direction_between",
    "dump_evaluations",
    "dump_plan",
    "evaluate",
    "evaluate_plan",
    "load_evaluations",
    "load_plan",
    "parse_period",
    "period_figure",
    "presets",
    "register_direction_rule",
    "register_scheme",
    "registered_direction_rules",
    "registered_schemes",
    "shortfall",
    "target_for",
    "to_decimal",
    "year_to_date_figure",
]

# The JSON loaders and writers live in perfmeasures.io, which imports cattrs;
# they are imported on first use so that the core loads without it.
_FROM_IO = frozenset({"dump_evaluations", "dump_plan", "load_evaluations", "load_plan"})


def __getattr__(name: str) -> object:
    if name in _FROM_IO:
        from . import io  # noqa: PLC0415 - imported when first used.

        return getattr(io, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM_IO})
