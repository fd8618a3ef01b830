"""INSEE Flores through Melodi: establishments and salaried jobs by commune, activity (A38) and size class.

The yearly bulk file `GET <url>/file/<dataset>/<dataset>_<année>_CSV_FR` (`https://api.insee.fr/melodi`, no
key, 30 requests a minute: the source's `min_interval_s` keeps to it) is a ZIP holding
`<dataset>_<année>_data.csv` — `;`-separated, columns `GEO;GEO_OBJECT;ACTIVITY;NUMBER_EMPL;
LEGAL_FORM_WITH_PUBLIC;FLORES_MEASURE;OBS_STATUS;TIME_PERIOD;OBS_VALUE` — and `…_metadata.csv` (the labels:
`COD_VAR;LIB_VAR;COD_MOD;LIB_MOD`). When that name is unknown to the server (HTTP 404), the dataset's
catalogue (`GET <url>/catalog/<dataset>`, `product[]` with `format`, `language`, `accessURL`) names the
CSV file, and its rows of the chosen year are used.

The archive is downloaded once per vintage (cached), then split once into one small file per
département of its commune rows (`GEO_OBJECT` = COM, `LEGAL_FORM_WITH_PUBLIC` = 1T9X7 « ensemble hors
particuliers employeurs », `TIME_PERIOD` = the year); a load reads only its départements and keeps its
communes. Table `emplois`: one row per commune × activity × size class, both measures side by side;
INSEE's totals (`_T`) are kept as their own rows and never added to their detail rows; a withheld cell
(status K, empty value) is NULL with `secret` = oui.
"""

import csv
import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from ...core import economy
from ...core.errors import SourceError
from .. import payloads
from . import register
from ...core.i18n import tr
from .base import FieldSpec, RowBuilder
from .consumers import NAF_KEYS, naf_table_of

EMPLOIS_SPECS = [
    FieldSpec("code_commune", "code_commune", "str", "Code INSEE"),
    FieldSpec("commune", "commune", "str", "Commune"),
    FieldSpec("activite", "activite", "str", "Activité (A38)"),
    FieldSpec("libelle", "libelle", "str", "Libellé de l'activité"),
    FieldSpec("tranche", "tranche", "str", "Tranche d'effectifs (code INSEE)"),
    FieldSpec("libelle_tranche", "libelle_tranche", "str", "Tranche d'effectifs"),
    FieldSpec("etablissements", "etablissements", "int", "Établissements"),
    FieldSpec("effectifs", "effectifs", "int", "Effectifs salariés en fin d'année"),
    FieldSpec("secret", "secret", "str", "Valeur couverte par le secret statistique (oui/non)"),
    FieldSpec("annee", "annee", "int", "Année (fin d'année)"),
    FieldSpec("secteur_fiche", "secteur_fiche", "str", "Secteur de la fiche (industrie manufacturière)"),
]
COLUMNS = ("GEO", "GEO_OBJECT", "ACTIVITY", "NUMBER_EMPL", "LEGAL_FORM_WITH_PUBLIC", "FLORES_MEASURE", "OBS_STATUS",
           "TIME_PERIOD", "OBS_VALUE")
_TRANCHE_ORDER = {code: n for n, code in enumerate([economy.TOTAL, "E0", "E1T4", "E5T9", "E10T19", "E20T49", "E50T99",
                                                    "E100T199", "E200T499", "E_GE500"])}


def departement_of(code):
    return code[:3] if code.startswith("97") else code[:2]


def _decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _member(names, suffix):
    for name in names:
        if name.rsplit("/", 1)[-1].endswith(suffix) and not name.startswith("/") and ".." not in name.split("/") \
                and "\\" not in name:
            return name
    return None


def read_labels(archive, member):
    """{variable: {code: label}} of a Melodi `_metadata.csv`."""
    text = _decode(archive.read(member))
    first = text.splitlines()[0] if text else ""
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") >= first.count(",") else ",")
    labels = {}
    for row in reader:
        variable, code, label = (row.get("COD_VAR") or "").strip(), (row.get("COD_MOD") or "").strip(), \
            (row.get("LIB_MOD") or "").strip()
        if variable and code:
            labels.setdefault(variable, {})[code] = label
    return labels


