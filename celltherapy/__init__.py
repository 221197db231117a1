"""celltherapy: the models, figures, widgets and answer checks of the Cellular Immunotherapy course.

One module per mechanism (car_structure, car_kinetics, cartmath, tcell_activation, dc_priming,
survival, nk_balance, nk_tumour, approvals); shared pieces in parameters, widgets, style and
checks; exercises/ holds the in-class exercises' tasks.
"""

__version__ = "0.1.0"

import sys as _sys

if _sys.platform == "emscripten":  # in the reader's browser (JupyterLite, Pyodide)
    import logging as _logging

    # Pyodide starts every kernel with an empty file system, so matplotlib lists its fonts anew
    # each time and says so on stderr, which the notebook shows in red like an error: a student
    # cannot act on it, so keep it out of the page (the listing takes a moment either way)
    _logging.getLogger("matplotlib.font_manager").setLevel(_logging.ERROR)
