#!/usr/bin/env python3
"""Mirror of the plugins.qgis.org security scan (QEP 408) on the packaged plugin.

Usage (``make lint``)::

    python tools/security_scan.py .            # package the repo (tools/package.py), scan the package
    python tools/security_scan.py dist/ti_energie-0.1.0.zip   # scan an existing zip

What the site does (qgis/QGIS-Plugins-Website, qgis-app/plugins/security_scanner.py):
  * extracts the uploaded zip, runs ``bandit -r <dir> -f json --quiet -t <enabled tests>``
    WITHOUT a severity filter: any result of an enabled test fails the "Bandit" check, whose
    severity is critical;
  * runs ``detect-secrets scan --all-files --exclude-files metadata\\.txt`` (critical check);
  * file analysis: .py files with the exec bit, suspicious extensions (critical), hidden files;
  * flake8 (informational only: not mirrored here).
The enabled tests and their severity are copied from
  qgis/QGIS-Plugins-Website, qgis-app/plugins/management/commands/data/bandit_rules.json
(Bandit HIGH -> critical/mandatory, MEDIUM -> warning/skippable, LOW -> disabled; B105-B107
raised to critical). Warnings still block an upload unless the uploader ticks a waiver, so
this script treats every finding as blocking and exits 1 if anything is reported.
detect-secrets is run only if installed; its rule list comes from
  qgis-app/plugins/management/commands/data/secrets_rules.json.
"""

import argparse
import json
import subprocess  # nosec B404 - runs bandit/detect-secrets with fixed argument lists
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import package  # noqa: E402  (tools/package.py)

# check_code -> site severity, for every rule with "enabled": true in bandit_rules.json.
# Disabled there (info): B109, B404, B410, B411.
BANDIT_RULES = {
    "B101": "warning",   # assert used
    "B102": "critical",  # exec used
    "B103": "critical",  # bad file permissions
    "B104": "warning",   # bind all interfaces
    "B105": "critical",  # hardcoded password string
    "B106": "critical",  # hardcoded password funcarg
    "B107": "critical",  # hardcoded password default
    "B108": "warning",   # hardcoded tmp directory
    "B110": "warning",   # try/except/pass
    "B111": "critical",  # run_as_root=True (removed from recent bandit: skipped if unknown)
    "B112": "warning",   # try/except/continue
    "B113": "warning",   # request without timeout
    "B201": "critical",  # flask debug
    "B202": "critical",  # tarfile unsafe members
    "B301": "critical",  # pickle
    "B302": "critical",  # marshal
    "B303": "warning",   # md5/sha1
    "B304": "critical",  # insecure cipher
    "B305": "critical",  # insecure cipher mode
    "B306": "critical",  # mktemp
    "B307": "critical",  # eval
    "B308": "warning",   # mark_safe
    "B310": "warning",   # urllib urlopen
    "B311": "warning",   # random
    "B312": "critical",  # telnetlib
    "B313": "warning",   # xml cElementTree
    "B314": "warning",   # xml ElementTree
    "B315": "warning",   # xml expatreader
    "B316": "warning",   # xml expatbuilder
    "B317": "warning",   # xml sax
    "B318": "warning",   # xml minidom
    "B319": "warning",   # xml pulldom
    "B320": "warning",   # xml lxml.etree (removed from recent bandit: skipped if unknown)
    "B321": "critical",  # ftplib
    "B323": "critical",  # unverified ssl context
    "B324": "warning",   # hashlib insecure hash
    "B401": "critical",  # import telnetlib
    "B402": "critical",  # import ftplib
    "B403": "warning",   # import pickle
    "B405": "warning",   # import xml.etree
    "B406": "warning",   # import xml.sax
    "B407": "warning",   # import xml.dom.expatbuilder
    "B408": "warning",   # import xml.dom.minidom
    "B409": "warning",   # import xml.dom.pulldom
    "B412": "critical",  # import httpoxy
    "B413": "critical",  # import pycrypto
    "B501": "critical",  # request verify=False
    "B502": "critical",  # ssl bad version
    "B503": "critical",  # ssl bad defaults
    "B504": "warning",   # ssl no version
    "B505": "critical",  # weak crypto key
    "B506": "critical",  # yaml.load
    "B507": "critical",  # ssh no host key verification
    "B508": "warning",   # snmp insecure version
    "B509": "warning",   # snmp weak crypto
    "B601": "critical",  # paramiko shell
    "B602": "critical",  # subprocess shell=True
    "B603": "warning",   # subprocess without shell
    "B604": "critical",  # any other function with shell=True
    "B605": "critical",  # start process with a shell
    "B606": "warning",   # start process with no shell
    "B607": "warning",   # start process with partial path
    "B608": "warning",   # hardcoded SQL expression
    "B609": "critical",  # linux wildcard injection
    "B610": "critical",  # django extra
    "B611": "critical",  # django rawsql
    "B612": "critical",  # logging.config.listen
    "B613": "critical",  # trojan source
    "B614": "warning",   # pytorch unsafe load
    "B615": "critical",  # huggingface unsafe download
    "B701": "critical",  # jinja2 autoescape false
    "B702": "warning",   # mako templates
    "B703": "warning",   # django mark_safe
    "B704": "warning",   # markupsafe Markup XSS
}

