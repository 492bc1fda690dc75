"""Generate the app icon: icon.svg (the source drawing), icon.png, icon.ico and icon.icns.

Run `python resources/make_icon.py` after changing the drawing; Qt's own image writers make
the raster formats, so no imaging library is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Three rising bars (spending), a dashed line (the target) on a navy tile.
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect x="8" y="8" width="240" height="240" rx="48" fill="#1f3b5c"/>
  <rect x="44" y="150" width="44" height="62" rx="6" fill="#76b7b2"/>
  <rect x="106" y="116" width="44" height="96" rx="6" fill="#4e9fd8"/>
  <rect x="168" y="70" width="44" height="142" rx="6" fill="#ffffff"/>
  <line x1="30" y1="92" x2="226" y2="92" stroke="#f28e2b" stroke-width="10" stroke-dasharray="18 12" stroke-linecap="round"/>
</svg>
"""


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    (HERE / "icon.svg").write_text(SVG, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(SVG.encode("utf-8")))

    def render(size: int) -> QImage:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return image

    written = []
    for name, size, fmt in (("icon.png", 256, "PNG"), ("icon.ico", 256, "ICO"), ("icon.icns", 512, "ICNS")):
        if render(size).save(str(HERE / name), fmt):
            written.append(name)
        else:
            print(f"Qt has no {fmt} writer here; {name} not written", file=sys.stderr)
    del app
    print("wrote", ", ".join(["icon.svg", *written]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
