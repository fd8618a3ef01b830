#!/usr/bin/env python3
"""Build the plugins.qgis.org zip of TI Énergie: ``dist/ti_energie-<version>.zip``.

Usage (``make package``)::

    python tools/package.py --output dist

What goes in: the files tracked by git (``git ls-files``), plus the ``i18n/*.qm``
translations compiled from the ``.ts`` at each build (lrelease when installed, else the plugin's own
compiler ``core/qm.py``: a package never ships a ``.ts`` without its ``.qm``), minus the ``export-ignore`` entries of ``.gitattributes``
(what ``git archive`` and qgis-plugin-ci would leave out), all under one top folder
``ti_energie/``. When git lists nothing (no commit/index yet), the working tree is
walked instead, applying the same exclusions plus the ``.gitignore`` rules.

Never included: ``__pycache__``, ``.pyc``/``.pyo``, ``.git``, ``__MACOSX``, ``tests``,
hidden files/folders. Executables/binaries (.exe .dll .so .dylib .bat .sh .ps1 .cmd) make
the build fail; a file with an exec bit is packaged without it (with a warning).

Before the zip is put in place it is checked by :func:`validate_zip`, which mirrors the
upload validator of plugins.qgis.org:
  qgis/QGIS-Plugins-Website, qgis-app/plugins/validator.py (``validator()``), and the
  file-analysis part of qgis-app/plugins/security_scanner.py
  (rules: qgis-app/plugins/management/commands/data/file_analysis_rules.json).
The only site check not done here is the network one (the site does ``requests.head``
on tracker/repository/homepage, < 400 within 10 s); ``--check-urls`` does it on demand.

Why not qgis-plugin-ci (2.10.0, tried): it needs the plugin in a sub-folder of the repo. With
``plugin_path: .`` it writes ``..0.1.0.zip`` with the files at the zip root (no ``ti_energie/``
folder: refused by the site) and hidden files in it; with ``use_project_slug_as_plugin_directory``
it renames paths by ``str.replace(".", "ti_energie")`` (``core/errorsti_energiepy``). It also looks
for CHANGELOG.md in the repo's parent folder and adds ``.qm`` files only when it pulls them from
Transifex.

Standard library only.
"""

import argparse
import configparser
import fnmatch
import io
import os
import re
import shutil
import subprocess  # nosec B404 - runs git with fixed argument lists
import sys
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

PLUGIN_NAME = "ti_energie"
ROOT = Path(__file__).resolve().parent.parent

# qgis-app/plugins/validator.py: PLUGIN_MAX_UPLOAD_SIZE = 25000000 (25 MB)
MAX_SIZE = 25_000_000
# qgis-app/plugins/validator.py: PLUGIN_REQUIRED_METADATA
REQUIRED_METADATA = (
    "name",
    "qgisMinimumVersion",
    "description",
    "about",
    "version",
    "author",
    "email",
    "repository",
    "tracker",
)
# qgis-app/plugins/validator.py: urls_to_check (metadata key -> forbidden placeholder)
URL_FIELDS = {
    "tracker": "http://bugs",
    "repository": "http://repo",
    "homepage": "http://homepage",
}
# qgis-app/plugins/validator.py: forbidden directories anywhere in the archive
FORBIDDEN_DIRS = ("__MACOSX", ".git", "__pycache__")
# qgis-app/plugins/security_scanner.py: _check_suspicious_files (FILE_SUSPICIOUS, critical)
SUSPICIOUS_EXTENSIONS = (".exe", ".dll", ".so", ".dylib", ".bat", ".sh", ".ps1", ".cmd")
# qgis-app/plugins/validator.py: top folder regexp
PACKAGE_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-_]+$")
# Our own rules on top of the site's.
MIN_QGIS_MAXIMUM_VERSION = (4, 0)
# supportsQt6 (qgis/QGIS#55912, read by the Qt6 builds of QGIS 3.x; ignored from 4.0, qgis/QGIS#65168).
QT6_TRUE_VALUES = ("true", "yes")
EXCLUDED_DIR_NAMES = {"__pycache__", "__MACOSX", "tests"}
EXCLUDED_SUFFIXES = (".pyc", ".pyo")
# Never walked in fallback mode (also in .gitignore; pruned early so .venv is not traversed).
FALLBACK_PRUNE = {
    ".git", ".venv", "venv", "dist", "demo-output", "bench-output",
    ".pytest_cache", ".hypothesis", "__pycache__",
}
FALLBACK_IGNORE_PATTERNS = ("*.pyc", "*.pyo", "*.qm", "*~", "*.swp")


