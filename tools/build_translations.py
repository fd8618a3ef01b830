"""Compile the translations i18n/*.ts into .qm files (loaded by the plugin for the QGIS UI locale).

    python3 tools/build_translations.py          # i18n/ti_energie_<lang>.ts -> .qm (lrelease, else core/qm.py)
    python3 tools/build_translations.py --check  # list the strings missing from each .ts (exit 1 if any)
    python3 tools/build_translations.py --add-missing  # append the missing strings, untranslated, to each .ts

The .ts files are hand-written (context "TiEnergie", French source strings, see core/i18n.py::tr).
What must be translated (`wanted_strings()`):
- the literal strings passed to tr()/_tr() in the plugin code (plugin.py, ui/, layers/, processing/, core/);
- the dock's theme labels and tooltips (core/themes.py);
- the layer titles and field aliases of the catalogue (layers/sources.yaml), of the perimeter layers, of the
  derived fields (core/derive*.py), of the economy indicators and of the consumers' layer;
- the legend labels of the plugin's styles (styles/*.qml: categories, ranges, rules, size legends), which
  layers/translate.py translates when the plugin styles a layer;
- a few tables shown in the Processing help or log (heat matching defaults' sources, fiche texts states).
The fiche's content (layers/fiche*.py templates, core/fiche_facts.py) stays French: it is not collected.

The .qm files are build products (gitignored), built by `make package` (tools/package.py checks them). Without
lrelease (Debian: qttools5-dev-tools) they are compiled by the plugin's own compiler (core/qm.py), which the
plugin also uses at run time when no up-to-date .qm sits next to the .ts (a git checkout).
"""

import argparse
import ast
import importlib.util
import shutil
import subprocess  # nosec B404 - runs lrelease with a fixed argument list
import sys
import xml.etree.ElementTree as ET  # nosec B405 - our own .ts and .qml files, not untrusted input
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
SOURCES = ("plugin.py", "ui", "layers", "processing", "core")
# French publication or pure data: never translated (see the module docstring)
NOT_TRANSLATED = ("layers/fiche.py", "core/fiche_facts.py", "core/fiche_charts.py")
TR_NAMES = {"tr", "_tr"}
STYLE_ATTRIBUTES = {"category": "label", "range": "label", "rule": "label", "data-defined-size-legend": "title",
                    "class": "label"}



