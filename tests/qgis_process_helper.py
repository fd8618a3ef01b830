"""Running an algorithm of the installed plugin with qgis_process, from a fresh QGIS profile."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def qgis_process_exe():
    # Debian 12's /usr/bin/qgis_process wrapper passes a flag the binary does not know: prefer the binary
    for name in ("qgis_process.bin", "qgis_process"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("qgis_process absent")


def run_qgis_process(tmp_path, algorithm, *params, timeout=300):
    """Install the repo as plugin `ti_energie` in a new profile, enable it, run `algorithm`; assert success."""
    profile = tmp_path / "qgis-config" / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "ti_energie").symlink_to(ROOT, target_is_directory=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\nti_energie=true\n", encoding="utf-8")
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "qgis-config"), QT_QPA_PLATFORM="offscreen",
               PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run([qgis_process_exe(), "run", algorithm, "--", *params], env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc
