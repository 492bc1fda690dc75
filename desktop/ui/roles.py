"""Custom item-data roles shared by the table models, proxies and the copy action."""

from PySide6.QtCore import Qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # floats for numbers so sorting is numeric
COPY_ROLE = Qt.ItemDataRole.UserRole + 2  # plain text that Excel reads as a number
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3  # the words the filter box matches
KEY_ROLE = Qt.ItemDataRole.UserRole + 4  # the row's key (an ISO code, or (iso3, year))
PINNED_ROLE = Qt.ItemDataRole.UserRole + 5  # True for a row (a total) that stays last whatever the sort and filter
