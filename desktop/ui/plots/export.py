"""Charts to PNG through pyqtgraph's ImageExporter (its SVG exporter is broken on Qt 6.12, so none is offered)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from pyqtgraph.exporters import ImageExporter

from ...core.atomic_write import write_atomically
from .chart import Chart

MIN_EXPORT_WIDTH = 1600


def _exporter(chart: Chart) -> ImageExporter:
    exporter = ImageExporter(chart.ci)
    params = exporter.parameters()
    params["background"] = chart.colours.background
    width = max(MIN_EXPORT_WIDTH, int(chart.width()))
    params["width"] = width
    return exporter


def chart_image(chart: Chart) -> QImage:
    return _exporter(chart).export(toBytes=True)


def image_png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(QByteArray(buffer.data()))


def png_bytes(chart: Chart) -> bytes:
    return image_png(chart_image(chart))


def export_png(chart: Chart, path) -> None:
    """Written via a temporary file and os.replace, like every file the app writes."""
    write_atomically(path, png_bytes(chart))
