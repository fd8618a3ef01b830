"""Compile the translations i18n/*.ts into .qm files (loaded by the plugin for the QGIS UI locale).

    python3 tools/build_translations.py          # i18n/ti_energie_<lang>.ts -> .qm (needs lrelease)
    python3 tools/build_translations.py --check  # list the tr("...") strings missing from each .ts

The .ts files are hand-written (context "TiEnergie", French source strings, see ui/widgets.py::tr).
The .qm files are build products: not committed, built before packaging.
"""

import argparse
import ast
import shutil
import subprocess  # nosec B404 - runs lrelease with a fixed argument list
import sys
import xml.etree.ElementTree as ET  # nosec B405 - our own .ts files, not untrusted input
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
SOURCES = ("plugin.py", "ui", "layers", "processing", "core/themes.py")
TR_NAMES = {"tr", "_tr"}


def find_lrelease():
    for name in ("lrelease", "lrelease-qt5", "lrelease-qt6", "lrelease6"):
        path = shutil.which(name)
        if path:
            return path
    return None


def source_strings(sources=SOURCES):
    """The literal strings passed to tr()/_tr() in the plugin code, plus the theme labels and tooltips."""
    strings = set()
    files = []
    for item in sources:
        path = ROOT / item
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in TR_NAMES and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                strings.add(node.args[0].value)
    themes = ast.parse((ROOT / "core" / "themes.py").read_text(encoding="utf-8"))
    for node in ast.walk(themes):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Theme":
            strings.update(arg.value for arg in node.args[1:3] if isinstance(arg, ast.Constant))
    return strings


def ts_strings(path):
    tree = ET.parse(path)  # nosec B314 - our own file
    return {message.findtext("source") for message in tree.iter("message")}


def check():
    wanted = source_strings()
    status = 0
    for ts in sorted(I18N.glob("*.ts")):
        missing = sorted(wanted - ts_strings(ts))
        for text in missing:
            print(f"{ts.name}: missing {text!r}")
        status = status or bool(missing)
    return status


def build():
    lrelease = find_lrelease()
    if lrelease is None:
        print("lrelease not found (Debian: apt install qttools5-dev-tools): translations not compiled.")
        return 0
    for ts in sorted(I18N.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)  # nosec B603
        print(f"{ts.relative_to(ROOT)} -> {qm.relative_to(ROOT)}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report the strings missing from the .ts files")
    args = parser.parse_args(argv)
    return check() if args.check else build()


if __name__ == "__main__":
    sys.exit(main())
