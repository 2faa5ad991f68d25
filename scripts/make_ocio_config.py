#!/usr/bin/env python3
"""Writes Liveframe's shipped OCIO config: resources/ocio/config.ocio and its Film LUTs.

The matrices are derived here from the primaries (Bradford adaptation between white points),
and the Film view's LUTs are sampled from the curves below, so the config and its LUTs
always agree. Plain Python, no dependencies. Run from anywhere:

    python3 scripts/make_ocio_config.py [output_dir]   # default: resources/ocio
"""

import math
import pathlib
import sys

# CIE xy chromaticities.
REC709 = {"r": (0.64, 0.33), "g": (0.30, 0.60), "b": (0.15, 0.06), "w": (0.3127, 0.3290)}
AP1 = {"r": (0.713, 0.293), "g": (0.165, 0.830), "b": (0.128, 0.044), "w": (0.32168, 0.33767)}
AP0 = {"r": (0.7347, 0.2653), "g": (0.0, 1.0), "b": (0.0001, -0.0770), "w": (0.32168, 0.33767)}

# The Film view: scene-linear values are spread over these stops (log2) before the tone curve.
FILM_LOG2_MIN = -12.0
FILM_LOG2_MAX = 4.0
FILM_CURVE_SIZE = 4096  # 1D LUT entries
FILM_LOOK_SIZE = 17  # 3D LUT edge


def xyz(xy):
    x, y = xy
    return [x / y, 1.0, (1.0 - x - y) / y]


