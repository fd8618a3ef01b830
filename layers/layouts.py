"""Print layouts of the fiche's maps (main thread only): one A4 landscape layout per map, made from the
templates styles/layouts/<map key>.qpt (item ids: map_main, lbl_title, lbl_subtitle, legend, lbl_sources,
lbl_date, scalebar, north, logo).

The map item follows the map's theme (layers/map_themes.py); the legend is rebuilt in the fiche's
sections and order and shows only what the map shows; the sources are written from the layers'
provenance (custom properties ti_energie/source, ti_energie/licence, ti_energie/date set by
project_layers.make_layer), never typed. An atlas over the territory layer `perimetre` (one feature per
territory) prints the same map for several territories.
"""

import re
from pathlib import Path

from qgis.core import (Qgis, QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayerTreeLayer, QgsLegendRenderer,
                       QgsLegendStyle, QgsMapLayerLegendUtils, QgsPrintLayout, QgsReadWriteContext, QgsRectangle,
                       QgsLayoutPoint, QgsScaleBarSettings, QgsUnitTypes)
from qgis.PyQt.QtXml import QDomDocument

from ..core.errors import TiEnergieError
from ..core.i18n import tr
from ..processing.compat import enum_member
from ..core.maps import BACKGROUND_LAYERS, BASE_LAYERS, map_def
from .map_themes import map_groups, theme_layers
from .project_layers import GROUP_PROPERTY, LAYER_PROPERTY

TEMPLATES = Path(__file__).resolve().parent.parent / "styles" / "layouts"

# Enums moved to Qgis (scoped) in QGIS 3.3x; QGIS 4 keeps only those
_HIDDEN = enum_member("Hidden", getattr(Qgis, "LegendComponent", None), QgsLegendStyle)
_MILLIMETERS = enum_member("Millimeters", getattr(Qgis, "LayoutUnit", None)) if hasattr(Qgis, "LayoutUnit") \
    else QgsUnitTypes.LayoutUnit.LayoutMillimeters
_SEGMENT_FIXED = enum_member("Fixed", getattr(Qgis, "ScaleBarSegmentSizeMode", None)) \
    if hasattr(Qgis, "ScaleBarSegmentSizeMode") else QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFixed
_ATLAS_AUTO = enum_member("Auto", getattr(QgsLayoutItemMap, "AtlasScalingMode", None), QgsLayoutItemMap)
LAYOUT_TERRITORY = "ti_energie/territory"  # custom property of the plugin's layouts: territory id
LAYOUT_MAP = "ti_energie/map"              # … and map key


def layout_name(territory_label, key):
    return f"{territory_label} – {map_def(key).name}"


def load_template(project, key, template_dir=None):
    """A new QgsPrintLayout of `project` from the map's .qpt template."""
    path = Path(template_dir or TEMPLATES) / f"{map_def(key).key}.qpt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise TiEnergieError(tr("Modèle de mise en page introuvable : {} ({}).").format(path, err)) from None
    document = QDomDocument()
    if not document.setContent(text)[0]:
        raise TiEnergieError(tr("Modèle de mise en page illisible : {}.").format(path))
    layout = QgsPrintLayout(project)
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    if not ok:
        raise TiEnergieError(tr("Modèle de mise en page non chargé : {}.").format(path))
    return layout


def item(layout, item_id):
    """The layout item of id `item_id` (cast to its class), or None."""
    found = layout.itemById(item_id)
    return found


# --- sources -----------------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")


def _dates_text(dates):
    """« données du 01/03/2025 », « données du 01/03/2025 au 05/03/2025 » (downloads on several days), « données
    2023 » (a year or any text not an ISO day, as given), both when the layers of a source mix them."""
    days = sorted(found.group(1, 2, 3) for found in map(_ISO_DAY.fullmatch, dates) if found)
    others = sorted(date for date in dates if not _ISO_DAY.fullmatch(date))
    parts = []
    if days:
        first, last = ("/".join(reversed(day)) for day in (days[0], days[-1]))
        parts.append(f"du {first}" + (f" au {last}" if last != first else ""))
    parts += others
    return "données " + ", ".join(parts) if parts else ""


def sources_text(layers):
    """« Sources : » then one line per source with its licence and data dates, in the order of `layers`."""
    entries = {}
    for layer in layers:
        source = str(layer.customProperty("ti_energie/source") or "").strip()
        if not source:
            continue
        licence = str(layer.customProperty("ti_energie/licence") or "").strip()
        dates = entries.setdefault((source, licence), [])
        for date in str(layer.customProperty("ti_energie/date") or "").split(","):
            if date.strip() and date.strip() not in dates:
                dates.append(date.strip())
    lines = []
    for (source, licence), dates in entries.items():
        details = [text for text in (licence or "licence non précisée", _dates_text(dates)) if text]
        lines.append(f"• {source} ({', '.join(details)})")
    return "Sources :\n" + "\n".join(lines) if lines else "Sources : non renseignées."


