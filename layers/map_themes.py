"""The fiche's four maps in the project: one layer-tree group and one map theme per map (main thread only).

Inside the plugin's group of a territory (layers/project_layers.py), the layers of each map of core/maps.py
go into a sub-group named after the map, in the fiche's order; the territory's outline (`perimetre`) goes
above the groups and the EPCI and communes below them, shared by every map; the plugin's layers that no map
uses stay beside them.

A layer drawn on several maps (roads, waterways) gets one map layer per group: the first group holds the
loaded layer, the others a copy (same source, same style, marked with COPY_PROPERTY). Several tree nodes
of one map layer would switch on and off correctly, but QGIS draws a layer once, at the place of its
first node: roads would then be drawn above the producers' symbols on the « Producteurs » map.

Each map theme (same name as the map) shows, for every territory of the project that has the map, the
map's group, the perimeter layers and the background when one is loaded (a plugin layer of the territory
group named `fond_plan_ign`, see core/maps.py). Building again (after a reload) replaces the plugin's groups, copies
and themes; the user's layers and groups found inside are moved to the territory group, never removed.
"""

from qgis.core import QgsLayerTreeGroup, QgsLayerTreeLayer, QgsLayerTreeModel, QgsMapThemeCollection

from ..core.maps import BACKGROUND_LAYERS, BASE_LAYERS, MAPS, OUTLINE_LAYER, map_def
from .project_layers import GROUP_PROPERTY, LAYER_PROPERTY

MAP_PROPERTY = "ti_energie/map"          # on a map's group: the map key
COPY_PROPERTY = "ti_energie/map_copy"    # on a layer copied for a map group: the map key


def territory_groups(project):
    """The plugin's territory groups of the project, in tree order."""
    found = []

    def walk(node):
        for child in node.children():
            if isinstance(child, QgsLayerTreeGroup):
                if child.customProperty(GROUP_PROPERTY):
                    found.append(child)
                else:
                    walk(child)

    walk(project.layerTreeRoot())
    return found


def map_groups(territory_group):
    """{map key: group} of the map groups directly under `territory_group`."""
    return {child.customProperty(MAP_PROPERTY): child for child in territory_group.children()
            if isinstance(child, QgsLayerTreeGroup) and child.customProperty(MAP_PROPERTY)}


def _is_plugin_layer(node):
    return isinstance(node, QgsLayerTreeLayer) and node.layer() is not None and \
        bool(node.layer().customProperty(LAYER_PROPERTY))


def _move(node, new_parent, index):
    """Move a tree node (a clone is inserted before the original is removed: the layer never leaves the tree,
    so the project does not drop it)."""
    copy = node.clone()
    new_parent.insertChildNode(index, copy)
    node.parent().removeChildNode(node)
    return copy


def dissolve_map_groups(project, territory_group):
    """Undo build_map_groups: layer copies removed from the project, the plugin's layers and the user's
    nodes moved back into the territory group, map groups removed. Call before removing or replacing the
    plugin's layers of the group (project_layers.remove_plugin_layers only looks at direct children)."""
    for group in list(map_groups(territory_group).values()):
        position = territory_group.children().index(group)
        for child in list(group.children()):
            layer = child.layer() if isinstance(child, QgsLayerTreeLayer) else None
            if layer is not None and layer.customProperty(COPY_PROPERTY):
                project.removeMapLayer(layer.id())
            else:
                _move(child, territory_group, position)
                position += 1
        territory_group.removeChildNode(group)


