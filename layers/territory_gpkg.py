"""Reading back a territory GeoPackage written by load_territory (layers, provenance, territory).

Used to open a saved or cached GeoPackage without fetching anything (export of the maps, tests). Main
thread only for `open_in_project` (it creates map layers); the readers only open the file.
"""

import contextlib
import re
import sqlite3
from pathlib import Path

from ..core.errors import TiEnergieError
from ..core.i18n import tr
from .translate import set_aliases, translate_legend
from .gpkg import SOURCES_TABLE
from .worker_layer import opened_layer

STYLES = Path(__file__).resolve().parent.parent / "styles"
STYLES_TABLE = "layer_styles"  # QGIS's table of the styles saved in the file
_PERIMETER_LAYERS = ("perimetre", "epci", "communes")


def layer_names(gpkg_path):
    """Names of the feature and attribute tables of the GeoPackage (gpkg_contents), in file order, without
    QGIS's `layer_styles`."""
    path = Path(gpkg_path)
    if not path.is_file():
        raise TiEnergieError(tr("GeoPackage introuvable : {}.").format(path))
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT table_name FROM gpkg_contents ORDER BY rowid").fetchall()
    except sqlite3.Error as err:
        raise TiEnergieError(tr("GeoPackage illisible : {} ({}).").format(path, err)) from None
    return [row[0] for row in rows if row[0] != STYLES_TABLE]


def read_sources(gpkg_path):
    """{layer name: {title, source, producer, licence, url, date}} from the GeoPackage's `sources` table."""
    with opened_layer(f"{gpkg_path}|layername={SOURCES_TABLE}", SOURCES_TABLE) as layer:
        if not layer.isValid():
            return {}
        names = layer.fields().names()
        result = {}
        for feature in layer.getFeatures():
            row = {name: ("" if feature[name] is None else str(feature[name])) for name in names}
            result[row.get("couche", "")] = {"title": row.get("titre", ""), "source": row.get("source", ""),
                                             "producer": row.get("producteur", ""), "licence": row.get("licence", ""),
                                             "url": row.get("url", ""), "date": row.get("date", "")}
    return result


def read_territory(gpkg_path):
    """(id, name, short name) of the territory from the `perimetre` layer."""
    with opened_layer(f"{gpkg_path}|layername=perimetre", "perimetre") as layer:
        if not layer.isValid():
            raise TiEnergieError(tr("Le GeoPackage {} n'a pas de couche « perimetre » : ce n'est pas un GeoPackage "
                                    "de territoire écrit par TI Énergie.").format(gpkg_path))
        feature = next(layer.getFeatures(), None)
        if feature is None:
            raise TiEnergieError(tr("La couche « perimetre » de {} est vide.").format(gpkg_path))
        fields = layer.fields().names()

    def value(name):
        return str(feature[name]) if name in fields and feature[name] not in (None, "") else ""

    return value("id_ti"), value("nom"), value("nom_court")


def layer_specs(gpkg_path):
    """LayerSpec of every layer of the GeoPackage that has a style or a provenance, points above lines above
    polygons, the perimeter layers last (the order of load_territory)."""
    from .territory_loader import LayerSpec

    sources = read_sources(gpkg_path)
    specs = []
    for name in layer_names(gpkg_path):
        if name == SOURCES_TABLE:
            continue
        with opened_layer(f"{gpkg_path}|layername={name}", name) as layer:
            if not layer.isValid():
                continue
            order = _order(name, layer)
        prov = sources.get(name, {})
        style = STYLES / f"{name}.qml"
        spec = LayerSpec(name, prov.get("title") or name, str(style) if style.exists() else "",
                         {k: v for k, v in prov.items() if k != "title"})
        specs.append((order, spec))
    return [spec for _order_key, spec in sorted(specs, key=lambda item: item[0])]


def _order(name, layer):
    from ..processing.compat import geometry_type

    if name in _PERIMETER_LAYERS:
        return (9, _PERIMETER_LAYERS.index(name))
    kinds = [geometry_type(kind) for kind in ("Point", "Line", "Polygon")]
    geometry = layer.geometryType()
    return (kinds.index(geometry) if geometry in kinds else 3, 0)


def newest_gpkg(folder, territory_id):
    """The newest GeoPackage of `territory_id` in `folder` (`<id>.gpkg` or `<id>-<stamp>….gpkg`), or None."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    pattern = re.compile(rf"^{re.escape(territory_id)}(-.*)?\.gpkg$", re.IGNORECASE)
    found = [p for p in folder.iterdir() if p.is_file() and pattern.match(p.name)]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def territory_of(gpkg_path, catalogue=None):
    """The Territory of the GeoPackage: the catalogue's entry for its id when known, else one built from
    its `perimetre` layer."""
    from ..core.territories import Territory

    territory_id, name, short_name = read_territory(gpkg_path)
    if catalogue is not None and territory_id:
        for territory in catalogue:
            if territory.id == territory_id:
                return territory
    return Territory(territory_id or Path(gpkg_path).stem, name or territory_id, short_name, ())


def open_in_project(project, gpkg_path, territory=None, catalogue=None, translate=False):
    """Add the layers of a territory GeoPackage to `project` (the plugin's territory group, styled, with
    their provenance), as the dock does after a load. Returns (group, layers). The fiche and its maps use it:
    layer names and legends stay French unless `translate`."""
    from .project_layers import add_to_project
    from .territory_loader import LoadResult

    territory = territory or territory_of(gpkg_path, catalogue)
    result = LoadResult(territory=territory, gpkg_path=Path(gpkg_path), layers=layer_specs(gpkg_path))
    return add_to_project(result, project, translate)


def _kind(field):
    """write_layer's field kind for a QgsField."""
    name = field.typeName().lower()
    if any(word in name for word in ("int", "bool")):
        return "int"
    if any(word in name for word in ("real", "double", "float", "numeric")):
        return "double"
    return "str"


