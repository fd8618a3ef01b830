"""Map groups and map themes of the fiche's four maps in the project (layers/map_themes.py)."""

from qgis.core import QgsLayerTreeGroup, QgsLayerTreeLayer, QgsProject, QgsVectorLayer

import maps_fixtures as fx

MAPS = ["Consommateurs", "Producteurs", "Réseaux et friches", "Chaleur valorisable"]


def _tree(group):
    """[(child name, [layer names])] of a territory group."""
    result = []
    for child in group.children():
        if isinstance(child, QgsLayerTreeGroup):
            result.append((child.name(), [n.layer().customProperty("ti_energie/layer") for n in child.findLayers()]))
        else:
            result.append((child.layer().customProperty("ti_energie/layer") or child.name(), None))
    return result


def _visible(project):
    return {layer.customProperty("ti_energie/layer") or layer.name()
            for layer in project.layerTreeRoot().checkedLayers()}


def test_groups_in_fiche_order_with_the_layers_of_docs_layers_md(tmp_path, qgis_app):
    project, group, _gpkg = fx.project_with_maps(tmp_path)
    assert _tree(group) == [
        ("perimetre", None),  # the territory's outline above every map
        ("Consommateurs", ["consommateurs", "routes_principales", "voies_navigables"]),
        ("Producteurs", ["producteurs", "routes_principales", "voies_navigables"]),
        ("Réseaux et friches", ["postes_400kv", "lignes_400kv", "reseau_gaz", "reseau_h2", "routes_principales",
                                "voies_navigables", "friches"]),
        ("Chaleur valorisable", ["chaleur_fatale", "step_chaleur", "reseaux_chaleur", "routes_principales",
                                 "voies_navigables", "geothermie"]),
        ("epci", None), ("communes", None)]
    assert sorted(project.mapThemeCollection().mapThemes()) == sorted(MAPS)
    # a shared layer: one map layer per group, same source and style, the copies marked
    roads = [n.layer() for n in group.findLayers()
             if n.layer().customProperty("ti_energie/layer") == "routes_principales"]
    assert len({layer.id() for layer in roads}) == 4
    assert len({layer.source() for layer in roads}) == 1
    assert [bool(layer.customProperty("ti_energie/map_copy")) for layer in roads] == [False, True, True, True]
    assert all(layer.customProperty("ti_energie/source") == "IGN – ROUTE 500" for layer in roads)
    assert all(layer.renderer().rootRule().children()[0].label() == "Réseau routier" for layer in roads)
    project.clear()


def test_switching_maps_shows_one_map_and_leaves_the_users_layers_alone(tmp_path, qgis_app):
    from ti_energie.layers.map_themes import active_map, apply_map_theme

    project, group, _gpkg = fx.project_with_maps(tmp_path)
    mine = QgsVectorLayer("Point?crs=EPSG:2154", "ma couche", "memory")
    project.addMapLayer(mine)
    project.layerTreeRoot().findLayer(mine.id()).setItemVisibilityChecked(False)
    assert active_map(project) == "consommateurs"  # the first map is shown after building
    base = {"perimetre", "epci", "communes"}
    for key, name, own in (("producteurs", "Producteurs", {"producteurs"}),
                           ("reseaux", "Réseaux et friches", {"postes_400kv", "lignes_400kv", "reseau_gaz",
                                                              "reseau_h2", "friches"}),
                           ("chaleur", "Chaleur valorisable", {"chaleur_fatale", "step_chaleur", "reseaux_chaleur",
                                                               "geothermie"}),
                           ("consommateurs", "Consommateurs", {"consommateurs"})):
        assert apply_map_theme(project, name)
        assert _visible(project) == own | base | {"routes_principales", "voies_navigables"}
        assert active_map(project) == key
        checked_groups = [g.name() for g in group.children() if isinstance(g, QgsLayerTreeGroup) and g.isVisible()]
        assert checked_groups == [name]
    assert not project.layerTreeRoot().findLayer(mine.id()).isVisible()  # untouched
    project.layerTreeRoot().findLayer(mine.id()).setItemVisibilityChecked(True)
    apply_map_theme(project, "producteurs")
    assert project.layerTreeRoot().findLayer(mine.id()).isVisible()
    project.clear()


def test_building_again_is_idempotent_and_keeps_the_users_layers(tmp_path, qgis_app):
    from ti_energie.layers.map_themes import build_map_groups

    project, group, _gpkg = fx.project_with_maps(tmp_path)
    before_layers = len(project.mapLayers())
    before_tree = _tree(group)
    # the user drops a layer of their own into a map group, and one next to the territory group
    inside = QgsVectorLayer("Point?crs=EPSG:2154", "dans le groupe", "memory")
    outside = QgsVectorLayer("Point?crs=EPSG:2154", "à côté", "memory")
    project.addMapLayers([inside, outside], False)
    next(g for g in group.children() if g.name() == "Producteurs").addLayer(inside)
    project.layerTreeRoot().addLayer(outside)
    build_map_groups(project, group)
    build_map_groups(project, group, active="Chaleur valorisable")
    assert len(project.mapLayers()) == before_layers + 2  # no copy left behind, no user layer lost
    assert sorted(project.mapThemeCollection().mapThemes()) == sorted(MAPS)
    tree = _tree(group)
    assert [item for item in tree if item[0] != "dans le groupe"] == before_tree
    assert ("dans le groupe", None) in tree  # moved to the territory group
    assert project.layerTreeRoot().findLayer(outside.id()).parent() is project.layerTreeRoot()
    assert _visible(project) >= {"chaleur_fatale", "geothermie"} and "consommateurs" not in _visible(project)
    project.clear()


