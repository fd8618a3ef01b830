"""Local stand-ins of every kind of service a connector reads, on one small synthetic territory.

Used by the fault tests of the connectors (tests/test_connector_faults.py, tests/test_connector_kinds.py):
one `World` — two EPCI of three square communes each, one site per commune (and one outside the
territory) — served in the formats of:

- geo.api.gouv.fr (`/geo/epcis/<siren>`, `/geo/communes?codeEpci=`), for the perimeters;
- an Opendatasoft portal (`/ods/sites`: dataset metadata, `/exports/geojson`; `/ods/registre/exports/json`,
  a register without coordinates), with the `where=<field> IN (...)` filter;
- a paginated GeoJSON API in the style of Cerema's Cartofriches (`/drf/sites/?code_insee=a,b&page_size=&page=`,
  absolute `next` links, optionally on another scheme);
- a data.gouv.fr dataset (`/datagouv/datasets/essai/`) with a ZIP resource (a GeoJSON of lines) and a CSV
  resource (lon/lat columns, `;`);
- a WFS 2.0 (`/wfs`): GetCapabilities with dated typenames, GetFeature in GeoJSON paged with
  STARTINDEX/COUNT and `numberMatched`, optionally capped silently (`wfs_cap`);
- a WMS and a WMTS GetCapabilities (`/wms`, `/wmts`);
- INSEE's Melodi API (`/melodi/data/<dataset>?GEO=DEP-59*COM&maxResult=&page=`, `paging.next`);
- local files of the user (GeoPackage, GeoJSON, Shapefile, CSV x/y, CSV WKT), written by `write_*()`.

Everything is built at run time from the World's attributes, so that a test changes a value (`"NC"`), a
geometry (None) or a behaviour (`fail_codes`, `next_scheme`, `wfs_cap`, `missing_epci`) before the load.
`catalogue_yaml()` writes a user catalogue pointing the perimeters and the given sources at the server,
with a small retry policy, and takes every built-in source out of the themes.
"""

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import yaml

ROOT = Path(__file__).resolve().parent.parent
SIZE = 0.02  # side of a commune square, in degrees
EPCI = {"200000001": "CC du Littoral d'Essai", "200000002": "CA des Collines d'Essai"}
# insee, name, EPCI, département, longitude and latitude of the south-west corner
COMMUNES = [
    ("59001", "Aville", "200000001", "59", 2.30, 50.90),
    ("59002", "Bville", "200000001", "59", 2.32, 50.90),
    ("59003", "Cville", "200000001", "59", 2.34, 50.90),
    ("62001", "Dville", "200000002", "62", 2.30, 50.92),
    ("62002", "Eville", "200000002", "62", 2.32, 50.92),
    ("62003", "Fville", "200000002", "62", 2.34, 50.92),
]
OUTSIDE = ("59999", "Horsville", "", "59", 3.50, 50.50)  # a commune of Nord outside the territory
FAST_NETWORK = {"timeout_s": 3, "retries": 2, "backoff_s": 0.01, "backoff_max_s": 0.05, "retry_max_wait_s": 1,
                "total_max_s": 20, "jitter": 0, "max_workers": 4}
UNREACHABLE = "http://127.0.0.1:9/unreachable"
WMS_LAYER = "essai:fond"
WMTS_LAYER = "ESSAI.PLAN"


def territory(names=True):
    """The Territory of the two EPCI (with their names, or without: a territory refreshed from ANCT's list)."""
    from ti_energie.core.territories import Territory

    return Territory(id="ti-3299", name="Territoire d'industrie d'Essai", short_name="Essai", epci=tuple(EPCI),
                     epci_names=tuple(EPCI.items()) if names else ())


