"""The dock's per-source status list, progress text, cancel and refresh progress, theme boxes."""

import pytest
import yaml
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QGuiApplication

from geo_fixtures import UNREACHABLE, territory_server, write_catalogue
from gui_fixtures import clean_settings, flush_deletes, gui_iface, make_dock, wait_until  # noqa: F401 (fixtures)
from local_server import LocalServer, Response


@pytest.fixture(autouse=True)
def no_folder_question(monkeypatch):
    monkeypatch.setattr("ti_energie.ui.dock.TerritoryDock.ask_folder", lambda _dock, _reason: "")



def _break_source(key):
    """Point one source of the current test catalogue at a closed port."""
    import os
    from pathlib import Path

    path = Path(os.environ["TI_ENERGIE_CATALOGUE"])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"][key]["url"] = f"{UNREACHABLE}/{key}"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")


# --- status list ----------------------------------------------------------------------------------------------

def test_one_row_per_source_with_state_count_and_reason(make_dock, tmp_path, monkeypatch):
    from ti_energie.ui.source_status import ROLE_STATE

    with territory_server(tmp_path, monkeypatch):
        _break_source("odre_biomethane")
        dock = make_dock()
        dock.select_territory("ti-3201")
        assert dock.sources.isHidden()  # nothing loaded yet
        assert dock.load() is not None
        wait_until(lambda: not dock.is_loading(), 60, "end of the load")

    rows = {key: (state, text, tip) for key, state, text, tip in dock.sources.rows()}
    assert list(rows)[0] == "geo_api"  # perimeters first
    from ti_energie.layers import settings

    catalogue = settings.load_catalogue()
    wired = {k for t in ("consommateurs", "producteurs", "reseaux", "chaleur", "economie")
             for k in catalogue.theme_sources(t)}
    assert set(rows) == {"geo_api"} | wired and "odre_biomethane" in wired
    state, text, tip = rows["geo_api"]
    assert state == "ok" and text.endswith(": chargée (122 entités)")
    state, text, tip = rows["odre_biomethane"]
    assert state == "failed" and ": échec" in text and "injoignable" in text  # the state in words, the reason
    assert "injoignable" in tip
    assert rows["odre_production_electricite"][1].endswith(": chargée (10 entités)")
    assert not dock.sources.isHidden()

    # not colour alone: the icon and the word differ too
    items = {dock.sources.item(i).data(ROLE_STATE): dock.sources.item(i) for i in range(dock.sources.count())}
    ok, failed = items["ok"], items["failed"]
    assert not ok.icon().isNull() and not failed.icon().isNull()
    assert ok.icon().cacheKey() != failed.icon().cacheKey()
    assert ok.foreground().color() != failed.foreground().color()

    # the summary stays short; warnings are in a read-only, selectable text box
    assert dock.status.text().splitlines()[0] == "18 couches chargées pour AA - Dunkerque - Flandre"
    assert dock.status.styleSheet() == ""
    assert not dock.warnings_view.isHidden() and dock.warnings_view.isReadOnly()
    assert "Points d'injection de biométhane" in dock.warnings_view.toPlainText()

    # copyable: the whole report, and the selected rows
    dock.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "18 couches chargées" in copied and "État des sources :" in copied and "Avertissements :" in copied
    assert f"- {rows['odre_biomethane'][1]}" in copied
    dock.sources.clearSelection()
    dock.sources.item(0).setSelected(True)
    dock.sources.copy_selection()
    assert QGuiApplication.clipboard().text() == rows["geo_api"][1]


def test_status_rows_and_report_text_without_widgets():
    from ti_energie.layers.status import SourceStatus
    from ti_energie.ui.source_status import report_text, state_help, status_row

    stale = SourceStatus("x", "Source X", "stale", "la source n'a pas répondu, copie en cache utilisée", 3)
    text, tip = status_row(stale)
    assert text == "Source X : copie ancienne (3 entités) – la source n'a pas répondu, copie en cache utilisée"
    assert tip == "Source X : copie ancienne\nla source n'a pas répondu, copie en cache utilisée"
    text, tip = status_row(SourceStatus("y", "Source Y", "not_provided"))
    assert text == "Source Y : fichier à fournir" and tip.endswith(state_help("not_provided"))
    assert all(state_help(s) for s in ("ok", "stale", "incomplete", "failed", "empty", "not_provided"))
    report = report_text("Résumé", [stale], ["attention"])
    assert report.splitlines() == ["Résumé", "", "État des sources :", f"- {stale.text()}", "",
                                   "Avertissements :", "- attention"]


