"""The four maps rendered headlessly from their map themes on the Dunkerque-like fixture: legend entries in
the fiche's order, each category drawn with its own symbol (pixels), sizes under control."""

import pytest
from qgis.core import QgsLayerTreeLayer, QgsLayerTreeModel

import maps_fixtures as fx

# Per layer, its legend entries in order once filtered on what the map draws (the fixture has every
# category of docs/layers.md that the fiche shows, plus the additions marked in maps_fixtures).
LAYER_ENTRIES = {
    "Consommateurs": {
        "consommateurs": (["Types de consommateurs", *fx.FICHE_LEGENDS["Consommateurs"][0][1],
                           "Taille des consommateurs", *fx.FICHE_LEGENDS["Consommateurs"][1][1],
                           "Énergie", *fx.FICHE_LEGENDS["Consommateurs"][2][1]]),
        "routes_principales": ["Réseau routier"], "voies_navigables": ["Réseau fluvial"]},
    "Producteurs": {"producteurs": fx.FICHE_LEGENDS["Producteurs"][0][1],
                    "routes_principales": ["Réseau routier"], "voies_navigables": ["Réseau fluvial"]},
    "Réseaux et friches": {"postes_400kv": ["Poste électrique (400 kV)"],
                           "lignes_400kv": ["Réseau électrique (400 kV)"],
                           "reseau_gaz": ["Réseau gaz"], "reseau_h2": ["Réseau hydrogène"],
                           "routes_principales": ["Réseau routier"], "voies_navigables": ["Réseau fluvial"],
                           "friches": fx.FICHE_LEGENDS["Réseaux et friches"][1][1]},
    "Chaleur valorisable": {"chaleur_fatale": fx.FICHE_LEGENDS["Chaleur valorisable"][1][1],
                            "step_chaleur": ["Collectivités", "Industriels"], "reseaux_chaleur": ["Réseau de chaleur"],
                            "routes_principales": ["Réseau routier"], "voies_navigables": ["Réseau fluvial"],
                            "geothermie": fx.FICHE_LEGENDS["Chaleur valorisable"][0][1]},
}
LAYERS_OF_MAP = {  # docs/layers.md, "Map membership", top to bottom
    "Consommateurs": ["consommateurs", "routes_principales", "voies_navigables"],
    "Producteurs": ["producteurs", "routes_principales", "voies_navigables"],
    "Réseaux et friches": ["postes_400kv", "lignes_400kv", "reseau_gaz", "reseau_h2", "routes_principales",
                           "voies_navigables", "friches"],
    "Chaleur valorisable": ["chaleur_fatale", "step_chaleur", "reseaux_chaleur", "routes_principales",
                            "voies_navigables", "geothermie"],
}


@pytest.fixture(scope="module")
def maps(tmp_path_factory, qgis_app):
    project, group, gpkg = fx.project_with_maps(tmp_path_factory.mktemp("maps"))
    renders = {theme: fx.render_theme(project, theme) for theme in fx.FICHE_LEGENDS}
    yield project, group, renders
    project.clear()


def _name(layer):
    return layer.customProperty("ti_energie/layer")


@pytest.mark.parametrize("theme", list(fx.FICHE_LEGENDS))
def test_theme_draws_the_maps_layers_in_order(maps, theme):
    project, _group, _renders = maps
    layers = project.mapThemeCollection().mapThemeVisibleLayers(theme)
    assert [_name(layer) for layer in layers] == ["perimetre"] + LAYERS_OF_MAP[theme] + ["epci", "communes"]


@pytest.mark.parametrize("theme", list(fx.FICHE_LEGENDS))
def test_layer_legends_follow_the_fiche_for_the_drawn_categories(maps, theme):
    """The layer tree's legend, filtered on what the theme draws: each layer's entries in the fiche's order."""
    project, group, renders = maps
    _image, settings = renders[theme]
    model = QgsLayerTreeModel(project.layerTreeRoot())
    model.setLegendFilterByMap(settings)
    map_group = next(g for g in group.children() if g.name() == theme)
    found = {}
    for node in map_group.children():
        assert isinstance(node, QgsLayerTreeLayer)
        labels = [str(n.data(0)) for n in model.layerLegendNodes(node)]
        found[_name(node.layer())] = labels
    assert found == LAYER_ENTRIES[theme]