# secrets_rules.json: every detector is enabled except IPPublicDetector.
SECRETS_DISABLED = ("IPPublicDetector",)


def available_bandit_tests():
    """The test ids known to the installed bandit (unknown ids make ``bandit -t`` fail)."""
    from bandit.core import extension_loader

    manager = extension_loader.MANAGER
    return set(manager.plugins_by_id) | set(manager.blacklist_by_id)


def enabled_bandit_tests():
    known = available_bandit_tests()
    return sorted(code for code in BANDIT_RULES if code in known)


def run_bandit(tree):
    """Run bandit like the site on a folder; return the findings as dicts
    (file relative to tree, line, test_id, severity (site's), bandit_severity, message, code)."""
    tree = Path(tree)
    cmd = [
        sys.executable, "-m", "bandit",
        "-r", str(tree),
        "-f", "json",
        "--quiet",
        "-t", ",".join(enabled_bandit_tests()),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)  # nosec B603
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise RuntimeError(f"bandit failed (exit {result.returncode}): {result.stderr.strip()[:2000]}")
    report = json.loads(result.stdout)
    findings = []
    for issue in report.get("results", []):
        filename = Path(issue.get("filename", ""))
        try:
            filename = filename.resolve().relative_to(tree.resolve())
        except ValueError:
            pass
        findings.append(
            {
                "file": filename.as_posix(),
                "line": issue.get("line_number", 0),
                "test_id": issue.get("test_id", ""),
                "severity": BANDIT_RULES.get(issue.get("test_id", ""), "warning"),
                "bandit_severity": issue.get("issue_severity", ""),
                "message": issue.get("issue_text", ""),
                "code": issue.get("code", ""),
            }
        )
    errors = report.get("errors", [])
    for error in errors:
        findings.append(
            {
                "file": str(error.get("filename", "?")),
                "line": 0,
                "test_id": "ERROR",
                "severity": "critical",
                "bandit_severity": "",
                "message": f"bandit could not scan this file: {error.get('reason', '')}",
                "code": "",
            }
        )
    return sorted(findings, key=lambda f: (f["file"], f["line"], f["test_id"]))


def _module_available(name):
    import importlib.util

    return importlib.util.find_spec(name) is not None


def run_detect_secrets(tree):
    """detect-secrets as the site runs it (all files, metadata.txt excluded); None if not installed."""
    if not _module_available("detect_secrets"):
        return None
    cmd = [sys.executable, "-m", "detect_secrets", "scan", "--all-files", "--exclude-files", r"metadata\.txt"]
    for plugin in SECRETS_DISABLED:
        cmd += ["--disable-plugin", plugin]
    cmd.append(".")
    result = subprocess.run(  # nosec B603
        cmd, cwd=str(tree), capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"detect-secrets failed (exit {result.returncode}): {result.stderr.strip()[:2000]}")
    findings = []
    for filename, secrets in json.loads(result.stdout).get("results", {}).items():
        for secret in secrets:
            findings.append(
                {
                    "file": filename,
                    "line": secret.get("line_number", 0),
                    "test_id": secret.get("type", "secret"),
                    "severity": "critical",
                    "message": f"potential {secret.get('type', 'secret')}",
                }
            )
    return findings


