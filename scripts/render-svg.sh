#!/bin/sh
# Renders an SVG chart (e.g. from `govsearch trend … --svg chart.svg`) to PNG.
#   scripts/render-svg.sh chart.svg [chart.png] [width]
# Uses rsvg-convert (apt-get install -y librsvg2-bin fonts-noto-cjk), else a
# headless Chromium. Chinese labels need a CJK font (fonts-noto-cjk).
set -eu
in=${1:?usage: render-svg.sh FILE.svg [FILE.png] [WIDTH]}
out=${2:-${in%.svg}.png}
width=${3:-1200}
[ -f "$in" ] || { echo "render-svg.sh: no such file: $in" >&2; exit 2; }
if ! fc-list 2>/dev/null | grep -qi 'cjk\|han sans\|wenquanyi'; then
  echo "render-svg.sh: warning: no CJK font found; Chinese text may show as boxes (apt-get install -y fonts-noto-cjk)" >&2
fi
if command -v rsvg-convert >/dev/null 2>&1; then
  rsvg-convert --width "$width" --keep-aspect-ratio --background-color white -o "$out" "$in"
else
  chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
  [ -n "$chrome" ] || { echo "render-svg.sh: need rsvg-convert (apt-get install -y librsvg2-bin) or chromium" >&2; exit 2; }
  # The SVG's own size decides the window.
  w=$(sed -n 's/.*<svg[^>]* width="\([0-9.]*\)".*/\1/p' "$in" | head -1 | cut -d. -f1)
  h=$(sed -n 's/.*<svg[^>]* height="\([0-9.]*\)".*/\1/p' "$in" | head -1 | cut -d. -f1)
  "$chrome" --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --window-size="${w:-1000},${h:-600}" --screenshot="$(realpath -m "$out")" "file://$(realpath "$in")" >/dev/null 2>&1
fi
[ -s "$out" ] || { echo "render-svg.sh: rendering failed" >&2; exit 2; }
echo "$out"