# --- legend ------------------------------------------------------------------------------------------

def legend_indices(layer, header):
    """Indices of the layer's legend entries (renderer legend items) to show in a legend section:
    the children of the label-only rule `header`, or every entry with a symbol when `header` is None."""
    renderer = layer.renderer() if hasattr(layer, "renderer") else None
    if renderer is None:
        return []
    items = renderer.legendSymbolItems()
    if header is None:
        return [index for index, entry in enumerate(items) if entry.symbol() is not None]
    headers = (header, tr(header))  # a layer of the dock has its legend in the UI language (layers/translate.py)
    keys = [entry.ruleKey() for entry in items if entry.label() in headers and entry.symbol() is None]
    return [index for index, entry in enumerate(items) if keys and entry.parentRuleKey() == keys[0]]


def build_legend(legend, m, layers_by_name):
    """Rebuild the legend tree: one group per section of the fiche's legend (core.maps), holding the
    section's entries of each layer (the layer's own title hidden)."""
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    for title, entries in m.legend:
        group = None
        for layer_name, header in entries:
            for layer in layers_by_name.get(layer_name, []):
                indices = legend_indices(layer, header)
                if not indices:
                    continue
                if group is None:
                    group = root.addGroup(title)
                node = group.addLayer(layer)
                QgsLegendRenderer.setNodeLegendStyle(node, _HIDDEN)
                QgsMapLayerLegendUtils.setLegendNodeOrder(node, indices)
                legend.model().refreshLayerLegend(node)
    legend.setLegendFilterByMapEnabled(True)
    legend.updateLegend()
    legend.adjustBoxSize()


# --- layouts -----------------------------------------------------------------------------------------

def _layers_by_name(layers):
    found = {}
    for layer in layers:
        found.setdefault(layer.customProperty(LAYER_PROPERTY), []).append(layer)
    return found


def territory_extent(territory_group):
    """Extent of the territory's `perimetre` layer (else of all its layers)."""
    extent = QgsRectangle()
    for node in territory_group.findLayers():
        layer = node.layer()
        if layer is not None and layer.customProperty(LAYER_PROPERTY) == "perimetre":
            return QgsRectangle(layer.extent())
    for node in territory_group.findLayers():
        if node.layer() is not None and not node.layer().extent().isEmpty():
            extent.combineExtentWith(node.layer().extent())
    return extent


def fit_extent(extent, width, height):
    """`extent` grown to the width/height ratio of a map item (QgsLayoutItemMap.zoomToExtent keeps the
    ratio of the item's previous extent, which is not set in a template)."""
    result = QgsRectangle(extent)
    if width <= 0 or height <= 0 or result.height() <= 0:
        return result
    ratio = width / height
    centre = result.center()
    if result.width() / result.height() < ratio:
        half = result.height() * ratio / 2
        result.setXMinimum(centre.x() - half)
        result.setXMaximum(centre.x() + half)
    else:
        half = result.width() / ratio / 2
        result.setYMinimum(centre.y() - half)
        result.setYMaximum(centre.y() + half)
    return result


def _perimeter_layer(territory_group):
    for child in territory_group.children():
        if isinstance(child, QgsLayerTreeLayer) and child.layer() is not None \
                and child.layer().customProperty(LAYER_PROPERTY) == "perimetre":
            return child.layer()
    return None