def test_filtered_legend_drops_categories_the_data_lacks(tmp_path, qgis_app):
    project, group, _gpkg = fx.project_with_maps(
        tmp_path, drop_values={"producteurs": {"Éolien", "Solaire"}, "friches": {"Autre friche"}})
    for theme, layer_name, expected in (
            ("Producteurs", "producteurs", [t for t in fx.FICHE_LEGENDS["Producteurs"][0][1]
                                            if t not in ("Éolien", "Solaire")]),
            ("Réseaux et friches", "friches", ["Friche industrielle", "Friche pour solaire"])):
        _image, settings = fx.render_theme(project, theme)
        model = QgsLayerTreeModel(project.layerTreeRoot())
        model.setLegendFilterByMap(settings)
        node = next(n for n in next(g for g in group.children() if g.name() == theme).children()
                    if _name(n.layer()) == layer_name)
        assert [str(n.data(0)) for n in model.layerLegendNodes(node)] == expected
    project.clear()


def _symbol_colour(layer, label):
    items = [item for item in layer.renderer().legendSymbolItems() if item.label() == label and item.symbol()]
    assert len(items) == 1, f"{_name(layer)} : « {label} »"
    return items[0].symbol().color()


def _layer(project, theme, name):
    return next(layer for layer in project.mapThemeCollection().mapThemeVisibleLayers(theme) if _name(layer) == name)


def _majority(colours, rgb, tolerance=30):
    return sum(fx.close(c, rgb, tolerance) for c in colours) >= (len(colours) + 1) // 2


@pytest.mark.parametrize("theme,layer_name,field_labels", [
    ("Consommateurs", "consommateurs", dict(zip(fx.SECTEURS, fx.FICHE_LEGENDS["Consommateurs"][0][1]))),
    ("Producteurs", "producteurs", dict(zip(fx.TYPES, fx.FICHE_LEGENDS["Producteurs"][0][1]))),
    ("Chaleur valorisable", "chaleur_fatale", dict(zip(fx.CLASSES_T, fx.FICHE_LEGENDS["Chaleur valorisable"][1][1]))),
    ("Chaleur valorisable", "step_chaleur", {"Collectivités": "Collectivités", "Industriels": "Industriels"}),
    ("Réseaux et friches", "postes_400kv", {"Poste électrique (400 kV)": "Poste électrique (400 kV)"}),
])
def test_each_point_category_is_drawn_with_its_symbol(maps, theme, layer_name, field_labels):
    project, _group, renders = maps
    image, settings = renders[theme]
    layer = _layer(project, theme, layer_name)
    colours = {}
    for value, (x, y) in fx.POINTS[layer_name]:
        expected = fx.on_white(_symbol_colour(layer, field_labels[value]))
        got = fx.pixel_colours(image, settings, x, y, radius=1)
        assert _majority(got, expected), f"{value}: {[c.name() for c in got]} ≠ {expected}"
        colours[value] = expected
    assert len(set(colours.values())) == len(colours)  # every category has its own colour


@pytest.mark.parametrize("theme,layer_name,label", [
    ("Consommateurs", "routes_principales", "Réseau routier"),
    ("Consommateurs", "voies_navigables", "Réseau fluvial"),
    ("Réseaux et friches", "lignes_400kv", "Réseau électrique (400 kV)"),
    ("Réseaux et friches", "reseau_gaz", "Réseau gaz"),
    ("Réseaux et friches", "reseau_h2", "Réseau hydrogène"),
    ("Chaleur valorisable", "reseaux_chaleur", "Réseau de chaleur"),
    ("Chaleur valorisable", "routes_principales", "Réseau routier"),
])
def test_each_line_is_drawn_with_its_symbol(maps, theme, layer_name, label):
    project, _group, renders = maps
    image, settings = renders[theme]
    layer = _layer(project, theme, layer_name)
    items = layer.renderer().legendSymbolItems()  # owns the symbols: keep it alive while they are read
    symbol = [item for item in items if item.label() == label][0].symbol()
    top = symbol.symbolLayer(symbol.symbolLayerCount() - 1).color()  # the line drawn last (roads: over a casing)
    y = fx.LINES[layer_name]
    samples = [fx.pixel_colours(image, settings, x, y, radius=0)[0] for x in range(634000, 687000, 1000)]
    share = sum(fx.close(c, fx.on_white(top), 35) for c in samples) / len(samples)
    assert share >= (0.4 if layer_name == "reseau_h2" else 0.75), f"{layer_name}: {share:.0%}"  # h2 is dashed