def remove_stray_map_groups(project):
    """Map groups that ended up outside a territory group (project_layers.remove_plugin_layers moves the
    groups it finds to the parent when the map groups were not dissolved first): their plugin layers are
    stale, they leave the project; the user's nodes stay where the group was."""
    stray = []

    def walk(node):
        for child in node.children():
            if isinstance(child, QgsLayerTreeGroup):
                if child.customProperty(MAP_PROPERTY) and not child.parent().customProperty(GROUP_PROPERTY):
                    stray.append(child)
                elif not child.customProperty(GROUP_PROPERTY):
                    walk(child)

    walk(project.layerTreeRoot())
    for group in stray:
        parent = group.parent()
        position = parent.children().index(group)
        for child in list(group.children()):
            if _is_plugin_layer(child):
                project.removeMapLayer(child.layerId())
            else:
                _move(child, parent, position)
                position += 1
        parent.removeChildNode(group)
    return len(stray)


def _plugin_layers(territory_group):
    """{GeoPackage layer name: layer} of the plugin's layers directly under the group (first one wins)."""
    layers = {}
    for child in territory_group.children():
        if _is_plugin_layer(child) and not child.layer().customProperty(COPY_PROPERTY):
            layers.setdefault(child.layer().customProperty(LAYER_PROPERTY), child.layer())
    return layers


def build_map_groups(project, territory_group, active=None):
    """Group the territory's layers by map (fiche order) and (re)build the project's map themes.

    Only the maps with at least one of their own layers loaded get a group. `active`: map key or name of
    the theme to apply at the end (default: the first map built). Returns the list of MapDef built."""
    remove_stray_map_groups(project)
    dissolve_map_groups(project, territory_group)
    layers = _plugin_layers(territory_group)
    nodes = {child.layer().id(): child for child in territory_group.children() if _is_plugin_layer(child)}
    built = []
    placed = set()
    for m in MAPS:
        if not any(name in layers for name in m.own_layers):
            continue
        group = territory_group.insertGroup(len(built), m.name)
        group.setCustomProperty(MAP_PROPERTY, m.key)
        for name in m.layers:
            layer = layers.get(name)
            if layer is None:
                continue
            if name in placed:
                copy = layer.clone()
                copy.setCustomProperty(COPY_PROPERTY, m.key)
                project.addMapLayer(copy, False)
                group.addLayer(copy)
            else:
                _move(nodes[layer.id()], group, len(group.children()))
                placed.add(name)
        built.append(m)
    for child in list(territory_group.children()):  # the background under everything, perimeters included
        if _is_plugin_layer(child) and child.layer().customProperty(LAYER_PROPERTY) in BACKGROUND_LAYERS:
            _move(child, territory_group, len(territory_group.children()))
    for child in list(territory_group.children()):  # the territory's outline above every map (no fill hides it)
        if _is_plugin_layer(child) and child.layer().customProperty(LAYER_PROPERTY) == OUTLINE_LAYER:
            _move(child, territory_group, 0)
    update_map_themes(project)
    if built:
        apply_map_theme(project, active or built[0].key)
    return built


def _group_path(node):
    """The group identifier QgsMapThemeCollection uses: names from the root, joined by '/'."""
    names = []
    while node is not None and node.parent() is not None:
        names.insert(0, node.name())
        node = node.parent()
    return "/".join(names)


def _layer_record(layer):
    record = QgsMapThemeCollection.MapThemeLayerRecord(layer)
    record.usingCurrentStyle = True
    record.currentStyle = layer.styleManager().currentStyle()
    return record


def theme_layers(project, key):
    """The layers the theme of map `key` shows, top to bottom, over all territories of the project."""
    m = map_def(key)
    layers = []
    for territory in territory_groups(project):
        group = map_groups(territory).get(m.key)
        if group is None:
            continue
        own = [node.layer() for node in group.findLayers() if node.layer() is not None
               and node.layer().customProperty(LAYER_PROPERTY)]

        def base(names, territory=territory):
            return [child.layer() for child in territory.children()
                    if _is_plugin_layer(child) and child.layer().customProperty(LAYER_PROPERTY) in names]

        below = tuple(name for name in BASE_LAYERS if name != OUTLINE_LAYER)
        layers += base((OUTLINE_LAYER,)) + own + base(below) + base(BACKGROUND_LAYERS)
    return layers


