"""Stand-ins of the network, waste-heat and producer sources, in their real formats, for `make demo`, the
benchmarks and the tests (tools/sample_data.py plugs them in through STANDIN_MODULES).

Every answer is built from the fictitious files of sample_data/ (labelled EXEMPLE) and follows the real
protocol closely enough to test the request shape:

- IGN Géoplateforme WFS (`/wfs/ows`, BD TOPO `ligne_electrique`, `poste_de_transformation`,
  `troncon_de_route`, `troncon_hydrographique`): GetFeature in GeoJSON, Lambert-93, `CQL_FILTER` with the
  bbox inside (a `BBOX` parameter next to a `CQL_FILTER` is refused with HTTP 500, as data.geopf.fr does),
  `COUNT` capped at 5 000, `STARTINDEX` paging, `numberMatched` / `numberReturned`;
- ODRÉ (Opendatasoft) exports of NaTran's and Teréga's gas traces (GeoJSON) and of RTE's substations
  table (JSON, no geometry), filtered by `where=<field> IN (...) AND (<clause>)`, and their metadata;
- Cerema EnRezo ArcGIS WFS for industry, incineration and data centres: GetCapabilities with date-stamped
  typenames, GetFeature in GEOJSON with the bare `nan` ArcGIS writes;
- a BRGM-like WMS GetCapabilities (one layer, for the raster path of the geothermal potential).

`catalogue_entries(server)` points the catalogue's entries at these routes and gives the sample files of
sample_data/agence/ to the user-file entries (hydrogen network, industrial methanisation and wastewater
plants, exact positions of large plants, geothermal atlas).
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"

GEOPF_WFS = "/wfs/ows"
BDTOPO_FILES = {
    "BDTOPO_V3:ligne_electrique": SAMPLES / "ign" / "bdtopo_ligne_electrique_exemple.geojson",
    "BDTOPO_V3:poste_de_transformation": SAMPLES / "ign" / "bdtopo_poste_de_transformation_exemple.geojson",
    "BDTOPO_V3:troncon_de_route": SAMPLES / "ign" / "bdtopo_troncon_de_route_exemple.geojson",
    "BDTOPO_V3:troncon_hydrographique": SAMPLES / "ign" / "bdtopo_troncon_hydrographique_exemple.geojson",
}
GEOPF_MAX_COUNT = 5000

ODS = "/api/explore/v2.1/catalog/datasets/"
ODS_NATRAN = ODS + "trace-du-reseau-grt-250"
ODS_TEREGA = ODS + "terega-trace-du-reseau"
ODS_POSTES = ODS + "postes-electriques-rte"
SAMPLE_NATRAN = SAMPLES / "odre" / "trace_reseau_grt_exemple.geojson"
SAMPLE_TEREGA = SAMPLES / "odre" / "terega_trace_exemple.geojson"
SAMPLE_POSTES = SAMPLES / "odre" / "postes_electriques_rte_exemple.json"

ENREZO = "/server/services/Hosted/{}/MapServer/WFSServer"
ENREZO_SERVICES = {
    # service: (typenames listed by GetCapabilities, the one served, sample file)
    "enrezo_gisement_industrie": (
        ["enrezo_gisement_industrie:referentiels.c_2024_enrezo_prod.gisement_industrie_2024",
         "enrezo_gisement_industrie:referentiels.c_2025_enrezo_prod.gisement_industrie_2025"],
        SAMPLES / "cerema" / "enrezo_industrie_exemple.geojson"),
    "enrezo_chaleur_fatale_incineration": (
        ["enrezo_chaleur_fatale_incineration:EnRezo_chaleur_fatale_incineration"],
        SAMPLES / "cerema" / "enrezo_incineration_exemple.geojson"),
    "enrezo_gisement_datacenter": (
        ["enrezo_gisement_datacenter:referentiels.c_2025_enrezo_prod.gisement_datacenter_2025"],
        SAMPLES / "cerema" / "enrezo_datacenter_exemple.geojson"),
}
BRGM_WMS = "/wxs/geothermie/ressources_nappes_exemple"
BRGM_LAYER = "EXEMPLE_RESSOURCES_NAPPES"

AGENCE = SAMPLES / "agence"
SAMPLE_H2 = AGENCE / "reseau_h2_exemple.geojson"
SAMPLE_METHANISATION = AGENCE / "methanisation_industrielle_exemple.csv"
SAMPLE_STEP_INDUSTRIELLES = AGENCE / "step_industrielles_exemple.csv"
SAMPLE_POSITIONS = AGENCE / "producteurs_positions_exemple.geojson"
SAMPLE_GEOTHERMIE = AGENCE / "geothermie_nappes_exemple.geojson"

WFS_EXCEPTION = ('<?xml version="1.0" encoding="UTF-8"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" '
                 'version="2.0.0"><ows:Exception exceptionCode="{code}"><ows:ExceptionText>{text}</ows:ExceptionText>'
                 '</ows:Exception></ows:ExceptionReport>')


def _response(status, body, content_type="application/json"):
    from local_server import Response

    return Response(status, body.encode("utf-8") if isinstance(body, str) else body, {"Content-Type": content_type})


def _exception(status, code, text):
    return _response(status, WFS_EXCEPTION.format(code=code, text=text), "text/xml")


# --- a small CQL / ODSQL evaluator (the clauses the catalogue sends) ---------------------------------------

def _split_top(text, word):
    """`text` split on the keyword `word` (AND / OR) outside parentheses and quotes."""
    parts, depth, quoted, start, i = [], 0, False, 0, 0
    pattern = re.compile(rf"\s+{word}\s+", re.IGNORECASE)
    while i < len(text):
        char = text[i]
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0:
            match = pattern.match(text, i)
            if match:
                parts.append(text[start:i])
                start = i = match.end()
                continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _unwrap(text):
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, char in enumerate(text):
            depth += char == "("
            depth -= char == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _literal(text):
    text = text.strip()
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1].replace("''", "'")
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return float(text)


def _bounds(geometry):
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for item in coords or []:
                walk(item)
    walk((geometry or {}).get("coordinates"))
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


_COMPARE = re.compile(r"^(\w+)\s*(=|LIKE|IN)\s*(.+)$", re.IGNORECASE | re.DOTALL)
_BBOX = re.compile(r"^BBOX\s*\(\s*(\w+)\s*,([^,]+),([^,]+),([^,]+),([^,]+?)(?:,\s*'([^']+)')?\s*\)$", re.IGNORECASE)


def predicate(clause):
    """A function (properties, geometry) → bool for a CQL / ODSQL clause; ValueError on unknown syntax."""
    clause = _unwrap(clause)
    ors = _split_top(clause, "OR")
    if len(ors) > 1:
        tests = [predicate(c) for c in ors]
        return lambda props, geom: any(t(props, geom) for t in tests)
    ands = _split_top(clause, "AND")
    if len(ands) > 1:
        tests = [predicate(c) for c in ands]
        return lambda props, geom: all(t(props, geom) for t in tests)
    box = _BBOX.match(clause)
    if box:
        if box.group(6) not in (None, "EPSG:2154"):
            raise ValueError(f"CRS de BBOX non pris en charge : {box.group(6)}")
        x1, y1, x2, y2 = (float(box.group(i)) for i in range(2, 6))

        def inside(props, geom):
            bounds = _bounds(geom)
            return bounds is not None and not (bounds[2] < x1 or bounds[0] > x2 or bounds[3] < y1 or bounds[1] > y2)
        return inside
    match = _COMPARE.match(clause)
    if not match:
        raise ValueError(f"clause illisible : {clause}")
    name, operator, value = match.group(1), match.group(2).upper(), match.group(3).strip()
    if operator == "IN":
        values = {v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", value)}
        return lambda props, geom: str(props.get(name)) in values
    expected = _literal(value)
    if operator == "LIKE":
        regex = re.compile("^" + ".*".join(re.escape(p) for p in str(expected).split("%")) + "$", re.DOTALL)
        return lambda props, geom: props.get(name) is not None and bool(regex.match(str(props.get(name))))
    return lambda props, geom: props.get(name) == expected


# --- IGN Géoplateforme WFS ---------------------------------------------------------------------------------

def geopf_wfs_route(files=None, max_count=GEOPF_MAX_COUNT):
    """data.geopf.fr's WFS GetFeature for the BD TOPO layers of `files` ({typename: GeoJSON path})."""
    layers = {name: json.loads(Path(path).read_text(encoding="utf-8"))["features"]
              for name, path in (files or BDTOPO_FILES).items()}

    def route(path, query):
        q = {k.lower(): v for k, v in query.items()}
        if q.get("service", "").upper() != "WFS" or q.get("request", "").lower() != "getfeature":
            return _exception(400, "OperationNotSupported", "Only GetFeature is served by this stand-in")
        typename = q.get("typenames") or q.get("typename", "")
        if typename not in layers:
            return _exception(400, "InvalidParameterValue", f"Feature type {typename} unknown")
        if "bbox" in q and "cql_filter" in q:
            return _exception(500, "NoApplicableCode", "BBOX and CQL_FILTER cannot be used together")
        if q.get("srsname", "").upper() not in ("EPSG:2154", "URN:OGC:DEF:CRS:EPSG::2154"):
            return _exception(400, "InvalidParameterValue", "this stand-in serves Lambert-93 only")
        if "json" not in q.get("outputformat", "").lower():
            return _exception(400, "InvalidParameterValue", "this stand-in serves GeoJSON only")
        try:
            test = predicate(q["cql_filter"]) if q.get("cql_filter") else (lambda props, geom: True)
        except ValueError as err:
            return _exception(400, "InvalidParameterValue", f"Could not parse CQL filter: {err}")
        matched = [f for f in layers[typename] if test(f["properties"], f["geometry"])]
        count = min(int(q.get("count", max_count)), max_count)
        start = int(q.get("startindex", 0))
        page = matched[start:start + count]
        route.pages.append((typename, start, len(page)))
        return json.dumps({"type": "FeatureCollection", "features": page, "totalFeatures": len(matched),
                           "numberMatched": len(matched), "numberReturned": len(page),
                           "timeStamp": "2026-10-01T08:00:00.000Z",
                           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}},
                          ensure_ascii=False).encode("utf-8")

    route.pages = []  # (typename, startIndex, features returned) of every page served
    return route