def multiply(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def apply(m, v):
    return [sum(m[i][k] * v[k] for k in range(3)) for i in range(3)]


def inverse(m):
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return [
        [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
        [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
        [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
    ]


def rgb_to_xyz(primaries):
    columns = [xyz(primaries[c]) for c in "rgb"]
    m = [[columns[j][i] for j in range(3)] for i in range(3)]
    scale = apply(inverse(m), xyz(primaries["w"]))
    return [[m[i][j] * scale[j] for j in range(3)] for i in range(3)]


def bradford(from_white, to_white):
    cone = [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
    src = apply(cone, xyz(from_white))
    dst = apply(cone, xyz(to_white))
    gain = [[dst[i] / src[i] if i == j else 0.0 for j in range(3)] for i in range(3)]
    return multiply(inverse(cone), multiply(gain, cone))


def rgb_to_rgb(src, dst):
    adapt = bradford(src["w"], dst["w"])
    return multiply(inverse(rgb_to_xyz(dst)), multiply(adapt, rgb_to_xyz(src)))


def ocio_matrix(m):
    flat = [m[0][0], m[0][1], m[0][2], 0, m[1][0], m[1][1], m[1][2], 0,
            m[2][0], m[2][1], m[2][2], 0, 0, 0, 0, 1]
    return "[" + ", ".join(f"{v:.10g}" for v in flat) + "]"


def srgb_encode(linear):
    if linear <= 0.0031308:
        return 12.92 * linear
    return 1.055 * linear ** (1.0 / 2.4) - 0.055


def film_tone(scene_linear):
    """Scene-linear to display-linear: a filmic S-curve (a rational fit after Narkowicz 2015)
    that lifts mid-grey slightly, rolls highlights off and reaches white ~3 stops over 1.0."""
    x = max(scene_linear, 0.0)
    y = x * (2.51 * x + 0.03) / (x * (2.43 * x + 0.59) + 0.14)
    return min(max(y, 0.0), 1.0)


def film_look(rgb):
    """A gentle grade on display-encoded values: a little more colour in the mid-tones, less
    in the highlights, cool shadows and warm highlights."""
    luma = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    saturation = 1.12 - 0.3 * luma * luma
    out = [luma + (c - luma) * saturation for c in rgb]
    shadow = 0.03 * (1.0 - luma) ** 2 * luma * 4.0
    highlight = 0.025 * luma * luma
    out[0] += highlight - 0.5 * shadow
    out[2] += shadow - highlight
    return [min(max(c, 0.0), 1.0) for c in out]


def write_curve(path):
    lines = ["Version 1", "From 0.0 1.0", f"Length {FILM_CURVE_SIZE}", "Components 1", "{"]
    for i in range(FILM_CURVE_SIZE):
        t = i / (FILM_CURVE_SIZE - 1)
        stops = FILM_LOG2_MIN + t * (FILM_LOG2_MAX - FILM_LOG2_MIN)
        lines.append(f"  {srgb_encode(film_tone(2.0 ** stops)):.7f}")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")


def write_look(path):
    n = FILM_LOOK_SIZE
    lines = ["SPILUT 1.0", "3 3", f"{n} {n} {n}"]
    for r in range(n):
        for g in range(n):
            for b in range(n):
                out = film_look([r / (n - 1), g / (n - 1), b / (n - 1)])
                lines.append(f"{r} {g} {b} {out[0]:.7f} {out[1]:.7f} {out[2]:.7f}")
    path.write_text("\n".join(lines) + "\n")


CONFIG = """\
# Liveframe's shipped OCIO config, written by scripts/make_ocio_config.py (edit that, not this).
# Models emit 8-bit sRGB-encoded frames: "sRGB - Texture" is the default input. Scene-linear
# is linear Rec.709; the display reference is display-linear Rec.709 (Standard keeps scene 1.0
# at display white, Film tone-maps).
ocio_profile_version: 2

environment: {{}}
search_path: luts
strictparsing: true
luma: [0.2126, 0.7152, 0.0722]
name: liveframe-video
description: Liveframe real-time video (sRGB frames; sRGB and Rec.1886 displays)

roles:
  default: sRGB - Texture
  scene_linear: Linear Rec.709 (sRGB)
  rendering: Linear Rec.709 (sRGB)
  reference: Linear Rec.709 (sRGB)
  aces_interchange: ACES2065-1
  cie_xyz_d65_interchange: CIE-XYZ-D65
  compositing_log: Log2 Rec.709
  color_picking: sRGB - Texture
  color_timing: sRGB - Texture
  texture_paint: sRGB - Texture
  matte_paint: sRGB - Texture
  data: Raw

file_rules:
  - !<Rule> {{name: Default, colorspace: default}}

displays:
  sRGB:
    - !<View> {{name: Standard, view_transform: Standard, display_colorspace: sRGB - Display}}
    - !<View> {{name: Film, view_transform: Film, display_colorspace: sRGB - Display}}
    - !<View> {{name: Raw, colorspace: Raw}}
  Rec.1886 / Rec.709 Video:
    - !<View> {{name: Standard, view_transform: Standard, display_colorspace: Rec.709 - Display}}
    - !<View> {{name: Film, view_transform: Film, display_colorspace: Rec.709 - Display}}
    - !<View> {{name: Raw, colorspace: Raw}}

active_displays: [sRGB, Rec.1886 / Rec.709 Video]
active_views: [Standard, Film, Raw]

default_view_transform: Standard

view_transforms:
  - !<ViewTransform>
    name: Standard
    description: Scene-linear 1.0 is display white; no tone mapping (sRGB frames look as made)
    from_scene_reference: !<MatrixTransform> {{}}

  - !<ViewTransform>
    name: Film
    description: Filmic tone curve ({log2_min:g} to +{log2_max:g} stops, 1D LUT) and a gentle look (3D LUT)
    from_scene_reference: !<GroupTransform>
      children:
        - !<AllocationTransform> {{allocation: lg2, vars: [{log2_min:g}, {log2_max:g}]}}
        - !<FileTransform> {{src: film_curve.spi1d, interpolation: linear}}
        - !<FileTransform> {{src: film_look.spi3d, interpolation: tetrahedral}}
        - !<ExponentWithLinearTransform> {{gamma: 2.4, offset: 0.055}}

display_colorspaces:
  - !<ColorSpace>
    name: CIE-XYZ-D65
    family: Display
    equalitygroup: ""
    bitdepth: 32f
    description: Display-referred CIE XYZ, D65 (the interchange with other configs)
    isdata: false
    categories: [file-io]
    encoding: display-linear
    from_display_reference: !<MatrixTransform> {{matrix: {rec709_to_xyz}}}

  - !<ColorSpace>
    name: sRGB - Display
    family: Display
    equalitygroup: ""
    bitdepth: 8ui
    description: sRGB display (IEC 61966-2-1 piecewise encoding, Rec.709 primaries)
    isdata: false
    categories: [file-io]
    encoding: sdr-video
    from_display_reference: !<ExponentWithLinearTransform> {{gamma: 2.4, offset: 0.055, direction: inverse}}

  - !<ColorSpace>
    name: Rec.709 - Display
    family: Display
    equalitygroup: ""
    bitdepth: 8ui
    description: Rec.709 video for a BT.1886 display (gamma 2.4, black at 0)
    isdata: false
    categories: [file-io]
    encoding: sdr-video
    from_display_reference: !<ExponentTransform> {{value: 2.4, style: pass_thru, direction: inverse}}

colorspaces:
  - !<ColorSpace>
    name: sRGB - Texture
    aliases: [srgb_texture]
    family: Texture
    equalitygroup: ""
    bitdepth: 8ui
    description: sRGB-encoded Rec.709, as models emit frames (the default input)
    isdata: false
    categories: [file-io, texture]
    encoding: sdr-video
    to_scene_reference: !<ExponentWithLinearTransform> {{gamma: 2.4, offset: 0.055}}

  - !<ColorSpace>
    name: Linear Rec.709 (sRGB)
    aliases: [lin_rec709, scene_linear_rec709]
    family: Linear
    equalitygroup: ""
    bitdepth: 32f
    description: Scene-linear Rec.709 primaries, D65 (the scene reference; EXR export)
    isdata: false
    categories: [file-io, working-space]
    encoding: scene-linear

  - !<ColorSpace>
    name: ACEScg
    aliases: [lin_ap1]
    family: ACES
    equalitygroup: ""
    bitdepth: 32f
    description: ACES AP1 primaries, linear (Bradford D65 to ACES white)
    isdata: false
    categories: [file-io, working-space]
    encoding: scene-linear
    to_scene_reference: !<MatrixTransform> {{matrix: {ap1_to_709}}}

  - !<ColorSpace>
    name: ACES2065-1
    aliases: [aces, lin_ap0]
    family: ACES
    equalitygroup: ""
    bitdepth: 32f
    description: ACES AP0 primaries, linear (the interchange space)
    isdata: false
    categories: [file-io]
    encoding: scene-linear
    to_scene_reference: !<MatrixTransform> {{matrix: {ap0_to_709}}}

  - !<ColorSpace>
    name: Log2 Rec.709
    family: Log
    equalitygroup: ""
    bitdepth: 32f
    description: Linear Rec.709 as log2, {log2_min:g} to +{log2_max:g} stops in 0..1 (as the Film curve sees it)
    isdata: false
    categories: [working-space]
    encoding: log
    from_scene_reference: !<AllocationTransform> {{allocation: lg2, vars: [{log2_min:g}, {log2_max:g}]}}

  - !<ColorSpace>
    name: Raw
    aliases: [raw, Utility - Raw]
    family: Utility
    equalitygroup: ""
    bitdepth: 32f
    description: Data, not colour (never transformed)
    isdata: true
    categories: [file-io]
    encoding: data
"""


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "resources" / "ocio"
    (out / "luts").mkdir(parents=True, exist_ok=True)
    write_curve(out / "luts" / "film_curve.spi1d")
    write_look(out / "luts" / "film_look.spi3d")
    (out / "config.ocio").write_text(CONFIG.format(
        log2_min=FILM_LOG2_MIN, log2_max=FILM_LOG2_MAX,
        ap1_to_709=ocio_matrix(rgb_to_rgb(AP1, REC709)),
        ap0_to_709=ocio_matrix(rgb_to_rgb(AP0, REC709)),
        rec709_to_xyz=ocio_matrix(rgb_to_xyz(REC709))))
    print(f"wrote {out}/config.ocio and luts/")


if __name__ == "__main__":
    main()
