"""The in-class exercises: their tasks and the checks behind them, one module per chapter.

Each module offers its notebook `start()`, `check(task_id, answer)`, `summary()`, `save()` and
`load(path)`, backed by one exercise per kernel made on first use, so that every cell works
whatever ran before it. Imported inside IPython (Jupyter, Colab, JupyterLite), this package
also makes a NameError explain itself: a cell run before the set-up cell is the commonest slip
in class, and a bare traceback does not say which cell to run first.
"""

from __future__ import annotations

import sys


def setup_names() -> set[str]:
    """The names that the set-up cells of the imported exercises make."""
    return {name for module_name, module in list(sys.modules.items())
            if module_name.startswith(__name__ + ".") for name in getattr(module, "SETUP_NAMES", ())}


def name_error_sentence(name: str) -> str:
    if name in setup_names():
        return (f"`{name}` is made by the set-up cell at the top of this notebook: run that cell first "
                "(Run → Run All Above), then this one.")
    return (f"`{name}` is not defined yet: if a cell above makes it, run the cells above first "
            "(Run → Run All Above), then this one; otherwise check the spelling.")


def _raised_in_notebook_code(shell, tb) -> bool:
    """Whether the error comes from the notebook's own code (a cell, or a function defined in
    one), rather than from inside a library, whose NameErrors keep their usual traceback."""
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_globals is shell.user_ns


def _explain_name_error(shell, etype, value, tb, tb_offset=None):
    """IPython's handler for NameError: one sentence saying which cell to run, then the
    original one-line error."""
    name = getattr(value, "name", None)
    if etype is NameError and isinstance(name, str) and _raised_in_notebook_code(shell, tb):
        # IPython shows an exception's own _render_traceback_ instead of the traceback
        value._render_traceback_ = lambda: [name_error_sentence(name), f"NameError: {value}"]
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)


def explain_name_errors_in_ipython() -> None:
    """Register the NameError handler in the running IPython, if any, unless another handler
    of custom exceptions is already there (IPython keeps only one)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is None or shell.custom_exceptions:
        return
    shell.set_custom_exc((NameError,), _explain_name_error)


explain_name_errors_in_ipython()