class PackageError(Exception):
    """A problem that prevents building an acceptable package."""


# --------------------------------------------------------------------------- metadata


def parse_metadata(text):
    """Parse metadata.txt text exactly as the site does; return the [general] items as a dict.

    Raises PackageError with the parser's message on failure.
    """
    parser = configparser.ConfigParser()  # same defaults as the site (interpolation on)
    parser.optionxform = str
    try:
        parser.read_file(io.StringIO(text))
        if not parser.has_section("general"):
            raise PackageError("metadata.txt: no [general] section")
        return dict(parser.items("general"))
    except PackageError:
        raise
    except (configparser.Error, ValueError) as exc:
        raise PackageError(f"metadata.txt cannot be parsed: {exc}") from exc


def read_version(root=ROOT):
    """The ``version`` of <root>/metadata.txt."""
    path = Path(root) / "metadata.txt"
    if not path.is_file():
        raise PackageError(f"{path} not found")
    version = parse_metadata(path.read_text(encoding="utf-8")).get("version", "").strip()
    if not version:
        raise PackageError("metadata.txt: empty 'version'")
    return version


def _version_tuple(text):
    parts = []
    for piece in text.strip().split("."):
        match = re.match(r"\d+", piece)
        if not match:
            raise ValueError(text)
        parts.append(int(match.group()))
    return tuple(parts)


def check_metadata(meta):
    """Problems in a parsed [general] section (dict), as the site would see them (no network)."""
    problems = []
    missing = [key for key in REQUIRED_METADATA if not str(meta.get(key, "")).strip()]
    if missing:
        problems.append("metadata.txt: missing or empty required field(s): " + ", ".join(missing))
    author = meta.get("author", "")
    if author and "/" in author:
        problems.append(f"metadata.txt: author cannot contain '/' (got {author!r})")
    for key, placeholder in URL_FIELDS.items():
        url = meta.get(key, "").strip()
        if not url:
            continue  # required ones are reported above; homepage is optional
        if url == placeholder or re.match(r"^https?://(repo|bugs|homepage)/?$", url):
            problems.append(f"metadata.txt: {key} is a placeholder URL ({url!r})")
        elif not url.startswith("https://") or not re.match(r"^https://[^/\s]+\.[^/\s]+", url):
            problems.append(f"metadata.txt: {key} must be an https:// URL with a host (got {url!r})")
    for key in ("qgisMinimumVersion", "qgisMaximumVersion"):
        value = meta.get(key, "").strip()
        if value:
            try:
                _version_tuple(value)
            except ValueError:
                problems.append(f"metadata.txt: {key} is not a dotted version ({value!r})")
    supports_qt6 = meta.get("supportsQt6", "").strip()
    if supports_qt6.lower() not in QT6_TRUE_VALUES:
        problems.append(
            f"metadata.txt: supportsQt6 must be True (got {supports_qt6!r}); the Qt6 builds of QGIS 3.34-3.44 "
            "do not load a plugin without it (QGIS 4.0 ignores it)"
        )
    maximum = meta.get("qgisMaximumVersion", "").strip()
    if not maximum:
        problems.append(
            "metadata.txt: qgisMaximumVersion is empty; the site would set it to 3.99 "
            "and the plugin would not be listed for QGIS 4 (set 4.99)"
        )
    else:
        try:
            if _version_tuple(maximum) < MIN_QGIS_MAXIMUM_VERSION:
                problems.append(f"metadata.txt: qgisMaximumVersion must be >= 4 (got {maximum!r})")
        except ValueError:
            pass  # reported above
    return problems


# --------------------------------------------------------------------------- validation


def _is_exec(info):
    mode = info.external_attr >> 16
    return bool(mode and (mode & 0o111) and not info.is_dir())


