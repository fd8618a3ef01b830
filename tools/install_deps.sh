#!/usr/bin/env bash
# Installs what the tests, the demo and the benchmark need on a fresh Debian 12/13 machine:
# QGIS from Debian (Python bindings, providers, qgis_process), scipy, Xvfb, poppler.
set -euo pipefail
need=()
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || need+=(python3-qgis qgis-providers)
command -v qgis_process >/dev/null 2>&1 || need+=(qgis)
/usr/bin/python3 -c "import scipy.optimize" 2>/dev/null || need+=(python3-scipy)
/usr/bin/python3 -c "import yaml" 2>/dev/null || need+=(python3-yaml)
/usr/bin/python3 -c "import venv, ensurepip" 2>/dev/null || need+=(python3-venv)
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v lrelease >/dev/null 2>&1 || need+=(qttools5-dev-tools)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installation des paquets Debian : ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
