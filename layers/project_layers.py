"""Adding a loaded territory to the project (main thread only).

The plugin owns one layer-tree group per territory, marked with a custom property. Loading a territory
again replaces the plugin's layers of that group; any other layer (the user's) is never touched.
"""

import os

from qgis.core import (QgsCoordinateTransform, QgsLayerMetadata, QgsLayerTreeGroup, QgsLayerTreeLayer,
                       QgsProviderRegistry, QgsRasterLayer, QgsRectangle, QgsVectorLayer)

from ..core.errors import TiEnergieError
from ..core.i18n import tr
from ..core.maps import OUTLINE_LAYER
from .translate import layer_title, set_aliases, translate_layer
from .gpkg import LAMBERT93

GROUP_PROPERTY = "ti_energie/territory"
LAYER_PROPERTY = "ti_energie/layer"


def find_group(node, territory_id):
    """The plugin's group of `territory_id` anywhere below `node`, or None."""
    for child in node.children():
        if isinstance(child, QgsLayerTreeGroup):
            if child.customProperty(GROUP_PROPERTY) == territory_id:
                return child
            found = find_group(child, territory_id)
            if found is not None:
                return found
    return None


STATE_TEXT = {"working": "source publique", "fallback": "source de substitution",
              "user_file": "fichier fourni par l'utilisateur"}


def abstract(prov):
    """The French abstract of a layer's metadata: source, licence, dates, state, what is missing."""
    text = (f"Source : {prov.get('source', '')} ({prov.get('producer', '')}). Licence : {prov.get('licence', '')}. "
            f"Téléchargé le : {prov.get('date', '') or 'inconnu'}. "
            f"Millésime du producteur : {prov.get('vintage', '') or 'non publié'}.")
    state = prov.get("state", "")
    if state and state != "working":
        text += f" État : {STATE_TEXT.get(state, state)}"
        text += f" ({prov['state_reason']})." if prov.get("state_reason") else "."
    if prov.get("incomplete"):
        text += f" Couche incomplète : {prov['incomplete']}."
    if prov.get("note"):
        text += f" Remarque : {prov['note']}"
    return text + " Chargé par TI Énergie."


def _metadata(layer, spec):
    prov = spec.provenance
    meta = QgsLayerMetadata()
    meta.setTitle(spec.title)
    meta.setAbstract(abstract(prov))
    meta.setLicenses([prov.get("licence", "")])
    meta.setRights([f"{prov.get('producer', '')} – {prov.get('licence', '')}"])
    meta.setKeywords({"source": [prov.get("source", "")], "date": [prov.get("date", "")],
                      "millesime": [prov.get("vintage", "")]})
    layer.setMetadata(meta)
    attribution = f"{prov.get('source', '')}, {prov.get('licence', '')}, {prov.get('date', '')}"
    server = layer.serverProperties()
    if hasattr(server, "setAttribution"):  # QGIS 3.38+ (QgsMapLayer.setAttribution is deprecated there)
        server.setAttribution(attribution)
    else:
        layer.setAttribution(attribution)
    for key in ("source", "licence", "date", "url", "vintage", "state", "status", "incomplete"):
        layer.setCustomProperty(f"ti_energie/{key}", prov.get(key, ""))


def make_layer(result, spec, translate=True):
    """The QGIS layer of `spec` (a GeoPackage layer of `result`, or a remote raster), styled, with its
    aliases and its provenance; a vector layer whose CRS is not the territory's is refused. `translate`: name,
    legend and aliases in the QGIS UI language (layers/translate.py); False keeps the French of the fiche."""
    if getattr(spec, "kind", "vector") == "raster":
        layer = QgsRasterLayer(spec.uri, spec.title, spec.provider or "wms")
        if not layer.isValid():
            raise TiEnergieError(tr("Couche « {} » inaccessible (service {}).").format(spec.title, spec.provider))
        _metadata(layer, spec)
        layer.setCustomProperty(LAYER_PROPERTY, spec.layer_name or spec.source_key or spec.title)
        if translate:
            layer.setName(layer_title(spec.title))
        return layer
    expected = getattr(result, "crs", "") or LAMBERT93
    for attempt in range(2):
        layer = QgsVectorLayer(f"{result.gpkg_path}|layername={spec.layer_name}", spec.title, "ogr")
        if not layer.isValid():
            raise TiEnergieError(tr("Couche « {} » illisible dans {}.").format(spec.title, result.gpkg_path))
        if not layer.isSpatial() or (layer.crs().authid() == expected and layer.crs().toWkt()):
            break
        if attempt == 0:
            # the file is right (gpkg.write_layer read it back); QGIS's CRS cache entry may have been emptied
            # by the end of a worker thread (layers/gpkg.py): rebuilt here, on the main thread, then read again
            from .gpkg import reset_crs_caches

            reset_crs_caches()
    if layer.isSpatial() and (layer.crs().authid() != expected or not layer.crs().toWkt()):
        found = layer.crs().authid() or "inconnu"
        raise TiEnergieError(tr("Couche « {} » sans son système de coordonnées dans {} ({} attendu, {} trouvé) : "
                                "elle n'est pas ajoutée au projet. Relancez le chargement ; si l'erreur revient, "
                                "redémarrez QGIS.").format(spec.title, result.gpkg_path, expected, found))
    if spec.style_path:
        layer.loadNamedStyle(spec.style_path)
    aliases = getattr(spec, "aliases", None) or {}
    if translate:
        translate_layer(layer, spec.title)
        set_aliases(layer, aliases)
    else:
        for name, alias in aliases.items():
            index = layer.fields().indexOf(name)
            if index >= 0:
                layer.setFieldAlias(index, alias)
    _metadata(layer, spec)
    layer.setCustomProperty(LAYER_PROPERTY, spec.layer_name)
    return layer


