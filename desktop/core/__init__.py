"""Calculation core: dataset, scenarios and arithmetic (pure Python + numpy, no Qt)."""
