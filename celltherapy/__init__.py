"""celltherapy: the models, figures, widgets and answer checks of the Cellular Immunotherapy course.

One module per mechanism (car_structure, car_kinetics, cartmath, tcell_activation, dc_priming,
survival, nk_balance, nk_tumour, approvals); shared pieces in parameters, widgets, style and
checks; exercises/ holds the in-class exercises' tasks.
"""

__version__ = "0.1.0"
