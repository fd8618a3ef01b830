"""The `emplois` table (INSEE Flores through Melodi's bulk file) and the indicators of `perimetre`, against
a local Melodi stand-in serving the sample of sample_data/insee (a ZIP of the real CSV layout, K cells)."""

import json
import time
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsVectorLayer, QgsWkbTypes

from consumers_fixtures import DUNKERQUE, FLORES, consumers_server, stand_ins  # noqa: F401 (fixture)
from local_server import Fault, Response
from standins_consumers import FLORES_CATALOGUE, FLORES_FILE, MELODI, SAMPLE_FLORES, flores_zip
from ti_energie.core.consumers import SECTEURS
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.territory_loader import load_territory

LABEL = "INSEE – Flores, établissements et effectifs salariés par activité (A38) et tranche d'effectifs"
# hand-computed from sample_data/insee/DS_FLORES_A38_2023_data.csv (the territory's 6 communes of the sample)
EXPECTED = {"effectifs_total": 15977, "effectifs_industrie": 7419, "part_emploi_industriel_pct": 46.4,
            "part_10_premiers_etablissements_pct": 71.0, "nb_cellules_secretes": 5, "annee_emplois": 2023}
EXPECTED_SECTORS = {"Agroalimentaire": 347, "Papeterie": 4, "Textile": 18, "Métallurgie/sidérurgie": 3879,
                    "Matériels de transport": 155, "Industrie chimique et pharmaceutique": 521,
                    "Produits minéraux, caoutchouc, plastique": 64, "Biens intermédiaires et d'équipement": 186}


def _load(tmp_path, name="t.gpkg", cache="cache"):
    return load_territory(DUNKERQUE, ["economie"], tmp_path / name, settings.load_catalogue(), Cache(tmp_path / cache))


def _table(result):
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=emplois", "e", "ogr")
    assert layer.isValid()
    return layer, {(f["code_commune"], f["activite"], f["tranche"]): f for f in layer.getFeatures()}


def _outline(result):
    return next(QgsVectorLayer(f"{result.gpkg_path}|layername=perimetre", "p", "ogr").getFeatures())


def _null(value):
    return value is None or str(value) == "NULL"


def test_jobs_table_of_dunkerque(stand_ins, tmp_path):
    result = _load(tmp_path)
    assert [s.layer_name for s in result.layers] == ["emplois", "perimetre", "epci", "communes"]
    assert not result.warnings
    spec = result.layers[0]
    assert spec.title == "Établissements et effectifs salariés (INSEE Flores) – AA - Dunkerque - Flandre"
    assert spec.provenance["vintage"] == "Flores fin 2023 (DS_FLORES_A38_2023_CSV_FR)"
    layer, rows = _table(result)
    assert layer.wkbType() == QgsWkbTypes.Type.NoGeometry and layer.featureCount() == 126
    assert layer.fields().names()[1:] == ["code_commune", "commune", "activite", "libelle", "tranche", "libelle_tranche",
                                          "etablissements", "effectifs", "secret", "annee", "secteur_fiche"]
    assert {code for code, _a, _t in rows} == {"59183", "59271", "59273", "59359", "59295", "62057"}   # not Lille
    total = rows[("59183", "_T", "_T")]
    assert (total["etablissements"], total["effectifs"], total["secret"], total["annee"]) == (362, 8146, "non", 2023)
    assert total["libelle"] == "Ensemble des activités" and total["libelle_tranche"] == "Ensemble"
    steel = rows[("59271", "CH", "E_GE500")]
    assert steel["effectifs"] == 3050 and steel["libelle_tranche"] == "500 salariés ou plus"
    assert steel["libelle"].startswith("Métallurgie") and steel["secteur_fiche"] == "Métallurgie/sidérurgie"
    assert steel["commune"] == "Grande-Synthe"
    # K: withheld, NULL never 0; the other measure of the row stays
    transport = rows[("59273", "CL", "_T")]
    assert transport["etablissements"] == 2 and _null(transport["effectifs"]) and transport["secret"] == "oui"
    agrifood = rows[("62057", "CA", "_T")]
    assert _null(agrifood["etablissements"]) and _null(agrifood["effectifs"]) and agrifood["secret"] == "oui"
    # W: published, includes a withheld neighbour
    assert rows[("59359", "CE", "E100T199")]["effectifs"] == 350 and rows[("59359", "CE", "E100T199")]["secret"] == "non"
    assert _null(rows[("59183", "GZ", "E1T4")]["secteur_fiche"])   # not manufacturing
    assert sum(1 for f in layer.getFeatures() if f["secret"] == "oui") == 5


