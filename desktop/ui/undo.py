"""The QUndoCommand adapter around a core command: redo applies it, undo applies its inverse."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

_MERGEABLE_ID = 1


class CoreCommand(QUndoCommand):
    """`merge_session` separates one spin-box drag from the next edit of the same field."""

    def __init__(self, document, command, text: str, merge_session: int, parent=None):
        super().__init__(text, parent)
        self._document = document
        self._command = command
        self._inverse = None
        self._merge_key = None if command.merge_key is None else (command.merge_key, merge_session)

    def redo(self):
        state, self._inverse = self._command.apply(self._document.scenario)
        self._document.set_state(state)

    def undo(self):
        state, _ = self._inverse.apply(self._document.scenario)
        self._document.set_state(state)

    def id(self):
        return -1 if self._merge_key is None else _MERGEABLE_ID

    def mergeWith(self, other):
        if not isinstance(other, CoreCommand) or other._merge_key != self._merge_key:
            return False
        self._command = other._command
        return True