def test_every_row_is_in_view_in_a_narrow_dock(qgis_app):
    """Twenty sources whose reasons wrap over several lines, in a scrolling panel like the dock's, from 220 to
    900 pixels wide: the list is as tall as its rows (the panel scrolls, not the list), follows each change of
    width, and settles (no relayout loop between the rows' wrapping and a scroll bar)."""
    from qgis.PyQt.QtWidgets import QScrollArea, QVBoxLayout, QWidget

    from ti_energie.layers.status import SourceStatus
    from ti_energie.ui.source_status import SourceStatusList

    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget()
    layout = QVBoxLayout(body)
    rows = SourceStatusList(body)
    layout.addWidget(rows)
    layout.addStretch(1)
    scroll.setWidget(body)
    scroll.resize(320, 400)
    scroll.show()
    rows.set_statuses([SourceStatus(f"s{i}", f"Source {i} – un producteur au libellé assez long (data.gouv.fr)",
                                    "stale" if i % 3 else "ok",
                                    "le serveur n'a pas répondu, copie en cache du 12/11 utilisée" if i % 3 else "", 12)
                       for i in range(20)])
    heights = {}
    for width in range(220, 901, 40):
        scroll.resize(width, 400)
        for _round in range(3):
            QGuiApplication.processEvents()
        settled = rows.height()
        QGuiApplication.processEvents()
        assert rows.height() == settled, width  # no relayout loop
        bottoms = [rows.visualItemRect(rows.item(i)).bottom() for i in range(rows.count())]
        assert max(bottoms) <= rows.viewport().height(), width  # every row in view
        heights[width] = settled
    assert heights[220] > 20 * rows.fontMetrics().height() * 1.5  # rows wrapped, all shown
    assert heights[220] > heights[900]  # wider: fewer wrapped lines, a shorter list
    rows.set_statuses([])
    assert rows.isHidden() and rows.maximumHeight() > 10000  # no fixed height left for the next load
    scroll.close()


# --- progress ---------------------------------------------------------------------------------------------------

def test_progress_names_the_source_and_grows(make_dock, tmp_path, monkeypatch):
    with territory_server(tmp_path, monkeypatch, communes_delay=1.0):
        dock = make_dock()
        dock.select_territory("ti-3201")
        values = []
        dock.progress.valueChanged.connect(values.append)
        task = dock.load()
        assert task is not None
        wait_until(lambda: dock.progress_text.text().startswith("Téléchargement : "), 30, "a source named")
        named = dock.progress_text.text()
        wait_until(lambda: not dock.is_loading(), 60, "end of the load")
    assert "EPCI" in named or "geo.api.gouv.fr" in named
    assert task.feedback.progressText()  # the feedback keeps the last text
    assert values[-1] == 100 and any(0 < v < 100 for v in values)
    assert values == sorted(values)  # never goes back
    assert dock.progress_text.text() == ""


def test_load_feedback_signal():
    from ti_energie.layers.feedback import LoadFeedback

    feedback = LoadFeedback()
    seen = []
    feedback.progressTextChanged.connect(seen.append)
    feedback.setProgressText("Téléchargement : A")
    feedback.setProgressText("Téléchargement : A")  # same text: no new signal
    feedback.setProgressText("Téléchargement : B")
    assert seen == ["Téléchargement : A", "Téléchargement : B"]
    assert feedback.progressText() == "Téléchargement : B"
    feedback.setProgress(40)
    assert feedback.progress() == 40


