"""Reading spreadsheets: formats, table detection and parsing into records."""
