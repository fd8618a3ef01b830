"""Stand-ins of the « Consommateurs » and « Économie » sources, in their real formats, from the hand-written
samples of sample_data/sdes, sample_data/odre and sample_data/insee (fictitious, labelled EXEMPLE).

- SDES DiDo: `/dido/api/v1/datafiles?page&pageSize&text` (the catalogue, paged: `{total, data: [datafile]}`)
  and `/dido/api/v1/datafiles/<rid>/rows?millesime&page&pageSize&<COLUMN>=<op>:<value>` (`{total, data}`),
  applying the filters `eq`, `ne`, `in`, `nin`, `startsWith`, `endsWith`, `contains`, `gt(e)`, `lt(e)`; an
  unknown millésime is a 404, as an unknown rid.
- ODRÉ `consommation-annuelle-par-iris` and Agence ORE `conso-elec-gaz-annuelle-par-naf-agregee-commune`:
  Opendatasoft `/exports/json` (a bare array) with `where=<field> IN (…)`.
- INSEE Melodi: `/melodi/file/DS_FLORES_A38/DS_FLORES_A38_2023_CSV_FR` (a ZIP of the data and metadata
  CSV files, built at run time), `/melodi/catalog/DS_FLORES_A38` (`product[]` with `accessURL`) naming
  the full-flow file `/melodi/file/DS_FLORES_A38/DS_FLORES_A38_CSV_FR` (the same ZIP here).

`routes()` and `catalogue_entries(server)` plug them into tools/sample_data.py's `start_sample_server`.
"""

import io
import json
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDES = ROOT / "sample_data" / "sdes"
DIDO = "/dido/api/v1"
ODRE_IRIS = "/api/explore/v2.1/catalog/datasets/consommation-annuelle-par-iris"
ORE_NAF = "/api/explore/v2.1/catalog/datasets/conso-elec-gaz-annuelle-par-naf-agregee-commune"
MELODI = "/melodi"
FLORES_FILE = MELODI + "/file/DS_FLORES_A38/DS_FLORES_A38_2023_CSV_FR"
FLORES_CATALOGUE = MELODI + "/catalog/DS_FLORES_A38"
FLORES_FULL_FLOW = MELODI + "/file/DS_FLORES_A38/DS_FLORES_A38_CSV_FR"
SAMPLE_CATALOGUE = SDES / "dido_catalogue_exemple.json"
SAMPLE_GAS = SDES / "dido_gaz_adresses_exemple.json"
SAMPLE_ELECTRICITY = SDES / "dido_electricite_adresses_exemple.json"
SAMPLE_ORE = SDES / "ore_conso_commune_naf_exemple.json"
SAMPLE_TRANSPORT = ROOT / "sample_data" / "odre" / "conso_transport_iris_exemple.json"
SAMPLE_FLORES = ROOT / "sample_data" / "insee"
GAS_RID, ELECTRICITY_RID = "exemple-0000-gaz-adresse-2023", "exemple-0000-elec-adresse-2023"


def _json(value, status=200):
    from local_server import Response

    return Response(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), {"Content-Type": "application/json"})


def _fold(text):
    text = unicodedata.normalize("NFKD", str(text or "")).lower()
    return "".join(c for c in text if not unicodedata.combining(c))


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def dido_match(value, condition):
    """Whether a row value passes a DiDo filter `<op>:<value>`."""
    op, _, expected = str(condition).partition(":")
    text = "" if value is None else str(value)
    if op == "eq":
        return text == expected
    if op == "ne":
        return text != expected
    if op == "in":
        return text in expected.split(",")
    if op == "nin":
        return text not in expected.split(",")
    if op == "startsWith":
        return text.startswith(expected)
    if op == "endsWith":
        return text.endswith(expected)
    if op == "contains":
        return expected in text
    if op in ("gt", "gte", "lt", "lte"):
        a, b = _number(value), _number(expected)
        return a is not None and b is not None and {"gt": a > b, "gte": a >= b, "lt": a < b, "lte": a <= b}[op]
    raise ValueError(op)


def _page(items, query, base_url):
    size = str(query.get("pageSize", "all"))
    page = int(query.get("page", 1) or 1)
    if size == "all":
        chunk = items
    else:
        if size not in ("10", "20", "50", "100") and not size.isdigit():
            return None
        chunk = items[(page - 1) * int(size): page * int(size)]
    return {"pageSize": size, "page": page, "total": len(items), "firstPage": base_url, "previousPage": None,
            "nextPage": None, "lastPage": base_url, "data": chunk}


