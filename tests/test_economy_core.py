"""Economy indicators (core/economy.py) on hand-made tables, and the jobs chart (SVG)."""

import json
import xml.etree.ElementTree as ET

import pytest

from ti_energie.core import economy
from ti_energie.core.consumers import COULEURS_SECTEURS, SECTEURS, load_naf_table

A38 = load_naf_table().a38_secteurs()


def r(commune, activite, tranche, etablissements, effectifs, secret=False):
    return {"code_commune": commune, "activite": activite, "tranche": tranche, "etablissements": etablissements,
            "effectifs": effectifs, "secret": "oui" if secret else "non", "annee": 2023}


# Commune A: 20 establishments, 1 000 jobs. Commune B: 6 establishments, 300 jobs, two withheld cells.
TABLE = [
    r("A", "_T", "_T", 20, 1000), r("A", "_T", "E_GE500", 1, 600), r("A", "_T", "E100T199", 2, 250),
    r("A", "_T", "E10T19", 2, 100), r("A", "_T", "E5T9", 3, 20), r("A", "_T", "E1T4", 12, 30),
    r("A", "CH", "_T", 1, 600), r("A", "CH", "E_GE500", 1, 600),
    r("A", "CA", "_T", 3, 260), r("A", "CA", "E100T199", 1, 160), r("A", "CA", "E10T19", 2, 100),
    r("A", "DZ", "_T", 1, 90), r("A", "DZ", "E100T199", 1, 90),
    r("A", "GZ", "_T", 15, 50), r("A", "GZ", "E5T9", 3, 20), r("A", "GZ", "E1T4", 12, 30),
    r("B", "_T", "_T", 6, 300), r("B", "_T", "E100T199", 1, 130), r("B", "_T", "E50T99", 2, 150),
    r("B", "_T", "E1T4", 3, 20),
    r("B", "CL", "_T", 2, None, secret=True), r("B", "CL", "E50T99", 1, 70), r("B", "CL", "E100T199", 1, 130),
    r("B", "CE", "_T", 1, 80), r("B", "CE", "E50T99", 1, 80),
    r("B", "CB", "_T", None, None, secret=True),
    r("B", "FZ", "_T", 3, 20), r("B", "FZ", "E1T4", 3, 20),
]


def test_indicators_computed_by_hand():
    values = economy.indicators(TABLE, A38)
    assert values["effectifs_total"] == 1300                     # 1 000 + 300: the _T × _T rows only
    # A: CH 600 + CA 260 + DZ 90; B: CL 200 (its total is withheld: its two size classes) + CE 80; CB withheld
    assert values["effectifs_industrie"] == 1230
    assert values["part_emploi_industriel_pct"] == pytest.approx(94.6)
    sectors = json.loads(values["effectifs_manufacturier_par_secteur"])
    assert list(sectors) == list(SECTEURS)
    assert sectors == {"Agroalimentaire": 260, "Papeterie": 0, "Textile": 0, "Métallurgie/sidérurgie": 600,
                       "Matériels de transport": 200, "Industrie chimique et pharmaceutique": 80,
                       "Produits minéraux, caoutchouc, plastique": 0, "Biens intermédiaires et d'équipement": 0}
    # 10 largest: 1 of 500+ (600), 3 of 100–199 (380), 2 of 50–99 (150), 2 of 10–19 (100), then 2 of the 3 of
    # 5–9 at their average (20 × 2 / 3): 1 243.3 of 1 300 jobs
    assert values["part_10_premiers_etablissements_pct"] == pytest.approx(95.6)
    assert values["nb_cellules_secretes"] == 2 and values["annee_emplois"] == 2023


