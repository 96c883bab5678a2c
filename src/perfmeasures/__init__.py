"""Rate public-sector performance measures the way councils publish them.

The public names live here; the implementation is in private modules.
"""

from typing import TYPE_CHECKING

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
from ._lazy import lazy_names
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
from ._plan import Plan, Priority, RulesByRef
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
from ._version import __version__

if TYPE_CHECKING:
    from . import presets
    from ._atomic import WriteError
    from ._audit import check_plan
    from .io import dump_evaluations, dump_plan, load_evaluations, load_plan


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
    "RulesByRef",
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
    "WriteError",
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

# Names imported when first used: the JSON loaders and writers live in
# perfmeasures.io, which imports cattrs, so that the core loads without it;
# the presets and the plan checks are not needed to rate anything.
_LAZY = {
    "dump_evaluations": ".io",
    "dump_plan": ".io",
    "load_evaluations": ".io",
    "load_plan": ".io",
    "check_plan": "._audit",
    "WriteError": "._atomic",
    "presets": ".presets",
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