def dido_routes(catalogue_path=SAMPLE_CATALOGUE, rows_by_rid=None):
    """DiDo's catalogue and rows endpoints from the sample files (or `rows_by_rid`: {rid: [rows]})."""
    catalogue = json.loads(Path(catalogue_path).read_text(encoding="utf-8"))
    if rows_by_rid is None:
        rows_by_rid = {GAS_RID: json.loads(SAMPLE_GAS.read_text(encoding="utf-8")),
                       ELECTRICITY_RID: json.loads(SAMPLE_ELECTRICITY.read_text(encoding="utf-8"))}
    by_rid = {item["rid"]: item for item in catalogue}

    def datafiles(path, query):
        text = _fold(query.get("text", ""))
        items = [d for d in catalogue if not text or text in _fold(d["title"]) or text in _fold(d["description"])]
        answer = _page(items, query, path)
        if answer is None:
            return _json({"code": 400, "message": "Erreur de validation", "errors": ["pageSize"]}, 400)
        return _json(answer)

    def datafile(path, query):
        parts = path[len(DIDO + "/datafiles/"):].split("/")
        item = by_rid.get(parts[0])
        if item is None:
            return _json({"code": 404, "message": f"Pas de fichier de données avec le rid {parts[0]}"}, 404)
        millesimes = [m["millesime"] for m in item["millesimes"]]
        millesime = query.get("millesime", max(millesimes))
        if millesime not in millesimes:
            return _json({"code": 404, "message": f"Pas de millésime {millesime}"}, 404)
        if len(parts) == 1:
            return _json({**{k: v for k, v in item.items() if k != "millesimes"}, "millesime": millesime})
        if parts[1] != "rows":
            return None
        rows = list(rows_by_rid.get(parts[0], []))
        reserved = {"millesime", "page", "pageSize", "columns", "orderBy"}
        try:
            for column, condition in query.items():
                if column not in reserved:
                    rows = [r for r in rows if dido_match(r.get(column), condition)]
        except ValueError:
            return _json({"code": 400, "message": "Erreur de validation", "errors": ["filtre"]}, 400)
        answer = _page(rows, query, path)
        return _json(answer) if answer is not None else _json({"code": 400, "message": "pageSize"}, 400)

    return {DIDO + "/datafiles": datafiles, DIDO + "/datafiles/*": datafile}


def ods_routes(transport_path=SAMPLE_TRANSPORT, ore_path=SAMPLE_ORE):
    """ODRÉ's transmission-grid consumption by IRIS and Agence ORE's commune × NAF aggregates (exports/json)."""
    from sample_data import ods_json_export_route

    return {ODRE_IRIS + "/exports/json": ods_json_export_route(json.loads(Path(transport_path).read_text("utf-8"))),
            ORE_NAF + "/exports/json": ods_json_export_route(json.loads(Path(ore_path).read_text("utf-8")))}


def flores_zip(folder=SAMPLE_FLORES, name="DS_FLORES_A38_2023", data=None):
    """The Melodi bulk file: a ZIP with `<name>_data.csv` and `<name>_metadata.csv`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}_data.csv", data if data is not None
                         else (Path(folder) / "DS_FLORES_A38_2023_data.csv").read_bytes())
        archive.writestr(f"{name}_metadata.csv", (Path(folder) / "DS_FLORES_A38_2023_metadata.csv").read_bytes())
    return buffer.getvalue()


def melodi_routes(zip_bytes=None):
    """Melodi's bulk file of Flores A38 2023 and the dataset's catalogue."""
    from local_server import Response

    payload = zip_bytes if zip_bytes is not None else flores_zip()

    def catalogue(path, query):
        base = "http://" + catalogue.host
        return _json({"identifier": "DS_FLORES_A38", "title": [{"lang": "fr", "content": "EXEMPLE – Flores A38"}],
                      "product": [{"format": "CSV", "language": "FR", "accessURL": base + FLORES_FULL_FLOW}]})

    catalogue.host = ""
    file = Response(200, payload, {"Content-Type": "application/octet-stream"})
    return {FLORES_FILE: file, FLORES_FULL_FLOW: file, FLORES_CATALOGUE: catalogue}


def routes():
    out = dido_routes()
    out.update(ods_routes())
    out.update(melodi_routes())
    return out


def catalogue_entries(server):
    return {"sdes_conso_gaz_adresses": {"url": server.url(DIDO)},
            "sdes_conso_electricite_adresses": {"url": server.url(DIDO)},
            "odre_conso_transport_iris": {"url": server.url(ODRE_IRIS)},
            "ore_conso_commune_naf": {"url": server.url(ORE_NAF)},
            "insee_flores_a38": {"url": server.url(MELODI)}}
