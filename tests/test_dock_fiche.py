"""The dock's « Exporter la fiche »: the selected territory's fiche written in a background task from the cache,
the referents' file beside it; the same button cancels."""

import pytest
from qgis.core import QgsProject, QgsTask

import fiche_fixtures as fx
from gui_fixtures import clean_settings, flush_deletes, gui_iface, wait_until  # noqa: F401 (fixtures)
from test_fiche_export import pdf_pages


@pytest.fixture
def dock(gui_iface, clean_settings, qgis_new_project, monkeypatch, tmp_path):  # noqa: F811
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.ui.dock import TerritoryDock

    # Beauvaisis in the cache with every layer the catalogue's themes write: nothing is fetched
    fx.write_fiche_gpkg(Cache(settings.cache_dir()).territory_dir() / "ti-3204-20260301-0900-aa.gpkg", "beauvaisis")
    asked = []
    pdf = tmp_path / "fiches" / "beauvaisis.pdf"

    def ask(_dock, default):
        asked.append(default)
        return str(pdf)

    monkeypatch.setattr("ti_energie.ui.dock.TerritoryDock.ask_fiche_path", ask)
    widget = TerritoryDock(gui_iface.iface)
    widget.select_territory("ti-3204")
    widget.asked, widget.pdf = asked, pdf
    yield widget
    widget.cleanup()
    widget.deleteLater()
    flush_deletes()
    QgsProject.instance().clear()


def test_export_button_writes_the_fiche(dock):
    assert dock.fiche_button.text() == "Exporter la fiche"
    dock.fiche_button.click()
    assert dock.asked[0].name == "fiche-beauvaisis.pdf"
    assert dock.fiche_task is not None and dock.fiche_button.text() == "Annuler l'export de la fiche"
    wait_until(lambda: dock.fiche_task is None, 120, "fiche exported")
    assert dock.fiche_button.text() == "Exporter la fiche"
    status = dock.status.text()
    assert f"Fiche écrite : {dock.pdf} (13 pages)." in status, status
    assert "fiche-beauvaisis-textes.yaml (modèle créé, à compléter)" in status
    assert dock.progress.value() == 100
    pages = pdf_pages(dock.pdf)
    assert len(pages) == 13 and "CA du Beauvaisis" in pages[1]
    assert (dock.pdf.parent / "fiche-beauvaisis-textes.yaml").exists()


def test_the_button_cancels_a_running_export(dock, monkeypatch):
    import threading

    from ti_energie.layers import fiche

    release = threading.Event()
    real = fiche.read_fiche_data

    def slow(path):
        release.wait(20)
        return real(path)

    monkeypatch.setattr(fiche, "read_fiche_data", slow)
    dock.fiche_button.click()
    task = dock.fiche_task
    running = getattr(QgsTask, "TaskStatus", QgsTask).Running
    wait_until(lambda: task.status() == running, 10, "task running")
    dock.fiche_button.click()                          # « Annuler l'export de la fiche »
    release.set()
    wait_until(lambda: dock.fiche_task is None, 60, "export cancelled")
    assert dock.status.text() == "Export de la fiche annulé."
    assert not dock.pdf.exists()


def test_no_territory_selected(dock):
    dock.territory_list.clearSelection()
    assert dock.export_fiche() is None
    assert "Choisissez d'abord un territoire" in dock.status.text()