# --- ODRÉ (Opendatasoft) -----------------------------------------------------------------------------------

def ods_filtered(items, where, props=lambda item: item):
    """The items matching an ODSQL `where` (None when the clause cannot be read: the route answers 400)."""
    if not where:
        return list(items)
    try:
        test = predicate(where)
    except ValueError:
        return None
    return [item for item in items if test(props(item), None)]


def ods_geojson_export(path_to_file):
    features = json.loads(Path(path_to_file).read_text(encoding="utf-8"))["features"]

    def route(path, query):
        selected = ods_filtered(features, query.get("where", ""), lambda f: f["properties"])
        if selected is None:
            return _response(400, '{"error_code": "ODSQLError", "message": "Invalid ODSQL query"}')
        return json.dumps({"type": "FeatureCollection", "features": selected}, ensure_ascii=False).encode("utf-8")
    return route


def ods_json_export(path_to_file):
    records = json.loads(Path(path_to_file).read_text(encoding="utf-8"))

    def route(path, query):
        selected = ods_filtered(records, query.get("where", ""))
        if selected is None:
            return _response(400, '{"error_code": "ODSQLError", "message": "Invalid ODSQL query"}')
        return json.dumps(selected, ensure_ascii=False).encode("utf-8")
    return route


def ods_metadata(dataset, modified):
    return json.dumps({"dataset_id": dataset, "metas": {"default": {"title": f"{dataset} (exemple TI Énergie)",
                                                                    "modified": modified}}}).encode("utf-8")


