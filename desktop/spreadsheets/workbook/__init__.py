"""The planner's own scenario workbook: the live Excel export and its reader."""
