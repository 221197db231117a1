"""A biomarker threshold: sensitivity, specificity and the ROC curve. An ILLUSTRATION.

The exposures are real model output: AUC(0–28 d) of the virtual cohort built from the
published between-patient variability of the Stein et al. (2019) model (`car_kinetics`).
The link from exposure to response is NOT published here: it is an illustrative logistic
relation, the chance of response rising with log10(AUC),

    P(response | AUC) = 1 / (1 + exp(-slope * (log10 AUC - log10 AUC50)))

Every patient counts as a responder with weight P and as a non-responder with weight 1 - P, so
sensitivity and specificity are expected values and move smoothly with the threshold. Calling
"high exposure" (AUC at or above the threshold) a prediction of response:

    sensitivity = share of responders' weight at or above the threshold
    specificity = share of non-responders' weight below it
"""

from __future__ import annotations

import numpy as np

from .car_kinetics import cohort_exposure, virtual_cohort
from .parameters import Parameter
from .style import COLOURS, label_decades, new_figure, sci
from .widgets import explore, static_figure

COHORT_SIZE = 400
AUC50 = 3e4                     # illustrative: exposure at which half respond
LOG_AUC = np.sort(np.log10(cohort_exposure(virtual_cohort(COHORT_SIZE))["auc"]))
BINS = np.linspace(2.5, 7.0, 37)


def response_probability(log_auc, slope: float):
    """Illustrative chance of response at each log10 AUC; slope 0 means AUC tells nothing."""
    return 1.0 / (1.0 + np.exp(-slope * (np.asarray(log_auc) - np.log10(AUC50))))


def sensitivity_specificity(threshold: float, slope: float, log_auc=LOG_AUC) -> tuple[float, float]:
    """Expected sensitivity and specificity of "AUC >= threshold" as a test for response."""
    p = response_probability(log_auc, slope)
    above = log_auc >= np.log10(threshold)
    return float(p[above].sum() / p.sum()), float((1 - p)[~above].sum() / (1 - p).sum())


def roc_curve(slope: float, log_auc=LOG_AUC) -> tuple[np.ndarray, np.ndarray]:
    """False-positive and true-positive rates at every threshold, from 'everyone positive' to
    'no one positive' (the cohort sorted by exposure)."""
    p = response_probability(log_auc, slope)
    # counting down from the highest exposure: who is called positive as the threshold falls
    tpr = np.concatenate([[0.0], np.cumsum(p[::-1]) / p.sum()])
    fpr = np.concatenate([[0.0], np.cumsum((1 - p)[::-1]) / (1 - p).sum()])
    return fpr, tpr


def roc_area(slope: float) -> float:
    fpr, tpr = roc_curve(slope)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def describe(threshold=1e5, slope=1.5) -> str:
    sens, spec = sensitivity_specificity(threshold, slope)
    return (f"threshold AUC {sci(threshold)} copies·day/µg: sensitivity {sens:.0%}, specificity {spec:.0%}; "
            f"area under the ROC curve {roc_area(slope):.2f} (illustrative exposure–response relation)")


PARAMETERS = (
    Parameter("threshold", "threshold: AUC 0–28 d", 1e5, "copies·day/µg", 1e3, 1e7, 0.05, log=True),
    Parameter("slope", "strength of the exposure–response link (illustrative)", 1.5, "per decade",
              0.0, 5.0, 0.1),
)


class BiomarkerView:
    """Left: AUC among (expected) responders and non-responders, with the threshold.
    Right: the ROC curve and where the threshold puts the test on it."""

    def __init__(self):
        self.fig, (self.ax, self.roc_ax) = new_figure(5.0, 7.6, nrows=2, height_ratios=(1, 1.1))
        ax = self.ax
        centres = (BINS[:-1] + BINS[1:]) / 2
        self.centres = 10 ** centres
        self.responders, = ax.plot([], [], lw=2.2, color=COLOURS["memory"], drawstyle="steps-mid",
                                   label="responders")
        self.non_responders, = ax.plot([], [], lw=2.2, ls="--", color=COLOURS["tumour"],
                                       drawstyle="steps-mid", label="non-responders")
        ax.set(xscale="log", xlim=(10 ** BINS[0], 10 ** BINS[-1]), ylim=(0, 40),
               xlabel="AUC 0–28 d (copies·day/µg)", ylabel="expected patients per bin")
        self.threshold = ax.axvline(1e5, color=COLOURS["total"], lw=1.5, label="threshold")
        label_decades(ax, 3, 7, axis="x")
        ax.legend(loc="upper left", fontsize=10)
        self.title = ax.set_title(" ")
        roc = self.roc_ax
        roc.plot([0, 1], [0, 1], color=COLOURS["muted"], lw=1, ls=":", label="a coin toss")
        self.curve, = roc.plot([], [], lw=2.2, color=COLOURS["effector"], label="ROC curve")
        self.point, = roc.plot([], [], "o", ms=8, color=COLOURS["total"], label="this threshold")
        roc.set(xlim=(0, 1), ylim=(0, 1.02), aspect="equal", xlabel="1 − specificity",
                ylabel="sensitivity")
        roc.legend(loc="lower right", fontsize=10)
        self.roc_title = roc.set_title(" ")

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [self.responders, self.non_responders, self.threshold, self.title, self.curve,
                self.point, self.roc_title]

    def update(self, threshold=1e5, slope=1.5) -> str:
        p = response_probability(LOG_AUC, slope)
        self.responders.set_data(self.centres, np.histogram(LOG_AUC, BINS, weights=p)[0])
        self.non_responders.set_data(self.centres, np.histogram(LOG_AUC, BINS, weights=1 - p)[0])
        self.threshold.set_xdata([threshold, threshold])
        sens, spec = sensitivity_specificity(threshold, slope)
        self.title.set_text(f"sensitivity {sens:.0%}, specificity {spec:.0%}")
        self.curve.set_data(*roc_curve(slope))
        self.point.set_data([1 - spec], [sens])
        self.roc_title.set_text(f"area under the curve {roc_area(slope):.2f}")
        return describe(threshold, slope)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (BiomarkerView, PARAMETERS)


def plot_biomarker(**values):
    return static_figure(BiomarkerView, PARAMETERS, **values)


def explore_biomarker():
    return explore(BiomarkerView, PARAMETERS)
