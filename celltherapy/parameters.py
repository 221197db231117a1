"""Declarative descriptions of a model's adjustable parameters.

One `Parameter` list drives three things: the live sliders (`celltherapy.widgets`), the
sweep tests (every value from `sweep_values`) and the static figures (`defaults`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np


@dataclass(frozen=True)
class Parameter:
    """One adjustable quantity: a number on a slider, or a choice from a list.

    For numbers, `minimum`, `maximum` and `step` are in the parameter's own units; with
    `log=True` the slider moves in powers of ten and `step` is in decades. For choices,
    give `options` (a sequence of values) instead; `multiple=True` allows any subset.
    """

    name: str
    label: str
    default: Any
    units: str = ""
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    log: bool = False
    options: Sequence[Any] = field(default_factory=tuple)
    multiple: bool = False
    source: str = ""  # citation key of the published value, "" when illustrative
    option_labels: Any = None  # {option: words a reader sees} when an option is not itself words

    def __post_init__(self):
        if self.options:
            allowed = set(self.options)
            chosen = set(self.default) if self.multiple else {self.default}
            if not chosen <= allowed:
                raise ValueError(f"{self.name}: default {self.default!r} is not among the options")
            if self.option_labels is not None and set(self.option_labels) != allowed:
                raise ValueError(f"{self.name}: option_labels must name every option, and only those")
            return
        if None in (self.minimum, self.maximum, self.step):
            raise ValueError(f"{self.name}: a numeric parameter needs minimum, maximum and step")
        if not self.minimum <= self.default <= self.maximum:
            raise ValueError(f"{self.name}: default {self.default} outside [{self.minimum}, {self.maximum}]")
        if self.log and self.minimum <= 0:
            raise ValueError(f"{self.name}: a log-scaled parameter needs a positive minimum")

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    @property
    def description(self) -> str:
        """Label with units, as shown next to a slider."""
        return f"{self.label} ({self.units})" if self.units else self.label

    def value_text(self, value) -> str:
        """A value as a reader sees it: an option in words, a number with its units."""
        from .style import sci

        if self.is_choice:
            if isinstance(value, tuple):
                return " + ".join(self.option_text(v) for v in value) or "none"
            return self.option_text(value)
        text = sci(value, 3) if self.log or abs(value) >= 1e4 or 0 < abs(value) < 1e-2 else f"{value:g}"
        joined = self.units == "%" or self.units.startswith("×")  # 72%, 2× the clinical dose
        return f"{text}{'' if joined else ' '}{self.units}".strip()

    def option_text(self, option) -> str:
        if self.option_labels:
            return self.option_labels[option]
        if isinstance(option, bool):
            return "yes" if option else "no"
        return str(option)

    def sweep_values(self, count: int = 7) -> list:
        """Values across the whole range, both ends included (every option for choices)."""
        if self.is_choice:
            if not self.multiple:
                return list(self.options)
            # empty set, each single option, and all options together
            return [()] + [(o,) for o in self.options] + [tuple(self.options)]
        if self.log:
            return list(np.geomspace(self.minimum, self.maximum, count))
        return list(np.linspace(self.minimum, self.maximum, count))


def defaults(parameters: Sequence[Parameter]) -> dict:
    """The default value of every parameter, by name."""
    return {p.name: p.default for p in parameters}


def by_name(parameters: Sequence[Parameter], name: str) -> Parameter:
    for p in parameters:
        if p.name == name:
            return p
    raise KeyError(name)