def file_analysis(zip_path):
    """The site's file checks on the archive (exec bit on .py, suspicious extensions, hidden files)."""
    findings = []
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            name = info.filename
            mode = info.external_attr >> 16
            base = name.rstrip("/").rsplit("/", 1)[-1]
            if mode & 0o111 and not info.is_dir() and name.endswith(".py"):
                findings.append({"file": name, "line": 0, "test_id": "FILE_EXECUTABLE",
                                 "severity": "warning", "message": "Python file with the exec bit"})
            if base.startswith("."):
                findings.append({"file": name, "line": 0, "test_id": "FILE_HIDDEN",
                                 "severity": "info", "message": "hidden file"})
            if name.lower().endswith(package.SUSPICIOUS_EXTENSIONS):
                findings.append({"file": name, "line": 0, "test_id": "FILE_SUSPICIOUS",
                                 "severity": "critical", "message": "executable or binary file type"})
    return findings


def extract(zip_path, destination):
    """Extract a plugin zip safely (refuses absolute or '..' entries)."""
    destination = Path(destination).resolve()
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            target = (destination / name).resolve()
            if destination not in target.parents and target != destination:
                raise RuntimeError(f"unsafe zip entry {name!r}")
        archive.extractall(destination)  # entries checked above
    return destination


def scan_zip(zip_path, secrets=True):
    """All findings for a plugin zip: (findings, notes)."""
    notes = []
    findings = file_analysis(zip_path)
    with tempfile.TemporaryDirectory(prefix="ti_energie_scan_") as tmp:
        tree = extract(zip_path, tmp)
        findings += run_bandit(tree)
        if secrets:
            found = run_detect_secrets(tree)
            if found is None:
                notes.append("note: detect-secrets is not installed; secrets scan skipped")
            else:
                findings += found
    return findings, notes


def scan_repo(root, secrets=True):
    """Package the plugin (as tools/package.py does, into a temp dir) and scan the package."""
    with tempfile.TemporaryDirectory(prefix="ti_energie_pkg_") as tmp:
        notes = []
        zip_path = package.build(root, tmp, echo=notes.append)
        findings, scan_notes = scan_zip(zip_path, secrets=secrets)
        return findings, notes + scan_notes


def format_finding(finding):
    where = f"{finding['file']}:{finding['line']}" if finding.get("line") else finding["file"]
    extra = f" [bandit {finding['bandit_severity']}]" if finding.get("bandit_severity") else ""
    return f"{where}: {finding['test_id']} ({finding['severity']}{extra}) {finding['message']}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", nargs="?", default=".", help="plugin folder (packaged first) or a plugin zip")
    parser.add_argument("--no-secrets", action="store_true", help="skip detect-secrets")
    args = parser.parse_args(argv)
    target = Path(args.target)
    try:
        if target.is_file() and zipfile.is_zipfile(target):
            findings, notes = scan_zip(target, secrets=not args.no_secrets)
        else:
            findings, notes = scan_repo(target, secrets=not args.no_secrets)
    except package.PackageError as exc:
        print(f"security_scan: ERROR: cannot package the plugin: {exc}", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"security_scan: ERROR: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(note)
    for finding in findings:
        print(format_finding(finding))
    if findings:
        print(
            f"security_scan: {len(findings)} finding(s); critical ones block the upload to plugins.qgis.org, "
            "warnings block it unless the uploader ticks a waiver: fix them or justify with '# nosec BXXX'",
            file=sys.stderr,
        )
        return 1
    print(f"security_scan: OK ({len(enabled_bandit_tests())} bandit tests"
          f"{', detect-secrets' if _module_available('detect_secrets') and not args.no_secrets else ''}"
          ", file analysis): nothing to report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
