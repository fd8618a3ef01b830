"""ti_energie:export_fiche: one territory from its GeoPackage, a batch that goes on past a failing territory (from a
folder and from the cache), the parameters' checks, and a run under qgis_process."""

import pytest
from qgis.core import QgsProcessingException

import fiche_fixtures as fx
from qgis_process_helper import run_qgis_process
from test_fiche_export import pdf_pages



def test_one_territory_from_its_geopackage(provider, tmp_path):
    from qgis import processing

    gpkg = fx.write_fiche_gpkg(tmp_path / "ti-3204.gpkg", "beauvaisis")
    pdf = tmp_path / "sortie" / "beauvaisis.pdf"
    result = processing.run("ti_energie:export_fiche", {"DATA": str(gpkg), "OUTPUT": str(pdf)})
    assert result["FILE_COUNT"] == 1 and result["FAILED_COUNT"] == 0 and result["FILES"] == str(pdf)
    assert result["TEXTS_FILES"] == str(tmp_path / "sortie" / "fiche-beauvaisis-textes.yaml")
    pages = pdf_pages(pdf)
    assert len(pages) == 13 and "Population 103 456 habitants" in pages[1]
    # TERRITORY given with DATA must be that territory
    with pytest.raises(QgsProcessingException, match="ti-3204, pas de « Lens - Hénin »"):
        processing.run("ti_energie:export_fiche", {"TERRITORY": "Lens - Hénin", "DATA": str(gpkg),
                                                   "OUTPUT": str(pdf)})
    with pytest.raises(QgsProcessingException, match="Indiquez un territoire"):
        processing.run("ti_energie:export_fiche", {"OUTPUT": str(pdf)})


def test_batch_goes_on_past_a_failing_territory(provider, tmp_path):
    from qgis import processing

    data = tmp_path / "donnees"
    data.mkdir()
    fx.write_fiche_gpkg(data / "ti-3201.gpkg", "dunkerque")
    fx.write_fiche_gpkg(data / "ti-3204-20260301.gpkg", "beauvaisis")
    (data / "ti-3209.gpkg").write_text("pas un GeoPackage", encoding="utf-8")      # Lens - Hénin: unreadable
    out = tmp_path / "fiches"
    result = processing.run("ti_energie:export_fiche", {
        "TERRITORY": "ti-3201, Lens - Hénin, Beauvaisis, Sud Oise", "DATA_FOLDER": str(data),
        "HEAT_MATCHING": False, "OUTPUT": str(out)})
    assert result["FILE_COUNT"] == 2 and result["FAILED_COUNT"] == 2
    assert sorted(p.name for p in out.glob("*.pdf")) == ["fiche-aa-dunkerque-flandre.pdf", "fiche-beauvaisis.pdf"]
    failed = result["FAILED"].split("\n")
    assert failed[0].startswith("Lens - Hénin : ") and "GeoPackage" in failed[0]
    assert failed[1].startswith("Sud Oise : Aucun GeoPackage du territoire Sud Oise")
    assert sorted(p.name for p in out.glob("*.yaml")) == ["fiche-aa-dunkerque-flandre-textes.yaml",
                                                          "fiche-beauvaisis-textes.yaml"]
    # one texts file for several territories is refused
    texts = out / "fiche-beauvaisis-textes.yaml"
    with pytest.raises(QgsProcessingException, match="Un seul fichier de textes"):
        processing.run("ti_energie:export_fiche", {"TERRITORY": "ti-3201, ti-3204", "DATA_FOLDER": str(data),
                                                   "TEXTS": str(texts), "OUTPUT": str(out)})


def test_batch_from_the_cache_loads_what_is_missing(provider, tmp_path):
    """Dunkerque is in the cache with every layer: read as is. Beauvaisis is not: a load is tried (the test
    catalogue points at a closed port), fails, and is reported while Dunkerque's fiche is written."""
    from qgis import processing
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache

    cache = Cache(settings.cache_dir())
    fx.write_fiche_gpkg(cache.territory_dir() / "ti-3201-20260301-120000-abcd1234.gpkg", "dunkerque")
    out = tmp_path / "fiches"
    result = processing.run("ti_energie:export_fiche", {"TERRITORY": "ti-3201, ti-3204", "OUTPUT": str(out),
                                                        "HEAT_MATCHING": False})
    assert result["FILE_COUNT"] == 1 and result["FAILED_COUNT"] == 1
    assert (out / "fiche-aa-dunkerque-flandre.pdf").exists()
    assert result["FAILED"].startswith("Beauvaisis : ")


def test_texts_folder_for_a_batch(provider, tmp_path):
    from qgis import processing

    data = tmp_path / "donnees"
    data.mkdir()
    fx.write_fiche_gpkg(data / "ti-3201.gpkg", "dunkerque")
    texts = tmp_path / "textes"
    texts.mkdir()
    (texts / "fiche-aa-dunkerque-flandre-textes.yaml").write_text(
        "territoire: ti-3201\nportrait:\n  presentation: Texte venu du dossier des textes.\n", encoding="utf-8")
    result = processing.run("ti_energie:export_fiche", {"TERRITORY": "ti-3201", "DATA_FOLDER": str(data),
                                                        "TEXTS_FOLDER": str(texts), "HEAT_MATCHING": False,
                                                        "OUTPUT": str(tmp_path / "fiches")})
    pages = pdf_pages(result["FILES"])
    assert "Texte venu du dossier des textes." in pages[1]
    assert result["SUGGESTIONS"].endswith(".yaml") and str(texts) in result["SUGGESTIONS"]


def test_export_fiche_under_qgis_process(tmp_path):
    gpkg = fx.write_fiche_gpkg(tmp_path / "ti-3201.gpkg", "dunkerque")
    pdf = tmp_path / "fiche.pdf"
    proc = run_qgis_process(tmp_path, "ti_energie:export_fiche", f"DATA={gpkg}", f"OUTPUT={pdf}")
    assert "FILE_COUNT:\t1" in proc.stdout
    pages = pdf_pages(pdf)
    assert len(pages) == 13 and "Aciérie du port" in pages[11]
    assert (tmp_path / "fiche-aa-dunkerque-flandre-textes.yaml").exists()


def test_help_keeps_the_file_name_patterns():
    """The Processing dialog renders the help as HTML: « <territoire> » must be escaped, not eaten as a tag
    (the dialog showed « fiche--textes.yaml » and « fiche-.pdf »)."""
    from qgis.PyQt.QtGui import QTextDocument

    from ti_energie.processing.alg_export_fiche import ExportFicheAlgorithm

    document = QTextDocument()
    document.setHtml(ExportFicheAlgorithm().shortHelpString())
    shown = document.toPlainText()
    assert "fiche-<territoire>-textes.yaml" in shown and "(fiche-<territoire>.pdf)" in shown
    assert "fiche--" not in shown and "fiche-.pdf" not in shown
