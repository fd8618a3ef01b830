"""The themes of the regional fiches, in the order of the dock and of the fiche.

Which sources feed a theme is said by the catalogue (each source's `theme:`, see Catalogue.theme_sources).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    tooltip: str


THEMES = [
    Theme("consommateurs", "Consommateurs",
          "Consommateurs d'énergie par secteur et par taille (gaz et électricité, SDES)"),
    Theme("producteurs", "Producteurs",
          "Producteurs d'énergie par type (électricité, injection de biométhane, méthanisation)"),
    Theme("reseaux", "Réseaux et friches",
          "Réseaux électriques, gaz, chaleur, hydrogène, fluvial, routier et friches de plus de 1 ha"),
    Theme("chaleur", "Chaleur valorisable",
          "Gisements de chaleur fatale, stations d'épuration, ressources géothermiques"),
    Theme("economie", "Économie",
          "Établissements et effectifs salariés par secteur et tranche d'effectifs (INSEE)"),
]
THEME_KEYS = [t.key for t in THEMES]


def theme(key):
    for item in THEMES:
        if item.key == key:
            return item
    raise KeyError(key)
