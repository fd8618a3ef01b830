"""A hand-made Dunkerque-like territory GeoPackage with every category of the four maps' legends.

Features sit in Lambert-93 around Dunkerque (x 630–690 km, y 7 055–7 115 km) on a layout chosen so that
no two symbols overlap at the test render size: points in rows, lines horizontal, polygons in the
bottom band. `POINTS`, `LINES` and `POLYGONS` give, per layer, where each category is drawn, for the
pixel checks.
"""

from pathlib import Path

from qgis.core import QgsGeometry, QgsPointXY

EXTENT = (630000.0, 7055000.0, 690000.0, 7115000.0)
TERRITORY_ID = "ti-3201"
TERRITORY_NAME = "Aa – Dunkerque – Flandre"
TERRITORY_SHORT = "AA - Dunkerque - Flandre"

SECTEURS = ["Agroalimentaire", "Papeterie", "Textile", "Métallurgie/sidérurgie", "Matériels de transport",
            "Industrie chimique et pharmaceutique", "Produits minéraux, caoutchouc, plastique",
            "Biens intermédiaires et d'équipement", "Non publié"]
TYPES = ["Cogénération de biométhane", "Cogénération de gaz", "Point d'injection de biométhane", "Bioénergies",
         "Thermique non renouvelable", "Centrale nucléaire", "Éolien", "Stockage d'électricité", "Solaire",
         "Hydraulique"]
CLASSES_T = ["< 40 °C", "< 80 °C", "< 100 °C", "< 200 °C"]

ROW = 7100000.0


def _x(index):
    return 636000.0 + index * 5500.0


def _polygon(x0, y0, x1, y1):
    return QgsGeometry.fromWkt(f"MULTIPOLYGON((({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0})))")


def _hline(y, x0=632000.0, x1=688000.0):
    return QgsGeometry.fromWkt(f"MULTILINESTRING(({x0} {y},{(x0 + x1) / 2} {y},{x1} {y}))")


def _point(x, y):
    return QgsGeometry.fromPointXY(QgsPointXY(x, y))


# Where each category is drawn: layer -> [(value, (x, y))]
POINTS = {
    "consommateurs": [(s, (_x(i), ROW)) for i, s in enumerate(SECTEURS)],
    "producteurs": [(t, (_x(i) - 1500 if i >= 9 else _x(i), ROW + (6000 if i >= 9 else 0)))
                    for i, t in enumerate(TYPES)],
    "chaleur_fatale": [(c, (_x(2 * i), ROW)) for i, c in enumerate(CLASSES_T)],
    "step_chaleur": [("Collectivités", (_x(1), 7107000.0)), ("Industriels", (_x(5), 7107000.0))],
    "postes_400kv": [("Poste électrique (400 kV)", (_x(3), 7108000.0))],
}
LINES = {  # layer -> y of its horizontal line
    "lignes_400kv": 7104000.0, "reseau_gaz": 7096000.0, "reseau_h2": 7092000.0, "reseaux_chaleur": 7094000.0,
    "voies_navigables": 7086000.0, "routes_principales": 7080000.0,
}
ROUTE_NATIONALE_Y = 7076000.0
POLYGONS = {  # layer -> [(value, (x0, y0, x1, y1))]
    "friches": [("Friche industrielle", (640000.0, 7060000.0, 648000.0, 7068000.0)),
                ("Friche pour solaire", (655000.0, 7060000.0, 663000.0, 7068000.0)),
                ("Autre friche", (670000.0, 7060000.0, 678000.0, 7068000.0))],
    "geothermie": [("Potentiel moyen et faible", (632000.0, 7057000.0, 652000.0, 7072000.0)),
                   ("Potentiel fort", (652000.0, 7057000.0, 670000.0, 7072000.0)),
                   ("Non connu", (670000.0, 7057000.0, 688000.0, 7072000.0))],
}
GRAVELINES = (_x(5), ROW)  # the nuclear plant: 5 400 MW

PROVENANCE = {
    "perimetre": ("API Découpage administratif (geo.api.gouv.fr)", "DINUM", "Licence Ouverte 2.0", "2025-01-15"),
    "epci": ("API Découpage administratif (geo.api.gouv.fr)", "DINUM", "Licence Ouverte 2.0", "2025-01-15"),
    "communes": ("API Découpage administratif (geo.api.gouv.fr)", "DINUM", "Licence Ouverte 2.0", "2025-01-15"),
    "consommateurs": ("SDES – Consommations des grands sites industriels", "SDES", "Licence Ouverte 2.0",
                      "2023"),
    "producteurs": ("ODRÉ – Registre national des installations de production", "RTE, Enedis",
                    "Licence Ouverte 2.0", "2024-12-31"),
    "routes_principales": ("IGN – ROUTE 500", "IGN", "Licence Ouverte 2.0", "2021"),
    "voies_navigables": ("VNF – Réseau fluvial", "VNF", "Licence Ouverte 2.0", "2024"),
    "reseau_gaz": ("NaTran – Réseau de transport de gaz", "NaTran", "ODbL", "2024-06-01"),
    "lignes_400kv": ("RTE – Lignes aériennes 400 kV", "RTE", "Licence Ouverte 2.0", "2024-03-01"),
    "postes_400kv": ("RTE – Postes électriques", "RTE", "Licence Ouverte 2.0", "2024-03-01"),
    "reseau_h2": ("Fichier utilisateur – réseau hydrogène", "Utilisateur", "Non précisée", "2025"),
    "friches": ("Cerema – Cartofriches", "Cerema", "Licence Ouverte 2.0", "2025-02-01"),
    "reseaux_chaleur": ("France Chaleur Urbaine – Tracés des réseaux de chaleur", "FCU", "Licence Ouverte 2.0",
                        "2024"),
    "geothermie": ("BRGM – Géothermie de surface", "BRGM", "Licence Ouverte 2.0", "2020"),
    "chaleur_fatale": ("Cerema EnRezo – Chaleur fatale industrielle", "Cerema", "Licence Ouverte 2.0", "2022"),
    "step_chaleur": ("Cerema EnRezo – Chaleur fatale des stations d'épuration", "Cerema", "Licence Ouverte 2.0",
                     "2023"),
}
TITLES = {"perimetre": f"Périmètre – {TERRITORY_SHORT}", "epci": "EPCI", "communes": "Communes",
          "consommateurs": "Consommateurs", "producteurs": "Producteurs", "routes_principales": "Routes principales",
          "voies_navigables": "Voies navigables", "reseau_gaz": "Réseau de gaz", "lignes_400kv": "Lignes 400 kV",
          "postes_400kv": "Postes 400 kV", "reseau_h2": "Réseau hydrogène", "friches": "Friches de plus de 1 ha",
          "reseaux_chaleur": "Réseaux de chaleur", "geothermie": "Géothermie de surface",
          "chaleur_fatale": "Chaleur fatale", "step_chaleur": "STEP – chaleur fatale valorisable"}


