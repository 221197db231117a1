"""Antigen escape: CAR pressure on antigen-positive cells lets antigen-negative ones take over.

A CONSTRUCTION FOR TEACHING, not a published model. The tumour is split into cells that carry
the CAR's target (B+) and cells that do not (B-, present at infusion as a small fraction).
Both grow at the same rate r; only B+ is killed, at a rate proportional to the CAR T level C(t)
of a patient of the Stein et al. (2019) kinetic model (`car_kinetics`):

    dB+/dt = (r - k C(t)) B+        dB-/dt = r B-

so log B+(t) = log B+(0) + r t - k * integral of C, exactly. Burden is relative to the burden at
infusion (1). A population below one cell in 10^10 (the order of a leukaemic burden) is gone for
good; relapse is the tumour back above 1% of its burden at infusion within two years, CD19-
negative if B- is the larger part then. The killing constant k, the growth rates and the spread
of pre-existing antigen-negative fractions are illustrative; the published share of
CD19-negative relapses (`PUBLISHED_NEGATIVE_SHARE`) is the benchmark the construction is set
against, not a value it was fitted to.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache

import numpy as np

from .car_kinetics import STEIN_2019, level, virtual_cohort
from .parameters import Parameter
from .style import COLOURS, label_decades, new_figure, sci
from .widgets import explore, static_figure

DAYS = np.linspace(0.0, 730.0, 731)
KILLING = 1e-4          # illustrative: kill rate per (copy/µg) per day
EXTINCT = 1e-10         # one cell in 10^10
RELAPSE = 1e-2          # back to 1% of the burden at infusion
# relapses after CD19 CAR T cells in children and young adults (Lamble et al. 2023, 166 relapses):
# shares that were CD19-positive and CD19-negative; the rest were lineage switches or unknown
PUBLISHED_POSITIVE_SHARE = 0.50
PUBLISHED_NEGATIVE_SHARE = 0.41
COHORT_SEED = 7


def cumulative_exposure(p) -> np.ndarray:
    """Integral of C from infusion to each day (copies·day/µg), trapezoid on a daily grid."""
    c = level(DAYS, p)
    return np.concatenate([[0.0], np.cumsum((c[1:] + c[:-1]) / 2 * np.diff(DAYS))])


def log_burdens(exposure, negative_fraction, doubling_days) -> tuple[np.ndarray, np.ndarray]:
    """log10 of the antigen-positive and antigen-negative burdens on DAYS; a population that
    once falls below EXTINCT stays at -inf. Works row by row on stacked exposures."""
    rate = np.log(2) / doubling_days
    log_pos = (np.log(1 - negative_fraction) + rate * DAYS - KILLING * exposure) / np.log(10)
    gone = np.maximum.accumulate(log_pos < np.log10(EXTINCT), axis=-1)
    log_pos = np.where(gone, -np.inf, log_pos)
    # fewer than one antigen-negative cell at infusion counts as none
    present = np.asarray(negative_fraction) >= EXTINCT
    start = np.where(present, np.log10(np.maximum(negative_fraction, EXTINCT)), -np.inf)
    log_neg = np.broadcast_to(start + rate * DAYS / np.log(10), log_pos.shape)
    return log_pos, log_neg


def _log_total_at_least(log_a, log_b, threshold) -> np.ndarray:
    """log10(10**a + 10**b) >= threshold, element by element. The sum lies between the larger
    term and twice it, so the exact sum is needed only where the larger term is within log10(2)
    below the threshold (a redraw spends its time here otherwise)."""
    larger = np.maximum(log_a, log_b)
    at_least = larger >= threshold
    near = ~at_least & (larger >= threshold - np.log10(2))
    if near.any():
        total = np.logaddexp(log_a[near] * np.log(10), log_b[near] * np.log(10)) / np.log(10)
        at_least[near] = total >= threshold
    return at_least


def outcome(log_pos, log_neg) -> np.ndarray:
    """Per patient: 'remission', 'CD19+ relapse' or 'CD19- relapse' (within two years)."""
    relapsed = (_log_total_at_least(log_pos, log_neg, np.log10(RELAPSE))
                & (DAYS > 28))  # after the first month's response
    first = np.argmax(relapsed, axis=-1)
    kind = np.where(np.take_along_axis(log_neg, first[..., None], -1)[..., 0]
                    >= np.take_along_axis(log_pos, first[..., None], -1)[..., 0], "CD19- relapse", "CD19+ relapse")
    return np.where(relapsed.any(axis=-1), kind, "remission")


@lru_cache(maxsize=256)  # a move of the patient's sliders leaves the cohort as it was
def cohort_outcomes(doubling_days: float, patients: int = 300) -> dict:
    """Shares of outcomes in a virtual cohort: Stein-model patients, each with a pre-existing
    antigen-negative fraction drawn log-uniformly between 10^-14 and 10^-4 (illustrative; below
    one cell in 10^10, that is in most patients, there is none)."""
    exposures, fractions = _cohort(patients)
    kinds = outcome(*log_burdens(exposures, fractions[:, None], doubling_days))
    return {k: float(np.mean(kinds == k)) for k in ("remission", "CD19+ relapse", "CD19- relapse")}


@cache
def _cohort(patients: int):
    """Cumulative CAR T exposure and antigen-negative fraction of each virtual patient."""
    rng = np.random.default_rng(COHORT_SEED)
    people = virtual_cohort(patients, seed=COHORT_SEED)
    return (np.array([cumulative_exposure(p) for p in people]), 10 ** rng.uniform(-14, -4, patients))


def negative_share(shares: dict) -> float:
    relapses = shares["CD19+ relapse"] + shares["CD19- relapse"]
    return shares["CD19- relapse"] / relapses if relapses else float("nan")


def describe(negative_fraction=1e-6, doubling_days=40.0, cmax=STEIN_2019.cmax) -> str:
    p = replace(STEIN_2019, cmax=cmax)
    kind = outcome(*log_burdens(cumulative_exposure(p), negative_fraction, doubling_days))
    shares = cohort_outcomes(doubling_days)
    return (f"this patient: {kind}; virtual cohort: {shares['remission']:.0%} in remission at two years, "
            f"{negative_share(shares):.0%} of relapses CD19-negative (published: "
            f"{PUBLISHED_NEGATIVE_SHARE:.0%}; a teaching construction)")


PARAMETERS = (
    Parameter("negative_fraction", "antigen-negative cells at infusion", 1e-6, "fraction", 1e-10, 1e-2,
              0.1, log=True),
    Parameter("doubling_days", "tumour doubling time", 40.0, "days", 5.0, 90.0, 1.0),
    Parameter("cmax", "CAR T peak level, Cmax", STEIN_2019.cmax, "copies/µg", 100.0, 1e6, 0.05, log=True,
              source="stein2019tisagenlecleucel"),
)


class EscapeView:
    """Left: the two tumour populations of one patient over two years (log scale).
    Right: outcomes in the virtual cohort beside the published share of CD19-negative relapses."""

    def __init__(self):
        self.fig, (self.ax, self.bar_ax) = new_figure(5.0, 6.8, nrows=2, height_ratios=(3, 1.5))
        ax = self.ax
        self.pos, = ax.plot([], [], lw=2.2, color=COLOURS["effector"], label="antigen-positive (CD19+)")
        self.neg, = ax.plot([], [], lw=2.2, ls="--", color=COLOURS["tumour"], label="antigen-negative (CD19−)")
        # the curves can cross these labels anywhere: a white ground keeps the text readable (the
        # labels are stacked above the curves, so they are drawn after them at every move); the
        # relapse label starts after the first weeks' fall, clear of the curves at the defaults
        ground = dict(facecolor="white", edgecolor="none", alpha=0.85, pad=1.0)
        ax.axhline(RELAPSE, color=COLOURS["muted"], lw=1, ls=":")
        ax.text(45, RELAPSE * 2.5, "relapse (1% of the burden at infusion)", fontsize=10, ha="left",
                color="#555555", bbox=ground)
        ax.axhline(EXTINCT, color=COLOURS["muted"], lw=1, ls=":")
        ax.text(725, EXTINCT * 2.5, "gone (1 cell in 10¹⁰)", fontsize=10, ha="right", color="#555555",
                bbox=ground)
        ax.set(yscale="log", xlim=(0, 730), ylim=(1e-12, 1e3), xlabel="days after infusion",
               ylabel="tumour burden (1 = at infusion)")
        label_decades(ax, -12, 3, every=3)
        ax.legend(loc="upper left", fontsize=10)
        self.title = ax.set_title(" ")
        bar = self.bar_ax
        labels = ("virtual cohort", "published")
        self.bars = {fate: bar.barh(labels, [0, 0], color=colour, label=text) for fate, colour, text in (
            ("CD19+ relapse", COLOURS["effector"], "CD19+"), ("CD19- relapse", COLOURS["tumour"], "CD19−"),
            ("other", COLOURS["muted"], "lineage switch or unknown"))}
        bar.set(xlim=(0, 100), xlabel="% of relapses")
        bar.invert_yaxis()
        bar.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), fontsize=10, ncols=2)
        self.bar_title = bar.set_title(" ")

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        patches = [p for bars in self.bars.values() for p in bars]
        return [self.pos, self.neg, self.title, *patches, self.bar_title]

    def update(self, negative_fraction=1e-6, doubling_days=40.0, cmax=STEIN_2019.cmax) -> str:
        p = replace(STEIN_2019, cmax=cmax)
        log_pos, log_neg = log_burdens(cumulative_exposure(p), negative_fraction, doubling_days)
        shown = DAYS if np.isfinite(log_pos).all() else DAYS[np.isfinite(log_pos)]
        self.pos.set_data(shown, 10 ** np.clip(log_pos[: len(shown)], -13, 4))
        self.neg.set_data(DAYS, 10 ** np.clip(log_neg, -13, 4))
        self.title.set_text(f"this patient: {outcome(log_pos, log_neg)}".replace("-", "−"))
        shares = cohort_outcomes(doubling_days)
        negative = negative_share(shares)
        negative = 0.0 if np.isnan(negative) else negative
        widths = {"CD19+ relapse": (1 - negative, PUBLISHED_POSITIVE_SHARE),
                  "CD19- relapse": (negative, PUBLISHED_NEGATIVE_SHARE),
                  "other": (0.0, 1 - PUBLISHED_POSITIVE_SHARE - PUBLISHED_NEGATIVE_SHARE)}
        left = np.zeros(2)
        for fate, shares_of_relapses in widths.items():
            for patch, x, w in zip(self.bars[fate], left, shares_of_relapses):
                patch.set_x(100 * x)
                patch.set_width(100 * w)
            left += shares_of_relapses
        self.bar_title.set_text(f"cohort: {shares['remission']:.0%} in remission at 2 years")
        return describe(negative_fraction, doubling_days, cmax)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (EscapeView, PARAMETERS)


def plot_escape(**values):
    return static_figure(EscapeView, PARAMETERS, **values)


def explore_escape():
    return explore(EscapeView, PARAMETERS)