def test_indicators_of_the_perimeter_and_the_chart(stand_ins, tmp_path):
    result = _load(tmp_path)
    outline = _outline(result)
    for name, value in EXPECTED.items():
        assert outline[name] == pytest.approx(value), name
    assert json.loads(outline["effectifs_manufacturier_par_secteur"]) == EXPECTED_SECTORS
    perimeter = [s for s in result.layers if s.layer_name == "perimetre"][0]
    assert perimeter.aliases["part_emploi_industriel_pct"] == "Part de l'emploi industriel (%)"
    chart = result.files["graphique_emplois"]
    assert chart == tmp_path / "t_emplois_industrie.svg" and chart.exists()
    root = ET.fromstring(chart.read_text(encoding="utf-8"))
    bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect") if e.get("class") == "barre"]
    assert [(b.get("data-secteur"), int(b.get("data-valeur"))) for b in bars] == \
        [(s, EXPECTED_SECTORS[s]) for s in SECTEURS]
    note = " ".join(t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("font-size") == "10")
    assert "Flores fin 2023" in note and "5 cellule(s) couverte(s) par le secret statistique" in note


def test_the_bulk_file_is_fetched_once_per_vintage(stand_ins, tmp_path):
    _load(tmp_path, "a.gpkg")
    _load(tmp_path, "b.gpkg")
    assert [r for r in stand_ins.requests if r.startswith(MELODI)] == [FLORES_FILE]
    folders = [p for p in (tmp_path / "cache" / "ti_energie" / "derived" / FLORES).iterdir() if p.is_dir()]
    assert len(folders) == 1 and sorted(p.name for p in folders[0].iterdir()) == \
        ["59.csv.gz", "62.csv.gz", "libelles.json"]   # Lille's rows are in 59, the other levels nowhere


def test_the_vintage_is_a_parameter(tmp_path, monkeypatch):
    data = (SAMPLE_FLORES / "DS_FLORES_A38_2023_data.csv").read_text(encoding="utf-8").replace('"2023"', '"2022"')
    with consumers_server(tmp_path, monkeypatch, **{FLORES: {"annee": 2022}}) as (server, _path):
        server.routes[MELODI + "/file/DS_FLORES_A38/DS_FLORES_A38_2022_CSV_FR"] = Response(
            200, flores_zip(name="DS_FLORES_A38_2022", data=data.encode("utf-8")))
        result = _load(tmp_path)
    _layer, rows = _table(result)
    assert {f["annee"] for f in rows.values()} == {2022}
    assert _outline(result)["annee_emplois"] == 2022 and _outline(result)["effectifs_total"] == 15977
    assert result.layers[0].provenance["vintage"] == "Flores fin 2022 (DS_FLORES_A38_2022_CSV_FR)"


