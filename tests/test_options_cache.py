"""« Vider le cache » (options page): asks first, keeps the files the open project reads, says what it did."""

import pytest
from qgis.core import QgsProject, QgsVectorLayer

from gui_fixtures import clean_settings, flush_deletes  # noqa: F401 (fixtures)
from test_outputs import plugin_gpkg


@pytest.fixture
def page(clean_settings, qgis_new_project):  # noqa: F811
    from ti_energie.ui.options import TiEnergieOptionsPage

    widget = TiEnergieOptionsPage()
    widget.questions = []

    def confirm(title, text):
        widget.questions.append((title, text))
        return widget.answer

    widget.answer = True
    widget.confirm = confirm
    yield widget
    widget.deleteLater()
    flush_deletes()
    QgsProject.instance().clear()


@pytest.fixture
def cache(clean_settings):  # noqa: F811
    from ti_energie.layers.cache import Cache

    cache = Cache(clean_settings.cache_dir())
    cache.fetch("geo_api", "https://x/communes", lambda url: b'{"a": 1}')
    cache.fetch("geo_api", "https://x/epci", lambda url: b'{"b": 2}')
    plugin_gpkg(cache.territory_dir() / "ti-3201-20250101-120000-1-1.gpkg")
    plugin_gpkg(cache.territory_dir() / "ti-3201-20250102-120000-1-1.gpkg")
    return cache


def test_asks_first_and_declining_removes_nothing(page, cache):
    before = sorted(cache.dir.rglob("*"))
    page.answer = False
    assert page.clear_cache() is False
    assert sorted(cache.dir.rglob("*")) == before
    (title, text), = page.questions
    assert title == "Vider le cache de TI Énergie"
    assert str(cache.dir) in text and "Rien d'autre n'est supprimé" in text and "6 fichiers" in text
    assert page.clear_status.text() == "Rien n'a été supprimé."


def test_keeps_the_files_open_layers_read(page, cache):
    used = cache.dir / "territoires" / "ti-3201-20250102-120000-1-1.gpkg"
    layer = QgsVectorLayer(f"{used}|layername=perimetre", "Périmètre", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    outside = QgsVectorLayer(f"{plugin_gpkg(cache.dir.parent / 'ailleurs.gpkg')}|layername=perimetre", "x", "ogr")
    QgsProject.instance().addMapLayer(outside)  # not in the cache: not listed

    assert page.clear_cache() is True
    (_title, text), = page.questions
    assert "seront conservés" in text and used.name in text and "ailleurs.gpkg" not in text
    assert used.exists() and layer.featureCount() == 1
    assert not (cache.dir / "territoires" / "ti-3201-20250101-120000-1-1.gpkg").exists()
    assert not list((cache.dir / "http").rglob("*.bin"))
    report = page.clear_status.text()
    assert f"Cache vidé ({cache.dir}) : 5 fichiers supprimés." in report
    assert "Conservés car utilisés par le projet ouvert" in report and used.name in report
    assert page.clear_status.styleSheet() == ""


def test_an_empty_cache_asks_nothing(page, clean_settings):  # noqa: F811
    assert page.clear_cache() is False
    assert page.questions == [] and "déjà vide" in page.clear_status.text()


def test_a_folder_without_the_plugins_mark_is_not_touched(page, clean_settings):  # noqa: F811
    from ti_energie.layers.cache import Cache

    folder = Cache(clean_settings.cache_dir()).dir
    (folder / "http").mkdir(parents=True)
    mine = folder / "http" / "document.txt"
    mine.write_text("à moi", encoding="utf-8")
    assert page.clear_cache() is False
    assert mine.read_text(encoding="utf-8") == "à moi"
    assert "ne porte pas la marque" in page.clear_status.text() and page.clear_status.styleSheet()