def _rows():
    """{layer: (field spec, rows, geometry kind)}"""
    x0, y0, x1, y1 = EXTENT
    xm = (x0 + x1) / 2
    data = {}
    data["perimetre"] = ([("id_ti", "str"), ("nom", "str"), ("nom_court", "str"), ("nb_epci", "int"),
                          ("nb_communes", "int"), ("population", "int"), ("superficie_km2", "double"),
                          ("densite_hab_km2", "double")],
                         [([TERRITORY_ID, TERRITORY_NAME, TERRITORY_SHORT, 2, 4, 378000, 3600.0, 105.0],
                           _polygon(x0 + 1000, y0 + 1000, x1 - 1000, y1 - 1000))], "multipolygon")
    data["epci"] = ([("siren", "str"), ("nom", "str"), ("type", "str"), ("population", "int"),
                     ("nb_communes", "int"), ("superficie_km2", "double")],
                    [(["200040947", "CU de Dunkerque", "EPCI", 190000, 2, 1800.0],
                      _polygon(x0 + 1000, y0 + 1000, xm, y1 - 1000)),
                     (["246200844", "CC de Flandre intérieure", "EPCI", 188000, 2, 1800.0],
                      _polygon(xm, y0 + 1000, x1 - 1000, y1 - 1000))], "multipolygon")
    data["communes"] = ([("insee", "str"), ("nom", "str"), ("population", "int"), ("siren_epci", "str"),
                         ("code_dep", "str"), ("superficie_km2", "double")],
                        [([f"5918{i}", f"Commune {i}", 1000, "200040947" if i < 2 else "246200844", "59", 900.0],
                          _polygon(x0 + 1000 + i * 14500, y0 + 1000, x0 + 1000 + (i + 1) * 14500, y1 - 1000))
                         for i in range(4)], "multipolygon")
    classes = ["> 10 000 MWh", "> 50 000 MWh"]
    data["consommateurs"] = (
        [("nom", "str"), ("code_commune", "str"), ("commune", "str"), ("naf2", "str"), ("secteur", "str"),
         ("energie", "str"), ("conso_mwh", "double"), ("classe_conso", "str"), ("pdl", "str"), ("annee", "int"),
         ("precision", "str"), ("raccordement", "str"), ("source", "str")],
        [([f"Site {i}", "59183", "Dunkerque", "24", s, "Gaz" if i == 4 else "Électricité",
           60000.0 if i % 2 else 20000.0, classes[i % 2], f"PDL{i}", 2023, "adresse", "distribution", "SDES"],
          _point(*xy)) for i, (s, xy) in enumerate(POINTS["consommateurs"])], "point")
    data["producteurs"] = (
        [("nom", "str"), ("type", "str"), ("filiere", "str"), ("puissance_mw", "double"),
         ("energie_gwh_an", "double"), ("code_commune", "str"), ("commune", "str"), ("precision", "str"),
         ("statut", "str"), ("source", "str")],
        [(["Gravelines" if t == "Centrale nucléaire" else f"Centrale {i}", t, t,
           5400.0 if t == "Centrale nucléaire" else 20.0 + i, None, "59273", "Gravelines", "site", "En service",
           "ODRÉ"], _point(*xy)) for i, (t, xy) in enumerate(POINTS["producteurs"])], "point")
    data["postes_400kv"] = ([("nom", "str"), ("code_poste", "str"), ("tension_kv", "int"), ("etat", "str"),
                             ("fonction", "str"), ("source", "str")],
                            [(["Warande", "WARAN", 400, "En service", "Transformation", "RTE"],
                              _point(*POINTS["postes_400kv"][0][1]))], "point")
    data["lignes_400kv"] = ([("nom", "str"), ("tension_kv", "int"), ("etat", "str"), ("source", "str")],
                            [(["Gravelines – Warande", 400, "En service", "RTE"], _hline(LINES["lignes_400kv"]))],
                            "multilinestring")
    data["reseau_gaz"] = ([("operateur", "str"), ("nom", "str"), ("diametre_mm", "double"),
                           ("pression_bar", "double"), ("source", "str")],
                          [(["NaTran", "Artère des Flandres", 900.0, 67.7, "NaTran"], _hline(LINES["reseau_gaz"]))],
                          "multilinestring")
    data["reseau_h2"] = ([("nom", "str"), ("operateur", "str"), ("etat", "str"), ("source", "str")],
                         [(["Hydrogène Dunkerque", "Projet", "En projet", "Utilisateur"],
                           _hline(LINES["reseau_h2"]))], "multilinestring")
    data["reseaux_chaleur"] = ([("identifiant", "str"), ("nom_reseau", "str"), ("livraisons_mwh", "double"),
                                ("temperature_c", "double")],
                               [(["5901C", "Réseau de Dunkerque", 111000.0, 105.0],
                                 _hline(LINES["reseaux_chaleur"]))], "multilinestring")
    data["routes_principales"] = ([("numero", "str"), ("classement", "str"), ("nature", "str")],
                                  [(["A16", "Autoroute", "Type autoroutier"], _hline(LINES["routes_principales"])),
                                   (["N225", "Nationale", "Route à 2 chaussées"], _hline(ROUTE_NATIONALE_Y))],
                                  "multilinestring")
    data["voies_navigables"] = ([("nom", "str"), ("nature", "str")],
                                [(["Canal de Bourbourg", "Canal"], _hline(LINES["voies_navigables"]))],
                                "multilinestring")
    data["friches"] = ([("site_id", "str"), ("site_nom", "str"), ("site_type", "str"), ("site_statut", "str"),
                        ("surface_ha", "double"), ("categorie_fiche", "str")],
                       [([f"F{i}", f"Friche {i}", "friche industrielle", "friche sans projet", 13.0 + i, value],
                         _polygon(*box)) for i, (value, box) in enumerate(POLYGONS["friches"])], "multipolygon")
    data["geothermie"] = ([("potentiel", "str"), ("pot_value", "int")],
                          [([value, 8 - 3 * i], _polygon(*box)) for i, (value, box) in
                           enumerate(POLYGONS["geothermie"])], "multipolygon")
    data["chaleur_fatale"] = ([("identifiant", "str"), ("nom", "str"), ("type_site", "str"),
                               ("chaleur_mwh_an", "double"), ("temperature_c", "double"),
                               ("classe_temperature", "str"), ("code_commune", "str"), ("commune", "str"),
                               ("source", "str")],
                              [([f"CF{i}", f"Usine {i}", "Industrie", 20000.0 * (i + 1), 30.0 + 50 * i, c, "59183",
                                 "Dunkerque", "Cerema"], _point(*xy))
                               for i, (c, xy) in enumerate(POINTS["chaleur_fatale"])], "point")
    data["step_chaleur"] = ([("identifiant", "str"), ("nom", "str"), ("type_step", "str"),
                             ("chaleur_mwh_an", "double"), ("temperature_c", "double"), ("code_insee", "str"),
                             ("commune", "str")],
                            [([f"S{i}", f"STEP {i}", t, 8000.0, 15.0, "59183", "Dunkerque"], _point(*xy))
                             for i, (t, xy) in enumerate(POINTS["step_chaleur"])], "point")
    return data