def _square(lon, lat):
    ring = [[lon, lat], [lon + SIZE, lat], [lon + SIZE, lat + SIZE], [lon, lat + SIZE], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


class World:
    """The synthetic territory and the data every stand-in serves."""

    def __init__(self):
        self.host = ""              # host:port, set by serve()
        self.sites = []
        for index, (insee, name, _siren, dep, lon, lat) in enumerate(COMMUNES + [OUTSIDE]):
            self.sites.append({"id": f"S-{insee}", "nom": f"Site de {name}", "code_commune": insee, "code_dep": dep,
                               "valeur": round(10.5 * (index + 1), 1), "annee": 2015 + index,
                               "lon": lon + SIZE / 2, "lat": lat + SIZE / 2})
        self.register = []          # Opendatasoft register without coordinates: two filières per commune
        for insee, _name, _siren, dep, _lon, _lat in COMMUNES + [OUTSIDE]:
            self.register.append({"code_commune": insee, "code_dep": dep, "filiere": "Solaire",
                                  "puissance_kw": "1 500,5", "nb": 3})
            self.register.append({"code_commune": insee, "code_dep": dep, "filiere": "Eolien",
                                  "puissance_kw": 12000, "nb": 1})
        self.page_size_cap = None   # DRF / Melodi: at most that many items a page
        self.next_scheme = "http"   # scheme of the `next` links (Cerema answers http:// behind https://)
        self.next_host = None       # host:port of the `next` links (default: the server)
        self.fail_codes = set()     # DRF: a request asking one of these communes answers HTTP 500
        self.wfs_cap = None         # WFS: serves at most that many features, numberMatched says the total
        self.wfs_paging = True      # WFS: False = STARTINDEX ignored (every page is the first one)
        self.missing_epci = set()   # geo API: these EPCI answer 404
        self.csv_text = None        # data.gouv CSV: a replacement text

    # --- helpers --------------------------------------------------------------------------------

    def inside(self):
        """The sites of the territory's communes."""
        codes = {c[0] for c in COMMUNES}
        return [s for s in self.sites if s["code_commune"] in codes]

    def site(self, insee):
        return [s for s in self.sites if s["code_commune"] == insee][0]

    @staticmethod
    def properties(site):
        return {k: v for k, v in site.items() if k not in ("lon", "lat")}

    def feature(self, site):
        geometry = {"type": "Point", "coordinates": [site["lon"], site["lat"]]} if site["lon"] is not None else None
        return {"type": "Feature", "properties": self.properties(site), "geometry": geometry}

    def _link(self, path, params):
        return f"{self.next_scheme}://{self.next_host or self.host}{path}?{urlencode(params, safe=',*')}"

    # --- geo.api.gouv.fr ------------------------------------------------------------------------

    def geo_communes(self, path, query):
        from local_server import Response

        siren = query.get("codeEpci", "")
        if siren in self.missing_epci:
            return Response(404, b'{"code": 404, "message": "Not found"}')
        features = [{"type": "Feature", "geometry": _square(lon, lat),
                     "properties": {"nom": name, "code": insee, "population": 1000 * (i + 1), "codeEpci": epci,
                                    "codeDepartement": dep}}
                    for i, (insee, name, epci, dep, lon, lat) in enumerate(COMMUNES) if epci == siren]
        return json.dumps({"type": "FeatureCollection", "features": features}).encode()

    def geo_epci(self, path, query):
        siren = path.rsplit("/", 1)[-1]
        if siren not in EPCI or siren in self.missing_epci:
            return None
        return json.dumps({"nom": EPCI[siren], "code": siren, "population": 6000}).encode()

    # --- Opendatasoft ---------------------------------------------------------------------------

    @staticmethod
    def _ods_filter(items, where):
        import re

        match = re.match(r"^\s*(\w+)\s+IN\s*\((.*)\)\s*$", where or "", re.IGNORECASE | re.DOTALL)
        if not match:
            return None
        values = set(re.findall(r"'((?:[^']|'')*)'", match.group(2)))
        return [item for item in items if str(item.get(match.group(1))) in values]

    def ods_meta(self, path, query):
        return json.dumps({"dataset_id": "sites", "metas": {"default": {"modified": "2025-03-14T08:00:00+00:00"}}})

    def ods_geojson(self, path, query):
        selected = self._ods_filter(self.sites, query.get("where"))
        if selected is None:
            return None
        return json.dumps({"type": "FeatureCollection", "features": [self.feature(s) for s in selected]})

    def ods_register(self, path, query):
        selected = self._ods_filter(self.register, query.get("where"))
        return None if selected is None else json.dumps(selected)

    # --- paginated GeoJSON (Cartofriches) -------------------------------------------------------

    def drf(self, path, query):
        from local_server import Response

        codes = [c for c in query.get("code_insee", "").split(",") if c]
        if not codes or len(codes) > 10:
            return Response(400, b'{"detail": "code_insee: 1 a 10 codes"}')
        if self.fail_codes & set(codes):
            return Response(500, b'{"detail": "erreur interne"}')
        size = int(query.get("page_size", 100))
        if self.page_size_cap:
            size = min(size, self.page_size_cap)
        page = int(query.get("page", 1))
        selected = [s for s in self.sites if s["code_commune"] in codes]
        chunk = selected[(page - 1) * size: page * size]
        following = None
        if page * size < len(selected):
            following = self._link(path, {**{k: v for k, v in query.items() if k != "page"}, "page": page + 1})
        return json.dumps({"type": "FeatureCollection", "count": len(selected), "next": following,
                           "features": [self.feature(s) for s in chunk]})

    # --- data.gouv.fr ---------------------------------------------------------------------------

    def datagouv_dataset(self, path, query):
        base = f"http://{self.host}/datagouv/files"
        return json.dumps({"id": "essai", "title": "Jeu d'essai", "resources": [
            {"title": "ancien-lignes.zip", "url": base + "/ancien.zip", "last_modified": "2020-01-01T00:00:00"},
            {"title": "lignes.zip", "url": base + "/lignes.zip", "last_modified": "2025-06-30T12:00:00"},
            {"title": "sites.csv", "url": base + "/sites.csv", "last_modified": "2025-07-01T09:30:00"}]})

    def lines(self):
        """One line inside each commune of the territory and one outside (GeoJSON FeatureCollection)."""
        features = []
        for insee, name, _siren, _dep, lon, lat in COMMUNES + [OUTSIDE]:
            features.append({"type": "Feature", "properties": {"nom": f"Ligne de {name}", "code": f"L-{insee}",
                                                               "longueur_km": 1.2},
                             "geometry": {"type": "LineString", "coordinates": [
                                 [lon + 0.002, lat + SIZE / 2], [lon + SIZE - 0.002, lat + SIZE / 2]]}})
        return {"type": "FeatureCollection", "features": features}

    def lines_zip(self, path, query):
        from local_server import Response

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("lisez-moi.txt", "Jeu d'essai.\n" * 200)
            archive.writestr("lignes.geojson", json.dumps(self.lines()))
        return Response(200, buffer.getvalue(), {"Content-Type": "application/zip"})

    def csv(self):
        rows = ["id;nom;code_commune;valeur;annee;lon;lat"]
        for s in self.sites:
            lon = "" if s["lon"] is None else repr(s["lon"])
            lat = "" if s["lat"] is None else repr(s["lat"])
            rows.append(f"{s['id']};{s['nom']};{s['code_commune']};{s['valeur']};{s['annee']};{lon};{lat}")
        return "\n".join(rows) + "\n"

    def sites_csv(self, path, query):
        from local_server import Response

        text = self.csv_text if self.csv_text is not None else self.csv()
        return Response(200, text.encode("utf-8"), {"Content-Type": "text/csv; charset=utf-8"})

    # --- WFS 2.0 --------------------------------------------------------------------------------

    def wfs(self, path, query):
        from local_server import Response

        query = {k.lower(): v for k, v in query.items()}
        request = query.get("request", "").lower()
        if request == "getcapabilities":
            return Response(200, (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<wfs:WFS_Capabilities xmlns:wfs="http://www.opengis.net/wfs/2.0" version="2.0.0">'
                '<wfs:FeatureTypeList>'
                '<wfs:FeatureType><wfs:Name>essai:sites_20240115</wfs:Name></wfs:FeatureType>'
                '<wfs:FeatureType><wfs:Name>essai:sites_20250601</wfs:Name></wfs:FeatureType>'
                '<wfs:FeatureType><wfs:Name>essai:autre_20991231</wfs:Name></wfs:FeatureType>'
                '</wfs:FeatureTypeList></wfs:WFS_Capabilities>').encode(), {"Content-Type": "text/xml"})
        if request != "getfeature" or query.get("typenames") != "essai:sites_20250601":
            return Response(400, b'<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1"><ows:Exception>'
                                 b'<ows:ExceptionText>Invalid request</ows:ExceptionText></ows:Exception>'
                                 b'</ows:ExceptionReport>', {"Content-Type": "text/xml"})
        available = self.sites if self.wfs_cap is None else self.sites[:self.wfs_cap]
        start = int(query.get("startindex", 0)) if self.wfs_paging else 0
        count = int(query.get("count", len(self.sites)))
        page = available[start:start + count]
        features = [{"id": f"sites_20250601.{self.sites.index(s) + 1}", **self.feature(s)} for s in page]
        return json.dumps({"type": "FeatureCollection", "numberMatched": len(self.sites),
                           "numberReturned": len(page), "features": features})

    # --- WMS / WMTS -----------------------------------------------------------------------------

    def wms(self, path, query):
        from local_server import Response

        query = {k.lower(): v for k, v in query.items()}
        if query.get("request", "").lower() != "getcapabilities":
            return Response(400, b"<ServiceExceptionReport><ServiceException>GetMap non servi</ServiceException>"
                                 b"</ServiceExceptionReport>", {"Content-Type": "text/xml"})
        return Response(200, f"""<?xml version="1.0" encoding="UTF-8"?>
<WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms" xmlns:xlink="http://www.w3.org/1999/xlink">
<Service><Name>WMS</Name><Title>Essai</Title></Service>
<Capability>
<Request><GetCapabilities><Format>text/xml</Format><DCPType><HTTP><Get><OnlineResource
 xlink:href="http://{self.host}/wms?"/></Get></HTTP></DCPType></GetCapabilities>
<GetMap><Format>image/png</Format><DCPType><HTTP><Get><OnlineResource
 xlink:href="http://{self.host}/wms?"/></Get></HTTP></DCPType></GetMap></Request>
<Exception><Format>XML</Format></Exception>
<Layer><Title>Racine</Title><CRS>EPSG:2154</CRS><CRS>EPSG:4326</CRS>
<EX_GeographicBoundingBox><westBoundLongitude>-5</westBoundLongitude><eastBoundLongitude>10</eastBoundLongitude>
<southBoundLatitude>41</southBoundLatitude><northBoundLatitude>52</northBoundLatitude></EX_GeographicBoundingBox>
<Layer queryable="0"><Name>{WMS_LAYER}</Name><Title>Fond d'essai</Title><CRS>EPSG:2154</CRS>
<EX_GeographicBoundingBox><westBoundLongitude>-5</westBoundLongitude><eastBoundLongitude>10</eastBoundLongitude>
<southBoundLatitude>41</southBoundLatitude><northBoundLatitude>52</northBoundLatitude></EX_GeographicBoundingBox>
</Layer></Layer></Capability></WMS_Capabilities>""".encode(), {"Content-Type": "text/xml"})

    def wmts(self, path, query):
        from local_server import Response

        return Response(200, f"""<?xml version="1.0" encoding="UTF-8"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" version="1.0.0">
<ows:ServiceIdentification><ows:Title>Essai</ows:Title><ows:ServiceType>OGC WMTS</ows:ServiceType>
<ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion></ows:ServiceIdentification>
<Contents><Layer><ows:Title>Plan d'essai</ows:Title><ows:Identifier>{WMTS_LAYER}</ows:Identifier>
<Style isDefault="true"><ows:Identifier>normal</ows:Identifier></Style><Format>image/png</Format>
<TileMatrixSetLink><TileMatrixSet>PM</TileMatrixSet></TileMatrixSetLink></Layer></Contents>
</Capabilities>""".encode(), {"Content-Type": "text/xml"})

    # --- INSEE Melodi ---------------------------------------------------------------------------

    def melodi(self, path, query):
        from local_server import Response

        geo = query.get("GEO", "")
        if not geo.startswith("DEP-") or not geo.endswith("*COM"):
            return Response(400, b'{"message": "GEO invalide"}')
        dep = geo[4:-4]
        size = int(query.get("maxResult", 100))
        if self.page_size_cap:
            size = min(size, self.page_size_cap)
        page = int(query.get("page", 1))
        selected = [s for s in self.sites if s["code_dep"] == dep]
        chunk = selected[(page - 1) * size: page * size]
        observations = [{"dimensions": {"GEO": f"2025-COM-{s['code_commune']}", "FREQ": "A", "TIME_PERIOD": "2023",
                                        "NAF": "C"},
                         "measures": {"OBS_VALUE_NIVEAU": {"value": s["valeur"]}},
                         "attributes": {"OBS_STATUS": "A" if s["valeur"] not in ("s", "", None) else "K"}}
                        for s in chunk]
        following = None
        if page * size < len(selected):
            following = self._link(path, {**query, "page": page + 1})
        return json.dumps({"observations": observations, "paging": {"count": len(selected), "next": following}})

    # --- the server -----------------------------------------------------------------------------

    def routes(self):
        return {"/geo/communes": self.geo_communes, "/geo/epcis/*": self.geo_epci,
                "/ods/sites": self.ods_meta, "/ods/sites/exports/geojson": self.ods_geojson,
                "/ods/registre": self.ods_meta, "/ods/registre/exports/json": self.ods_register,
                "/drf/sites/": self.drf,
                "/datagouv/datasets/essai/": self.datagouv_dataset, "/datagouv/files/lignes.zip": self.lines_zip,
                "/datagouv/files/sites.csv": self.sites_csv,
                "/wfs": self.wfs, "/wms": self.wms, "/wmts": self.wmts, "/melodi/data/*": self.melodi}

    def serve(self):
        """A started LocalServer with every stand-in (the caller stops it)."""
        from local_server import LocalServer

        server = LocalServer(self.routes()).start()
        self.host = server.base_url.split("://", 1)[1]
        return server


# --- catalogue entries ------------------------------------------------------------------------------

SITE_FIELDS = {"id": {"type": "str", "alias": "Identifiant"}, "nom": "str", "code_commune": "str",
               "valeur": {"type": "double", "alias": "Valeur (u.)"}, "annee": "int"}


def source_entry(kind, server, **overrides):
    """A catalogue entry of connector `kind` reading the stand-in of `server` (keys of `overrides` win)."""
    common = {"label": f"Essai – {kind}", "producer": "Producteur d'essai", "licence": "Licence Ouverte 2.0",
              "theme": "economie", "state": "working"}
    entries = {
        "ods_points": {"url": server.url("/ods/sites"), "departement_field": "code_dep",
                       "commune_field": "code_commune", "geometry": "point", "layer": "sites_ods",
                       "title": "Sites ODS", "fields": SITE_FIELDS},
        "ods_commune_aggregate": {"url": server.url("/ods/registre"), "departement_field": "code_dep",
                                  "commune_field": "code_commune", "category_field": "filiere",
                                  "sums": {"nb_installations": {"from": "nb", "alias": "Installations"},
                                           "puissance_mw": {"from": "puissance_kw", "factor": 0.001}},
                                  "layer": "production", "title": "Production"},
        "drf_geojson_by_commune": {"url": server.url("/drf/sites/"), "commune_param": "code_insee", "batch_size": 2,
                                   "params": {"page_size": 50}, "max_pages": 20, "id_field": "id",
                                   "geometry": "point", "layer": "sites_drf", "title": "Sites DRF",
                                   "fields": SITE_FIELDS},
        "datagouv_zip_vector": {"url": server.url("/datagouv/datasets/essai"), "resource_title": "lignes.zip",
                                "member": "lignes.geojson", "max_zip_mb": 5, "max_member_mb": 5,
                                "geometry": "multilinestring", "layer": "lignes", "title": "Lignes",
                                "fields": {"nom": "str", "code": "str", "longueur_km": "double"}},
        "datagouv_csv": {"url": server.url("/datagouv/datasets/essai"), "resource_title": "sites.csv",
                         "x_field": "lon", "y_field": "lat", "crs": "EPSG:4326", "delimiter": ";",
                         "geometry": "point", "layer": "sites_csv", "title": "Sites CSV", "fields": SITE_FIELDS},
        "wfs": {"url": server.url("/wfs"), "typename_prefix": "essai:sites_", "output_format": "application/json",
                "srs_name": "EPSG:4326", "page_size": 3, "max_pages": 20, "geometry": "point", "layer": "sites_wfs",
                "title": "Sites WFS", "fields": SITE_FIELDS},
        "wms_raster": {"url": server.url("/wms"), "raster_layer": WMS_LAYER, "crs": "EPSG:2154", "format": "image/png",
                       "title": "Fond WMS"},
        "wmts_raster": {"url": server.url("/wmts"), "raster_layer": WMTS_LAYER, "tile_matrix_set": "PM",
                        "title": "Plan WMTS"},
        "melodi": {"url": server.url("/melodi"), "dataset": "DS_ESSAI", "params": {"TIME_PERIOD": "2023"},
                   "page_size": 50, "max_pages": 10, "geometry": "none", "layer": "emplois", "title": "Emplois",
                   "fields": {"code_commune": "str", "effectif": {"from": "OBS_VALUE_NIVEAU", "type": "double"},
                              "statut": {"from": "OBS_STATUS", "type": "str"}}},
        "user_file": {"state": "user_file", "geometry": "point", "layer": "sites_perso", "title": "Sites perso",
                      "fields": SITE_FIELDS},
    }
    return {**common, "connector": kind, **entries[kind], **overrides}


def catalogue_yaml(path, server, sources, network=None, cache=None):
    """Write a user catalogue: perimeters from the stand-in, the given `sources` ({key: entry}), a small
    retry policy; every built-in source points at a closed port and feeds no theme."""
    builtin = yaml.safe_load((ROOT / "layers" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    entries = {key: {"url": f"{UNREACHABLE}/{key}", "theme": []} for key in builtin}
    entries["geo_api"]["url"] = server.url("/geo")
    entries.update(sources)
    data = {"network": {**FAST_NETWORK, **(network or {})}, "sources": entries}
    if cache:
        data["cache"] = cache
    Path(path).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Path(path)


# --- user files ----------------------------------------------------------------------------------

def _memory_layer(world, crs="EPSG:2154", with_null=True):
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature, QgsGeometry, QgsPointXY,
                           QgsProject, QgsVectorLayer)

    from ti_energie.layers.gpkg import make_fields

    layer = QgsVectorLayer(f"Point?crs={crs}", "sites", "memory")
    provider = layer.dataProvider()
    provider.addAttributes(make_fields([("id", "str"), ("nom", "str"), ("code_commune", "str"), ("valeur", "str"),
                                        ("annee", "int")]).toList())
    layer.updateFields()
    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem(crs),
                                       QgsProject.instance())
    features = []
    for site in world.sites:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([site["id"], site["nom"], site["code_commune"], str(site["valeur"]), site["annee"]])
        if site["lon"] is not None:
            geometry = QgsGeometry.fromPointXY(QgsPointXY(site["lon"], site["lat"]))
            geometry.transform(transform)
            feature.setGeometry(geometry)
        elif not with_null:
            continue
        features.append(feature)
    provider.addFeatures(features)
    return layer


def _write(layer, path, driver, layer_name=""):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    if layer_name:
        options.layerName = layer_name
    writer = getattr(QgsVectorFileWriter, "writeAsVectorFormatV3", None) or QgsVectorFileWriter.writeAsVectorFormatV2
    outcome = writer(layer, str(path), QgsCoordinateTransformContext(), options)
    error = outcome[0] if isinstance(outcome, tuple) else outcome
    if error != QgsVectorFileWriter.WriterError.NoError:
        raise RuntimeError(f"écriture de {path} impossible : {outcome}")
    return Path(path)


def write_gpkg(world, path, layer_name="sites"):
    """A GeoPackage in Lambert-93 with the World's sites (layer `layer_name`)."""
    return _write(_memory_layer(world), path, "GPKG", layer_name)


def write_geojson(world, path):
    """A GeoJSON (WGS84) of the World's sites, null geometries included."""
    path = Path(path)
    path.write_text(json.dumps({"type": "FeatureCollection",
                                "features": [world.feature(s) for s in world.sites]}), encoding="utf-8")
    return path


def write_shapefile(world, path, with_prj=True):
    """A Shapefile in Lambert-93 of the World's sites; without its .prj when `with_prj` is False."""
    path = _write(_memory_layer(world, with_null=False), path, "ESRI Shapefile")
    if not with_prj:
        path.with_suffix(".prj").unlink()
    return path


def write_csv_xy(world, path):
    """A CSV (`;`) with Lambert-93 x/y columns and no CRS of its own."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                       QgsCoordinateReferenceSystem("EPSG:2154"), QgsProject.instance())
    rows = ["id;nom;code_commune;valeur;annee;x;y"]
    for s in world.sites:
        x = y = ""
        if s["lon"] is not None:
            point = transform.transform(QgsPointXY(s["lon"], s["lat"]))
            x, y = f"{point.x():.2f}", f"{point.y():.2f}"
        rows.append(f"{s['id']};{s['nom']};{s['code_commune']};{s['valeur']};{s['annee']};{x};{y}")
    Path(path).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return Path(path)


def write_csv_wkt(world, path):
    """A CSV (`;`) with a WKT column in WGS84."""
    rows = ["id;nom;code_commune;valeur;annee;geom"]
    for s in world.sites:
        wkt = f"POINT ({s['lon']} {s['lat']})" if s["lon"] is not None else ""
        rows.append(f"{s['id']};{s['nom']};{s['code_commune']};{s['valeur']};{s['annee']};{wkt}")
    Path(path).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return Path(path)
