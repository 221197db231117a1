"""Binder affinity against antigen density: which cells a CAR T cell kills, and the safety window.

A CAR T cell kills a target when enough of its receptors are engaged at once. How many are
engaged depends on how much antigen the target carries and on how tightly the binder holds it.
The model here is deliberately small and every number in it is ILLUSTRATIVE (a teaching
model, not a fit):

- In the contact between the two cells a fraction f of the target's antigen molecules faces
  the CAR T cell. At equilibrium each of them is bound with probability

      occupancy = rho / (rho + Kd),

  the law of mass action with rho an effective concentration of CAR in the contact. (Binding
  between two membranes is really a two-dimensional affinity; lumping it into one effective
  concentration is the teaching shortcut.) So the engaged receptors are

      engaged = f · antigen per cell · occupancy.

- The cell is killed when `engaged` reaches a threshold N*. Half of the cells are killed at the
  antigen density A50 = N* / (f · occupancy); a tighter binder (smaller Kd) lowers A50.

- Target cells do not all carry the same amount of antigen: antigen per cell is log-normal
  around its median (spread SIGMA in natural-log units), so the fraction of a population killed
  at median density A is Φ((ln A − ln A50) / SIGMA), Φ the standard normal distribution
  function.

The dissociation constant is the ratio of the off-rate to the on-rate, Kd = koff / kon. At a
fixed on-rate a lower affinity means a faster off-rate: the bond's half-life ln 2 / koff is
shorter. In this equilibrium model only Kd matters; what the off-rate does on its own (serial
engagement of many receptors by one antigen, the time a bond must last to signal) is discussed
in the chapter, not modelled.

Where the model meets published work: CAR T cells with a lower-affinity binder spared cells
with physiological levels of the target but killed cells that overexpressed it (Liu et al.
2015; Caruso et al. 2015), and CD19 CAR T cells lose function on targets with little CD19
(Majzner et al. 2020); the default threshold is chosen so that the high-affinity reference
binder kills half of a population at a median of about 2,000 antigen molecules per cell, the
order of the CD19 density below which Majzner et al. saw cytokine production nearly ablated.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtr

from .parameters import Parameter
from .style import COLOURS, label_decades, new_figure, sci
from .widgets import explore, static_figure

# ILLUSTRATIVE teaching values (none is a measurement)
CONTACT_FRACTION = 0.1         # f: share of a target's antigen that faces the CAR T cell
EFFECTIVE_CAR_NM = 30.0        # rho: effective CAR concentration in the contact (nM)
SPREAD = 1.0                   # SIGMA: spread of antigen per cell (natural-log units; ~2.7-fold)
ON_RATE = 1e5                  # kon (per molar per second), to turn Kd into an off-rate
REFERENCE_KD_NM = 1.0          # the high-affinity reference binder (nM)
DEFAULT_THRESHOLD = 200.0      # N*: engaged receptors needed to kill

DENSITIES = np.geomspace(1e2, 1e6, 161)  # median antigen molecules per cell, for the curves


def occupancy(kd_nm, receptor_nm=EFFECTIVE_CAR_NM):
    """Fraction of the antigen in the contact that is bound at equilibrium: rho / (rho + Kd)."""
    kd = np.asarray(kd_nm, dtype=float)
    return receptor_nm / (receptor_nm + kd)


def engaged_receptors(antigen_per_cell, kd_nm, contact_fraction=CONTACT_FRACTION):
    """Receptors engaged in one contact with a cell carrying `antigen_per_cell` molecules."""
    return contact_fraction * np.asarray(antigen_per_cell, dtype=float) * occupancy(kd_nm)


def half_kill_density(kd_nm, threshold=DEFAULT_THRESHOLD, contact_fraction=CONTACT_FRACTION):
    """Antigen molecules per cell at which exactly `threshold` receptors are engaged (A50)."""
    return threshold / (contact_fraction * occupancy(kd_nm))


def fraction_killed(median_density, kd_nm, threshold=DEFAULT_THRESHOLD, spread=SPREAD):
    """Fraction of a population of cells killed, antigen per cell log-normal about its median."""
    a50 = half_kill_density(kd_nm, threshold)
    z = (np.log(np.asarray(median_density, dtype=float)) - np.log(a50)) / spread
    return ndtr(z)


def dissociation_constant_nm(kon_per_molar_second, koff_per_second):
    """Kd = koff / kon, in nM (kon in M⁻¹ s⁻¹, koff in s⁻¹)."""
    return koff_per_second / kon_per_molar_second * 1e9


def off_rate(kd_nm, kon_per_molar_second=ON_RATE):
    """koff = kon · Kd (s⁻¹) for a binder of dissociation constant `kd_nm`."""
    return kon_per_molar_second * kd_nm * 1e-9


def bond_half_life(koff_per_second):
    """Half-life of one bond, ln 2 / koff (seconds)."""
    return math.log(2) / koff_per_second


def duration(seconds: float) -> str:
    """A half-life as people say it: 6.9 s, 1.2 min, 1.9 h."""
    if seconds < 90:
        return f"{seconds:.2g} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.2g} min"
    return f"{seconds / 3600:.2g} h"


def window(kd_nm=100.0, tumour_density=5e4, healthy_density=5e3, threshold=DEFAULT_THRESHOLD):
    """Fractions of tumour and healthy cells killed by the binder and by the reference."""
    return {
        "tumour": float(fraction_killed(tumour_density, kd_nm, threshold)),
        "healthy": float(fraction_killed(healthy_density, kd_nm, threshold)),
        "reference tumour": float(fraction_killed(tumour_density, REFERENCE_KD_NM, threshold)),
        "reference healthy": float(fraction_killed(healthy_density, REFERENCE_KD_NM, threshold)),
    }


def describe(kd_nm=100.0, tumour_density=5e4, healthy_density=5e3, threshold=DEFAULT_THRESHOLD) -> str:
    w = window(kd_nm, tumour_density, healthy_density, threshold)
    half_life = duration(bond_half_life(off_rate(kd_nm)))
    return (f"Binder with Kd {sci(kd_nm, 2)} nM (bond half-life {half_life}): kills "
            f"{w['tumour']:.0%} of tumour cells (median {sci(tumour_density, 2)} molecules per cell) "
            f"and {w['healthy']:.0%} of healthy cells (median {sci(healthy_density, 2)}); the "
            f"high-affinity reference (Kd {REFERENCE_KD_NM:g} nM) kills {w['reference tumour']:.0%} "
            f"and {w['reference healthy']:.0%} (illustrative numbers)")


PARAMETERS = (
    Parameter("kd_nm", "binder's dissociation constant, Kd", 100.0, "nM", 0.1, 1000.0, 0.1, log=True),
    Parameter("tumour_density", "antigen on tumour cells (median)", 5e4, "molecules per cell",
              1e3, 1e6, 0.1, log=True),
    Parameter("healthy_density", "antigen on healthy cells (median)", 5e3, "molecules per cell",
              1e2, 1e5, 0.1, log=True),
    Parameter("threshold", "engaged receptors needed to kill", DEFAULT_THRESHOLD, "receptors",
              20.0, 2000.0, 0.1, log=True),
)


class AffinityView:
    """Fraction of cells killed against antigen density, for the chosen binder and a
    high-affinity reference, with the healthy and tumour populations marked."""

    def __init__(self):
        self.fig, ax = new_figure(5.0, 4.5)
        self.ax = ax
        ax.set(xscale="log", xlim=(DENSITIES[0], DENSITIES[-1]), ylim=(-0.02, 1.08),
               xlabel="median antigen molecules per target cell",
               ylabel="fraction of cells killed")
        label_decades(ax, 2, 6, axis="x")
        (self.reference,) = ax.plot(DENSITIES, DENSITIES * 0, color=COLOURS["muted"], ls="--", lw=2,
                                    label=f"high-affinity reference (Kd {REFERENCE_KD_NM:g} nM)")
        (self.binder,) = ax.plot(DENSITIES, DENSITIES * 0, color=COLOURS["effector"], lw=2.5,
                                 label="your binder")
        self.healthy_line = ax.axvline(1e3, color=COLOURS["memory"], lw=1.5, ls=":")
        self.tumour_line = ax.axvline(1e5, color=COLOURS["tumour"], lw=1.5, ls=":")
        self.healthy_label = ax.text(1e3, 1.04, "healthy", color="#006e51", ha="center", fontsize=10)
        self.tumour_label = ax.text(1e5, 1.04, "tumour", color="#a34400", ha="center", fontsize=10)
        (self.points,) = ax.plot([], [], "o", color=COLOURS["effector"], ms=7, markeredgecolor="black",
                                 label="_points")
        # below the axes: the curves move over the whole plot, and a legend inside it is drawn
        # once under them (see widgets.Drawing)
        self.fig.legend(handles=[self.reference, self.binder], loc="outside lower center", ncols=2,
                        fontsize=10)
        self.title = ax.set_title(" ", fontsize=10, loc="left")

    def dynamic_artists(self):
        """What a slider move changes; the axes and legend are drawn once (see widgets.Explorer)."""
        return [self.reference, self.binder, self.healthy_line, self.tumour_line, self.healthy_label,
                self.tumour_label, self.points, self.title]

    def _turn_labels(self, healthy_density, tumour_density):
        """Each line's label centred over it, but turned away from the other line's when the two
        are close, and kept inside the axes at either end."""
        (low, low_label), (high, high_label) = sorted(
            [(healthy_density, self.healthy_label), (tumour_density, self.tumour_label)], key=lambda pair: pair[0])
        close = np.log10(high / low) < 0.7  # about one and a half label widths on this axis
        for x, label, away in ((low, low_label, "right"), (high, high_label, "left")):
            position = np.log10(x / DENSITIES[0]) / np.log10(DENSITIES[-1] / DENSITIES[0])
            label.set_ha("left" if position < 0.1 else "right" if position > 0.9 else away if close else "center")

    def update(self, kd_nm=100.0, tumour_density=5e4, healthy_density=5e3,
               threshold=DEFAULT_THRESHOLD) -> str:
        self.reference.set_ydata(fraction_killed(DENSITIES, REFERENCE_KD_NM, threshold))
        self.binder.set_ydata(fraction_killed(DENSITIES, kd_nm, threshold))
        self.healthy_line.set_xdata([healthy_density, healthy_density])
        self.tumour_line.set_xdata([tumour_density, tumour_density])
        self.healthy_label.set_x(healthy_density)
        self.tumour_label.set_x(tumour_density)
        self._turn_labels(healthy_density, tumour_density)
        w = window(kd_nm, tumour_density, healthy_density, threshold)
        self.points.set_data([healthy_density, tumour_density], [w["healthy"], w["tumour"]])
        self.title.set_text(f"Kd {sci(kd_nm, 2)} nM: tumour cells killed {w['tumour']:.0%}, "
                            f"healthy cells killed {w['healthy']:.0%}")
        return describe(kd_nm, tumour_density, healthy_density, threshold)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (AffinityView, PARAMETERS)


def plot_affinity(**values):
    """Static figure at the default values (or any overrides)."""
    return static_figure(AffinityView, PARAMETERS, **values)


def explore_affinity():
    """Sliders for affinity, the two antigen densities and the killing threshold."""
    return explore(AffinityView, PARAMETERS)


def plot_affinity_series(kds=(1.0, 30.0, 300.0), tumour_density=5e4, healthy_density=5e3,
                         threshold=DEFAULT_THRESHOLD):
    """Small multiples, stacked: the same two populations against three binders, high to low affinity."""
    fig, axes = new_figure(5.0, 2.6 * len(kds), nrows=len(kds), sharex=True)
    for ax, kd in zip(axes, kds):
        ax.plot(DENSITIES, fraction_killed(DENSITIES, kd, threshold), color=COLOURS["effector"], lw=2.5,
                label="fraction killed")
        w = window(kd, tumour_density, healthy_density, threshold)
        ax.axvline(healthy_density, color=COLOURS["memory"], ls=":", lw=1.5)
        ax.axvline(tumour_density, color=COLOURS["tumour"], ls=":", lw=1.5)
        ax.plot([healthy_density, tumour_density], [w["healthy"], w["tumour"]], "o",
                color=COLOURS["effector"], markeredgecolor="black", label="_points")
        ax.set(xscale="log", xlim=(DENSITIES[0], DENSITIES[-1]), ylim=(-0.02, 1.05),
               title=f"Kd {sci(kd, 2)} nM: tumour {w['tumour']:.0%}, healthy {w['healthy']:.0%}")
        label_decades(ax, 2, 6, axis="x", every=2)
        ax.set_ylabel("fraction killed")
        ax.title.set_fontsize(10)
    axes[-1].set_xlabel("median antigen molecules per cell")
    return fig