def split_by_departement(path, target, annee, legal_form, level="COM", check_cancel=None):
    """Split the archive's data CSV into `target/<département>.csv.gz` (commune rows of `annee` only) and
    `target/libelles.json`. Returns the number of rows kept. Raises ValueError (French) on a bad archive."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        data_member = _member(names, "_data.csv")
        if data_member is None:
            raise ValueError(tr("fichier « …_data.csv » absent de l'archive"))
        meta_member = _member(names, "_metadata.csv")
        labels = read_labels(archive, meta_member) if meta_member else {}
        writers, kept = {}, 0
        try:
            with archive.open(data_member) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
                header_line = text.readline()
                delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
                header = [h.strip().strip('"') for h in next(csv.reader([header_line], delimiter=delimiter))]
                missing = [c for c in COLUMNS if c not in header and c != "NUMBER_EMPL"]
                if missing:
                    raise ValueError(tr("colonne(s) absente(s) du fichier de données : {}").format(', '.join(missing)))
                at = {c: header.index(c) for c in COLUMNS if c in header}
                for number, row in enumerate(csv.reader(text, delimiter=delimiter)):
                    if check_cancel is not None and number % 200000 == 0:
                        check_cancel()
                    if len(row) < len(header) or row[at["GEO_OBJECT"]] != level:
                        continue
                    if legal_form and row[at["LEGAL_FORM_WITH_PUBLIC"]] != legal_form:
                        continue
                    if str(row[at["TIME_PERIOD"]]).strip()[:4] != str(annee):
                        continue
                    geo = row[at["GEO"]].strip().rsplit("-", 1)[-1]
                    if not geo:
                        continue
                    dep = departement_of(geo)
                    writer = writers.get(dep)
                    if writer is None:
                        writer = writers[dep] = gzip.open(target / f"{dep}.csv.gz", "wt", encoding="utf-8",
                                                          newline="")
                    tranche = row[at["NUMBER_EMPL"]] if "NUMBER_EMPL" in at else economy.TOTAL
                    writer.write(";".join((geo, row[at["ACTIVITY"]], tranche, row[at["FLORES_MEASURE"]],
                                           row[at["OBS_STATUS"]], row[at["OBS_VALUE"]])) + "\n")
                    kept += 1
        finally:
            for writer in writers.values():
                writer.close()
    (target / "libelles.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    return kept


def _index(ctx, archive, name, annee):
    """The folder of per-département files of the archive (built once per archive version)."""
    legal_form = str(ctx.option("legal_form", "1T9X7") or "")
    stamp = archive.stat()
    digest = hashlib.sha256(f"{archive}|{stamp.st_size}|{stamp.st_mtime_ns}|{annee}|{legal_form}".encode()) \
        .hexdigest()[:12]
    folder = ctx.cache.derived_dir(ctx.key)
    target = folder / f"{name}-{annee}-{digest}"
    if (target / "libelles.json").exists():
        return target
    partial = Path(tempfile.mkdtemp(prefix=".part-", dir=str(folder)))
    try:
        kept = split_by_departement(archive, partial, annee, legal_form, check_cancel=ctx.check_cancel)
        if not kept:
            raise ctx.fail(tr("aucune ligne communale pour l'année {} dans le fichier {}.").format(annee, name))
        for old in folder.glob(f"{name}-{annee}-*"):
            shutil.rmtree(old, ignore_errors=True)
        try:
            os.replace(partial, target)
        except OSError:
            if not (target / "libelles.json").exists():  # another load built it meanwhile: keep theirs
                raise
    except (ValueError, zipfile.BadZipFile, OSError) as err:
        raise ctx.fail(tr("fichier INSEE {} illisible : {}.").format(name, err)) from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


def _from_catalogue(ctx, dataset, annee):
    """The CSV file named by the dataset's Melodi catalogue (when the yearly file name is unknown)."""
    meta = ctx.fetch_json(f"{ctx.url()}/catalog/{dataset}")
    products = meta.get("product") or meta.get("products") or []
    csvs = [p for p in products if isinstance(p, dict) and str(p.get("format", "")).upper().endswith("CSV")
            and "FR" in str(p.get("language", "FR")).upper() and p.get("accessURL")]
    if not csvs:
        raise ctx.fail(tr("aucun fichier CSV dans le catalogue Melodi de {}.").format(dataset))
    yearly = [p for p in csvs if f"_{annee}_" in str(p["accessURL"])]
    return ctx.rebase(str((yearly or csvs)[0]["accessURL"]))


