"""Data connectors: one small module per access protocol, registered by kind.

A source of `layers/sources.yaml` names its connector (`connector:`); the connector reads the keys it
declares here (the catalogue checks them when a YAML is loaded), fetches through `Context` (cache,
retries, validation, politeness) and returns a VectorResult, a FileResult or a RasterResult (base.py).

| kind | module | protocol |
|---|---|---|
| `ods_points`, `ods_records`, `ods_commune_aggregate`, `ods_register_points` | opendatasoft | Opendatasoft exports (ODRÉ, Agence ORE…) |
| `drf_geojson_by_commune` | paginated | paginated GeoJSON/JSON APIs (`next` links) |
| `datagouv_zip_vector`, `datagouv_csv` | datagouv | data.gouv.fr resource found by title (ZIP, CSV) |
| `wfs` | wfs | WFS 2.0 (IGN Géoplateforme, Cerema ArcGIS, Sandre, BRGM) |
| `wms_raster`, `wmts_raster` | raster | remote raster layers (nothing downloaded) |
| `melodi` | melodi | INSEE Melodi API (observations by commune) |
| `flores` | flores | INSEE Flores bulk file through Melodi (table `emplois`) |
| `sdes_adresses` | dido | SDES DiDo API: datafile found by title, rows filtered and paged (address consumers) |
| `consumers`, `odre_transport_sites`, `ore_commune_naf` | consumers | one layer from several sources (parts), ODRÉ transmission sites, Agence ORE commune aggregates |
| `user_file` | user_file | a local file of the user (GeoPackage, GeoJSON, Shapefile, CSV) |
| `merge`, `first_of` | composite | one layer from several catalogue entries (parts) |
| `substations_join` | joins | BD TOPO substations at the end of 400 kV lines, named from RTE's table |
"""

from ...core.errors import SourceError
from ...core.i18n import tr

CONNECTORS = {}
KEYS = {}


def register(kind, **keys):
    """Decorator: register `function` as connector `kind`, reading the catalogue keys `keys` (name: type)."""
    def wrap(function):
        CONNECTORS[kind] = function
        KEYS[kind] = keys
        function.kind = kind
        return function
    return wrap


def connector_keys(kind):
    """{key: type} a connector kind reads, or None for an unknown kind."""
    _load_all()
    return KEYS.get(kind)


def connector_for(source_key, catalogue):
    _load_all()
    kind = catalogue.source(source_key).get("connector")
    try:
        return CONNECTORS[kind]
    except KeyError:
        raise SourceError(catalogue.label(source_key), tr("connecteur « {} » inconnu.").format(kind)) from None


def _load_all():
    from . import (composite, consumers, datagouv, dido, flores, joins, melodi, opendatasoft,  # noqa: F401
                   paginated, raster, user_file, wfs)
