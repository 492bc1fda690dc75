"""Builds the platform icons (.ico, .icns, hicolor PNG sizes) from the app icon in resources/.

Run at build time so resources/ keeps one source image: `python packaging/make_icons.py OUT_DIR`.
Qt scales the image (PySide6 is in the build venv); the .ico and .icns containers hold
PNG payloads, which Windows Vista+ and macOS 10.7+ read.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_contents import APP_NAME, SCENARIO_MIME, find_icon  # noqa: E402

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Apple's PNG-capable icon types, by pixel size.
ICNS_TYPES = ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512))


def _source_image(png: Path | None, svg: Path | None):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    if svg is not None:
        # No QGuiApplication: painting shapes onto a QImage does not need one, and creating
        # one inside a test session would stand in the way of pytest-qt's QApplication.
        from PySide6.QtSvg import QSvgRenderer

        renderer = QSvgRenderer(str(svg))
        if renderer.isValid():
            image = QImage(1024, 1024, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            renderer.render(painter)
            painter.end()
            return image
    image = QImage(str(png)) if png is not None else QImage()
    if image.isNull():
        raise SystemExit(f"make_icons.py: cannot read {png or svg}")
    return image


def _png_bytes(image, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt

    scaled = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    scaled.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding one PNG per size (a 256 px entry is written as width 0)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payload = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    chunks = b"".join(kind + struct.pack(">I", len(pngs[size]) + 8) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", len(chunks) + 8) + chunks


def make_icons(out: Path, resources: Path | None = None) -> bool:
    """Writes OUT/APP.ico, OUT/APP.icns and OUT/hicolor/...; False when resources/ holds no icon."""
    kwargs = {} if resources is None else {"resources": resources}
    png, svg = find_icon(suffix=".png", **kwargs), find_icon(suffix=".svg", **kwargs)
    if png is None and svg is None:
        print("make_icons.py: resources/ holds no icon PNG or SVG; building without an app icon", file=sys.stderr)
        return False
    image = _source_image(png, svg)
    sizes = sorted(set(ICO_SIZES) | set(HICOLOR_SIZES) | {s for _, s in ICNS_TYPES})
    pngs = {size: _png_bytes(image, size) for size in sizes}
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{APP_NAME}.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (out / f"{APP_NAME}.icns").write_bytes(icns_bytes(pngs))
    mime_icon = SCENARIO_MIME.replace("/", "-")
    for size in HICOLOR_SIZES:
        for kind, name in (("apps", APP_NAME), ("mimetypes", mime_icon)):
            target = out / "hicolor" / f"{size}x{size}" / kind / f"{name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pngs[size])
    if svg is not None:
        for kind, name in (("apps", APP_NAME), ("mimetypes", mime_icon)):
            target = out / "hicolor" / "scalable" / kind / f"{name}.svg"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(svg.read_bytes())
    return True


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_icons.py OUT_DIR")
    make_icons(Path(sys.argv[1]))
