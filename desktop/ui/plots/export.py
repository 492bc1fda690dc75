"""Charts to PNG through pyqtgraph's ImageExporter (its SVG exporter is broken on Qt 6.12, so none is offered).

An exported chart carries its scenario's name as a title and a source line with the date under it, so it
can be forwarded on its own.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

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


LEGEND_PT = 9.0  # pyqtgraph's legend text size on screen


def chart_image(chart: Chart) -> QImage:
    """The chart at export width. Legends ignore the export's scaling: their text is enlarged to match, then put back."""
    exporter = _exporter(chart)
    scale = exporter.parameters()["width"] / max(1, chart.width())
    legends = [plot.legend for plot in chart.plots if plot.legend is not None]
    for legend in legends:
        legend.setLabelTextSize(f"{LEGEND_PT * scale * 1.15:.1f}pt")
    try:
        return exporter.export(toBytes=True)
    finally:
        for legend in legends:
            legend.setLabelTextSize(f"{LEGEND_PT:g}pt")


def with_title_and_source(image: QImage, title: str, subtitle: str, source: str, background: QColor, foreground: QColor) -> QImage:
    """`image` under a title (and a muted subtitle) and over a source line, all sized to the image's width."""
    width = image.width()
    title_px, small_px = max(18, width // 55), max(12, width // 100)
    margin = small_px
    title_h = int(title_px * 1.5) + (int(small_px * 1.5) if subtitle else 0) + margin
    source_h = int(small_px * 1.6) + margin
    out = QImage(width, image.height() + title_h + source_h, QImage.Format.Format_ARGB32)
    out.fill(background)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    muted = QColor(foreground)
    muted.setAlpha(170)
    font = QFont()
    font.setPixelSize(title_px)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(foreground)
    painter.drawText(QRect(margin, margin, width - 2 * margin, int(title_px * 1.5)), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, width - 2 * margin))
    font.setBold(False)
    font.setPixelSize(small_px)
    painter.setFont(font)
    painter.setPen(muted)
    if subtitle:
        painter.drawText(QRect(margin, margin + int(title_px * 1.5), width - 2 * margin, int(small_px * 1.5)),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(subtitle, Qt.TextElideMode.ElideRight, width - 2 * margin))
    painter.drawImage(0, title_h, image)
    painter.drawText(QRect(margin, title_h + image.height(), width - 2 * margin, int(small_px * 1.6)),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     painter.fontMetrics().elidedText(source, Qt.TextElideMode.ElideRight, width - 2 * margin))
    painter.end()
    return out


def image_png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(QByteArray(buffer.data()))


def png_bytes(chart: Chart, title: str = "", subtitle: str = "", source: str = "") -> bytes:
    image = chart_image(chart)
    if title or source:
        image = with_title_and_source(image, title, subtitle, source, chart.colours.background, chart.colours.foreground)
    return image_png(image)


def export_png(chart: Chart, path, title: str = "", subtitle: str = "", source: str = "") -> None:
    """Written via a temporary file and os.replace, like every file the app writes."""
    write_atomically(path, png_bytes(chart, title, subtitle, source))
