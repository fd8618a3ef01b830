"""No PyQt5-only idiom left: the code must run unchanged on QGIS 3.22 (PyQt5) and QGIS 4 (PyQt6).

The rules are the ones of QGIS's migration script ``scripts/pyqt5_to_pyqt6/pyqt5_to_pyqt6.py``
(qgis/QGIS), which is packaged neither on PyPI nor in Debian (the PyPI ``qgis-pyqt5to6`` 0.0.0.dev0
needs Python >= 3.12 and PyQt6 at import time), restricted to what keeps QGIS 3.22 working:

QT601  direct PyQt5/PyQt6/sip import (``pyqtSignal`` included): go through ``qgis.PyQt``
QT602  ``exec_`` (call, reference or definition): ``exec()``
QT603  unscoped enum member (``Qt.AlignLeft``): ``Qt.AlignmentFlag.AlignLeft``. Found by
       introspection of the running QGIS/PyQt, so every class imported from ``qgis.*`` is covered,
       and enum members removed in Qt6 (``Qt.MidButton``...) are reported with their replacement
QT604  ``QVariant.<Type>`` outside the compatibility fallbacks (COMPAT_FILES), ``QVariant()`` as NULL
QT605  ``QRegExp`` / ``QRegExpValidator`` (gone in Qt6): ``QRegularExpression``
QT606  compiled resources (``resources_rc``, ``qRegisterResourceData``): load files by path
QT607  ``QtWebKit`` / ``QtWebKitWidgets`` (gone in Qt6)
QT608  ``QDesktopWidget`` / ``QApplication.desktop()`` (gone in Qt6): ``QScreen``
QT609  ``QFontMetrics.width()`` (gone in Qt6): ``horizontalAdvance()``
QT610  ``qApp``: ``QApplication.instance()``
QT611  overloaded signal by type (``activated[str]``): ``textActivated``
QT612  ``QAction``/``QActionGroup``/``QShortcut`` from ``qgis.PyQt.QtGui``: importable there only from
       QGIS 3.34; ``qgis.PyQt.QtWidgets`` works on 3.22 and on QGIS 4 (qgis/QGIS#55658 shim)
QT613  ``addAction`` with 4+ arguments (overloads removed in Qt6): build the QAction first
QT614  ``QDateTime(y, m, d, h, mi, s, ms, ts)`` and ``QDateTime(QDate(...))``: pass QDate, QTime
QT615  ``qgis.PyQt.Qt`` (no Qt6 equivalent): import from ``qgis.PyQt.QtCore``

``make lint`` runs this file as a script (``python tests/test_qt6_compat.py``) on top of flake8-qgis.
"""

import ast
import enum
import importlib
import inspect
import sys
from collections import namedtuple
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Files allowed to name QVariant types: the QGIS < 3.38 fallbacks of QgsField types.
COMPAT_FILES = {"processing/compat.py", "layers/gpkg.py"}
SKIPPED_DIRS = {"__pycache__", "dist", "build", "demo-output", "bench-output", "venv"}

DIRECT_BINDINGS = {"PyQt4", "PyQt5", "PyQt6", "sip", "PySide2", "PySide6"}
# pyqt5_to_pyqt6.py: deprecated_renamed_enums (members that no longer exist in Qt6)
RENAMED_ENUMS = {
    ("Qt", "MidButton"): "Qt.MouseButton.MiddleButton",
    ("Qt", "TextColorRole"): "Qt.ItemDataRole.ForegroundRole",
    ("Qt", "BackgroundColorRole"): "Qt.ItemDataRole.BackgroundRole",
    ("QPainter", "HighQualityAntialiasing"): "QPainter.RenderHint.Antialiasing",
}
MOVED_TO_QTGUI = {"QAction", "QActionGroup", "QShortcut"}
OVERLOADED_SIGNALS = {"activated", "highlighted", "currentIndexChanged"}

# Findings in files being rewritten elsewhere (layers/, ui/, plugin.py), tolerated until then.
# Keyed by (path, message), not line; an entry that no longer matches fails
# test_pending_entries_still_match: delete it when the file is fixed.
PENDING = set()

Finding = namedtuple("Finding", "path line rule message")


def format_finding(finding):
    return f"{finding.path}:{finding.line}: {finding.rule} {finding.message}"


# --------------------------------------------------------------------------- enums


def _is_enum_type(obj):
    return isinstance(obj, enum.EnumMeta) or type(obj).__name__ == "enumtype"  # sip enums (PyQt5)


def _is_enum_member(obj):
    return isinstance(obj, enum.Enum) or type(type(obj)).__name__ == "enumtype"