def merge_gpkgs(paths, output, feedback=None):
    """One GeoPackage holding the layers of several territory GeoPackages (same layer names; fields
    united by name): `perimetre` then has one feature per territory, the atlas coverage of the region.
    The `sources` table keeps each layer's provenance, with the dates of all territories."""
    from .gpkg import write_layer, write_sources_table
    from .territory_loader import LayerSpec

    names = []
    for path in paths:
        names.extend(name for name in layer_names(path) if name != SOURCES_TABLE and name not in names)
    specs = {}
    first = True
    for name in names:
        if feedback is not None and feedback.isCanceled():
            break
        with contextlib.ExitStack() as opened:
            layers = [opened.enter_context(opened_layer(f"{path}|layername={name}", name)) for path in paths]
            layers = [layer for layer in layers if layer.isValid()]
            fields = []
            for layer in layers:
                fields.extend((f.name(), _kind(f)) for f in layer.fields()
                              if f.name().lower() != "fid" and f.name() not in [n for n, _k in fields])
            rows = []
            for layer in layers:
                present = layer.fields().names()
                for feature in layer.getFeatures():
                    rows.append(([feature[n] if n in present else None for n, _k in fields],
                                 feature.geometry() if feature.hasGeometry() else None))
            wkb = layers[0].wkbType() if layers and layers[0].isSpatial() else None
        write_layer(output, name, fields, rows, wkb, new_file=first)
        first = False
    for path in paths:
        for name, prov in read_sources(path).items():
            spec = specs.get(name)
            if spec is None:
                specs[name] = LayerSpec(name, prov.get("title") or name, "",
                                        {k: v for k, v in prov.items() if k != "title"})
            elif prov.get("date") and prov["date"] not in spec.provenance.get("date", "").split(", "):
                spec.provenance["date"] = ", ".join(d for d in (spec.provenance.get("date"), prov["date"]) if d)
    write_sources_table(output, [specs[name] for name in names if name in specs])
    return Path(output)


def _forget_styles(gpkg_path, names):
    """Delete the plugin's earlier styles of these layers: QGIS 3.22 asks in a message box before
    overwriting a style of the same name (a hang without a user)."""
    try:
        # closed here (a `with` on a connection only commits: the file stayed open until the garbage collector)
        with contextlib.closing(sqlite3.connect(str(gpkg_path))) as db, db:
            if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'").fetchone():
                db.executemany("DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ?",
                               [(name, name) for name in names])
    except sqlite3.Error as err:
        raise TiEnergieError(tr("GeoPackage {} : styles non remplacés ({}).").format(gpkg_path, err)) from None


def embed_styles(gpkg_path, names=None, styles_dir=None, aliases=None, styles=None, errors=None):
    """Save the QML of styles/ of each layer of the GeoPackage into its `layer_styles` table, as the layer's
    default style: a layer opened from the file (or saved elsewhere by the user) keeps the plugin's look.
    No map layer is added to a project: callable from a worker thread on a file nobody else writes.
    `styles`: {layer: QML path} (default: styles/<layer>.qml); `aliases`: {layer: {field: alias}} saved with
    the style (readable field names in any project). A style that cannot be applied raises TiEnergieError,
    or, when a list `errors` is given, is reported there and skipped (the layer keeps no embedded style).
    Returns the names of the layers styled."""
    folder = Path(styles_dir) if styles_dir else STYLES
    chosen = {name: Path(path) for name, path in (styles or {}).items() if path}
    names = [name for name in (names if names is not None else layer_names(gpkg_path))
             if name != SOURCES_TABLE and chosen.get(name, folder / f"{name}.qml").exists()]
    _forget_styles(gpkg_path, names)
    styled = []
    for name in names:
        with opened_layer(f"{gpkg_path}|layername={name}", name) as layer:
            if _embed_style(layer, name, chosen.get(name, folder / f"{name}.qml"), gpkg_path, aliases, errors):
                styled.append(name)
    return styled


def _embed_style(layer, name, qml, gpkg_path, aliases, errors):
    """Save `qml` (and the aliases) as the default style of `layer` in its GeoPackage; True when saved."""
    if not layer.isValid():
        return False
    message, loaded = layer.loadNamedStyle(str(qml))
    if not loaded:
        message = f"style {qml.name} inapplicable à la couche « {name} » ({message or 'style illisible'})"
        if errors is None:
            raise TiEnergieError(message[0].upper() + message[1:] + ".")
        errors.append(message)
        return False
    translate_legend(layer)  # a file opened later shows the legend in the language of the load
    set_aliases(layer, (aliases or {}).get(name))
    result = layer.saveStyleToDatabase(name, "TI Énergie", True, "")
    error = result if isinstance(result, str) else (result[-1] if isinstance(result, tuple) else "")
    if error:
        if errors is None:
            raise TiEnergieError(tr("Style de la couche « {} » non enregistré dans {} : {}").format(name, gpkg_path, error))
        errors.append(f"style de la couche « {name} » non enregistré ({error})")
        return False
    return True