def write_territory_gpkg(path, layers=None, drop_values=None, territory=None, shift=(0.0, 0.0)):
    """Write the fixture GeoPackage (all layers, or `layers`) with its `sources` table. `drop_values`
    {layer: set of category values} leaves those categories out (legend filtering tests); `territory`
    (id, name, short name) and `shift` (metres) make another territory."""
    from ti_energie.layers.gpkg import MULTILINESTRING, MULTIPOLYGON, POINT, write_layer, write_sources_table
    from ti_energie.layers.territory_loader import LayerSpec

    kinds = {"point": POINT, "multilinestring": MULTILINESTRING, "multipolygon": MULTIPOLYGON}
    category_field = {"consommateurs": "secteur", "producteurs": "type", "friches": "categorie_fiche",
                      "geothermie": "potentiel", "chaleur_fatale": "classe_temperature", "step_chaleur": "type_step"}
    path = Path(path)
    specs = []
    first = True
    for name, (fields, rows, kind) in _rows().items():
        if layers is not None and name not in layers and name != "perimetre":
            continue
        if territory is not None and name == "perimetre":
            rows = [(list(territory) + list(attributes[3:]), geometry) for attributes, geometry in rows]
        if shift != (0.0, 0.0):
            for _attributes, geometry in rows:
                geometry.translate(*shift)
        dropped = (drop_values or {}).get(name, set())
        if dropped:
            index = [f for f, _t in fields].index(category_field[name])
            rows = [row for row in rows if row[0][index] not in dropped]
        write_layer(path, name, fields, rows, kinds[kind], new_file=first)
        first = False
        source, producer, licence, date = PROVENANCE[name]
        provenance = {"source": source, "producer": producer, "licence": licence, "url": "https://example.invalid",
                      "date": date}
        specs.append(LayerSpec(name, TITLES[name], "", provenance))
    write_sources_table(path, specs)
    return path


# The fiche's legends, typed from the regional fiche (seed document), map by map: (section, entries).
# Additions of the plugin, where docs/layers.md has a category the fiche does not draw, are marked:
# they appear only when the data has them (the fixture has every category).
FICHE_LEGENDS = {
    "Consommateurs": [
        ("Types de consommateurs", ["Agroalimentaire", "Papeterie", "Textile", "Métallurgie/sidérurgie",
                                    "Matériels de transport", "Industrie chimique et pharmaceutique",
                                    "Produits minéraux, caoutchouc, plastique",
                                    "Biens intermédiaires et d'équipement",
                                    "Secteur non publié"]),  # addition: secteur « Non publié »
        ("Taille des consommateurs", ["> à 10 000 MWh", "> à 50 000 MWh"]),
        ("Énergie", ["Électricité", "Gaz"]),  # addition: which shape is which energy
        ("Réseaux", ["Réseau fluvial", "Réseau routier"]),
    ],
    "Producteurs": [
        ("Producteurs", ["Cogénération de biométhane", "Cogénération de gaz", "Point d'injection de biométhane",
                         "Bioénergies", "Thermique non renouvelable", "Centrale nucléaire", "Éolien",
                         "Stockage d'électricité",
                         "Solaire", "Hydraulique"]),  # the additions, after the fiche's eight
        ("Réseaux", ["Réseau fluvial", "Réseau routier"]),
    ],
    "Réseaux et friches": [
        ("Réseaux", ["Réseau fluvial", "Réseau routier", "Réseau gaz", "Réseau électrique (400 kV)",
                     "Réseau hydrogène", "Poste électrique (400 kV)"]),
        ("Friches", ["Friche industrielle", "Friche pour solaire",
                     "Autre friche"]),  # addition: categorie_fiche « Autre friche »
    ],
    "Chaleur valorisable": [
        ("Géothermie de surface", ["Potentiel moyen et faible", "Potentiel fort",
                                   "Potentiel non connu"]),  # addition: « Non connu »
        ("Gisement de chaleur fatale", ["Chaleur fatale < à 40 °C", "Chaleur fatale < à 80 °C",
                                        "Chaleur fatale < à 100 °C", "Chaleur fatale < à 200 °C"]),
        ("Station d'épuration", ["Collectivités", "Industriels"]),
        ("Réseaux", ["Réseau routier", "Réseau fluvial", "Réseau de chaleur"]),
    ],
}


