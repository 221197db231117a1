"""CAR T cells, inflammation and an anti-inflammatory drug: Hanson et al. (2016), a teaching toy
of cytokine release syndrome (CRS).

The model (Hanson et al., bioRxiv 2016, doi 10.1101/049908; BioModels BIOMD0000000837) follows
a B-ALL tumour B, CAR T cells that are cytotoxic (C) or helper (H), each as memory (m) or
effector (e) cells, other lymphocytes L, and an inflammation level I. Effector cells form from
memory cells when they meet the tumour, the faster the higher the inflammation (the switch
I²/(I² + b²)); effector cells kill the tumour and, while they meet it, raise inflammation.
So inflammation is both the toxicity and part of what makes the therapy work, and a drug that
removes inflammation trades one against the other.

    LT     = max(0, 1 − (B + C_e + C_m + H_e + H_m + L) / l)      room left for lymphocytes
    s(I)   = I² / (I² + b²)                                        inflammation switch
    dB/dt   = r_1 B (1 − B/k) − d_1 B C_e
    dI/dt   = p_0 + p_1 B (C_e + H_e) − d_2 I − D
    dC_e/dt = 2ⁿ a_1 B C_m s(I) (1 + a_2 H_e) − d_3 C_e
    dC_m/dt = r_2 C_m LT − a_1 B C_m (1 + a_2 H_e) s(I)
    dH_e/dt = 2ⁿ a_3 B H_m s(I) − d_4 H_e
    dH_m/dt = r_3 H_m LT − a_3 B H_m s(I)
    dL/dt   = p_2 + r_4 L LT − d_5 L

What is from the source, checked against the BioModels curation (the COPASI file of
BIOMD0000000837 and its MATLAB export; the bioRxiv text itself was not read):

* every equation above, every parameter value (`HANSON_2016`) and every initial value
  (`INITIAL`: C_m = C_e = H_m = H_e = 10, L = 1,600, I = 140, B = 300, D = 0);
* the lymphocyte-space term counts the tumour cells too (B-ALL cells are B lymphocytes):
  the total is B + C_e + C_m + H_e + H_m + L, divided by l = 1,600;
* the drug: D enters dI/dt as a constant, zeroth-order removal "− D". In the curated model
  D has no kinetics, no compartment and no dosing schedule; it is a constant, and it is 0;
* the time unit: the curated file declares hours, and its time course runs 720 h (30 days)
  for a plot the curators named "Hanson2016_Figure_3". The paper's own statement of units,
  and whether the paper itself gave D a schedule, were not seen; the population units are not
  stated anywhere that was read.

Teaching choices, not from the source:

* the drug is switched on at a chosen day (`drug_start`, in days) and then held constant at
  `drug`; before that D = 0. The slider runs to 200, past the strength (110–120, depending
  on the start day) at which the published tumour burden is no longer controlled;
* the removal is written D·I/(I + 1) rather than D, so inflammation cannot be driven below
  zero (a constant removal would make it negative once D exceeds the inflammatory input).
  Above I ≈ 50 the two differ by less than 2 %;
* the "toxicity line" (`TOXICITY_LINE`) is illustrative only; the model has no toxicity scale;
* "controlled" means the tumour is smaller on day 30 than at infusion, "eliminated" that it
  fell below 1 model unit (1/300 of the published starting burden) by day 30.

What the published parameters do (checked in the tests): without drug the CAR T cells expand,
inflammation rises from 140 to a peak of about 168 around day 7 and falls back, and the tumour
shrinks from 300 to about 39 by day 30 (later it regrows: a relapse, beyond the 30 days shown).
A larger starting tumour gives a faster and much higher inflammatory peak and a deeper
response; a small one barely triggers the CAR T cells and grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.artist import Artist
from matplotlib.transforms import Bbox

from .ode import lsoda
from .parameters import Parameter
from .style import COLOURS, WIDTH, label_decades, new_figure, sci, steady
from .widgets import explore, static_figure


@dataclass(frozen=True)
class HansonParameters:
    """Published values (BioModels BIOMD0000000837), names as published. Time in hours (as the
    curated file declares); the other units are as in the source, not stated."""

    n: float = 6.0          # divisions from memory to effector (factor 2ⁿ)
    r_1: float = 0.003      # tumour growth rate (1/h)
    r_2: float = 0.1        # cytotoxic memory CAR T renewal (1/h)
    r_3: float = 0.1        # helper memory CAR T renewal (1/h)
    r_4: float = 0.1        # lymphocyte renewal (1/h)
    d_1: float = 2e-4       # tumour killing by cytotoxic effector cells
    d_2: float = 1.5        # inflammation decay (1/h)
    d_3: float = 0.004      # cytotoxic effector death (1/h)
    d_4: float = 0.004      # helper effector death (1/h)
    d_5: float = 2e-4       # lymphocyte death (1/h)
    p_0: float = 200.0      # inflammatory input without CAR T activity
    p_1: float = 0.002      # inflammation from effector cells meeting the tumour
    p_2: float = 0.4        # constant lymphocyte input
    a_1: float = 4e-7       # activation of cytotoxic memory cells by the tumour
    a_2: float = 2.0        # help: boost of cytotoxic activation per helper effector cell
    a_3: float = 8e-5       # activation of helper memory cells by the tumour
    b: float = 800.0        # inflammation at half-maximal activation
    l: float = 1600.0       # lymphocyte space (tumour cells included)
    k: float = 4800.0       # tumour carrying capacity


HANSON_2016 = HansonParameters()


@dataclass(frozen=True)
class InitialValues:
    """Published initial values (BioModels BIOMD0000000837); D = 0: no drug in the published run."""

    C_m: float = 10.0
    C_e: float = 10.0
    H_m: float = 10.0
    H_e: float = 10.0
    L: float = 1600.0
    I: float = 140.0     # noqa: E741 (the published name)
    B: float = 300.0
    D: float = 0.0


INITIAL = InitialValues()

HOURS_PER_DAY = 24.0
HORIZON_DAYS = 30.0                                 # the curated time course: 720 h
HOURS = np.linspace(0.0, HORIZON_DAYS * HOURS_PER_DAY, 721)   # hourly
DRUG_FLOOR = 1.0          # teaching guard: removal D·I/(I + DRUG_FLOOR) keeps I ≥ 0
TOXICITY_LINE = 160.0     # ILLUSTRATIVE: not from the paper, which has no toxicity scale
ELIMINATED = 1.0          # model units of tumour; an illustrative cut-off

# Slider defaults and ranges (see PARAMETERS)
DRUG_DEFAULT = 60.0       # illustrative; the published run has D = 0
DRUG_MAX = 200.0          # at B(0) = 300 the tumour escapes control from about D = 110
DRUG_START_DEFAULT = 2.0  # days; illustrative

_STATE = ("C_m", "C_e", "H_m", "H_e", "L", "I", "B")


def _rates(t, y, p: HansonParameters, drug: float):
    # the solver may dip below 0; plain floats (tolist) are several times quicker than numpy's
    c_m, c_e, h_m, h_e, lym, inf, tum = y.tolist()
    c_m, c_e, h_m, h_e = (c_m if c_m > 0.0 else 0.0), (c_e if c_e > 0.0 else 0.0), (h_m if h_m > 0.0 else 0.0), \
        (h_e if h_e > 0.0 else 0.0)
    lym, inf, tum = (lym if lym > 0.0 else 0.0), (inf if inf > 0.0 else 0.0), (tum if tum > 0.0 else 0.0)
    room = 1.0 - (tum + c_e + c_m + h_e + h_m + lym) / p.l
    lt = room if room > 0.0 else 0.0
    switch = inf * inf / (inf * inf + p.b * p.b)
    c_activation = p.a_1 * tum * c_m * (1.0 + p.a_2 * h_e) * switch
    h_activation = p.a_3 * tum * h_m * switch
    expansion = 2.0 ** p.n
    return (
        p.r_2 * c_m * lt - c_activation,
        expansion * c_activation - p.d_3 * c_e,
        p.r_3 * h_m * lt - h_activation,
        expansion * h_activation - p.d_4 * h_e,
        p.p_2 + p.r_4 * lym * lt - p.d_5 * lym,
        p.p_0 + p.p_1 * tum * (c_e + h_e) - p.d_2 * inf - drug * inf / (inf + DRUG_FLOOR),
        p.r_1 * tum * (1.0 - tum / p.k) - p.d_1 * tum * c_e,
    )


@dataclass(frozen=True)
class Trajectory:
    """One simulated course. Times in hours (the model's unit) and days; populations in the
    model's own (unstated) units, clipped at zero."""

    hours: np.ndarray
    C_m: np.ndarray       # cytotoxic (CD8⁺) memory CAR T cells
    C_e: np.ndarray       # cytotoxic effector CAR T cells
    H_m: np.ndarray       # helper (CD4⁺) memory CAR T cells
    H_e: np.ndarray       # helper effector CAR T cells
    L: np.ndarray         # other lymphocytes
    I: np.ndarray         # inflammation  # noqa: E741
    B: np.ndarray         # tumour (B-ALL cells)
    D: np.ndarray         # drug level applied at each time
    drug: float
    drug_start: float     # days

    @property
    def days(self) -> np.ndarray:
        return self.hours / HOURS_PER_DAY

    @property
    def inflammation(self) -> np.ndarray:
        return self.I

    @property
    def tumour(self) -> np.ndarray:
        return self.B


def simulate(drug: float = 0.0, drug_start: float = 0.0, tumour0: float = INITIAL.B,
             p: HansonParameters = HANSON_2016, initial: InitialValues = INITIAL,
             hours: np.ndarray = HOURS) -> Trajectory:
    """Run the model from the published initial values (tumour burden `tumour0`), with the drug
    removing inflammation at constant strength `drug` from day `drug_start` on (a teaching
    choice; the published run has no drug). A pure function."""
    start = np.array([initial.C_m, initial.C_e, initial.H_m, initial.H_e, initial.L, initial.I,
                      float(tumour0)])
    switch_hour = min(max(float(drug_start), 0.0) * HOURS_PER_DAY, float(hours[-1]))
    pieces, state, t0 = [], start, float(hours[0])
    # integrate up to the switch and after it separately: the step in D is not smoothed over
    for t1, d in ((switch_hour, 0.0), (float(hours[-1]), float(drug))):
        if t1 <= t0:
            continue
        stored = (hours > t0) & (hours <= t1) if pieces else (hours >= t0) & (hours <= t1)
        grid = hours[stored]
        evaluate = grid if grid.size and grid[-1] == t1 else np.append(grid, t1)
        result = lsoda(_rates, (t0, t1), state, evaluate, args=(p, d), rtol=1e-6, atol=1e-8)
        if not result.success:
            raise RuntimeError(f"integration failed between hours {t0:g} and {t1:g}")
        pieces.append(result.values[:, :grid.size])
        state, t0 = result.values[:, -1], t1
    values = np.maximum(np.hstack(pieces), 0.0)
    applied = np.where(hours >= switch_hour, float(drug), 0.0) if drug else np.zeros_like(hours)
    return Trajectory(hours, *values, D=applied, drug=float(drug), drug_start=float(drug_start))


@lru_cache(maxsize=64)
def _no_drug(tumour0: float) -> Trajectory:
    return simulate(0.0, 0.0, tumour0)


def no_drug(tumour0: float = INITIAL.B) -> Trajectory:
    """The published course without drug (cached: the views draw it as a reference)."""
    return _no_drug(float(tumour0))


# ---------------------------------------------------------------- summary measures

def peak_inflammation(traj: Trajectory) -> float:
    """The highest inflammation over the 30 days. A drug cannot lower it below the level
    reached by the day the drug starts (or the starting value 140)."""
    return float(traj.I.max())


def peak_day(traj: Trajectory) -> float:
    """Day on which inflammation is highest."""
    return float(traj.days[np.argmax(traj.I)])


def tumour_at(traj: Trajectory, day: float) -> float:
    return float(np.interp(day, traj.days, traj.B))


def final_tumour(traj: Trajectory) -> float:
    return float(traj.B[-1])


def controlled(traj: Trajectory) -> bool:
    """Is the tumour smaller at the end (day 30) than at infusion?"""
    return final_tumour(traj) < traj.B[0]


def outcome(traj: Trajectory) -> str:
    """"eliminated" (below ELIMINATED units on day 30), "controlled" (smaller than at
    infusion) or "not controlled"."""
    if final_tumour(traj) < ELIMINATED:
        return "eliminated"
    return "controlled" if controlled(traj) else "not controlled"


@dataclass(frozen=True)
class Tradeoff:
    drug: np.ndarray
    peak_inflammation: np.ndarray
    final_tumour: np.ndarray      # tumour on day 30
    outcome: tuple

    @property
    def controlled(self) -> np.ndarray:
        return np.array([o != "not controlled" for o in self.outcome])


def tradeoff(drug_levels=np.linspace(0.0, DRUG_MAX, 9), drug_start: float = DRUG_START_DEFAULT,
             tumour0: float = INITIAL.B) -> Tradeoff:
    """Peak inflammation and the tumour on day 30 for each drug strength: the trade-off curve."""
    runs = [simulate(d, drug_start, tumour0) for d in drug_levels]
    return Tradeoff(np.asarray(drug_levels, dtype=float),
                    np.array([peak_inflammation(r) for r in runs]),
                    np.array([final_tumour(r) for r in runs]),
                    tuple(outcome(r) for r in runs))


def control_lost_at(drug_levels=np.arange(0.0, DRUG_MAX + 1.0, 5.0),
                    drug_start: float = DRUG_START_DEFAULT, tumour0: float = INITIAL.B) -> float | None:
    """The weakest drug on the grid at which the tumour is no longer controlled (or None)."""
    for d in drug_levels:
        if outcome(simulate(d, drug_start, tumour0)) == "not controlled":
            return float(d)
    return None


def _amount(x: float, below: str = "<") -> str:
    x = steady(x)
    return f"{below}0.01" if x < 0.01 else sci(x)


def describe(traj: Trajectory, reference: Trajectory) -> str:
    drug = ("no drug" if traj.drug == 0 else
            f"drug {traj.drug:.0f} from day {traj.drug_start:g}")
    tumour, tumour_ref = (_amount(final_tumour(t), "below ") for t in (traj, reference))
    return (f"{drug}, starting tumour {sci(traj.B[0])}: peak inflammation {steady(peak_inflammation(traj)):.0f} "
            f"on day {peak_day(traj):.1f} (no drug: {steady(peak_inflammation(reference)):.0f}; illustrative "
            f"toxicity line {TOXICITY_LINE:.0f}); tumour on day {HORIZON_DAYS:.0f}: {tumour} "
            f"(no drug: {tumour_ref}), {outcome(traj)}")


# ---------------------------------------------------------------- the explorer

PARAMETERS = (
    Parameter("drug", "anti-inflammatory drug D", DRUG_DEFAULT,
              "model units of inflammation removed per hour", 0.0, DRUG_MAX, 5.0),
    Parameter("drug_start", "drug starts on day", DRUG_START_DEFAULT, "days", 0.0, 10.0, 0.5),
    Parameter("tumour0", "tumour burden at infusion B(0)", INITIAL.B, "model units", 30.0, 3000.0, 0.1,
              log=True, source="hanson2016toxicity"),
)


def _nice_ceiling(x: float) -> float:
    """A round number at or above x (1, 2, 2.5 or 5 × a power of ten)."""
    power = 10.0 ** np.floor(np.log10(x))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * power >= x:
            return m * power
    return 10.0 * power


class _KeptAxis(Artist):
    """A y axis that changes only with its limits, drawn by matplotlib once per limits and then
    put back from the pixels kept: the same picture, without laying out and rendering its ticks
    and labels at every move (about two thirds of this view's drawing). For the live explorer
    only (see `InflammationView.dynamic_artists`). The kept strip runs from the figure's left
    edge to just inside the axes, the full height; everything else in it is either drawn once
    (the background) or drawn after the axis."""

    KEPT = 32  # distinct limits remembered; the nice ceilings make a handful

    def __init__(self, axis):
        super().__init__()
        self.axis = axis
        self._kept = {}

    def draw(self, renderer):
        fig = self.axis.axes.figure
        key = (self.axis.axes.get_ylim(), id(renderer), renderer.width, renderer.height, fig.dpi)
        region = self._kept.get(key)
        if region is None:
            self.axis.draw(renderer)
            right = self.axis.axes.bbox.x0 + 3  # the ticks' and spine's pixel columns included
            region = renderer.copy_from_bbox(Bbox([[0, 0], [right, renderer.height]]))
            if len(self._kept) >= self.KEPT:
                self._kept.clear()
            self._kept[key] = region
        else:
            renderer.restore_region(region)


class InflammationView:
    def __init__(self):
        self.fig, (self.ax_i, self.ax_b) = new_figure(WIDTH, 8.2, nrows=2)
        ax = self.ax_i
        self.i_ref, = ax.plot([], [], lw=1.6, color=COLOURS["muted"], alpha=0.8,
                              label="no drug (published run)")
        self.i_line, = ax.plot([], [], lw=2.4, color=COLOURS["accent"], label="inflammation, with drug")
        self.tox = ax.axhline(TOXICITY_LINE, color=COLOURS["tumour"], lw=1.0, ls="--",
                              label="toxicity line (illustrative,\nnot from the paper)")
        self.i_start = ax.axvline(DRUG_START_DEFAULT, color=COLOURS["purple"], lw=1.2, ls=":",
                                  label="drug starts")
        ax.set(xlim=(0, HORIZON_DAYS), ylim=(0, 200), xlabel="days after infusion",
               ylabel="inflammation I (model units)")
        ax.yaxis.set_label_coords(-0.16, 0.5)  # fixed, so redrawn tick labels cannot move it

        ax = self.ax_b
        self.b_ref, = ax.plot([], [], lw=1.6, color=COLOURS["muted"], alpha=0.8)
        self.b_line, = ax.plot([], [], lw=2.4, color=COLOURS["effector"], label="tumour, with drug")
        self.b_start_level = ax.axhline(INITIAL.B, color=COLOURS["total"], lw=0.8, ls=(0, (1, 3)),
                                        label="tumour burden at infusion")
        self.b_start = ax.axvline(DRUG_START_DEFAULT, color=COLOURS["purple"], lw=1.2, ls=":")
        ax.set(yscale="log", xlim=(0, HORIZON_DAYS), ylim=(1e-2, 1e4), xlabel="days after infusion",
               ylabel="tumour B (model units, log scale)")
        ax.yaxis.set_label_coords(-0.16, 0.5)  # in line with the inflammation axis's label
        label_decades(ax, -2, 4)
        handles = [self.i_ref, self.i_line, self.b_line, self.tox, self.b_start_level, self.i_start]
        self.fig.legend(handles=handles, loc="outside lower center", ncols=2)
        self.ax_i.set_title(" ", fontsize=10)
        self.ax_b.set_title(" ", fontsize=10)
        self.kept_yaxis = _KeptAxis(self.ax_i.yaxis)

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer). The
        inflammation axis rescales with the peak, so its y axis is redrawn too: first, from the
        pixels kept for its current limits when it has been drawn with them before."""
        self.ax_i.yaxis.set_animated(True)  # not in the kept background: `kept_yaxis` draws it
        return [self.kept_yaxis, self.i_ref, self.i_line, self.tox, self.i_start, self.ax_i.title,
                self.b_ref, self.b_line, self.b_start_level, self.b_start, self.ax_b.title]

    def update(self, drug=DRUG_DEFAULT, drug_start=DRUG_START_DEFAULT, tumour0=INITIAL.B) -> str:
        traj = simulate(drug, drug_start, tumour0)
        ref = no_drug(tumour0)
        days = traj.days
        self.i_ref.set_data(days, ref.I)
        self.i_line.set_data(days, traj.I)
        top = max(peak_inflammation(ref), peak_inflammation(traj), TOXICITY_LINE)
        self.ax_i.set_ylim(0, _nice_ceiling(1.15 * top))
        self.b_ref.set_data(days, np.where(ref.B > 0, ref.B, np.nan))
        self.b_line.set_data(days, np.where(traj.B > 0, traj.B, np.nan))
        self.b_start_level.set_ydata([tumour0, tumour0])
        shown = drug_start if drug > 0 else np.nan  # no line when there is no drug
        for line in (self.i_start, self.b_start):
            line.set_xdata([shown, shown])
        peak = peak_inflammation(traj)
        side = "above" if peak > TOXICITY_LINE else "below"
        self.ax_i.set_title(f"peak inflammation {peak:.0f}, {side} the line "
                            f"(no drug {peak_inflammation(ref):.0f})", fontsize=10)
        self.ax_b.set_title(f"tumour {outcome(traj)} (day {HORIZON_DAYS:.0f}: {_amount(final_tumour(traj))}; "
                            f"no drug {_amount(final_tumour(ref))})", fontsize=10)
        return describe(traj, ref)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (InflammationView, PARAMETERS)


def plot_inflammation(**values):
    return static_figure(InflammationView, PARAMETERS, **values)


def explore_inflammation():
    return explore(InflammationView, PARAMETERS)