def validate_zip(path):
    """List every problem plugins.qgis.org (validator + blocking file analysis) would raise.

    Unlike the site, it does not stop at the first problem. The URL reachability check is
    not done (offline); see check_urls().
    """
    path = Path(path)
    problems = []
    if not path.is_file():
        return [f"{path}: no such file"]
    size = path.stat().st_size
    if size >= MAX_SIZE:
        problems.append(f"zip too big: {size} bytes (max {MAX_SIZE})")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return problems + [f"not a valid zip: {exc}"]

    with archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        if not names:
            return problems + ["empty zip"]
        for name in names:
            if ".." in name or name.startswith("/") or name.startswith("\\") or re.match(r"^[A-Za-z]:", name):
                problems.append(f"path information not allowed in zip entry {name!r} ('..' or absolute)")
            if ".pyc" in name or name.endswith(".pyo"):
                problems.append(f"compiled Python file not allowed: {name!r}")
            parts = name.split("/")
            for forbidden in FORBIDDEN_DIRS:
                if forbidden in parts:
                    problems.append(f"forbidden directory {forbidden!r} in {name!r}")
            if "tests" in parts[:-1]:
                problems.append(f"tests must not be packaged: {name!r}")
            hidden = [p for p in parts if p.startswith(".") and p not in (".", "..", ".git")]
            if hidden:
                problems.append(f"hidden file or folder not allowed: {name!r}")
            if name.lower().endswith(SUSPICIOUS_EXTENSIONS):
                problems.append(f"executable/binary file type not allowed: {name!r}")
        for info in infos:
            if _is_exec(info) and info.filename.endswith(".py"):
                problems.append(f"Python file with the executable bit set: {info.filename!r}")
        try:
            bad = archive.testzip()
        except Exception as exc:  # noqa: BLE001 - any decoding/CRC error is a bad zip
            bad = f"? ({exc})"
        if bad:
            problems.append(f"bad zip (CRC error?) on {bad!r}")

        tops = sorted({name.split("/")[0] for name in names})
        if "/" not in names[0]:
            problems.append("no top-level folder: the first entry must be inside the plugin folder")
            return problems
        package_name = names[0].split("/")[0]
        if len(tops) > 1:
            problems.append("more than one top-level entry: " + ", ".join(tops))
        if not package_name.isidentifier():
            problems.append(f"top folder {package_name!r} is not a valid Python identifier")
        if not PACKAGE_NAME_RE.match(package_name):
            problems.append(f"top folder {package_name!r} does not match {PACKAGE_NAME_RE.pattern}")
        if package_name != PLUGIN_NAME:
            problems.append(f"top folder is {package_name!r}, expected {PLUGIN_NAME!r}")

        for required in ("__init__.py", "metadata.txt", "LICENSE"):
            if f"{package_name}/{required}" not in names:
                problems.append(f"missing {package_name}/{required}")

        metadata_name = f"{package_name}/metadata.txt"
        if metadata_name in names:
            try:
                meta = parse_metadata(archive.read(metadata_name).decode("utf-8"))
            except UnicodeDecodeError as exc:
                problems.append(f"metadata.txt is not UTF-8: {exc}")
            except PackageError as exc:
                problems.append(str(exc))
            else:
                problems.extend(check_metadata(meta))
                icon = meta.get("icon", "").strip()
                if icon:
                    icon_path = icon[2:] if icon.startswith("./") else icon
                    if f"{package_name}/{icon_path}" not in names:
                        problems.append(f"icon {icon!r} declared in metadata.txt is not in the zip")
        problems.extend(_check_translations(archive, names))
    return problems


QM_MAGIC = bytes((0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95, 0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD))


def _check_translations(archive, names):
    """Our rule: each translation source i18n/<name>.ts comes with its compiled i18n/<name>.qm (QTranslator
    reads only .qm files; the plugin would compile a lone .ts at run time, but the package must not rely on a
    writable temporary folder)."""
    problems = []
    for name in names:
        if name.endswith(".ts") and "/i18n/" in name:
            qm = name[:-3] + ".qm"
            if qm not in names:
                problems.append(f"translation {name!r} without its compiled {qm!r}")
            elif not archive.read(qm).startswith(QM_MAGIC):
                problems.append(f"{qm!r} is not a compiled Qt translation")
    return problems