def test_totals_are_never_added_to_their_detail_rows():
    naive = sum(row["effectifs"] or 0 for row in TABLE)
    assert naive > 3 * economy.indicators(TABLE, A38)["effectifs_total"]
    # a commune whose only rows are totals counts once; detail rows alone (no total) count once
    only_totals = [r("C", "_T", "_T", 4, 40), r("C", "CA", "_T", 4, 40)]
    only_details = [r("D", "CA", "E1T4", 2, 5), r("D", "CA", "E5T9", 1, 6)]
    assert economy.indicators(only_totals, A38)["effectifs_total"] == 40
    assert economy.indicators(only_totals, A38)["effectifs_industrie"] == 40
    values = economy.indicators(only_details, A38)
    assert values["effectifs_total"] == 11 and values["effectifs_industrie"] == 11


def test_a_withheld_class_that_counts_gives_no_concentration_figure():
    withheld = [dict(row) for row in TABLE]
    for row in withheld:
        if (row["code_commune"], row["activite"], row["tranche"]) == ("B", "_T", "E100T199"):
            row.update(etablissements=None, effectifs=None, secret="oui")
    assert economy.indicators(withheld, A38)["part_10_premiers_etablissements_pct"] is None
    # a withheld cell in a class the 10 largest do not reach changes nothing
    small = [dict(row) for row in TABLE]
    for row in small:
        if (row["code_commune"], row["activite"], row["tranche"]) == ("B", "_T", "E1T4"):
            row.update(etablissements=None, effectifs=None, secret="oui")
    assert economy.indicators(small, A38)["part_10_premiers_etablissements_pct"] == pytest.approx(95.6)


def test_empty_table():
    values = economy.indicators([], A38)
    assert values["effectifs_total"] is None and values["part_emploi_industriel_pct"] is None
    assert values["part_10_premiers_etablissements_pct"] is None and values["nb_cellules_secretes"] == 0


@pytest.mark.parametrize("status, value, secret, number", [
    ("K", "", True, None), ("A", "12", False, 12), ("W", "350", False, 350), ("A", "", True, None),
    ("k", "", True, None), ("A", "1 234", False, 1234), ("A", "12.0", False, 12), (None, None, True, None),
])
def test_insee_status_and_values(status, value, secret, number):
    assert economy.is_secret(status, value) is secret
    assert economy.number(value) == number


def test_chart_bars_in_the_legend_order_and_colours():
    values = {"Agroalimentaire": 260, "Métallurgie/sidérurgie": 600, "Matériels de transport": 200}
    svg = economy.svg_chart(values, "Effectifs", "3 cellules secrètes", "Dunkerque & Flandre d'« Aa »")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    bars = [e for e in root.iter(f"{ns}rect") if e.get("class") == "barre"]
    assert [b.get("data-secteur") for b in bars] == list(SECTEURS)
    assert [int(b.get("data-valeur")) for b in bars] == [260, 0, 0, 600, 200, 0, 0, 0]
    assert [b.get("fill") for b in bars] == [COULEURS_SECTEURS[s] for s in SECTEURS]
    widths = {b.get("data-secteur"): float(b.get("width")) for b in bars}
    assert widths["Métallurgie/sidérurgie"] == pytest.approx(3 * widths["Matériels de transport"], rel=1e-3)
    assert widths["Papeterie"] == 0
    texts = " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "Dunkerque & Flandre d'« Aa »" in texts and "3 cellules secrètes" in texts
    assert "1\u202f060 salariés" in texts


def test_chart_renders(tmp_path):
    """The SVG is drawable by Qt (as the fiche's layout will draw it): coloured bars on white."""
    from qgis.PyQt.QtCore import QByteArray
    from qgis.PyQt.QtGui import QColor, QImage, QPainter
    from qgis.PyQt.QtSvg import QSvgRenderer

    svg = economy.svg_chart({"Métallurgie/sidérurgie": 100}, "Test")
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    assert renderer.isValid()
    image = QImage(720, int(renderer.defaultSize().height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    y = 56 + 3 * 32 + 11   # the middle of the fourth bar (Métallurgie/sidérurgie)
    assert image.pixelColor(320, y).name() == COULEURS_SECTEURS["Métallurgie/sidérurgie"].lower()
    assert image.pixelColor(320, 56 + 11).name() == "#ffffff"   # Agroalimentaire: 0, no bar
