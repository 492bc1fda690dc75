"""The window's views, one folder each: model, tab and plot together."""
