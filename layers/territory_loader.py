"""Loading a territory: fetch every source of the chosen themes and write one GeoPackage.

Runs without any map layer or widget (worker thread or Processing). The GeoPackage is written to a
temporary file then renamed, so an existing file is never left half-written.
"""

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import CancelledError, SourceError, TiEnergieError
from ..core.themes import THEME_KEYS, theme
from .connectors import connector_for
from .gpkg import MULTILINESTRING, MULTIPOLYGON as _MULTIPOLYGON, POINT, write_layer, write_sources_table
from .perimeters import SOURCE_KEY as PERIMETER_SOURCE, build_perimeters

STYLES = Path(__file__).resolve().parent.parent / "styles"
_GEOMETRIES = {"point": POINT, "multilinestring": MULTILINESTRING, "multipolygon": _MULTIPOLYGON}
_DRAWING_ORDER = {"point": 0, "multilinestring": 1, "multipolygon": 2}


@dataclass
class LayerSpec:
    layer_name: str   # layer inside the GeoPackage
    title: str        # name shown in the layer tree
    style_path: str   # QML applied when loaded
    provenance: dict  # source, producer, licence, url, date


@dataclass
class LoadResult:
    territory: object
    gpkg_path: Path
    layers: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def default_gpkg_path(cache, territory):
    """A new file per load in the cache (an older one may still be open in the project)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return cache.territory_dir() / f"{territory.id}-{stamp}-{os.getpid()}.gpkg"


def _area_km2(geometry):
    return round(geometry.area() / 1e6, 3)


def _perimeter_layers(perimeters, territory, gpkg, provenance):
    outline_area = _area_km2(perimeters.outline)
    population = sum(e["population"] or 0 for e in perimeters.epci)
    write_layer(gpkg, "perimetre",
                [("id_ti", "str"), ("nom", "str"), ("nom_court", "str"), ("nb_epci", "int"), ("nb_communes", "int"),
                 ("population", "int"), ("superficie_km2", "double"), ("densite_hab_km2", "double")],
                [([territory.id, territory.name, territory.short_name, len(perimeters.epci),
                   len(perimeters.communes), population, outline_area,
                   round(population / outline_area, 1) if outline_area else None], perimeters.outline)],
                _MULTIPOLYGON, new_file=True)
    write_layer(gpkg, "epci",
                [("siren", "str"), ("nom", "str"), ("type", "str"), ("population", "int"), ("nb_communes", "int"),
                 ("superficie_km2", "double")],
                [([e["siren"], e["nom"], e["type"], e["population"], e["nb_communes"], _area_km2(e["geometry"])],
                  e["geometry"])
                 for e in perimeters.epci], _MULTIPOLYGON)
    write_layer(gpkg, "communes",
                [("insee", "str"), ("nom", "str"), ("population", "int"), ("siren_epci", "str"), ("code_dep", "str"),
                 ("superficie_km2", "double")],
                [([c["insee"], c["nom"], c["population"], c["siren_epci"], c["code_dep"], _area_km2(c["geometry"])],
                  c["geometry"]) for c in perimeters.communes], _MULTIPOLYGON)
    return [
        LayerSpec("perimetre", f"Périmètre – {territory.label}", str(STYLES / "perimetre.qml"), provenance),
        LayerSpec("epci", "EPCI", str(STYLES / "epci.qml"), provenance),
        LayerSpec("communes", "Communes", str(STYLES / "communes.qml"), provenance),
    ]


def load_territory(territory, themes, gpkg_path, catalogue, cache, feedback=None, transform_context=None):
    """Fetch the perimeters and the sources of the chosen themes into the GeoPackage `gpkg_path`.

    A perimeter failure stops the load; a theme source that fails is skipped with a warning."""
    themes = list(themes or [])
    unknown = [key for key in themes if key not in THEME_KEYS]
    if unknown:
        raise TiEnergieError(f"Thème(s) inconnu(s) : {', '.join(unknown)}. Thèmes possibles : {', '.join(THEME_KEYS)}.")
    gpkg_path = Path(gpkg_path) if gpkg_path else default_gpkg_path(cache, territory)
    result = LoadResult(territory=territory, gpkg_path=gpkg_path)
    sources = [key for theme_key in themes for key in theme(theme_key).sources]
    share = 100.0 / (1 + len(sources))  # progress: the perimeters, then one step per source

    def report(start):
        return (lambda value: feedback.setProgress(start + share * value / 100.0)) if feedback is not None else None

    perimeters = build_perimeters(territory, catalogue, cache, feedback, result.warnings, transform_context,
                                  progress=report(0.0))
    provenance = catalogue.provenance(PERIMETER_SOURCE, perimeters.date)
    theme_data = []
    for index, key in enumerate(sources):
        if feedback is not None and feedback.isCanceled():
            raise CancelledError()
        try:
            data = connector_for(key, catalogue)(key, territory, catalogue, cache, feedback, result.warnings,
                                                 transform_context, perimeters)
        except SourceError as err:  # one source down: the others and the perimeters still load
            result.warnings.append(f"{err} Couche non chargée.")
            continue
        theme_data.append((key, data))
        if feedback is not None:
            feedback.setProgress(share * (index + 2))

    gpkg_path.parent.mkdir(parents=True, exist_ok=True)
    partial = gpkg_path.with_name(f".{gpkg_path.stem}.part.gpkg")
    with contextlib.suppress(FileNotFoundError):
        os.remove(partial)
    try:
        result.layers.extend(_perimeter_layers(perimeters, territory, partial, provenance))
        theme_specs = []
        for key, data in theme_data:
            source = catalogue.source(key)
            kind = source.get("geometry", "point")
            write_layer(partial, source["layer"], data.fields, data.rows, _GEOMETRIES.get(kind, POINT))
            theme_specs.append((_DRAWING_ORDER.get(kind, 0), LayerSpec(
                source["layer"], source.get("title", source["layer"]),
                str(STYLES / source["style"]) if source.get("style") else "", catalogue.provenance(key, data.date))))
        # points above lines above polygons, all above the perimeters
        result.layers[:0] = [spec for _order, spec in sorted(theme_specs, key=lambda item: item[0])]
        for key in themes:
            if not theme(key).sources:
                result.warnings.append(f"Thème « {theme(key).label} » : aucune source branchée pour l'instant.")
        write_sources_table(partial, result.layers)
        try:
            os.replace(partial, gpkg_path)
        except OSError as err:
            raise TiEnergieError(f"Impossible de remplacer {gpkg_path} (fichier ouvert ailleurs ?) : {err}.") from err
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), Path(f"{partial}-journal")):
            with contextlib.suppress(FileNotFoundError):
                os.remove(leftover)
    if feedback is not None:
        feedback.setProgress(100.0)
    return result
