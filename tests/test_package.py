"""`make package` / `make lint`: the zip plugins.qgis.org would accept, and the site's security scan.

The site rules come from qgis/QGIS-Plugins-Website (qgis-app/plugins/validator.py,
qgis-app/plugins/security_scanner.py, qgis-app/plugins/management/commands/data/*.json);
tools/package.py and tools/security_scan.py mirror them.
"""

import configparser
import re
import zipfile
from pathlib import Path

import pytest

import package
import security_scan

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    return package.build(ROOT, out, echo=lambda _msg: None)


@pytest.fixture(scope="module")
def metadata():
    parser = configparser.ConfigParser()  # as the site parses it
    parser.optionxform = str
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return dict(parser.items("general"))


def _zip_names(path):
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_zip_is_named_after_the_version(built_zip, metadata):
    assert built_zip.name == f"ti_energie-{metadata['version']}.zip"


def test_validate_zip_finds_nothing(built_zip):
    assert package.validate_zip(built_zip) == []


def test_zip_layout(built_zip):
    names = _zip_names(built_zip)
    for required in ("LICENSE", "metadata.txt", "__init__.py"):
        assert f"ti_energie/{required}" in names
    assert {name.split("/")[0] for name in names} == {"ti_energie"}
    assert built_zip.stat().st_size < 25_000_000


def test_zip_has_no_tests_bytecode_or_dev_files(built_zip):
    for name in _zip_names(built_zip):
        parts = name.rstrip("/").split("/")
        assert "tests" not in parts, name
        assert "__pycache__" not in parts, name
        assert not name.endswith((".pyc", ".pyo")), name
        assert not any(part.startswith(".") for part in parts), name
        assert parts[1:2] not in (["tools"], ["bench"], ["requirements"], ["Makefile"]), name
        assert not name.lower().endswith(package.SUSPICIOUS_EXTENSIONS), name


def test_zip_has_no_exec_bit(built_zip):
    with zipfile.ZipFile(built_zip) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                assert not (info.external_attr >> 16) & 0o111, info.filename


def test_metadata_fields(metadata):
    for field in package.REQUIRED_METADATA:
        assert metadata.get(field, "").strip(), field
    assert metadata["qgisMinimumVersion"] == "3.22"
    assert metadata["qgisMaximumVersion"] == "4.99"
    assert metadata["supportsQt6"] == "True"
    assert metadata["hasProcessingProvider"] == "yes"
    assert "/" not in metadata["author"]
    for field in ("repository", "tracker", "homepage"):
        assert metadata[field].startswith("https://"), field
    assert package.check_metadata(metadata) == []


def test_version_matches_changelog(metadata):
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, flags=re.MULTILINE)
    assert versions, "CHANGELOG.md has no '## [x.y.z]' heading"
    assert metadata["version"] == versions[0]


def _write_zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


GOOD_METADATA = (ROOT / "metadata.txt").read_text(encoding="utf-8")


def test_validate_zip_reports_each_problem(tmp_path):
    bad = _write_zip(
        tmp_path / "bad.zip",
        {
            "ti_energie/__init__.py": "def classFactory(iface):\n    pass\n",
            "ti_energie/metadata.txt": GOOD_METADATA,
            "ti_energie/__pycache__/x.pyc": b"\0",
            "../evil": "x",
        },
    )
    problems = "\n".join(package.validate_zip(bad))
    assert "__pycache__" in problems
    assert ".pyc" in problems
    assert "missing ti_energie/LICENSE" in problems
    assert "'../evil'" in problems


def test_validate_zip_reports_metadata_problems(tmp_path):
    meta = (
        "[general]\nname=X\nqgisMinimumVersion=3.22\nqgisMaximumVersion=3.99\n"
        "description=d\nabout=\nversion=1.0\nauthor=a/b\nemail=e@x.org\n"
        "repository=http://repo\ntracker=http://example.org/issues\n"
    )
    bad = _write_zip(
        tmp_path / "meta.zip",
        {"ti-energie/__init__.py": "", "ti-energie/metadata.txt": meta, "ti-energie/LICENSE": "GPL",
         "ti-energie/run.sh": "#!/bin/sh\n"},
    )
    problems = "\n".join(package.validate_zip(bad))
    assert "not a valid Python identifier" in problems
    assert "about" in problems
    assert "author cannot contain '/'" in problems
    assert "repository is a placeholder" in problems
    assert "tracker must be an https://" in problems
    assert "qgisMaximumVersion must be >= 4" in problems
    assert "supportsQt6 must be True (got '')" in problems
    assert "run.sh" in problems


@pytest.mark.parametrize("value, accepted", [("True", True), ("yes", True), ("true", True), ("False", False), ("1", False)])
def test_supports_qt6_is_required(metadata, value, accepted):
    meta = dict(metadata, supportsQt6=value)
    problems = [p for p in package.check_metadata(meta) if "supportsQt6" in p]
    assert (problems == []) is accepted, problems


def test_validate_zip_without_top_folder_or_general_section(tmp_path):
    flat = _write_zip(tmp_path / "flat.zip", {"__init__.py": "", "metadata.txt": GOOD_METADATA})
    assert any("top-level folder" in p for p in package.validate_zip(flat))
    nogeneral = _write_zip(
        tmp_path / "nogeneral.zip",
        {"ti_energie/__init__.py": "", "ti_energie/metadata.txt": "[other]\na=b\n", "ti_energie/LICENSE": "x"},
    )
    assert any("[general]" in p for p in package.validate_zip(nogeneral))


def test_bandit_rule_set_is_usable():
    tests = security_scan.enabled_bandit_tests()
    # the rules most likely to hit us (docs/plugin-anchors.md §3.4) are all active
    for code in ("B101", "B102", "B105", "B108", "B110", "B113", "B306", "B307", "B310", "B324", "B405", "B608"):
        assert code in tests
    # disabled on the site
    for code in ("B404", "B410", "B411"):
        assert code not in tests


def test_bandit_detects_a_planted_issue(tmp_path):
    (tmp_path / "bad.py").write_text('import tempfile\nname = tempfile.mktemp()\n', encoding="utf-8")
    findings = security_scan.run_bandit(tmp_path)
    assert [f["test_id"] for f in findings] == ["B306"]


def test_security_scan_of_the_package_reports_nothing(built_zip):
    findings, _notes = security_scan.scan_zip(built_zip)
    assert findings == [], "\n".join(security_scan.format_finding(f) for f in findings)