@pytest.mark.parametrize("theme,layer_name,labels", [
    ("Réseaux et friches", "friches", fx.FICHE_LEGENDS["Réseaux et friches"][1][1]),
    ("Chaleur valorisable", "geothermie", fx.FICHE_LEGENDS["Chaleur valorisable"][0][1]),
])
def test_each_polygon_category_is_drawn_with_its_fill(maps, theme, layer_name, labels):
    project, _group, renders = maps
    image, settings = renders[theme]
    layer = _layer(project, theme, layer_name)
    for (value, (x0, y0, x1, y1)), label in zip(fx.POLYGONS[layer_name], labels):
        expected = fx.on_white(_symbol_colour(layer, label))
        samples = [fx.pixel_colours(image, settings, x0 + (x1 - x0) * fx_, y0 + (y1 - y0) * fy_, radius=0)[0]
                   for fx_ in (0.3, 0.5, 0.7) for fy_ in (0.3, 0.5, 0.7)]
        if value in ("Autre friche", "Non connu"):  # light hatching: background or hatch lines, never white
            assert all(c.name() != "#ffffff" for c in samples), value
        else:
            assert _majority(samples, expected, 25), f"{value}: {[c.name() for c in samples]} ≠ {expected}"


def test_roads_are_drawn_under_the_producers(maps):
    """QGIS draws a layer once, where its first tree node is: each map has its own road layer, so the
    producers are above the roads on the « Producteurs » map too."""
    project, group, _renders = maps
    order = [_name(layer) for layer in project.layerTreeRoot().layerOrder()]
    roads = [i for i, layer in enumerate(project.layerTreeRoot().layerOrder()) if _name(layer) == "routes_principales"]
    assert len(roads) == 4  # one road layer per map
    visible = [_name(layer) for layer in project.mapThemeCollection().mapThemeVisibleLayers("Producteurs")]
    assert visible.index("producteurs") < visible.index("routes_principales")
    assert order.index("producteurs") < roads[1]


def test_gravelines_does_not_cover_the_coast(tmp_path, qgis_app):
    """The 5 400 MW plant is capped to the size of a 1 000 MW one: under 8 mm across at territory scale,
    under 5 mm at region scale."""
    project, _group, _gpkg = fx.project_with_maps(tmp_path, layers={"producteurs"})
    gx, gy = fx.GRAVELINES
    nuclear = fx.on_white(_symbol_colour(_layer(project, "Producteurs", "producteurs"), "Centrale nucléaire"))
    for half_width_m, max_mm in ((30000.0, 8.0), (150000.0, 5.0)):  # 1:~227 000 and 1:~1 130 000 at 1000 px
        extent = (gx - half_width_m, gy - half_width_m, gx + half_width_m, gy + half_width_m)
        image, settings = fx.render_theme(project, "Producteurs", extent=extent)
        width = sum(1 for px in range(image.width()) if fx.close(image.pixelColor(px, image.height() // 2), nuclear))
        mm = width / 96 * 25.4
        assert 1.0 < mm < max_mm, (settings.scale(), mm)
    project.clear()


def test_place_names_stay_inside_their_polygon_and_off_the_symbols(tmp_path, qgis_app):
    """What a new user saw: EPCI names running outside the territory and over the producers' symbols. An
    EPCI drawn around Gravelines, its centre on the plant: its name is placed inside it, beside the symbol."""
    from qgis.core import QgsFeature, QgsGeometry, QgsRectangle

    project, _group, _gpkg = fx.project_with_maps(tmp_path)
    epci = _layer(project, "Producteurs", "epci")
    gx, gy = fx.GRAVELINES
    box = (gx - 3000.0, gy - 3000.0, gx + 3000.0, gy + 3000.0)
    feature = QgsFeature(epci.fields())
    feature["siren"], feature["nom"], feature["type"] = "200000000", "CC Test", "EPCI"
    feature.setGeometry(fx._polygon(*box))
    assert epci.dataProvider().addFeatures([feature])[0]
    _image, settings, results = fx.render_theme(project, "Producteurs", labels=True)
    labels = {label.labelText: label for label in results.allLabels()}
    assert "Gravelines" in labels  # the data's label is placed
    placed = labels["CC Test"]
    rect = QgsGeometry.fromRect(QgsRectangle(placed.labelRect))
    assert QgsGeometry.fromRect(QgsRectangle(*box)).contains(rect)
    symbol_radius = 7.5 / 2 / 1000 * settings.scale()  # the largest producer symbol: 7.5 mm
    assert not rect.intersects(QgsGeometry.fromPointXY(fx.QgsPointXY(gx, gy)).buffer(symbol_radius, 16))
    for name, other in labels.items():  # no place name over another label
        if name != "CC Test":
            assert not rect.intersects(QgsGeometry.fromRect(QgsRectangle(other.labelRect))), name
    project.clear()