def test_only_loaded_maps_get_a_group_and_a_theme(tmp_path, qgis_app):
    project, group, _gpkg = fx.project_with_maps(tmp_path, layers={"epci", "communes", "producteurs", "friches",
                                                                   "routes_principales"})
    assert [name for name, layers in _tree(group) if layers is not None] == ["Producteurs", "Réseaux et friches"]
    assert sorted(project.mapThemeCollection().mapThemes()) == ["Producteurs", "Réseaux et friches"]
    assert [lay.customProperty("ti_energie/layer")
            for lay in project.mapThemeCollection().mapThemeVisibleLayers("Réseaux et friches")] == [
        "perimetre", "routes_principales", "friches", "epci", "communes"]
    project.clear()


def test_reloading_a_territory_after_dissolving_its_groups(tmp_path, qgis_app):
    """What the dock's reload must do: dissolve the map groups, then replace the plugin's layers."""
    from ti_energie.layers.map_themes import build_map_groups, dissolve_map_groups
    from ti_energie.layers.territory_gpkg import open_in_project

    project, group, gpkg = fx.project_with_maps(tmp_path)
    count = len(project.mapLayers())
    dissolve_map_groups(project, group)
    assert all(isinstance(child, QgsLayerTreeLayer) for child in group.children())
    group, _layers = open_in_project(project, gpkg)  # replaces the plugin's layers of the same group
    build_map_groups(project, group)
    assert len(project.mapLayers()) == count
    assert len([g for g in project.layerTreeRoot().children() if isinstance(g, QgsLayerTreeGroup)]) == 1
    assert sorted(project.mapThemeCollection().mapThemes()) == sorted(MAPS)
    project.clear()


def test_themes_groups_and_copies_survive_saving_and_reopening_the_project(tmp_path, qgis_app):
    from ti_energie.layers.map_themes import apply_map_theme, map_groups, territory_groups

    project, group, _gpkg = fx.project_with_maps(tmp_path)
    themes = project.mapThemeCollection()
    expected = {name: [lay.customProperty("ti_energie/layer") for lay in themes.mapThemeVisibleLayers(name)]
                for name in MAPS}
    path = tmp_path / "projet.qgz"
    assert project.write(str(path))
    project.clear()
    reopened = QgsProject()
    assert reopened.read(str(path))
    themes = reopened.mapThemeCollection()
    assert sorted(themes.mapThemes()) == sorted(MAPS)
    for name in MAPS:
        layers = themes.mapThemeVisibleLayers(name)
        assert [lay.customProperty("ti_energie/layer") for lay in layers] == expected[name]
        assert all(lay.isValid() for lay in layers)
    (territory,) = territory_groups(reopened)
    assert list(map_groups(territory)) == ["consommateurs", "producteurs", "reseaux", "chaleur"]
    assert apply_map_theme(reopened, "Réseaux et friches")
    assert "friches" in _visible(reopened) and "producteurs" not in _visible(reopened)
    reopened.clear()


def test_a_loaded_background_goes_under_every_map(tmp_path, qgis_app):
    """The optional « Plan IGN » background: a plugin layer `fond_plan_ign` of the territory group (a vector
    stand-in here: the WMTS needs the network)."""
    from ti_energie.layers.layouts import sources_text
    from ti_energie.layers.map_themes import build_map_groups, theme_layers

    project, group, _gpkg = fx.project_with_maps(tmp_path)
    background = QgsVectorLayer("Polygon?crs=EPSG:2154", "Plan IGN", "memory")
    for key, value in (("layer", "fond_plan_ign"), ("source", "IGN Géoplateforme – Plan IGN (WMTS)"),
                       ("licence", "Licence Ouverte 2.0"), ("date", "2025-03-01")):
        background.setCustomProperty(f"ti_energie/{key}", value)
    project.addMapLayer(background, False)
    group.addLayer(background)
    build_map_groups(project, group)
    for name in MAPS:
        layers = project.mapThemeCollection().mapThemeVisibleLayers(name)
        assert layers[-1].id() == background.id()
    assert "IGN Géoplateforme – Plan IGN (WMTS) (Licence Ouverte 2.0, données du 01/03/2025)" in sources_text(
        theme_layers(project, "producteurs"))
    project.clear()


def test_a_reload_that_forgot_to_dissolve_leaves_nothing_behind(tmp_path, qgis_app):
    """project_layers.remove_plugin_layers moves sub-groups out of the territory group: building the maps
    again removes those stale groups and their layers (the user's layers inside are kept)."""
    from ti_energie.layers.map_themes import build_map_groups
    from ti_energie.layers.territory_gpkg import open_in_project

    project, group, gpkg = fx.project_with_maps(tmp_path)
    count = len(project.mapLayers())
    mine = QgsVectorLayer("Point?crs=EPSG:2154", "à moi", "memory")
    project.addMapLayer(mine, False)
    next(g for g in group.children() if g.name() == "Producteurs").addLayer(mine)
    from ti_energie.layers.project_layers import remove_plugin_layers

    remove_plugin_layers(project, group)  # a reload that forgot to dissolve the map groups first
    assert len([g for g in project.layerTreeRoot().children() if isinstance(g, QgsLayerTreeGroup)]) > 1
    group, _layers = open_in_project(project, gpkg)
    build_map_groups(project, group)
    assert [g.name() for g in project.layerTreeRoot().children() if isinstance(g, QgsLayerTreeGroup)] == [
        "AA - Dunkerque - Flandre"]
    assert len(project.mapLayers()) == count + 1
    assert project.layerTreeRoot().findLayer(mine.id()) is not None
    assert sorted(project.mapThemeCollection().mapThemes()) == sorted(MAPS)
    project.clear()