def fill_layout(layout, project, territory_group, key, title=None, atlas=False):
    """Bind the layout's items to the map `key` of the territory: theme, extent, title, legend, sources.
    `atlas`: print one page per feature of the group's `perimetre` layer (several territories), the
    title then read from the page's territory and the map clipped to it."""
    m = map_def(key)
    map_item = item(layout, "map_main")
    if not isinstance(map_item, QgsLayoutItemMap):
        raise TiEnergieError(tr("Le modèle de mise en page n'a pas d'élément carte « map_main »."))
    if map_def(key).key not in map_groups(territory_group):
        raise TiEnergieError(tr("Carte « {} » : aucune de ses couches n'est chargée pour {}.").format(m.name, territory_group.name()))
    layers = [layer for layer in theme_layers(project, m.key)
              if territory_group.findLayer(layer.id()) is not None]
    map_item.setFollowVisibilityPreset(True)
    map_item.setFollowVisibilityPresetName(m.name)
    map_item.setKeepLayerSet(False)
    extent = territory_extent(territory_group)
    if not extent.isEmpty():
        extent.scale(1.04)
        map_item.setExtent(fit_extent(extent, map_item.rect().width(), map_item.rect().height()))
    title_item = item(layout, "lbl_title")
    subtitle = item(layout, "lbl_subtitle")
    if subtitle is not None:
        subtitle.setText(m.title)
    perimeter = _perimeter_layer(territory_group)
    if atlas and perimeter is not None:
        atlas_settings = layout.atlas()
        atlas_settings.setCoverageLayer(perimeter)
        atlas_settings.setEnabled(True)
        atlas_settings.setHideCoverage(False)
        atlas_settings.setPageNameExpression("\"nom_court\"")
        atlas_settings.setFilenameExpression(f"\"id_ti\" || '_{m.key}'")
        map_item.setAtlasDriven(True)
        map_item.setAtlasScalingMode(_ATLAS_AUTO)
        map_item.setAtlasMargin(0.04)
        clipping = map_item.atlasClippingSettings()
        clipping.setEnabled(True)
        clipping.setRestrictToLayers(True)
        clipping.setLayersToClip([layer for layer in layers
                                  if layer.customProperty(LAYER_PROPERTY) not in BASE_LAYERS + BACKGROUND_LAYERS])
        if title_item is not None:
            title_item.setText("[% coalesce(\"nom_court\", \"nom\") %]")
    else:
        if title_item is not None:
            title_item.setText(title or territory_group.name())
        _round_scalebar(item(layout, "scalebar"), map_item.scale())
    legend = item(layout, "legend")
    if isinstance(legend, QgsLayoutItemLegend):
        build_legend(legend, m, _layers_by_name(layers))
        legend.setLegendFilterOutAtlas(bool(atlas))
    sources = item(layout, "lbl_sources")
    if sources is not None:
        sources.setText(sources_text(layers))
        if isinstance(legend, QgsLayoutItemLegend):
            _below(sources, legend)
    layout.refresh()
    return layout


def _below(label, legend, gap=3.0):
    """Move `label` down when the legend (resized to its contents) reaches it."""
    bottom = legend.pos().y() + legend.rect().height() + gap
    if bottom > label.pos().y():
        label.attemptMove(QgsLayoutPoint(label.pos().x(), bottom, _MILLIMETERS))


NICE_KM = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200)


def _round_scalebar(scalebar, scale, segment_mm=18.0):
    """Two segments of a round number of kilometres, about `segment_mm` long each at `scale`."""
    if scalebar is None or not hasattr(scalebar, "setUnitsPerSegment") or not scale or scale != scale:
        return
    wanted = scale * segment_mm / 1e6
    km = min(NICE_KM, key=lambda value: abs(value - wanted))
    scalebar.setSegmentSizeMode(_SEGMENT_FIXED)
    scalebar.setNumberOfSegments(2)
    scalebar.setNumberOfSegmentsLeft(0)
    scalebar.setUnitsPerSegment(km)
    scalebar.update()


def remove_plugin_layouts(project, territory_id, key=None):
    """Remove the plugin's layouts of a territory (of one map when `key` is given)."""
    manager = project.layoutManager()
    for layout in list(manager.layouts()):
        if layout.customProperty(LAYOUT_TERRITORY) == territory_id and \
                (key is None or layout.customProperty(LAYOUT_MAP) == map_def(key).key):
            manager.removeLayout(layout)


def _unique_name(manager, name):
    candidate, index = name, 2
    while manager.layoutByName(candidate) is not None:
        candidate = f"{name} ({index})"
        index += 1
    return candidate


def create_layout(project, territory_group, key, template_dir=None, atlas=False):
    """The print layout of map `key` for the territory of `territory_group`, added to the project's layout
    manager (replacing the plugin's previous layout of that territory and map). Returns the layout."""
    m = map_def(key)
    territory_id = territory_group.customProperty(GROUP_PROPERTY) or territory_group.name()
    layout = load_template(project, m.key, template_dir)
    fill_layout(layout, project, territory_group, m.key, atlas=atlas)
    remove_plugin_layouts(project, territory_id, m.key)
    manager = project.layoutManager()
    layout.setName(_unique_name(manager, layout_name(territory_group.name(), m.key)))
    layout.setCustomProperty(LAYOUT_TERRITORY, territory_id)
    layout.setCustomProperty(LAYOUT_MAP, m.key)
    if not manager.addLayout(layout):
        raise TiEnergieError(tr("Mise en page « {} » non ajoutée au projet.").format(layout.name()))
    return layout


def create_layouts(project, territory_group, template_dir=None, atlas=False):
    """The layouts of every map of the territory (the maps that have a group). Returns them in fiche order."""
    from ..core.maps import MAPS

    groups = map_groups(territory_group)
    return [create_layout(project, territory_group, m.key, template_dir, atlas) for m in MAPS if m.key in groups]