# Modules introspected for enums (qgis.utils, qgis.processing... have import side effects).
INTROSPECTED = ("qgis.core", "qgis.gui", "qgis.analysis", "qgis._3d", "qgis.server", "qgis.PyQt")


def _import(module):
    if module != "qgis" and not module.startswith(INTROSPECTED):
        return None
    try:
        return importlib.import_module(module)
    except Exception:  # noqa: BLE001 - a module missing here (QtWebKit...) is reported by other rules
        return None


def _imported_objects(tree):
    """{local name: module or class} for what the file imports from qgis.* (any scope)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "qgis":
            module = _import(node.module)
            for alias in node.names:
                obj = getattr(module, alias.name, None) if module is not None else None
                if obj is None:
                    obj = _import(f"{node.module}.{alias.name}")
                if obj is not None:
                    names[alias.asname or alias.name] = obj
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "qgis":
                    continue
                obj = _import(alias.name)  # also binds qgis.<sub> for `import qgis.core`
                names[alias.asname or "qgis"] = obj if alias.asname else _import("qgis")
    return {key: value for key, value in names.items() if value is not None}


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _resolve(node, names):
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        if owner is not None:
            return getattr(owner, node.attr, None)
    return None


def _scoped_name(owner_text, owner, member_name, value):
    """The scoped spelling of owner.member_name (value is the enum member)."""
    enum_type = type(value)
    short = getattr(value, "name", None) or member_name
    for attr in [enum_type.__name__] + sorted(dir(owner)):
        if getattr(owner, attr, None) is enum_type:
            name = member_name if hasattr(enum_type, member_name) else short
            return f"{owner_text}.{attr}.{name}"
    return f"{enum_type.__qualname__}.{short}"


def enum_accesses(tree):
    """Yield (node, text, scoped) for each enum member the file names: scoped is None when the
    access already goes through the enum type, else the scoped spelling to use."""
    names = _imported_objects(tree)
    if not names:
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = _resolve(node.value, names)
        if owner is None:
            continue
        text = _dotted(node)
        if _is_enum_type(owner):
            if _is_enum_member(getattr(owner, node.attr, None)):
                yield node, text, None
            continue
        if not inspect.isclass(owner) or owner.__name__ == "QVariant":  # QVariant types: QT604
            continue
        value = getattr(owner, node.attr, None)
        if _is_enum_member(value):
            yield node, text, _scoped_name(_dotted(node.value), owner, node.attr, value)


# --------------------------------------------------------------------------- rules


class _Checker(ast.NodeVisitor):
    def __init__(self, path, allow_qvariant_types):
        self.path = path
        self.allow_qvariant_types = allow_qvariant_types
        self.findings = []
        self.font_metrics = set()  # names bound to a QFontMetrics(F)

    def add(self, node, rule, message):
        self.findings.append(Finding(self.path, node.lineno, rule, message))

    # imports
    def visit_Import(self, node):
        for alias in node.names:
            root = alias.name.split(".")[0]
            if root in DIRECT_BINDINGS:
                self.add(node, "QT601", f"'import {alias.name}': import from qgis.PyQt instead")
            if "QtWebKit" in alias.name:
                self.add(node, "QT607", f"'{alias.name}' does not exist in Qt6")
            if alias.name.split(".")[-1] == "resources_rc":
                self.add(node, "QT606", "compiled resources (resources_rc) are not supported by PyQt6")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        module = node.module or ""
        imported = {alias.name for alias in node.names}
        if module.split(".")[0] in DIRECT_BINDINGS:
            signals = sorted(imported & {"pyqtSignal", "pyqtSlot", "pyqtProperty"})
            what = f" ({', '.join(signals)})" if signals else ""
            self.add(node, "QT601", f"'from {module} import ...'{what}: import from qgis.PyQt instead")
        if module == "qgis.PyQt.Qt":
            self.add(node, "QT615", "qgis.PyQt.Qt does not exist with Qt6: import from qgis.PyQt.QtCore")
        if "QtWebKit" in module or imported & {"QtWebKit", "QtWebKitWidgets"}:
            self.add(node, "QT607", "QtWebKit does not exist in Qt6")
        if module.split(".")[-1] == "resources_rc" or "resources_rc" in imported:
            self.add(node, "QT606", "compiled resources (resources_rc) are not supported by PyQt6")
        if module == "qgis.PyQt.QtGui" and imported & MOVED_TO_QTGUI:
            moved = ", ".join(sorted(imported & MOVED_TO_QTGUI))
            self.add(node, "QT612", f"{moved} from qgis.PyQt.QtGui fails before QGIS 3.34: "
                                    "import from qgis.PyQt.QtWidgets (works on 3.22 and QGIS 4)")
        for alias in node.names:
            self._check_name(node, alias.name)
        self.generic_visit(node)

    def _check_name(self, node, name):
        if name in ("QRegExp", "QRegExpValidator"):
            self.add(node, "QT605", f"{name} does not exist in Qt6: use QRegularExpression(Validator)")
        elif name == "QDesktopWidget":
            self.add(node, "QT608", "QDesktopWidget does not exist in Qt6: use QScreen (QGuiApplication.screens())")
        elif name == "qApp":
            self.add(node, "QT610", "qApp does not exist in PyQt6: use QApplication.instance()")
        elif name == "qRegisterResourceData":
            self.add(node, "QT606", "compiled resources (pyrcc5) are not supported by PyQt6: load files by path")

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self._check_name(node, node.id)
        self.generic_visit(node)

    # definitions
    def visit_FunctionDef(self, node):
        if node.name == "exec_":
            self.add(node, "QT602", "'def exec_' : name it exec (exec_ is gone in PyQt6)")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node):
        if self._is_font_metrics(node.value):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.font_metrics.add(target.id)
        self.generic_visit(node)

    @staticmethod
    def _is_font_metrics(node):
        if not isinstance(node, ast.Call):
            return False
        func = node.func
        return (isinstance(func, ast.Name) and func.id in ("QFontMetrics", "QFontMetricsF")) or (
            isinstance(func, ast.Attribute) and func.attr == "fontMetrics"
        )

    # attributes
    def visit_Attribute(self, node):
        if node.attr == "exec_":
            self.add(node, "QT602", f"'{_dotted(node) or '.exec_'}': use exec() (exec_ is gone in PyQt6)")
        elif node.attr in ("QRegExp", "QRegExpValidator", "QDesktopWidget", "qApp"):
            self._check_name(node, node.attr)
        elif node.attr == "width" and (
            self._is_font_metrics(node.value)
            or (isinstance(node.value, ast.Name) and node.value.id in self.font_metrics)
        ):
            self.add(node, "QT609", "QFontMetrics.width() does not exist in Qt6: use horizontalAdvance()")
        elif node.attr in MOVED_TO_QTGUI and _dotted(node.value) == "QtGui":
            self.add(node, "QT612", f"QtGui.{node.attr} fails before QGIS 3.34: use qgis.PyQt.QtWidgets.{node.attr}")
        if isinstance(node.value, ast.Name) and node.value.id == "QVariant" and not self.allow_qvariant_types:
            self.add(node, "QT604", f"QVariant.{node.attr}: use processing/compat.make_field() "
                                    "(QMetaType on QGIS >= 3.38, QVariant before), or NULL from qgis.core")
        dotted = _dotted(node)
        if dotted:
            parts = dotted.split(".")
            key = (parts[0], parts[-1])
            if key in RENAMED_ENUMS:
                self.add(node, "QT603", f"{dotted} does not exist in Qt6: use {RENAMED_ENUMS[key]}")
        self.generic_visit(node)

    def visit_Subscript(self, node):
        if (
            isinstance(node.value, ast.Attribute)
            and node.value.attr in OVERLOADED_SIGNALS
            and isinstance(node.slice, ast.Name)
            and node.slice.id == "str"
        ):
            hint = "textActivated" if node.value.attr == "activated" else f"{node.value.attr} (int) or currentTextChanged"
            self.add(node, "QT611", f"{node.value.attr}[str] does not exist in PyQt6: use {hint}")
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr == "addAction" and len(node.args) >= 4:
                self.add(node, "QT613", "addAction(4+ arguments) is gone in Qt6: create the QAction, then addAction(action)")
            if func.attr == "desktop" and not node.args and not node.keywords:
                self.add(node, "QT608", "QApplication.desktop() does not exist in Qt6: use QScreen")
        name = func.id if isinstance(func, ast.Name) else None
        if name == "QVariant" and (
            not node.args
            or (len(node.args) == 1 and isinstance(node.args[0], ast.Attribute) and _dotted(node.args[0].value) == "QVariant")
        ):
            self.add(node, "QT604", "QVariant() as NULL: use NULL from qgis.core")
        if name == "QDateTime":
            if len(node.args) == 8:
                self.add(node, "QT614", "QDateTime(y, m, d, h, mi, s, ms, ts) is gone in Qt6: QDateTime(QDate(...), QTime(...), ts)")
            elif (
                len(node.args) == 1
                and isinstance(node.args[0], ast.Call)
                and isinstance(node.args[0].func, ast.Name)
                and node.args[0].func.id == "QDate"
            ):
                self.add(node, "QT614", "QDateTime(QDate(...)) is gone in Qt6: QDateTime(QDate(...), QTime(0, 0, 0))")
        self.generic_visit(node)


def check_source(source, path="<string>", allow_qvariant_types=False):
    """Every Qt6 problem of one Python source, sorted by line."""
    tree = ast.parse(source, filename=str(path))
    checker = _Checker(str(path), allow_qvariant_types)
    checker.visit(tree)
    findings = checker.findings
    renamed_lines = {(f.line, f.message.split(" ")[0]) for f in findings if f.rule == "QT603"}
    for node, text, scoped in enum_accesses(tree):
        if scoped is not None and (node.lineno, text) not in renamed_lines:
            findings.append(Finding(str(path), node.lineno, "QT603", f"unscoped enum {text}: use {scoped}"))
    return sorted(set(findings), key=lambda f: (f.line, f.rule, f.message))


def python_files(root=ROOT):
    root = Path(root)
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts[:-1]
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in parts):
            continue
        yield path


def check_tree(root=ROOT):
    root = Path(root)
    findings = []
    for path in python_files(root):
        rel = path.relative_to(root).as_posix()
        findings.extend(check_source(path.read_text(encoding="utf-8"), rel, allow_qvariant_types=rel in COMPAT_FILES))
    return findings


def scoped_enum_uses(root=ROOT):
    """The enum members the code base names through their enum type ({'Qt.AlignmentFlag.AlignLeft', ...})."""
    uses = set()
    for path in python_files(root):
        for _node, text, scoped in enum_accesses(ast.parse(path.read_text(encoding="utf-8"))):
            if scoped is None:
                uses.add(text)
    return uses


# --------------------------------------------------------------------------- tests


def _is_pending(finding):
    return (finding.path, finding.message) in PENDING


def test_the_code_base_has_no_pyqt5_only_idiom():
    findings = [f for f in check_tree(ROOT) if not _is_pending(f)]
    assert findings == [], "\n" + "\n".join(format_finding(f) for f in findings)


def test_pending_entries_still_match():
    seen = {(f.path, f.message) for f in check_tree(ROOT)}
    stale = sorted(PENDING - seen)
    assert stale == [], f"fixed: remove these entries from PENDING: {stale}"


def test_the_enum_check_resolves_the_code_base_enums():
    """The QT603 check introspects the classes the files import: it must actually see them."""
    uses = scoped_enum_uses(ROOT)
    for expected in ("Qt.AlignmentFlag.AlignLeft", "QPainter.RenderHint.Antialiasing",
                     "QgsVectorFileWriter.WriterError.NoError", "QgsSpatialIndex.Flag.FlagStoreFeatureGeometries"):
        assert expected in uses, sorted(uses)
    assert len(uses) >= 15, sorted(uses)


BAD_SNIPPETS = {
    "QT601": "from PyQt5.QtCore import pyqtSignal\n",
    "QT602": "from qgis.PyQt.QtWidgets import QDialog\nQDialog().exec_()\n",
    "QT603": "from qgis.PyQt.QtCore import Qt\nalign = Qt.AlignLeft\n",
    "QT604": "from qgis.PyQt.QtCore import QVariant\nkind = QVariant.Int\n",
    "QT605": "from qgis.PyQt.QtCore import QRegExp\n",
    "QT606": "from . import resources_rc\n",
    "QT607": "from qgis.PyQt.QtWebKitWidgets import QWebView\n",
    "QT608": "from qgis.PyQt.QtWidgets import QApplication\nscreen = QApplication.desktop()\n",
    "QT609": "from qgis.PyQt.QtGui import QFont, QFontMetrics\nmetrics = QFontMetrics(QFont())\nw = metrics.width('x')\n",
    "QT610": "from qgis.PyQt.QtWidgets import qApp\n",
    "QT611": "def wire(combo, slot):\n    combo.activated[str].connect(slot)\n",
    "QT612": "from qgis.PyQt.QtGui import QAction\n",
    "QT613": "def add(menu, icon, slot):\n    menu.addAction(icon, 'Ouvrir', slot, 'Ctrl+O')\n",
    "QT614": "from qgis.PyQt.QtCore import QDate, QDateTime\nd = QDateTime(QDate(2024, 1, 1))\n",
    "QT615": "from qgis.PyQt.Qt import Qt\n",
}


@pytest.mark.parametrize("rule", sorted(BAD_SNIPPETS))
def test_each_rule_catches_its_idiom(rule):
    findings = check_source(BAD_SNIPPETS[rule], "bad.py")
    assert [f.rule for f in findings] == [rule], findings


def test_unscoped_enums_get_their_scoped_spelling():
    source = (
        "from qgis.core import Qgis, QgsTask, QgsVectorFileWriter\n"
        "from qgis.PyQt.QtCore import Qt\n"
        "from qgis.PyQt import QtWidgets\n"
        "a = Qt.AlignLeft | Qt.AlignTop\n"
        "b = Qgis.Warning\n"
        "c = QgsTask.CanCancel\n"
        "d = QtWidgets.QMessageBox.Yes\n"
        "e = QgsVectorFileWriter.NoError\n"
        "f = Qt.MidButton\n"
        "import qgis.core\n"
        "g = qgis.core.QgsMapLayer.VectorLayer\n"
    )
    messages = [(f.line, f.message) for f in check_source(source, "bad.py")]
    assert messages == [
        (4, "unscoped enum Qt.AlignLeft: use Qt.AlignmentFlag.AlignLeft"),
        (4, "unscoped enum Qt.AlignTop: use Qt.AlignmentFlag.AlignTop"),
        (5, "unscoped enum Qgis.Warning: use Qgis.MessageLevel.Warning"),
        (6, "unscoped enum QgsTask.CanCancel: use QgsTask.Flag.CanCancel"),
        (7, "unscoped enum QtWidgets.QMessageBox.Yes: use QtWidgets.QMessageBox.StandardButton.Yes"),
        (8, "unscoped enum QgsVectorFileWriter.NoError: use QgsVectorFileWriter.WriterError.NoError"),
        (9, "Qt.MidButton does not exist in Qt6: use Qt.MouseButton.MiddleButton"),
        (11, "unscoped enum qgis.core.QgsMapLayer.VectorLayer: use qgis.core.QgsMapLayer.LayerType.VectorLayer"),
    ]


def test_the_qt5_qt6_spellings_pass():
    good = (
        "from qgis.core import NULL, Qgis, QgsTask\n"
        "from qgis.PyQt.QtCore import QRegularExpression, Qt, pyqtSignal\n"
        "from qgis.PyQt.QtGui import QFont, QFontMetrics\n"
        "from qgis.PyQt.QtWidgets import QAction, QApplication, QDialog\n"
        "from qgis.PyQt import sip\n"
        "align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop\n"
        "level = Qgis.MessageLevel.Warning\n"
        "flags = QgsTask.Flag.CanCancel\n"
        "button = Qt.MouseButton.MiddleButton\n"
        "width = QFontMetrics(QFont()).horizontalAdvance('x')\n"
        "result = QDialog().exec()\n"
        "app = QApplication.instance()\n"
        "value = NULL\n"
    )
    assert check_source(good, "good.py") == []


def test_qvariant_types_are_allowed_only_in_the_compat_fallbacks(tmp_path):
    snippet = "from qgis.PyQt.QtCore import QVariant\nkind = QVariant.String\n"
    for rel in ("processing/compat.py", "layers/gpkg.py", "layers/other.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(snippet, encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "ignored.py").write_text("import PyQt5\n", encoding="utf-8")
    assert [(f.path, f.rule) for f in check_tree(tmp_path)] == [("layers/other.py", "QT604")]


def test_a_bad_file_fails_the_tree_check(tmp_path):
    (tmp_path / "plugin.py").write_text("".join(BAD_SNIPPETS.values()), encoding="utf-8")
    rules = {f.rule for f in check_tree(tmp_path)}
    assert rules == set(BAD_SNIPPETS)


# --------------------------------------------------------------------------- script


def main(argv=None):
    """``python tests/test_qt6_compat.py [root]``: print the findings, exit 1 if any."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else ROOT
    findings = check_tree(root)
    pending = [f for f in findings if _is_pending(f)] if root.resolve() == ROOT else []
    findings = [f for f in findings if f not in pending]
    for finding in pending:
        print(f"pending (PENDING in tests/test_qt6_compat.py): {format_finding(finding)}")
    for finding in findings:
        print(format_finding(finding))
    if findings:
        print(f"qt6_compat: {len(findings)} PyQt5-only idiom(s): see tests/test_qt6_compat.py for the rules",
              file=sys.stderr)
        return 1
    print(f"qt6_compat: OK ({sum(1 for _ in python_files(root))} Python files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