def bulk_file(ctx, dataset, annee):
    """(path of the cached ZIP, file name) of the vintage."""
    name = str(ctx.option("file_template", "{dataset}_{annee}_CSV_FR")).format(dataset=dataset, annee=annee)
    max_bytes = int(float(ctx.option("max_zip_mb", 300)) * 2**20)
    try:
        return ctx.fetch_file(f"{ctx.url()}/file/{dataset}/{name}", payloads.zip_archive, max_bytes=max_bytes), name
    except SourceError as err:
        if not getattr(err, "not_found", False):
            raise
        ctx.warn(tr("fichier {} introuvable : fichier désigné par le catalogue Melodi de {} utilisé.").format(name, dataset))
    url = _from_catalogue(ctx, dataset, annee)
    return ctx.fetch_file(url, payloads.zip_archive, max_bytes=max_bytes), url.rstrip("/").rsplit("/", 1)[-1]


@register("flores", dataset=str, annee=int, file_template=str, legal_form=str, max_zip_mb=float, **NAF_KEYS)
def flores(ctx):
    """Table `emplois` of the territory's communes (no geometry)."""
    rows = RowBuilder(ctx, EMPLOIS_SPECS, "none")
    communes = {c["insee"]: c["nom"] for c in (ctx.perimeters.communes if ctx.perimeters is not None else [])}
    if not communes:
        return rows.finish()
    annee = int(ctx.option("annee", 2023))
    dataset = str(ctx.option("dataset", "DS_FLORES_A38"))
    a38_sectors = naf_table_of(ctx).a38_secteurs()
    archive, name = bulk_file(ctx, dataset, annee)
    ctx.progress(40.0)
    index = _index(ctx, Path(archive), name, annee)
    ctx.vintage = f"Flores fin {annee} ({name})"
    labels = json.loads((index / "libelles.json").read_text(encoding="utf-8"))
    activity_labels = {**economy.A38_LIBELLES, **labels.get("ACTIVITY", {})}
    tranche_labels = {**economy.TRANCHES, **labels.get("NUMBER_EMPL", {})}
    cells = {}
    for dep in ctx.departements():
        path = index / f"{dep}.csv.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                geo, activity, tranche, measure, status, value = line.rstrip("\n").split(";")
                if geo in communes:
                    cells.setdefault((geo, activity, tranche), {})[measure] = (status, value)
    order = [economy.TOTAL] + [code for code in economy.A38_LIBELLES if code != economy.TOTAL]
    for (geo, activity, tranche), measures in sorted(cells.items(), key=lambda item: (
            item[0][0], order.index(item[0][1]) if item[0][1] in order else len(order), item[0][1],
            _TRANCHE_ORDER.get(item[0][2], 99), item[0][2])):
        values, secret = {}, False
        for measure, field_name in ((economy.MESURE_ETABLISSEMENTS, "etablissements"),
                                    (economy.MESURE_EFFECTIFS, "effectifs")):
            status, value = measures.get(measure, ("", ""))
            withheld = measure in measures and economy.is_secret(status, value)
            secret = secret or withheld
            values[field_name] = None if withheld else economy.number(value)
        rows.add({"code_commune": geo, "commune": communes[geo], "activite": activity,
                  "libelle": activity_labels.get(activity, ""), "tranche": tranche,
                  "libelle_tranche": tranche_labels.get(tranche, ""), **values, "secret": "oui" if secret else "non",
                  "annee": annee, "secteur_fiche": a38_sectors.get(activity) if activity in economy.MANUFACTURIER
                  else None})
    return rows.finish()