def test_cancel_is_not_an_error(make_dock, tmp_path, monkeypatch):
    with territory_server(tmp_path, monkeypatch, communes_delay=3.0) as server:
        dock = make_dock()
        dock.select_territory("ti-3201")
        assert dock.load() is not None
        wait_until(lambda: any(p.startswith("/communes") for p in server.requests), 10, "a request in flight")
        dock.cancel_button.click()
        wait_until(lambda: not dock.is_loading(), 30, "end of the cancelled task")
    assert dock.status.text() == "Chargement annulé." and dock.status.styleSheet() == ""
    assert dock.progress.value() == 0 and dock.progress_text.text() == ""
    assert dock.sources.count() == 0 and dock.sources.isHidden() and dock.warnings_view.isHidden()


def test_failed_refresh_resets_the_progress_bar(make_dock, tmp_path, monkeypatch):
    from test_territory_catalogue import RESOURCE

    server = LocalServer({RESOURCE: Response(503, b"down")}).start()
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE",
                       str(write_catalogue(tmp_path / "c.yaml", anct_ti_epci=server.url(RESOURCE))))
    try:
        dock = make_dock()
        dock.progress.setValue(100)  # as after a previous load
        assert dock.refresh_catalogue() is not None
        assert dock.progress.maximum() == 0  # busy while downloading
        wait_until(lambda: dock.refresh_task is None, 30, "refresh")
    finally:
        server.stop()
    assert dock.progress.maximum() == 100 and dock.progress.value() == 0
    assert dock.territory_count() == 18 and "conservée" in dock.status.text()


# --- theme boxes ------------------------------------------------------------------------------------------------

def test_themes_without_a_source_are_disabled(make_dock, clean_settings):  # noqa: F811
    from geo_fixtures import UNWIRED_THEMES, unwire

    unwire(*UNWIRED_THEMES)  # « Consommateurs » and « Économie » without a source, as before their connectors
    clean_settings.set_selected_themes(["consommateurs", "producteurs", "economie"])  # saved by an older version
    dock = make_dock()
    for key in ("consommateurs", "economie"):
        box = dock.theme_checks[key]
        assert not box.isEnabled() and not box.isChecked()
        assert "Aucune source de données n'est encore branchée" in box.toolTip()
    for key in ("producteurs", "reseaux", "chaleur"):
        assert dock.theme_checks[key].isEnabled()
    assert "Points d'injection de biométhane" in dock.theme_checks["producteurs"].toolTip()
    assert dock.theme_checks["producteurs"].isChecked() and not dock.theme_checks["reseaux"].isChecked()
    assert dock.selected_themes() == ["producteurs"]


def test_theme_boxes_follow_the_catalogue_when_options_are_applied(make_dock, tmp_path, monkeypatch):
    from geo_fixtures import UNWIRED_THEMES, unwire
    from ti_energie.ui.options import TiEnergieOptionsPage

    unwire(*UNWIRED_THEMES)
    dock = make_dock()
    box = dock.theme_checks["economie"]
    assert not box.isEnabled()
    # a user catalogue wires a source to « Économie »
    user = unwire(*UNWIRED_THEMES, path=write_catalogue(tmp_path / "user.yaml"))
    data = yaml.safe_load(user.read_text(encoding="utf-8"))
    data["sources"]["odre_biomethane"]["theme"] = ["producteurs", "economie"]
    user.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(user))
    page = TiEnergieOptionsPage()
    page.apply()
    assert box.isEnabled() and box.isChecked()  # never chosen before: checked like the other wired themes
    assert "Points d'injection de biométhane" in box.toolTip()

    # the user takes the source off again: the box is disabled and unchecked
    unwire("odre_biomethane", path=user)
    page.apply()
    assert not box.isEnabled() and not box.isChecked()
    # a broken catalogue afterwards: the message is shown, the built-in catalogue decides (it wires all themes)
    (tmp_path / "bad.yaml").write_text("sources: [", encoding="utf-8")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(tmp_path / "bad.yaml"))
    page.apply()
    assert box.isEnabled() and all(b.isEnabled() for b in dock.theme_checks.values())
    assert "Catalogue utilisateur invalide" in dock.status.text() and dock.status.styleSheet()
    page.deleteLater()
