"""Why an import stopped: one plain-English line naming the file and the reason."""

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


class ImportFailure(Exception):
    """The file cannot be imported; str() is the one line to show the user."""

    def __init__(self, file_name: str, reason: str):
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


class ImportCancelled(ImportFailure):
    """The user cancelled the import before it finished."""

    def __init__(self, file_name: str):
        super().__init__(file_name, "import cancelled")


class UnreadableContent(Exception):
    """Raised inside the readers with the reason only; the importer adds the file's name."""


def quoted(text: object) -> str:
    """Text from a file as a message shows it: as it is when printable, else quoted with escapes (one line always)."""
    text = str(text)
    return text if text.isprintable() else repr(text)


def without_surrogates(text: str) -> str:
    """Text that can be written as UTF-8: a file name's undecodable bytes (lone surrogates) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)
