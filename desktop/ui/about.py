"""The About box: what the app is, its version and the sources of its figures."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from .. import __version__
from ..core.dataset import Dataset

APP_NAME = "Defence Spending Planner"


def about_html(dataset: Dataset) -> str:
    sources = "".join(f"<li>{escape(source)}, {escape(edition)}</li>" for source, edition in dataset.sources())
    return (
        f"<h3>{APP_NAME} {escape(__version__)}</h3>"
        "<p>What NATO's spending targets cost each ally, year by year.</p>"
        f"<p>Data sources:</p><ul>{sources}</ul>"
        "<p>Projections beyond the IMF's last year grow GDP at that year's rate. "
        "Figures you enter are marked user-entered wherever they are shown.</p>"
    )


def show_about(parent: QWidget, dataset: Dataset) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_html(dataset))
