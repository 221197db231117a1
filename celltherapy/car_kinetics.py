"""CAR T-cell kinetics after infusion: expansion, contraction and persistence.

The model is the tisagenlecleucel cellular-kinetic model of Stein et al. (2019), fitted to
transgene levels in blood (copies per µg genomic DNA, by qPCR) of 90 children and young
adults with B-cell ALL in the ELIANA and ENSIGN trials. Cells grow exponentially until
Tmax; after it, a fraction FB of the peak decays slowly (memory-like cells) and the rest
quickly (effector-like cells). The model has a closed-form solution, used here directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .parameters import Parameter
from .style import COLOURS, label_decades, new_figure, sci, steady
from .widgets import explore, static_figure


@dataclass(frozen=True)
class KineticParameters:
    """Typical-patient values from Stein et al. (2019), Table 1 (units as published)."""

    foldx: float = 3900.0    # fold expansion from infusion to peak (dimensionless)
    tmax: float = 9.3        # day of peak (days)
    cmax: float = 24000.0    # peak level (transgene copies/µg genomic DNA)
    alpha: float = 0.16      # contraction rate of effector-like cells (1/day)
    fb: float = 0.0079       # fraction of the peak in the slowly decaying (memory-like) phase
    beta: float = 0.0032     # decay rate of the persisting, memory-like cells (1/day)

    @property
    def expansion_rate(self) -> float:
        """rho = ln(foldx) / Tmax (1/day)."""
        return np.log(self.foldx) / self.tmax

    @property
    def initial_level(self) -> float:
        """Level at infusion implied by the model, Cmax / foldx (copies/µg)."""
        return self.cmax / self.foldx


STEIN_2019 = KineticParameters()

# Between-patient variability: variances (omega squared) of the log-normal random effects,
# Stein et al. (2019), Table 1.
BETWEEN_PATIENT_VARIANCE = {
    "foldx": 2.4, "tmax": 0.38, "cmax": 0.65, "alpha": 0.91, "fb": 0.8, "beta": 0.86,
}

DAYS = np.linspace(0.0, 365.0, 1461)  # quarter-day grid over the first year


def doubling_time(p: KineticParameters = STEIN_2019) -> float:
    """Doubling time during expansion (days)."""
    return np.log(2) / p.expansion_rate


def half_lives(p: KineticParameters = STEIN_2019) -> tuple[float, float]:
    """Half-lives of the contraction (effector-like) and persistence (memory-like) phases (days)."""
    return np.log(2) / p.alpha, np.log(2) / p.beta


def level(t, p: KineticParameters = STEIN_2019) -> np.ndarray:
    """Transgene level C(t) (copies/µg) at times t (days after infusion)."""
    t = np.asarray(t, dtype=float)
    after = np.maximum(t - p.tmax, 0.0)
    rising = p.initial_level * np.exp(p.expansion_rate * np.minimum(t, p.tmax))
    falling = p.cmax * ((1 - p.fb) * np.exp(-p.alpha * after) + p.fb * np.exp(-p.beta * after))
    return np.where(t < p.tmax, rising, falling)


def phases(t, p: KineticParameters = STEIN_2019) -> tuple[np.ndarray, np.ndarray]:
    """The fast-decaying (effector-like) and persisting (memory-like) parts after the peak."""
    after = np.maximum(np.asarray(t, dtype=float) - p.tmax, 0.0)
    return p.cmax * (1 - p.fb) * np.exp(-p.alpha * after), p.cmax * p.fb * np.exp(-p.beta * after)


def auc(p: KineticParameters = STEIN_2019, until: float = 28.0) -> float:
    """Area under C(t) from infusion to `until` days (copies·day/µg), exactly."""
    rho = p.expansion_rate
    t_rise = min(until, p.tmax)
    area = p.initial_level * np.expm1(rho * t_rise) / rho
    if until > p.tmax:
        span = until - p.tmax
        area += p.cmax * ((1 - p.fb) * -np.expm1(-p.alpha * span) / p.alpha
                          + p.fb * -np.expm1(-p.beta * span) / p.beta)
    return float(area)


def virtual_cohort(n: int = 200, seed: int = 2019, typical: KineticParameters = STEIN_2019,
                   variability: float = 1.0):
    """`n` virtual patients: each parameter is the typical value times exp(eta), with eta
    drawn from a normal distribution with the published variance. A fixed seed keeps the
    cohort, and every figure drawn from it, the same on every run. `variability` scales the
    published standard deviations (0: everyone typical); the same seed gives the same
    patients at every scale, only nearer to or further from the typical one."""
    rng = np.random.default_rng(seed)
    patients = []
    for _ in range(n):
        eta = {k: variability * rng.normal(0.0, np.sqrt(w2)) for k, w2 in BETWEEN_PATIENT_VARIANCE.items()}
        values = {k: getattr(typical, k) * np.exp(e) for k, e in eta.items()}
        values["foldx"] = max(values["foldx"], 1.0)  # the model needs some expansion
        values["fb"] = min(values["fb"], 1.0)        # a fraction cannot exceed one
        patients.append(replace(typical, **values))
    return patients


def describe(p: KineticParameters = STEIN_2019) -> str:
    """One line of key numbers for a patient."""
    return (f"peak {sci(p.cmax)} copies/µg on day {p.tmax:.1f}; "
            f"AUC(0–28 d) {sci(auc(p))} copies·day/µg; "
            f"level at 1 year {sci(level(365.0, p))} copies/µg")


# --- the explorer ------------------------------------------------------------------------

PARAMETERS = (
    Parameter("foldx", "fold expansion", STEIN_2019.foldx, "×", 10.0, 1e5, 0.05, log=True,
              source="stein2019tisagenlecleucel"),
    Parameter("tmax", "day of peak, Tmax", STEIN_2019.tmax, "days", 3.0, 28.0, 0.1,
              source="stein2019tisagenlecleucel"),
    Parameter("cmax", "peak level, Cmax", STEIN_2019.cmax, "copies/µg", 100.0, 1e6, 0.05,
              log=True, source="stein2019tisagenlecleucel"),
    Parameter("alpha", "contraction rate α", STEIN_2019.alpha, "per day", 0.02, 0.6, 0.01,
              source="stein2019tisagenlecleucel"),
    Parameter("fb", "persisting fraction FB", STEIN_2019.fb, "of the peak", 1e-4, 0.2, 0.05, log=True,
              source="stein2019tisagenlecleucel"),
    Parameter("beta", "persistence decay rate β", STEIN_2019.beta, "per day", 1e-4, 0.05, 0.05,
              log=True, source="stein2019tisagenlecleucel"),
)


def days_axis(ax, days: float, ylim=(1e-1, 1e7)):
    """Linear time from infusion to `days`, log levels: exponential phases are straight lines."""
    ax.set(yscale="log", xlim=(0, days), ylim=ylim, xlabel="days after infusion")
    label_decades(ax, round(np.log10(ylim[0])), round(np.log10(ylim[1])), every=2)


class KineticsView:
    """C(t) on log axes, the first eight weeks beside the first year, with its two decaying
    parts and the three phases labelled."""

    WINDOWS = (56.0, 365.0)
    # "expansion" at 10 pt is about 9.5 days wide on the eight-week axis; ending it at day 11 or
    # later leaves a day and a half between it and the axis
    EXPANSION_LABEL_DAYS = 11.0

    def __init__(self):
        self.fig, self.axes = new_figure(5.0, 7.6, nrows=2, sharey=True)
        self.lines = []
        for ax, days in zip(self.axes, self.WINDOWS):
            ax.plot(DAYS, level(DAYS), lw=1, color=COLOURS["muted"],
                    label="typical patient (published)")
            fast, = ax.plot([], [], ls="--", lw=1.2, color=COLOURS["effector"],
                            label="effector-like part (rate α)")
            slow, = ax.plot([], [], ls=":", lw=1.8, color=COLOURS["memory"],
                            label="memory-like part (rate β)")
            total, = ax.plot([], [], lw=2.2, color=COLOURS["total"], label="total level")
            peak, = ax.plot([], [], "o", color=COLOURS["accent"], ms=7, label="peak (Tmax, Cmax)")
            self.lines.append((fast, slow, total, peak))
            days_axis(ax, days)
        self.axes[0].set(ylabel="transgene copies per µg DNA", title="First eight weeks")
        self.axes[1].set(ylabel="transgene copies per µg DNA", title="First year")
        # below the plots: a high peak or a slow decay would run the curves through it
        typical = self.axes[1].get_lines()[0]
        fast, slow, total, peak = self.lines[1]
        self.fig.legend(handles=[typical, total, fast, peak, slow], loc="outside lower center", ncols=2,
                        fontsize=10)
        self.title = self.fig.suptitle(" ", fontsize=11)
        self.labels = [self.axes[0].text(0, 0, "expansion", ha="right", fontsize=10),
                       self.axes[0].text(0, 0, "contraction", ha="center", fontsize=10),
                       self.axes[1].text(250, 0, "persistence", ha="center", fontsize=10)]

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [artist for lines in self.lines for artist in lines] + self.labels + [self.title]

    def update(self, **values) -> str:
        p = replace(STEIN_2019, **values)
        c = level(DAYS, p)
        fast, slow = phases(DAYS, p)
        after = DAYS >= p.tmax
        for fast_line, slow_line, total, peak in self.lines:
            total.set_data(DAYS, c)
            fast_line.set_data(DAYS[after], fast[after])
            slow_line.set_data(DAYS[after], slow[after])
            peak.set_data([p.tmax], [p.cmax])
        # each phase's label sits just above the curve, inside the plotted range; "expansion"
        # ends (right-aligned) at least EXPANSION_LABEL_DAYS in, so it never reaches the tick
        # labels of the y axis, and sits above the highest point of the curve beneath it
        expansion_end = max(p.tmax / 2, self.EXPANSION_LABEL_DAYS)
        for text, x, under in zip(self.labels, (expansion_end, (p.tmax + 56) / 2, 250.0),
                                  (min(expansion_end, p.tmax), (p.tmax + 56) / 2, 250.0)):
            text.set_position((x, float(np.clip(4 * level(under, p), 0.3, 3e6))))
        self.title.set_text(f"doubling time {doubling_time(p):.2f} d · contraction half-life "
                            f"{half_lives(p)[0]:.1f} d\npersistence half-life {half_lives(p)[1]:.0f} d")
        return describe(p)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (KineticsView, PARAMETERS)


def plot_kinetics(**values):
    """Static figure of the kinetics at the published values (or the given ones)."""
    return static_figure(KineticsView, PARAMETERS, **values)


def explore_kinetics():
    """Sliders on the five phase parameters and the peak level."""
    return explore(KineticsView, PARAMETERS)


# --- the virtual cohort ------------------------------------------------------------------

def cohort_exposure(patients) -> dict:
    """Cmax and AUC(0–28 d) of each patient, as arrays."""
    return {"cmax": np.array([p.cmax for p in patients]),
            "auc": np.array([auc(p) for p in patients]),
            "tmax": np.array([p.tmax for p in patients])}


def describe_cohort(patients) -> str:
    e = cohort_exposure(patients)
    lo_c, med_c, hi_c = np.percentile(e["cmax"], [5, 50, 95])
    lo_a, med_a, hi_a = np.percentile(e["auc"], [5, 50, 95])
    return (f"{len(patients)} virtual patients: Cmax median {sci(med_c)} copies/µg "
            f"(5th–95th percentile {sci(lo_c)}–{sci(hi_c)}, {steady(hi_c / lo_c):.0f}-fold); "
            f"AUC(0–28 d) median {sci(med_a)} (5th–95th {sci(lo_a)}–{sci(hi_a)}) copies·day/µg")


def plot_cohort(n: int = 200, seed: int = 2019, shown: int = 40):
    """Left: `shown` of the virtual patients' curves around the typical patient.
    Right: each patient's Cmax against AUC(0–28 d), log-log."""
    patients = virtual_cohort(n, seed)
    fig, (left, right) = new_figure(5.0, 7.4, nrows=2)
    for p in patients[:shown]:
        left.plot(DAYS, level(DAYS, p), lw=0.7, color=COLOURS["effector"], alpha=0.35)
    left.plot(DAYS, level(DAYS), lw=2.4, color=COLOURS["total"], label="typical patient")
    left.plot([], [], lw=0.7, color=COLOURS["effector"], label=f"{shown} virtual patients")
    days_axis(left, 365.0, ylim=(1e-2, 1e7))
    left.set(ylabel="transgene copies per µg DNA", title="Same model, different patients")
    left.legend(loc="lower left", fontsize=10)
    e = cohort_exposure(patients)
    right.scatter(e["cmax"], e["auc"], s=10, color=COLOURS["effector"], alpha=0.6)
    right.scatter([STEIN_2019.cmax], [auc()], s=60, color=COLOURS["total"], marker="D",
                  label="typical patient")
    right.set(xscale="log", yscale="log", xlabel="Cmax (copies/µg)",
              ylabel="AUC 0–28 d (copies·day/µg)", title=f"Exposure of {n} virtual patients")
    right.legend(loc="upper left", fontsize=10)
    return fig
