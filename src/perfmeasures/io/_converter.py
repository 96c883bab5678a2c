"""The one cattrs converter for perfmeasures' wire formats.

Wire-format decisions, made here and nowhere else:

- Decimals travel as strings (``"94.8"``), exactly as published, so that no
  figure passes through a binary float.
- Periods travel as their canonical labels (``"Q1 2019/20"``), and
  period-keyed maps as JSON objects keyed by label, in period order.
- Enums travel as their lower_snake values (``"higher_is_better"``).
- Fields left at their defaults are still written, so that a reader never
  has to know the library's defaults.

The global cattrs converter is never touched: call :func:`make_converter`
for a converter of your own, or :func:`configure_converter` to teach one you
already have.
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

import cattrs

from .._periods import Month, Period, Quarter, Year, parse_period
from .._values import PeriodMap, to_decimal

__all__ = ["configure_converter", "make_converter"]


def _structure_period(value: object, _: object) -> Period:
    if not isinstance(value, str):
        msg = f"expected a period label such as 'Q1 2019/20' (got {value!r})"
        raise TypeError(msg)
    return parse_period(value)


def _is_period_map(kind: Any) -> bool:
    return typing.get_origin(kind) is PeriodMap or kind is PeriodMap


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach *converter* perfmeasures' wire format.

    Args:
        converter: A converter of the caller's, changed in place.

    .. versionadded:: 0.1.0
    """
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, lambda v, _: to_decimal(v, "value"))
    for kind in (Year, Quarter, Month):
        converter.register_unstructure_hook(kind, lambda p: p.label)
        converter.register_structure_hook(kind, _structure_period)
    converter.register_structure_hook(Period, _structure_period)  # type: ignore[arg-type]

    def unstructure_map_factory(kind: Any) -> Any:
        (value_type,) = typing.get_args(kind) or (Any,)
        inner = converter.get_unstructure_hook(value_type)

        def unstructure(mapping: PeriodMap[Any]) -> dict[str, Any]:
            return {period.label: inner(value) for period, value in mapping.items()}

        return unstructure

    def structure_map_factory(kind: Any) -> Any:
        (value_type,) = typing.get_args(kind) or (Any,)

        def structure(data: object, _: object) -> PeriodMap[Any]:
            if not isinstance(data, dict):
                msg = f"expected an object keyed by period labels (got {data!r})"
                raise TypeError(msg)
            return PeriodMap(
                {
                    parse_period(label): converter.structure(value, value_type)
                    for label, value in data.items()
                }
            )

        return structure

    converter.register_unstructure_hook_factory(_is_period_map, unstructure_map_factory)
    converter.register_structure_hook_factory(_is_period_map, structure_map_factory)


def make_converter() -> cattrs.Converter:
    """A new converter that reads and writes perfmeasures' wire format.

    .. versionadded:: 0.1.0
    """
    converter = cattrs.Converter(forbid_extra_keys=True)
    configure_converter(converter)
    return converter
