"""A territory GeoPackage read as plain data for the fiche (GDAL's OGR, no map layer: worker-thread safe).

Each layer of docs/layers.md becomes a core.fiche_facts.LayerRows: attribute dicts (NULL → None), plus the
measures the fiche needs from the geometry (`_longueur_km` of lines, `_surface_ha` of polygons), its load
status and its provenance from the `sources` table. A layer absent from the file is `present=False`: the
fiche marks what it would have given as « données non disponibles ».
"""

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import CancelledError, TiEnergieError
from ..core.fiche_facts import LayerRows
from ..core.i18n import tr
from .gpkg import SOURCES_TABLE
from .territory_gpkg import layer_names

# the layers the fiche reads (docs/layers.md), with the geometry measure each needs
FICHE_LAYERS = {
    "perimetre": None, "epci": None, "communes": None, "consommateurs": None, "producteurs": None,
    "production_electricite": None, "biomethane": None, "reseau_gaz": "length", "lignes_400kv": "length",
    "postes_400kv": None, "reseau_h2": "length", "friches": "area", "reseaux_chaleur": "length",
    "geothermie": None, "chaleur_fatale": None, "step_chaleur": None, "routes_principales": "length",
    "voies_navigables": "length", "emplois": None,
}
# layers whose attributes are not needed row by row (only their presence, or the map draws them)
_COUNT_ONLY = ("geothermie",)


@dataclass
class FicheData:
    gpkg: Path
    territory_id: str
    name: str
    short_name: str
    perimetre: dict
    layers: dict = field(default_factory=dict)     # name → LayerRows
    sources: dict = field(default_factory=dict)    # layer → provenance (sources table, all columns)
    titles: dict = field(default_factory=dict)     # layer → title of the sources table

    def layer(self, name):
        return self.layers.get(name) or LayerRows(name)

    @property
    def label(self):
        return self.short_name or self.name or self.territory_id


def read_sources_table(gpkg_path):
    """{layer: {title, source, producer, licence, url, date, vintage, state, status, remark}} (sqlite3)."""
    columns = {"titre": "title", "source": "source", "producteur": "producer", "licence": "licence", "url": "url",
               "date": "date", "millesime": "vintage", "etat": "state", "statut": "status", "remarque": "remark"}
    if SOURCES_TABLE != "sources":  # the query names the table literally
        raise TiEnergieError(tr("Table des sources inattendue."))
    try:
        with contextlib.closing(sqlite3.connect(f"file:{gpkg_path}?mode=ro", uri=True)) as db:
            cursor = db.execute('SELECT * FROM "sources"')
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
    except sqlite3.Error:
        return {}
    if "couche" not in names:
        return {}
    out = {}
    for row in rows:
        values = dict(zip(names, row))
        out[str(values["couche"] or "")] = {key: ("" if values.get(column) is None else str(values[column]))
                                            for column, key in columns.items() if column in values}
    return out


def _open(gpkg_path):
    """The GeoPackage opened read-only with GDAL's OGR (reading through QgsVectorLayer keeps a few MB per layer
    read in QGIS 3.22, which a batch of fiches accumulates)."""
    from osgeo import ogr  # GDAL's bindings ship with QGIS

    dataset = ogr.Open(str(gpkg_path), 0)
    if dataset is None:
        raise TiEnergieError(tr("GeoPackage illisible : {}.").format(gpkg_path))
    return dataset


def _rows(dataset, gpkg_path, name, measure=None, with_geometry=False):
    from qgis.core import QgsGeometry

    layer = dataset.GetLayerByName(name)
    if layer is None:
        raise TiEnergieError(tr("Couche « {} » illisible dans {}.").format(name, gpkg_path))
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    rows, geometries = [], [] if with_geometry else None
    layer.ResetReading()
    for feature in layer:
        row = {n: (feature.GetField(i) if feature.IsFieldSetAndNotNull(i) else None) for i, n in enumerate(names)
               if n.lower() != "fid"}
        geometry = feature.GetGeometryRef()
        if geometry is not None and measure == "length":
            row["_longueur_km"] = geometry.Length() / 1000.0
        elif geometry is not None and measure == "area":
            row["_surface_ha"] = geometry.GetArea() / 10000.0
        rows.append(row)
        if with_geometry:
            shape = None
            if geometry is not None:
                shape = QgsGeometry()
                shape.fromWkb(bytes(geometry.ExportToIsoWkb()))
            geometries.append(shape)
    return rows, geometries