def remove_plugin_layers(project, group):
    """Remove the plugin's layers from `group`; the user's layers found there move to the group's parent."""
    parent = group.parent()
    for child in list(group.children()):
        if isinstance(child, QgsLayerTreeLayer) and child.layer() is not None \
                and child.layer().customProperty(LAYER_PROPERTY):
            project.removeMapLayer(child.layerId())
        elif isinstance(child, (QgsLayerTreeLayer, QgsLayerTreeGroup)):
            parent.insertChildNode(parent.children().index(group), child.clone())
            group.removeChildNode(child)


RASTER_UNREACHABLE = "service injoignable au moment d'ajouter la couche (hors ligne ?) : couche non ajoutée"


def skip_raster(result, spec):
    """A remote raster (the IGN background) whose service does not answer now — its GetCapabilities came from
    the cache, the machine is offline: the other layers are added, the source's status and a warning say why."""
    from .status import SourceStatus

    for status in getattr(result, "statuses", None) or []:
        if status.key == spec.source_key:
            status.state, status.detail, status.count = SourceStatus.FAILED, tr(RASTER_UNREACHABLE), None
    warnings = getattr(result, "warnings", None)
    if warnings is not None:
        warnings.append(tr("Source « {} » : {}.").format(spec.provenance.get('source') or spec.title,
                                                             tr(RASTER_UNREACHABLE)))


def make_layers(result, translate=True):
    """The layers of `result`: all of them or an error (a missing vector layer stops everything), except the
    remote rasters, left out with their reason when their service does not answer (skip_raster)."""
    layers = []
    for spec in result.layers:
        try:
            layers.append(make_layer(result, spec, translate))
        except TiEnergieError:
            if getattr(spec, "kind", "vector") != "raster":
                raise
            skip_raster(result, spec)
    return layers


def add_to_project(result, project, translate=True):
    """Create the layers of `result` and put them in the territory's group. Returns (group, layers).
    `translate`: see make_layer."""
    layers = make_layers(result, translate)  # all or nothing (but unreachable remote rasters): fail before touching the tree
    from .map_themes import build_map_groups, dissolve_map_groups

    root = project.layerTreeRoot()
    group = find_group(root, result.territory.id)
    if group is None:
        group = root.insertGroup(0, result.territory.label)
        group.setCustomProperty(GROUP_PROPERTY, result.territory.id)
    else:
        dissolve_map_groups(project, group)
        remove_plugin_layers(project, group)
        group.setName(result.territory.label)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    build_map_groups(project, group)  # one sub-group and one map theme per map of the fiche
    group.setExpanded(True)
    return group, layers


def territory_extent(layers, dest_crs, transform_context):
    """Extent in `dest_crs` (the map canvas CRS) of the territory's outline (`perimetre`) among `layers`,
    else of all of them: lines that cross the territory (400 kV, gas, roads, rivers) and the background
    reach far beyond it."""
    extent = QgsRectangle()
    if hasattr(extent, "setNull"):  # QGIS 3.34+ (QgsRectangle.setMinimal is deprecated there)
        extent.setNull()
    else:
        extent.setMinimal()
    outline = [layer for layer in layers if layer.customProperty(LAYER_PROPERTY) == OUTLINE_LAYER
               and not layer.extent().isEmpty()]
    for layer in outline or layers:
        rect = layer.extent()
        if rect.isEmpty():
            continue
        if layer.crs() != dest_crs:
            rect = QgsCoordinateTransform(layer.crs(), dest_crs, transform_context).transformBoundingBox(rect)
        extent.combineExtentWith(rect)
    return extent


# --- files read by the project's layers ---------------------------------------------------------------

def normalised(path):
    """A path in the form used to compare files (absolute, case-folded where the system ignores case)."""
    return os.path.normcase(os.path.abspath(str(path)))


def layer_file(layer):
    """The local file a layer reads (normalised), or '' (memory layer, web service, database)."""
    try:
        parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    except Exception:  # noqa: BLE001 - a provider that cannot decode its own URI reads no file we know of
        return ""
    path = str(parts.get("path") or "")
    return normalised(path) if path and os.path.isfile(path) else ""


def project_files(project):
    """{normalised file: [layers]} of the files the project's layers read."""
    files = {}
    for layer in project.mapLayers().values():
        path = layer_file(layer)
        if path:
            files.setdefault(path, []).append(layer)
    return files


def files_in_use(project):
    """The files (normalised paths) that layers of the project read: never removed behind their back."""
    return sorted(project_files(project))


def plugin_layers(project, territory_id):
    """The plugin's layers in the group of `territory_id` (none when there is no such group)."""
    group = find_group(project.layerTreeRoot(), territory_id)
    if group is None:
        return []
    return [node.layer() for node in group.findLayers()
            if node.layer() is not None and node.layer().customProperty(LAYER_PROPERTY)]


def only_plugin_reads(project, territory_id, path):
    """True when the plugin's layers of `territory_id` read `path` and no other layer of the project does:
    the file can be replaced once those layers are removed."""
    readers = project_files(project).get(normalised(path), [])
    if not readers:
        return False
    ours = {layer.id() for layer in plugin_layers(project, territory_id)}
    return all(layer.id() in ours for layer in readers)


def release_territory(project, territory_id):
    """Remove the plugin's layers of the territory's group (the group stays, the user's layers found there
    move to its parent), so that their GeoPackage can be replaced. Returns how many were removed."""
    group = find_group(project.layerTreeRoot(), territory_id)
    if group is None:
        return 0
    count = len(plugin_layers(project, territory_id))
    remove_plugin_layers(project, group)
    return count
