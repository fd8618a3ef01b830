"""The four maps of the regional fiche: their layers (docs/layers.md) and their legend, in the fiche's order.

Pure data, no QGIS: the map themes, the print layouts, the export algorithm and the style generator
(tools/build_styles.py) read it.

A legend section is (title, entries); an entry is (layer name, header) where `header` is the label of the
label-only rule of the layer's style that groups the section's entries (None: all the layer's entries).
"""

from dataclasses import dataclass

# On every map: the territory's outline above the map's own layers (OUTLINE_LAYER), the EPCI and communes
# below them, top to bottom.
BASE_LAYERS = ("perimetre", "epci", "communes")
OUTLINE_LAYER = "perimetre"
# The optional background (IGN « Plan IGN » WMTS), under everything on every map when it is loaded.
BACKGROUND_LAYERS = ("fond_plan_ign",)
# Drawn on every map.
SHARED_LAYERS = ("routes_principales", "voies_navigables")


@dataclass(frozen=True)
class MapDef:
    key: str        # same key as the dock theme (core/themes.py)
    name: str       # layer-tree group, map theme and layout name
    title: str      # subtitle of the printed map
    layers: tuple   # layer names, top to bottom (docs/layers.md, "Map membership")
    legend: tuple   # ((section title, ((layer, header or None), ...)), ...)

    @property
    def own_layers(self):
        """The layers that make this map (not the ones drawn on every map)."""
        return tuple(name for name in self.layers if name not in SHARED_LAYERS)


RESEAUX_FLUVIAL_ROUTIER = (("voies_navigables", None), ("routes_principales", None))

MAPS = (
    MapDef("consommateurs", "Consommateurs", "Carte des consommateurs",
           ("consommateurs", "routes_principales", "voies_navigables"),
           (("Types de consommateurs", (("consommateurs", "Types de consommateurs"),)),
            ("Taille des consommateurs", (("consommateurs", "Taille des consommateurs"),)),
            # not in the fiche: gas and electricity have different shapes, the legend says which
            ("Énergie", (("consommateurs", "Énergie"),)),
            ("Réseaux", RESEAUX_FLUVIAL_ROUTIER))),
    MapDef("producteurs", "Producteurs", "Carte des producteurs",
           ("producteurs", "routes_principales", "voies_navigables"),
           (("Producteurs", (("producteurs", None),)),
            ("Réseaux", RESEAUX_FLUVIAL_ROUTIER))),
    MapDef("reseaux", "Réseaux et friches", "Carte des réseaux et des friches",
           ("postes_400kv", "lignes_400kv", "reseau_gaz", "reseau_h2", "routes_principales", "voies_navigables",
            "friches"),
           (("Réseaux", RESEAUX_FLUVIAL_ROUTIER + (("reseau_gaz", None), ("lignes_400kv", None), ("reseau_h2", None),
                                                   ("postes_400kv", None))),
            ("Friches", (("friches", None),)))),
    MapDef("chaleur", "Chaleur valorisable", "Carte des potentiels de chaleur valorisables",
           ("chaleur_fatale", "step_chaleur", "reseaux_chaleur", "routes_principales", "voies_navigables",
            "geothermie"),
           (("Géothermie de surface", (("geothermie", None),)),
            ("Gisement de chaleur fatale", (("chaleur_fatale", None),)),
            ("Station d'épuration", (("step_chaleur", None),)),
            ("Réseaux", (("routes_principales", None), ("voies_navigables", None), ("reseaux_chaleur", None))))),
)
MAP_KEYS = tuple(m.key for m in MAPS)
# Names of the map images written beside a territory's project (make demo: map_export.write_project).
FILE_NAMES = {"consommateurs": "carte-consommateurs", "producteurs": "carte-producteurs",
              "reseaux": "carte-reseaux-friches", "chaleur": "carte-chaleur"}


def map_def(key_or_name):
    """The map of a key ('producteurs') or a name ('Producteurs'); KeyError otherwise."""
    for item in MAPS:
        if key_or_name in (item.key, item.name):
            return item
    raise KeyError(key_or_name)


# Category values (docs/layers.md) in the fiche's legend order, with their legend label.
SECTEURS = (
    ("Agroalimentaire", "Agroalimentaire"),
    ("Papeterie", "Papeterie"),
    ("Textile", "Textile"),
    ("Métallurgie/sidérurgie", "Métallurgie/sidérurgie"),
    ("Matériels de transport", "Matériels de transport"),
    ("Industrie chimique et pharmaceutique", "Industrie chimique et pharmaceutique"),
    ("Produits minéraux, caoutchouc, plastique", "Produits minéraux, caoutchouc, plastique"),
    ("Biens intermédiaires et d'équipement", "Biens intermédiaires et d'équipement"),
    ("Non publié", "Secteur non publié"),  # not in the fiche: drawn when the data has it
)
CLASSES_CONSO = (
    ("> 10 000 MWh", "> à 10 000 MWh"),
    ("> 50 000 MWh", "> à 50 000 MWh"),
    ("< 10 000 MWh", "< à 10 000 MWh"),      # not in the fiche
    ("Non publié", "Consommation non publiée"),  # not in the fiche
)
ENERGIES = (
    ("Électricité", "Électricité"),
    ("Gaz", "Gaz"),
)
TYPES_PRODUCTEURS = (
    ("Cogénération de biométhane", "Cogénération de biométhane"),
    ("Cogénération de gaz", "Cogénération de gaz"),
    ("Point d'injection de biométhane", "Point d'injection de biométhane"),
    ("Bioénergies", "Bioénergies"),
    ("Thermique non renouvelable", "Thermique non renouvelable"),
    ("Centrale nucléaire", "Centrale nucléaire"),
    ("Éolien", "Éolien"),
    ("Stockage d'électricité", "Stockage d'électricité"),
    ("Solaire", "Solaire"),
    ("Hydraulique", "Hydraulique"),
)
CATEGORIES_FRICHES = (
    ("Friche industrielle", "Friche industrielle"),
    ("Friche pour solaire", "Friche pour solaire"),
    ("Autre friche", "Autre friche"),  # not in the fiche
)
POTENTIELS_GEOTHERMIE = (
    ("Potentiel moyen et faible", "Potentiel moyen et faible"),
    ("Potentiel fort", "Potentiel fort"),
    ("Non connu", "Potentiel non connu"),  # not in the fiche
)
CLASSES_TEMPERATURE = (
    ("< 40 °C", "Chaleur fatale < à 40 °C"),
    ("< 80 °C", "Chaleur fatale < à 80 °C"),
    ("< 100 °C", "Chaleur fatale < à 100 °C"),
    ("< 200 °C", "Chaleur fatale < à 200 °C"),
)
TYPES_STEP = (
    ("Collectivités", "Collectivités"),
    ("Industriels", "Industriels"),
)
# Layers drawn with one legend entry: its label as the fiche writes it.
SINGLE_ENTRY_LABELS = {
    "voies_navigables": "Réseau fluvial",
    "routes_principales": "Réseau routier",
    "reseau_gaz": "Réseau gaz",
    "lignes_400kv": "Réseau électrique (400 kV)",
    "reseau_h2": "Réseau hydrogène",
    "postes_400kv": "Poste électrique (400 kV)",
    "reseaux_chaleur": "Réseau de chaleur",
}
