"""Defence Spending Planner: NATO defence spending targets, costed per ally."""

__version__ = "0.1.0"
