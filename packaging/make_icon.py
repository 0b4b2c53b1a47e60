"""Draw the application icon: resources/icons/hemsedal-integrering.png (256 px) and .ico (16-256 px).

A white mountain ridge over a small house on a blue rounded square, drawn
with Pillow (a dependency of reportlab) at 1024 px and scaled down. Run once
after changing the drawing; the files are committed.

    python packaging/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAME = "hemsedal-integrering"
BLUE, NIGHT, SNOW, ROOF, DOOR = (31, 94, 163), (19, 52, 99), (255, 255, 255), (214, 64, 52), (31, 94, 163)


def draw(size: int = 1024) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 1024
    d.rounded_rectangle((40 * s, 40 * s, 984 * s, 984 * s), radius=200 * s, fill=BLUE)
    # mountains (the back ridge darker), snow caps
    d.polygon([(90 * s, 760 * s), (380 * s, 300 * s), (560 * s, 560 * s), (700 * s, 380 * s), (934 * s, 760 * s)],
              fill=NIGHT)
    d.polygon([(380 * s, 300 * s), (455 * s, 420 * s), (410 * s, 395 * s), (360 * s, 440 * s), (320 * s, 395 * s)],
              fill=SNOW)
    d.polygon([(700 * s, 380 * s), (760 * s, 475 * s), (720 * s, 455 * s), (680 * s, 490 * s), (650 * s, 460 * s)],
              fill=SNOW)
    # house: white walls, red roof, blue door
    d.rectangle((400 * s, 640 * s, 624 * s, 860 * s), fill=SNOW)
    d.polygon([(360 * s, 660 * s), (512 * s, 520 * s), (664 * s, 660 * s)], fill=ROOF)
    d.rectangle((482 * s, 750 * s, 542 * s, 860 * s), fill=DOOR)
    # ground line
    d.rounded_rectangle((120 * s, 860 * s, 904 * s, 890 * s), radius=12 * s, fill=SNOW)
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    png = big.resize((256, 256), Image.LANCZOS)
    png.save(OUT / f"{NAME}.png", optimize=True)
    big.resize((256, 256), Image.LANCZOS).save(
        OUT / f"{NAME}.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print("wrote", OUT / f"{NAME}.png", OUT / f"{NAME}.ico")


if __name__ == "__main__":
    main()
