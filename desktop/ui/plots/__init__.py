"""The pyqtgraph charts of the window's tabs."""