# --- Cerema EnRezo (ArcGIS Server WFS) ---------------------------------------------------------------------

def _capabilities(names):
    types = "".join(f"<wfs:FeatureType><wfs:Name>{n}</wfs:Name><wfs:Title>{n.split(':')[-1]}</wfs:Title>"
                    "<wfs:DefaultCRS>urn:ogc:def:crs:EPSG::4326</wfs:DefaultCRS></wfs:FeatureType>" for n in names)
    return ('<?xml version="1.0" encoding="UTF-8"?><wfs:WFS_Capabilities version="2.0.0" '
            'xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:ows="http://www.opengis.net/ows/1.1">'
            '<ows:ServiceIdentification><ows:Title>EnRezo (exemple TI Énergie)</ows:Title></ows:ServiceIdentification>'
            f'<wfs:FeatureTypeList>{types}</wfs:FeatureTypeList></wfs:WFS_Capabilities>')


def arcgis_wfs_route(names, sample):
    def route(path, query):
        request = query.get("request", "").lower()
        if request == "getcapabilities":
            return _response(200, _capabilities(names), "text/xml")
        if request == "getfeature" and (query.get("typeNames") or query.get("typeName")) == names[-1] \
                and query.get("outputFormat", "").upper() == "GEOJSON":
            return Path(sample).read_bytes()
        return _exception(400, "InvalidParameterValue", "Invalid request")
    return route


# --- BRGM-like WMS -----------------------------------------------------------------------------------------