def test_an_unknown_file_name_falls_back_on_the_catalogue_at_the_polite_pace(tmp_path, monkeypatch):
    """HTTP 404 on the yearly file: the dataset's catalogue names the CSV file; Melodi allows 30 requests a
    minute: two requests are at least `min_interval_s` apart."""
    times = {}
    with consumers_server(tmp_path, monkeypatch, **{FLORES: {"min_interval_s": 0.4}}) as (server, _path):
        zip_route, catalogue_route = server.routes.pop(FLORES_FILE), server.routes[FLORES_CATALOGUE]
        full = MELODI + "/file/DS_FLORES_A38/DS_FLORES_A38_CSV_FR"

        def timed(route):
            def answer(path, query):
                times.setdefault(path, []).append(time.monotonic())
                return route(path, query) if callable(route) else route
            return answer

        server.routes[FLORES_FILE] = timed(None)
        server.routes[FLORES_CATALOGUE] = timed(catalogue_route)
        server.routes[full] = timed(zip_route)
        result = _load(tmp_path)
    # the catalogue's CSV product is the full-flow file (every vintage): its 2023 rows are used
    assert [r for r in server.requests if r.startswith(MELODI)] == [FLORES_FILE, FLORES_CATALOGUE, full]
    assert _outline(result)["effectifs_total"] == 15977
    assert any("DS_FLORES_A38_2023_CSV_FR introuvable" in w for w in result.warnings), result.warnings
    stamps = sorted(t for values in times.values() for t in values)
    assert len(stamps) >= 3 and all(b - a >= 0.38 for a, b in zip(stamps, stamps[1:]))


@pytest.mark.parametrize("faults", [
    (Fault.status(429, retry_after="0"),),
    (Fault.truncated(announce_length=False), Fault.status(503)),
    (Fault.html(),),
])
def test_transient_faults_are_retried(stand_ins, tmp_path, faults):
    stand_ins.inject(FLORES_FILE, *faults)
    result = _load(tmp_path)
    assert result.layers[0].layer_name == "emplois" and _outline(result)["effectifs_total"] == 15977
    assert len(stand_ins.faults_served) == len(faults)


@pytest.mark.parametrize("payload, message", [
    (Response(200, b"<html><title>Maintenance</title></html>"), "archive ZIP illisible"),
    (Response(500, b"boom"), "HTTP 500"),
    (Response(200, flores_zip(data=b"GEO;OBS_VALUE\n59183;12\n")), "colonne(s) absente(s)"),
])
def test_a_failing_source_keeps_the_perimeter_fields(stand_ins, tmp_path, payload, message):
    stand_ins.routes[FLORES_FILE] = payload
    result = _load(tmp_path)
    assert [s.layer_name for s in result.layers] == ["perimetre", "epci", "communes"]
    assert any(LABEL in w and message in w and "Couche non chargée" in w for w in result.warnings), result.warnings
    outline = _outline(result)
    assert _null(outline["effectifs_total"]) and _null(outline["part_emploi_industriel_pct"])
    assert "graphique_emplois" not in result.files


def test_a_zip_without_the_data_file(stand_ins, tmp_path):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("DS_FLORES_A38_2023_metadata.csv", "COD_VAR;LIB_VAR;COD_MOD;LIB_MOD\n")
    stand_ins.routes[FLORES_FILE] = Response(200, buffer.getvalue())
    result = _load(tmp_path)
    assert any("« …_data.csv » absent de l'archive" in w for w in result.warnings), result.warnings


def test_the_perimeter_has_no_indicator_without_the_theme(stand_ins, tmp_path):
    result = load_territory(DUNKERQUE, [], tmp_path / "t.gpkg", settings.load_catalogue(), Cache(tmp_path / "c"))
    names = QgsVectorLayer(f"{result.gpkg_path}|layername=perimetre", "p", "ogr").fields().names()
    assert "effectifs_total" not in names and "densite_hab_km2" in names and not result.files


def test_catalogue_entry(monkeypatch):
    from ti_energie.layers.catalogue import Catalogue

    monkeypatch.delenv("TI_ENERGIE_CATALOGUE")
    catalogue = Catalogue.load()
    assert catalogue.theme_sources("economie") == [FLORES]
    source = catalogue.source(FLORES)
    assert source["annee"] == 2023 and source["min_interval_s"] >= 2 and source["url"] == "https://api.insee.fr/melodi"
    assert source["layer"] == "emplois" and source["geometry"] == "none"

