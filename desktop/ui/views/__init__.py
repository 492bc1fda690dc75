"""Views grouped by what they show, each folder holding its model, chart and tab together."""
