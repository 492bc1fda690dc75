"""The window's views, one folder each: a view's models, tab and charts together."""