def read_layer(gpkg_path, name, measure=None, with_geometry=False):
    """(rows, QgsGeometry list or None) of one layer of the GeoPackage."""
    dataset = _open(gpkg_path)
    try:
        return _rows(dataset, gpkg_path, name, measure, with_geometry)
    finally:
        dataset = None  # noqa: F841 - closes the file


def read_fiche_data(gpkg_path):
    """FicheData of a territory GeoPackage written by load_territory; TiEnergieError when it is not one."""
    gpkg_path = Path(gpkg_path)
    names = set(layer_names(gpkg_path))
    if "perimetre" not in names:
        raise TiEnergieError(tr("Le GeoPackage {} n'a pas de couche « perimetre » : ce n'est pas un GeoPackage de "
                                "territoire écrit par TI Énergie.").format(gpkg_path))
    sources = read_sources_table(gpkg_path)
    layers = {}
    dataset = _open(gpkg_path)
    for name, measure in FICHE_LAYERS.items():
        prov = dict(sources.get(name) or {})
        if name not in names:
            layers[name] = LayerRows(name, present=False)
            continue
        rows = _rows(dataset, gpkg_path, name, measure)[0] if name not in _COUNT_ONLY else []
        layers[name] = LayerRows(name, present=True, rows=rows, status=prov.get("status", ""),
                                 remark=prov.get("remark", ""), provenance=prov)
    dataset = None  # noqa: F841 - closes the file
    perimeter_rows = layers["perimetre"].rows
    if not perimeter_rows:
        raise TiEnergieError(tr("La couche « perimetre » de {} est vide.").format(gpkg_path))
    perimetre = perimeter_rows[0]
    return FicheData(gpkg=gpkg_path, territory_id=str(perimetre.get("id_ti") or gpkg_path.stem),
                     name=str(perimetre.get("nom") or ""), short_name=str(perimetre.get("nom_court") or ""),
                     perimetre=perimetre, layers=layers,
                     sources={name: sources[name] for name in sources if name in names or name == "emplois"},
                     titles={name: prov.get("title", "") for name, prov in sources.items()})


# --- which GeoPackage a fiche reads ----------------------------------------------------------------------

def expected_layers(catalogue):
    """The layers the catalogue's theme sources write (what a complete load of a territory holds)."""
    from ..core.themes import THEME_KEYS

    names = set()
    for theme_key in THEME_KEYS:
        for key in catalogue.theme_sources(theme_key):
            layer = catalogue.source(key).get("layer")
            if layer:
                names.add(layer)
    return names


def territory_gpkg(territory, folder=None, catalogue=None, cache=None, feedback=None, transform_context=None):
    """(GeoPackage, notes) of a territory for its fiche.

    `folder` given: the newest `<id>*.gpkg` there, nothing is fetched. Otherwise the cache: its newest
    GeoPackage of the territory when it holds every layer of the catalogue's themes, else a new load of all
    themes into the cache (network; each source that fails is reported and its sections marked). When that
    load fails, an older GeoPackage of the cache is used if there is one."""
    from ..core.themes import THEME_KEYS
    from . import settings
    from .cache import Cache
    from .territory_gpkg import newest_gpkg
    from .territory_loader import default_gpkg_path, load_territory

    if folder:
        found = newest_gpkg(folder, territory.id)
        if found is None:
            raise TiEnergieError(tr("Aucun GeoPackage du territoire {} ({}.gpkg ou {}-….gpkg) dans {}.").format(territory.label, territory.id, territory.id, folder))
        return found, []
    cache = cache or Cache(settings.cache_dir())
    catalogue = catalogue or settings.load_catalogue()
    found = newest_gpkg(cache.territory_dir(), territory.id)
    missing = sorted(expected_layers(catalogue) - set(layer_names(found))) if found is not None else None
    if found is not None and not missing:
        return found, [tr("{} : données du cache ({}).").format(territory.label, found.name)]
    notes = [tr("{} : couches absentes du cache ({}), chargement des données").format(territory.label, ", ".join(missing))
             if found is not None else tr("{} : pas de données en cache, chargement").format(territory.label)]
    try:
        result = load_territory(territory, list(THEME_KEYS), default_gpkg_path(cache, territory), catalogue, cache,
                                feedback, transform_context)
    except CancelledError:
        raise
    except TiEnergieError as err:
        if found is None:
            raise
        return found, notes + [tr("{} : chargement impossible ({}) ; données du cache ({}) utilisées.").format(
            territory.label, err, found.name)]
    return result.gpkg_path, notes + [f"{territory.label} : {w}" for w in result.warnings]