WMS_CAPABILITIES = (
    '<?xml version="1.0" encoding="UTF-8"?><WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"><Service><Name>WMS</Name><Title>Géothermie (exemple TI Énergie)</Title>'
    '<OnlineResource xlink:href="{url}"/></Service><Capability><Request><GetCapabilities><Format>text/xml</Format>'
    '<DCPType><HTTP><Get><OnlineResource xlink:href="{url}?"/></Get></HTTP></DCPType></GetCapabilities>'
    '<GetMap><Format>image/png</Format><DCPType><HTTP><Get><OnlineResource xlink:href="{url}?"/></Get></HTTP>'
    '</DCPType></GetMap></Request><Exception><Format>XML</Format></Exception><Layer><Title>Géothermie</Title>'
    '<CRS>EPSG:2154</CRS><CRS>EPSG:4326</CRS><EX_GeographicBoundingBox><westBoundLongitude>-5.2</westBoundLongitude>'
    '<eastBoundLongitude>9.6</eastBoundLongitude><southBoundLatitude>41.3</southBoundLatitude>'
    '<northBoundLatitude>51.1</northBoundLatitude></EX_GeographicBoundingBox>'
    '<BoundingBox CRS="EPSG:2154" minx="99000" miny="6040000" maxx="1243000" maxy="7111000"/>'
    '<Layer queryable="1"><Name>{layer}</Name><Title>EXEMPLE Ressources géothermales sur nappes</Title>'
    '<CRS>EPSG:2154</CRS><BoundingBox CRS="EPSG:2154" minx="99000" miny="6040000" maxx="1243000" maxy="7111000"/>'
    '</Layer></Layer></Capability></WMS_Capabilities>')


def wms_route(layer=BRGM_LAYER):
    def route(path, query):
        q = {k.lower(): v for k, v in query.items()}
        if q.get("request", "").lower() == "getcapabilities":
            return _response(200, WMS_CAPABILITIES.format(layer=layer, url="http://" + route.host + path), "text/xml")
        return _response(400, "<ServiceExceptionReport/>", "text/xml")
    route.host = ""  # set by sample_data.bind_host
    return route


# --- plug-in interface (tools/sample_data.py) --------------------------------------------------------------

def routes():
    """{path: route} of every stand-in of this module."""
    out = {GEOPF_WFS: geopf_wfs_route(),
           ODS_NATRAN + "/exports/geojson": ods_geojson_export(SAMPLE_NATRAN),
           ODS_NATRAN: ods_metadata("trace-du-reseau-grt-250", "2025-11-03T09:12:00+00:00"),
           ODS_TEREGA + "/exports/geojson": ods_geojson_export(SAMPLE_TEREGA),
           ODS_TEREGA: ods_metadata("terega-trace-du-reseau", "2025-06-30T12:00:00+00:00"),
           ODS_POSTES + "/exports/json": ods_json_export(SAMPLE_POSTES),
           ODS_POSTES: ods_metadata("postes-electriques-rte", "2026-06-16T06:00:00+00:00"),
           BRGM_WMS: wms_route()}
    for service, (names, sample) in ENREZO_SERVICES.items():
        out[ENREZO.format(service)] = arcgis_wfs_route(names, sample)
    return out


def catalogue_entries(server):
    """{source key: {url: …} or {path: …}} pointing the catalogue at these stand-ins and sample files."""
    from sample_data import ODS_BIOMETHANE, ODS_REGISTRE

    entries = {key: {"url": server.url(GEOPF_WFS)} for key in (
        "ign_lignes_400kv", "ign_postes_transformation", "ign_routes_principales", "ign_voies_navigables")}
    entries.update({
        "natran_reseau_gaz": {"url": server.url(ODS_NATRAN)},
        "terega_reseau_gaz": {"url": server.url(ODS_TEREGA)},
        "odre_postes_rte": {"url": server.url(ODS_POSTES)},
        "enrezo_industrie": {"url": server.url(ENREZO.format("enrezo_gisement_industrie"))},
        "enrezo_incineration": {"url": server.url(ENREZO.format("enrezo_chaleur_fatale_incineration"))},
        "enrezo_datacenter": {"url": server.url(ENREZO.format("enrezo_gisement_datacenter"))},
        "odre_registre_producteurs": {"url": server.url(ODS_REGISTRE)},
        "odre_biomethane_producteurs": {"url": server.url(ODS_BIOMETHANE)},
        "reseau_h2": {"path": str(SAMPLE_H2)},
        "methanisation_industrielle": {"path": str(SAMPLE_METHANISATION), "x_field": "longitude",
                                       "y_field": "latitude", "crs": "EPSG:4326", "delimiter": ";"},
        "step_industrielles": {"path": str(SAMPLE_STEP_INDUSTRIELLES), "wkt_field": "geometrie", "crs": "EPSG:2154",
                               "delimiter": ";"},
        "producteurs_positions": {"path": str(SAMPLE_POSITIONS)},
        "brgm_geothermie_polygones": {"path": str(SAMPLE_GEOTHERMIE)},
    })
    return entries