def _new_record(project):
    """An empty theme record that saves the check state of groups. setHasCheckedStateInfo is not in the
    Python API of QGIS 3.22: the record then comes from createThemeFromCurrentState, which sets it."""
    if hasattr(QgsMapThemeCollection.MapThemeRecord, "setHasCheckedStateInfo"):
        record = QgsMapThemeCollection.MapThemeRecord()
        record.setHasCheckedStateInfo(True)
        return record
    model = QgsLayerTreeModel(project.layerTreeRoot())
    record = QgsMapThemeCollection.createThemeFromCurrentState(project.layerTreeRoot(), model)
    del model
    return QgsMapThemeCollection.MapThemeRecord(record)


def _theme_record(project, m):
    checked, expanded = set(), set()
    for territory in territory_groups(project):
        group = map_groups(territory).get(m.key)
        if group is None:
            continue
        node = group
        while node is not None and node.parent() is not None:
            checked.add(_group_path(node))
            node = node.parent()
        expanded.update((_group_path(group), _group_path(territory)))
    layers = theme_layers(project, m.key)
    if not layers:
        return None
    record = _new_record(project)
    record.setLayerRecords([_layer_record(layer) for layer in layers])
    record.setCheckedGroupNodes(checked)
    record.setHasExpandedStateInfo(True)
    record.setExpandedGroupNodes(expanded)
    return record


def update_map_themes(project):
    """One map theme per map present in the project's territory groups; a map no territory has any more
    loses its theme. Returns the names of the themes written."""
    themes = project.mapThemeCollection()
    written = []
    for m in MAPS:
        record = _theme_record(project, m)
        if record is None:
            if themes.hasMapTheme(m.name):
                themes.removeMapTheme(m.name)
            continue
        if themes.hasMapTheme(m.name):
            themes.update(m.name, record)
        else:
            themes.insert(m.name, record)
        written.append(m.name)
    return written


def apply_map_theme(project, key_or_name):
    """Show one map: its theme is applied to the plugin's territory groups only (the user's layers outside
    them keep their visibility). Returns False when the project has no such theme.

    (QgsMapThemeCollection.applyTheme needs the layer tree view's model and applies to a whole tree; the
    record is applied here node by node, which the canvas follows through the layer tree.)"""
    m = map_def(key_or_name)
    themes = project.mapThemeCollection()
    if not themes.hasMapTheme(m.name):
        return False
    record = themes.mapThemeState(m.name)
    visible = {layer_record.layer().id() for layer_record in record.layerRecords()
               if layer_record.layer() is not None}
    checked = set(record.checkedGroupNodes())
    expanded = set(record.expandedGroupNodes())

    def apply(group):
        for child in group.children():
            if isinstance(child, QgsLayerTreeGroup):
                apply(child)
                child.setItemVisibilityChecked(_group_path(child) in checked)
                child.setExpanded(_group_path(child) in expanded)
            elif isinstance(child, QgsLayerTreeLayer):
                child.setItemVisibilityChecked(child.layerId() in visible)

    for territory in territory_groups(project):
        apply(territory)
        if m.key in map_groups(territory):
            territory.setItemVisibilityCheckedParentRecursive(True)
    return True


def active_map(project):
    """Key of the map whose theme matches what the tree shows now, or None."""
    themes = project.mapThemeCollection()
    # (while a project is being read, tree nodes may not have their layer yet)
    visible = {layer.id() for layer in project.layerTreeRoot().checkedLayers() if layer is not None}
    for m in MAPS:
        if themes.hasMapTheme(m.name):
            ids = {layer.id() for layer in themes.mapThemeVisibleLayers(m.name)}
            plugin_visible = {lid for lid in visible
                              if project.mapLayer(lid) is not None
                              and project.mapLayer(lid).customProperty(LAYER_PROPERTY)}
            if ids and ids == plugin_visible:
                return m.key
    return None
