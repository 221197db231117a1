"""celltherapy: the models, figures, widgets and answer checks of the Cellular Immunotherapy course.

One module per mechanism (car_structure, car_kinetics, cartmath, tcell_activation, dc_priming,
survival, nk_balance, nk_tumour, approvals); shared pieces in parameters, widgets, style and
checks; exercises/ holds the in-class exercises' tasks.
"""

__version__ = "0.1.0"

import sys as _sys

if _sys.platform == "emscripten":  # in the reader's browser (JupyterLite, Pyodide)
    import logging as _logging

    # The course's site serves a font list made for the matplotlib it serves; should matplotlib
    # not find it (loaded without the course package), it lists its fonts and says so on
    # stderr, which the notebook shows in red like an error: a student cannot act on it
    _logging.getLogger("matplotlib.font_manager").setLevel(_logging.ERROR)
