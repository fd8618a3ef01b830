"""The fiche's page templates (styles/fiche/*.qpt): what tools/build_fiche_templates.py writes, the item ids
layers/fiche.py fills, no HTML item (gone in QGIS 4), one font family."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import Qgis

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "styles" / "fiche"
PAGES = ("couverture", "portrait", "energie_consommateurs", "energie_production", "attractivite", "vulnerabilites",
         "recommandations", "synergies", "sources", "carte_absente")
ITEMS = {  # what layers/fiche.py fills on each page
    "couverture": ["lbl_titre", "lbl_identifiant", "tbl_sommaire", "lbl_edition", "lbl_contact", "lbl_reserve",
                   "lbl_pied", "lbl_page"],
    "portrait": ["lbl_presentation", "tbl_chiffres", "lbl_epci", "lbl_logistique", "pic_emplois", "pic_emplois_vide",
                 "lbl_secteurs"],
    "energie_consommateurs": ["lbl_commentaire", "tbl_conso_secteurs", "tbl_conso_secteurs_vide", "lbl_conso_note",
                              "tbl_conso_top", "tbl_conso_top_vide", "lbl_top_note", "lbl_cartes"],
    "energie_production": ["tbl_puissance", "tbl_puissance_vide", "pic_puissance", "lbl_puissance_note",
                           "tbl_reseaux_chaleur", "tbl_reseaux_chaleur_vide", "lbl_rc_note", "tbl_biomethane",
                           "tbl_biomethane_vide", "lbl_bio_note"],
    "attractivite": ["lbl_friches", "tbl_friches", "tbl_friches_vide", "lbl_friches_note", "lbl_decarb",
                     "lbl_avantages"],
    "vulnerabilites": ["lbl_avenir", "lbl_annonce", "lbl_texte"],
    "recommandations": ["lbl_forces", "lbl_faiblesses", "lbl_opportunites", "lbl_menaces", "lbl_synergies"],
    "synergies": ["lbl_heat", "tbl_heat_sources", "tbl_heat_sources_vide", "lbl_heat_sources_note", "tbl_heat_liens",
                  "map_heat", "legend_heat", "scalebar_heat", "north_heat",
                  "lbl_heat_methode"],
    "sources": ["tbl_sources", "lbl_sources_intro", "lbl_sources_fin", "lbl_section"],
    "carte_absente": ["lbl_title", "lbl_subtitle", "lbl_message", "lbl_pied", "lbl_page"],
}
COMMON = ["lbl_territoire", "lbl_pied", "lbl_page"]


def test_committed_templates_are_what_the_generator_writes(tmp_path):
    version = re.search(r' version="([0-9]+\.[0-9]+)', (ROOT / "styles" / "consommateurs.qml").read_text(
        encoding="utf-8"))
    if version is None or not Qgis.QGIS_VERSION.startswith(version.group(1)):
        pytest.skip("templates generated with another QGIS version (as the styles)")
    env = dict(os.environ, QT_HASH_SEED="0", QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_fiche_templates.py"), "--output", str(tmp_path)],
                   env=env, check=True, capture_output=True, timeout=300)
    written = sorted(p.name for p in tmp_path.glob("*.qpt"))
    assert written == sorted(f"{name}.qpt" for name in PAGES)
    for name in written:
        assert (tmp_path / name).read_bytes() == (TEMPLATES / name).read_bytes(), name


@pytest.mark.parametrize("page", PAGES)
def test_templates_have_the_items_the_fiche_fills(qgis_new_project, page):
    from ti_energie.layers.fiche import load_page

    layout = load_page(qgis_new_project, page)
    common = COMMON if page not in ("couverture", "carte_absente") else COMMON[1:]   # their title is the name
    missing = [item for item in ITEMS[page] + common if layout.itemById(item) is None]
    assert missing == []
    size = layout.pageCollection().page(0).pageSize()
    assert (round(size.width()), round(size.height())) == ((297, 210) if page == "carte_absente" else (210, 297))


def test_no_html_item_and_one_font_family():
    for path in TEMPLATES.glob("*.qpt"):
        text = path.read_text(encoding="utf-8")
        assert "LayoutHtml" not in text and 'type="65538"' not in text, path.name   # QgsLayoutItemHtml
        families = set(re.findall(r'(?:font|description)="([A-Za-z ]+),', text)) | \
            set(re.findall(r'<text-style[^>]* fontFamily="([^"]+)"', text))
        assert families <= {"Arial"}, (path.name, families)