def _load_qm_compiler():
    """core/qm.py, loaded from its file (the repo root is not put on sys.path: its `processing` package would
    hide QGIS's)."""
    spec = importlib.util.spec_from_file_location("ti_energie_qm", ROOT / "core" / "qm.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_lrelease():
    for name in ("lrelease", "lrelease-qt5", "lrelease-qt6", "lrelease6"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _python_files(sources):
    files = []
    for item in sources:
        path = ROOT / item
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [f for f in files if not (f.is_relative_to(ROOT) and f.relative_to(ROOT).as_posix() in NOT_TRANSLATED)]


def source_strings(sources=SOURCES):
    """The literal strings passed to tr()/_tr() in the plugin code, plus the theme labels and tooltips."""
    strings = set()
    for path in _python_files(sources):
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


def _assigned(path, name):
    """The AST value of the top-level assignment `name = …` of a module."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return node.value
    raise KeyError(f"{path}: {name}")


def _strings(node):
    """Every str constant under an AST node."""
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _dict_values(node):
    found = set()
    for value in node.values:
        found |= _dict_values(value) if isinstance(value, ast.Dict) else _strings(value)
    return found


def _last_of_tuples(node):
    return {elt.elts[-1].value for elt in ast.walk(node) if isinstance(elt, ast.Tuple) and len(elt.elts) == 3
            and isinstance(elt.elts[-1], ast.Constant) and isinstance(elt.elts[-1].value, str)}


def data_strings():
    """Layer titles, field aliases and the tables of texts shown to the user (see the module docstring)."""
    import yaml

    found = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("title", "alias") and isinstance(item, str):
                    found.add(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(yaml.safe_load((ROOT / "layers" / "sources.yaml").read_text(encoding="utf-8")))
    found |= _dict_values(_assigned("layers/territory_loader.py", "PERIMETER_ALIASES"))
    found |= _last_of_tuples(_assigned("core/economy.py", "CHAMPS_INDICATEURS"))
    found |= _dict_values(_assigned("core/heat_costs.py", "DEFAULT_SOURCES"))
    found |= _dict_values(_assigned("processing/alg_export_fiche.py", "STATES"))
    found |= _dict_values(_assigned("layers/status.py", "LABELS"))
    found |= _strings(_assigned("layers/project_layers.py", "RASTER_UNREACHABLE"))
    for path in ("core/derive.py", "core/derive_networks.py"):
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "derivation" and len(node.args) > 1:
                found |= _last_of_tuples(node.args[1])
    for node in ast.walk(ast.parse((ROOT / "layers/connectors/consumers.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "FieldSpec" and len(node.args) > 3 \
                and isinstance(node.args[3], ast.Constant) and isinstance(node.args[3].value, str):
            found.add(node.args[3].value)
    found |= _strings(_assigned("core/heat_costs.py", "HDD_SOURCE_TEMPLATE"))
    found.update({"Périmètre", "EPCI", "Communes", "(incomplète)", "(incomplet)"})
    return {text for text in found if text}


def style_strings(folder=ROOT / "styles"):
    """The legend labels of the plugin's styles: categories, ranges, rules, size legend titles and classes."""
    found = set()
    for qml in sorted(Path(folder).glob("*.qml")):
        for element in ET.parse(qml).iter():  # nosec B314 - our own file
            attribute = STYLE_ATTRIBUTES.get(element.tag)
            text = element.get(attribute) if attribute else None
            if text and any(c.isalpha() for c in text):
                found.add(text)
    return found


def wanted_strings():
    return source_strings() | data_strings() | style_strings()


def ts_strings(path):
    """The source strings of a .ts that have a translation."""
    tree = ET.parse(path)  # nosec B314 - our own file
    return {message.findtext("source") for message in tree.iter("message")
            if (message.findtext("translation") or "").strip()}


def missing_strings(ts, wanted=None):
    return sorted((wanted if wanted is not None else wanted_strings()) - ts_strings(ts))


def check():
    wanted = wanted_strings()
    status = 0
    for ts in sorted(I18N.glob("*.ts")):
        missing = missing_strings(ts, wanted)
        for text in missing:
            print(f"{ts.name}: missing {text!r}")
        print(f"{ts.name}: {len(wanted) - len(missing)} of {len(wanted)} strings translated")
        status = status or bool(missing)
    return int(status)


def add_missing():
    """Append the missing strings (empty, « unfinished » translations) at the end of each .ts context."""
    wanted = wanted_strings()
    for ts in sorted(I18N.glob("*.ts")):
        present = {m.findtext("source") for m in ET.parse(ts).iter("message")}  # nosec B314
        new = [text for text in sorted(wanted - present)]
        if not new:
            continue
        block = "".join(f"    <message>\n        <source>{escape(text)}</source>\n"
                        f"        <translation type=\"unfinished\"></translation>\n    </message>\n" for text in new)
        content = ts.read_text(encoding="utf-8")
        index = content.rindex("</context>")
        ts.write_text(content[:index] + block + content[index:], encoding="utf-8")
        print(f"{ts.name}: {len(new)} strings added")
    return 0


def build(require=False):
    """Compile every .ts; with lrelease when found, else with core/qm.py. Returns the .qm paths."""
    lrelease = find_lrelease()
    written = []
    for ts in sorted(I18N.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if lrelease:
            subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)  # nosec B603
        else:
            _load_qm_compiler().compile_ts(ts, qm)
        print(f"{ts.relative_to(ROOT)} -> {qm.relative_to(ROOT)} ({'lrelease' if lrelease else 'core/qm.py'})")
        written.append(qm)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report the strings missing from the .ts files")
    parser.add_argument("--add-missing", action="store_true", help="append the missing strings to the .ts files")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    if args.add_missing:
        return add_missing()
    build()
    return 0


if __name__ == "__main__":
    sys.exit(main())