def project_with_maps(tmp_path, **gpkg_options):
    """A new QgsProject with the fixture territory loaded as the dock does, grouped by map.
    Returns (project, territory group, GeoPackage path)."""
    from qgis.core import QgsProject
    from ti_energie.layers.map_themes import build_map_groups
    from ti_energie.layers.territory_gpkg import open_in_project

    gpkg = write_territory_gpkg(tmp_path / "ti-3201.gpkg", **gpkg_options)
    project = QgsProject()
    group, _layers = open_in_project(project, gpkg)
    build_map_groups(project, group)
    return project, group, gpkg


def render_theme(project, theme, width=1000, height=1000, extent=EXTENT, labels=False):
    """Render a map theme headlessly: (QImage, QgsMapSettings), plus the labeling results with `labels`."""
    from qgis.core import (QgsCoordinateReferenceSystem, QgsExpressionContext, QgsExpressionContextUtils,
                           QgsMapRendererParallelJob, QgsMapSettings, QgsRectangle)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    themes = project.mapThemeCollection()
    settings = QgsMapSettings()
    settings.setLayers(themes.mapThemeVisibleLayers(theme))
    settings.setLayerStyleOverrides(themes.mapThemeStyleOverrides(theme))
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    settings.setOutputSize(QSize(width, height))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor("white"))
    settings.setExtent(QgsRectangle(*extent))
    # as the canvas and the layouts do: @map_scale and the project's variables for the symbols' expressions
    context = QgsExpressionContext()
    context.appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(None))
    context.appendScope(QgsExpressionContextUtils.mapSettingsScope(settings))
    settings.setExpressionContext(context)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    if labels:
        return job.renderedImage(), settings, job.takeLabelingResults()
    return job.renderedImage(), settings


def pixel_colours(image, settings, x, y, radius=2):
    """Colours of the pixels around map position (x, y): the centre and four neighbours."""
    point = settings.mapToPixel().transform(x, y)
    px, py = int(round(point.x())), int(round(point.y()))
    offsets = ((0, 0), (radius, 0), (-radius, 0), (0, radius), (0, -radius))
    return [image.pixelColor(px + dx, py + dy) for dx, dy in offsets]


def on_white(colour):
    """The colour a (semi-transparent) symbol colour shows on a white background: (r, g, b)."""
    alpha = colour.alphaF()
    return tuple(round(c * alpha + 255 * (1 - alpha)) for c in (colour.red(), colour.green(), colour.blue()))


def close(colour, rgb, tolerance=30):
    return all(abs(a - b) <= tolerance for a, b in zip((colour.red(), colour.green(), colour.blue()), rgb))


def legend_sections(legend):
    """[(group name, [entry labels])] of a layout legend, as printed (after its filter by map)."""
    from qgis.core import QgsLayerTreeGroup, QgsLayerTreeLayer
    from qgis.PyQt.QtCore import Qt

    display = getattr(Qt, "ItemDataRole", Qt).DisplayRole
    sections = []
    for group in legend.model().rootGroup().children():
        if not isinstance(group, QgsLayerTreeGroup):
            continue
        labels = []
        for node in group.children():
            if isinstance(node, QgsLayerTreeLayer):
                labels.extend(str(n.data(display)) for n in legend.model().layerLegendNodes(node))
        if labels:
            sections.append((group.name(), labels))
    return sections


GEOMETRY_TYPES = {"consommateurs": "Point", "producteurs": "Point", "postes_400kv": "Point", "chaleur_fatale": "Point",
                  "step_chaleur": "Point", "reseau_gaz": "MultiLineString", "lignes_400kv": "MultiLineString",
                  "reseau_h2": "MultiLineString", "reseaux_chaleur": "MultiLineString",
                  "routes_principales": "MultiLineString", "voies_navigables": "MultiLineString",
                  "friches": "MultiPolygon", "geothermie": "MultiPolygon", "perimetre": "MultiPolygon",
                  "epci": "MultiPolygon", "communes": "MultiPolygon"}