def compile_translations(root=ROOT, echo=print):
    """Compile <root>/i18n/*.ts into .qm next to them: lrelease when found, else core/qm.py (same result for
    QTranslator, tests/test_i18n.py). Returns the .qm paths."""
    import importlib.util

    root = Path(root)
    lrelease = next((found for found in map(shutil.which, ("lrelease", "lrelease-qt5", "lrelease-qt6")) if found),
                    None)
    written = []
    for ts in sorted((root / "i18n").glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if lrelease:
            subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)  # nosec B603
        else:
            spec = importlib.util.spec_from_file_location("ti_energie_qm", root / "core" / "qm.py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.compile_ts(ts, qm)
        written.append(qm)
    if written:
        echo(f"translations compiled ({'lrelease' if lrelease else 'core/qm.py'}): "
             + ", ".join(p.name for p in written))
    return written


def check_urls(meta, timeout=10):
    """The site's network check: HEAD on tracker/repository/homepage must answer < 400 in 10 s."""
    import urllib.request  # only used on demand (--check-urls)

    problems = []
    for key in URL_FIELDS:
        url = meta.get(key, "").strip()
        if not url.startswith("https://"):
            continue
        request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "Mozilla/5.0"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310 - https only
                status = response.status
        except Exception as exc:  # noqa: BLE001 - any failure means "unreachable"
            problems.append(f"{key} URL {url} unreachable: {exc}")
            continue
        if status >= 400:
            problems.append(f"{key} URL {url} answered HTTP {status}")
    return problems


# --------------------------------------------------------------------------- file selection


def _git(root, *args, stdin=None):
    """Run git in root; return stdout, or None if git is missing or fails."""
    git = shutil.which("git")
    if not git:
        return None
    try:
        result = subprocess.run(  # nosec B603 - fixed git command, no shell
            [git, "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    # check-ignore exits 1 when nothing is ignored: that is not a failure.
    if result.returncode not in (0, 1) or (result.returncode == 1 and args[0] != "check-ignore"):
        return None
    return result.stdout


def _ancestors_and_self(rel):
    parts = PurePosixPath(rel).parts
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _parse_gitattributes_export_ignore(root):
    """Fallback (no git binary): the export-ignore patterns of <root>/.gitattributes."""
    patterns = []
    path = Path(root) / ".gitattributes"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 2 and not fields[0].startswith("#") and "export-ignore" in fields[1:]:
                patterns.append(fields[0])
    return patterns


def _matches_pattern(rel, pattern):
    pattern = pattern.rstrip("/")
    if "/" in pattern:
        return fnmatch.fnmatchcase(rel, pattern.lstrip("/"))
    return fnmatch.fnmatchcase(PurePosixPath(rel).name, pattern)


def export_ignored(root, paths):
    """The subset of paths (POSIX, relative) excluded by a .gitattributes export-ignore,
    directly or through one of their parent folders (what git archive does)."""
    candidates = sorted({a for rel in paths for a in _ancestors_and_self(rel)})
    ignored_prefixes = set()
    out = _git(root, "check-attr", "--stdin", "-z", "export-ignore", stdin="\0".join(candidates) + "\0")
    if out is not None:
        fields = out.split("\0")
        for i in range(0, len(fields) - 2, 3):
            if fields[i + 2] in ("set", "true"):
                ignored_prefixes.add(fields[i])
    else:
        patterns = _parse_gitattributes_export_ignore(root)
        ignored_prefixes = {c for c in candidates if any(_matches_pattern(c, p) for p in patterns)}
    return {rel for rel in paths if any(a in ignored_prefixes for a in _ancestors_and_self(rel))}


def _git_ignored(root, paths):
    """The subset of paths matched by .gitignore (fallback: a built-in copy of its rules)."""
    if not paths:
        return set()
    out = _git(root, "check-ignore", "--stdin", "-z", stdin="\0".join(paths) + "\0")
    if out is not None:
        return {p for p in out.split("\0") if p}
    return {p for p in paths if any(_matches_pattern(p, pat) for pat in FALLBACK_IGNORE_PATTERNS)}


def _walk_tree(root):
    root = Path(root)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in FALLBACK_PRUNE and not d.startswith("."))
        for name in sorted(filenames):
            found.append(Path(dirpath, name).relative_to(root).as_posix())
    return found


def list_source_files(root=ROOT):
    """(files, notes): the candidate files, from git, or from a walk of the tree as fallback."""
    notes = []
    out = _git(root, "ls-files", "-z", "--cached")
    tracked = [p for p in (out or "").split("\0") if p]
    if tracked:
        files = [p for p in tracked if (Path(root) / p).is_file()]  # drop deleted-but-tracked
    else:
        reason = "git is not available" if out is None else "git tracks no file yet"
        notes.append(f"note: {reason}; packaging the working tree minus .gitignore'd files instead")
        walked = _walk_tree(root)
        files = sorted(set(walked) - _git_ignored(root, walked))
    # Compiled translations are build products (gitignored) but belong in the package.
    i18n = Path(root) / "i18n"
    if i18n.is_dir():
        files.extend(p.relative_to(root).as_posix() for p in sorted(i18n.glob("*.qm")))
    return sorted(set(files)), notes


def select_files(root=ROOT):
    """(files, warnings): the relative paths to package. Raises PackageError on forbidden files."""
    root = Path(root)
    files, warnings = list_source_files(root)
    files = sorted(set(files) - export_ignored(root, files))
    kept, refused = [], []
    for rel in files:
        parts = PurePosixPath(rel).parts
        if any(p.startswith(".") for p in parts):
            continue  # hidden files and folders (.gitignore, .ci/, ...)
        if any(p in EXCLUDED_DIR_NAMES for p in parts[:-1]) or rel.endswith(EXCLUDED_SUFFIXES):
            continue
        if rel.lower().endswith(SUSPICIOUS_EXTENSIONS):
            refused.append(rel)
            continue
        if (root / rel).stat().st_mode & 0o111:
            warnings.append(f"warning: {rel} has the executable bit set; packaged without it")
        kept.append(rel)
    if refused:
        raise PackageError(
            "executable/binary files are refused by plugins.qgis.org and must not be packaged: "
            + ", ".join(refused)
            + " (mark them export-ignore in .gitattributes or remove them)"
        )
    for required in ("__init__.py", "metadata.txt", "LICENSE"):
        if required not in kept:
            raise PackageError(f"{required} would not be in the package (missing, hidden or export-ignore'd)")
    return kept, warnings


# --------------------------------------------------------------------------- build


def _zip_time(path):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = int(epoch) if epoch and epoch.isdigit() else int(path.stat().st_mtime)
    stamp = max(stamp, 315532800)  # zip cannot store dates before 1980-01-01
    return time.gmtime(stamp)[:6]


def write_zip(root, files, destination):
    """Write files (relative POSIX paths under root) into destination, under PLUGIN_NAME/."""
    root = Path(root)
    folders = sorted({a for rel in files for a in _ancestors_and_self(rel)[:-1]})
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        top = zipfile.ZipInfo(f"{PLUGIN_NAME}/", date_time=(1980, 1, 1, 0, 0, 0))
        top.external_attr = (0o40755 << 16) | 0x10
        archive.writestr(top, b"")
        for folder in folders:
            info = zipfile.ZipInfo(f"{PLUGIN_NAME}/{folder}/", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o40755 << 16) | 0x10
            archive.writestr(info, b"")
        for rel in files:
            source = root / rel
            info = zipfile.ZipInfo(f"{PLUGIN_NAME}/{rel}", date_time=_zip_time(source))
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--: exec bit cleared
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, source.read_bytes(), compresslevel=9)


def build(root=ROOT, output_dir="dist", echo=print):
    """Build, validate and put in place <output_dir>/ti_energie-<version>.zip; return its Path.

    Raises PackageError (with every problem listed) if the result would be refused.
    """
    root = Path(root)
    version = read_version(root)
    compile_translations(root, echo)
    files, notes = select_files(root)
    for note in notes:
        echo(note)
    output_dir = Path(output_dir)
    if not output_dir.is_absolute():
        output_dir = Path.cwd() / output_dir
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{PLUGIN_NAME}-{version}.zip"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{PLUGIN_NAME}-", suffix=".zip", dir=output_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write_zip(root, files, tmp)
        problems = validate_zip(tmp)
        if problems:
            raise PackageError("the package would be refused by plugins.qgis.org:\n  - " + "\n  - ".join(problems))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="dist", help="output folder (default: dist)")
    parser.add_argument("--root", default=str(ROOT), help="plugin folder (default: the repo root)")
    parser.add_argument(
        "--check-urls",
        action="store_true",
        help="also check that tracker/repository/homepage answer (network; as the site does)",
    )
    args = parser.parse_args(argv)
    try:
        target = build(args.root, args.output)
    except PackageError as exc:
        print(f"package: ERROR: {exc}", file=sys.stderr)
        return 1
    if args.check_urls:
        with zipfile.ZipFile(target) as archive:
            meta = parse_metadata(archive.read(f"{PLUGIN_NAME}/metadata.txt").decode("utf-8"))
        url_problems = check_urls(meta)
        if url_problems:
            for problem in url_problems:
                print(f"package: ERROR: {problem}", file=sys.stderr)
            return 1
    with zipfile.ZipFile(target) as archive:
        count = sum(1 for info in archive.infolist() if not info.is_dir())
    size = target.stat().st_size
    print(f"{target} ({size} bytes, {size / 1e6:.2f} MB, {count} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
