"""The in-class exercises: their tasks and the checks behind them, one module per chapter."""
