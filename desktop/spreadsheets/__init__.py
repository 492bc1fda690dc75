"""Spreadsheet import and export (no Qt)."""
