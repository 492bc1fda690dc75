"""The Budget lines view: the lines as an editable table, the headroom year by year, and charts of lines against the extra and of composition."""
