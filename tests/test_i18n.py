"""English translation (i18n/ti_energie_en.ts): every user-facing string has one, the .ts compiles without
lrelease (core/qm.py) into a .qm QTranslator reads as it reads lrelease's, the package ships the .qm, and the
layers the plugin styles show their names, legends and aliases in English under an English translator while
the fiche's maps stay French."""

import shutil
import subprocess
import zipfile

import pytest
from qgis.core import QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

import build_translations
import maps_fixtures as fx
import package

TS = build_translations.I18N / "ti_energie_en.ts"


def _translate(text):
    return QCoreApplication.translate("TiEnergie", text)


@pytest.fixture
def english(tmp_path, qgis_app):
    """The plugin's English translation installed (compiled by core/qm.py), removed afterwards."""
    from ti_energie.core.qm import compile_ts

    qm = tmp_path / "ti_energie_en.qm"
    compile_ts(TS, qm)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)
    assert _translate("Charger") == "Charger"


# --- completeness -------------------------------------------------------------------------------------------

def test_every_user_facing_string_has_an_english_translation():
    wanted = build_translations.wanted_strings()
    # tr() strings of the dock, the options page, the algorithms and the messages of layers/, the catalogue's
    # titles and aliases, the legend labels of the styles
    assert len(wanted) > 700
    assert {"Charger", "Appariement sources / puits de chaleur", "Liens de chaleur", "Agroalimentaire",
            "Types de consommateurs", "Énergie reçue (MWh/an)", "Friches de plus de 1 ha",
            "Source « {} » : {}"} <= wanted
    assert build_translations.missing_strings(TS, wanted) == []
    assert build_translations.check() == 0


def test_the_check_reports_a_string_without_translation(tmp_path):
    """A message removed from the .ts, a translation left empty and a new tr() string are all reported."""
    content = TS.read_text(encoding="utf-8")
    removed = "    <message>\n        <source>Liens de chaleur</source>\n        <translation>Heat links</translation>\n" \
              "    </message>\n"
    assert removed in content
    content = content.replace(removed, "")
    emptied = "<source>Agroalimentaire</source>\n        <translation>Food industry</translation>"
    assert emptied in content
    content = content.replace(emptied, "<source>Agroalimentaire</source>\n        <translation type=\"unfinished\">"
                                       "</translation>")
    broken = tmp_path / "ti_energie_en.ts"
    broken.write_text(content, encoding="utf-8")
    module = tmp_path / "new_message.py"
    module.write_text('from .core.i18n import tr\n\nMESSAGE = tr("Une phrase toute neuve sans traduction.")\n',
                      encoding="utf-8")
    wanted = build_translations.wanted_strings() | build_translations.source_strings((str(module),))
    assert build_translations.missing_strings(broken, wanted) == [
        "Agroalimentaire", "Liens de chaleur", "Une phrase toute neuve sans traduction."]


def test_placeholders_are_kept_by_every_translation():
    import string

    from ti_energie.core.qm import read_ts

    def fields(text):
        return sorted((name or "", spec or "", conv or "") for _lit, name, spec, conv in string.Formatter().parse(text)
                      if name is not None)

    wrong = [(source, translation) for _context, source, _comment, translation in read_ts(TS)
             if "{" in source + translation and fields(source) != fields(translation)]
    assert wrong == []


# --- compiled translations ----------------------------------------------------------------------------------

def test_pure_python_compiler_gives_every_translation(tmp_path, qgis_app):
    from ti_energie.core.qm import compile_ts, read_ts

    qm = tmp_path / "python.qm"
    data = compile_ts(TS, qm)
    assert data == qm.read_bytes() and data.startswith(package.QM_MAGIC)
    messages = read_ts(TS)
    assert len(messages) > 700
    compilers = [qm]
    lrelease = build_translations.find_lrelease()
    if lrelease:  # the reference compiler, when installed: same answers
        subprocess.run([lrelease, "-silent", str(TS), "-qm", str(tmp_path / "lrelease.qm")], check=True)
        compilers.append(tmp_path / "lrelease.qm")
    for path in compilers:
        translator = QTranslator()
        assert translator.load(str(path)), path
        assert translator.language() == "en"
        QCoreApplication.installTranslator(translator)
        try:
            wrong = [source for context, source, _comment, translation in messages
                     if QCoreApplication.translate(context, source) != translation]
            assert wrong == [], path
            assert _translate("Une phrase sans traduction") == "Une phrase sans traduction"
        finally:
            QCoreApplication.removeTranslator(translator)


def test_plugin_compiles_the_ts_when_no_qm_is_shipped(tmp_path, monkeypatch, qgis_app):
    from ti_energie import plugin as plugin_module

    monkeypatch.setattr(plugin_module, "I18N_DIR", tmp_path)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    assert plugin_module.translation_file("en") is None  # no .ts for the language: no translation
    shutil.copy(TS, tmp_path / TS.name)
    compiled = plugin_module.translation_file("en")
    assert compiled is not None and compiled.parent == tmp_path / "tmp" / "ti_energie-i18n"
    translator = QTranslator()
    assert translator.load(str(compiled))
    QCoreApplication.installTranslator(translator)
    try:
        assert _translate("Charger") == "Load"
    finally:
        QCoreApplication.removeTranslator(translator)
    qm = (tmp_path / TS.name).with_suffix(".qm")  # a .qm at least as new as the .ts is used as is
    qm.write_bytes(compiled.read_bytes())
    assert plugin_module.translation_file("en") == qm


def test_package_compiles_the_translations_without_lrelease(tmp_path, monkeypatch):
    root = tmp_path / "plugin"
    (root / "i18n").mkdir(parents=True)
    (root / "core").mkdir()
    shutil.copy(TS, root / "i18n" / TS.name)
    shutil.copy(build_translations.ROOT / "core" / "qm.py", root / "core" / "qm.py")
    monkeypatch.setattr(package.shutil, "which", lambda _name: None)
    written = package.compile_translations(root, echo=lambda _text: None)
    assert written == [root / "i18n" / "ti_energie_en.qm"]
    assert written[0].read_bytes().startswith(package.QM_MAGIC)


def test_package_refuses_a_ts_without_its_qm(tmp_path):
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ti_energie/i18n/ti_energie_en.ts", TS.read_bytes())
        archive.writestr("ti_energie/i18n/ti_energie_de.ts", TS.read_bytes())
        archive.writestr("ti_energie/i18n/ti_energie_de.qm", b"not a qm")
    with zipfile.ZipFile(path) as archive:
        problems = package._check_translations(archive, archive.namelist())
    assert sorted(problems) == ["'ti_energie/i18n/ti_energie_de.qm' is not a compiled Qt translation",
                        "translation 'ti_energie/i18n/ti_energie_en.ts' without its compiled "
                        "'ti_energie/i18n/ti_energie_en.qm'"]


# --- layers -------------------------------------------------------------------------------------------------

def _result(gpkg):
    from ti_energie.core.territories import Territory
    from ti_energie.layers.territory_gpkg import layer_specs
    from ti_energie.layers.territory_loader import LoadResult

    territory = Territory(fx.TERRITORY_ID, fx.TERRITORY_NAME, fx.TERRITORY_SHORT, ())
    return LoadResult(territory=territory, gpkg_path=gpkg, layers=layer_specs(gpkg))


def _legend_labels(layer):
    return [item.label() for item in layer.renderer().legendSymbolItems()]


def test_layer_names_and_legends_in_english(tmp_path, english):
    from ti_energie.layers.layouts import legend_indices
    from ti_energie.layers.project_layers import make_layer

    gpkg = fx.write_territory_gpkg(tmp_path / "ti-3201.gpkg")
    result = _result(gpkg)
    specs = {spec.layer_name: spec for spec in result.layers}
    consumers = specs["consommateurs"]
    consumers.title = f"Consommateurs d'énergie de l'industrie – {fx.TERRITORY_SHORT} (incomplète)"
    layer = make_layer(result, consumers)
    assert layer.name() == f"Industrial energy consumers – {fx.TERRITORY_SHORT} (incomplete)"
    labels = _legend_labels(layer)
    assert {"Types of consumers", "Food industry", "Paper industry", "> 10,000 MWh", "Electricity",
            "Gas"} <= set(labels)
    assert not {"Types de consommateurs", "Agroalimentaire", "Gaz"} & set(labels)
    # the fiche's legend sections find their entries in a translated legend (maps exported from the dock)
    french = make_layer(result, consumers, translate=False)
    assert "Types de consommateurs" in _legend_labels(french)
    assert legend_indices(layer, "Types de consommateurs") == legend_indices(french, "Types de consommateurs")
    assert len(legend_indices(layer, "Types de consommateurs")) >= 9
    perimeter = make_layer(result, specs["perimetre"])
    assert perimeter.name() == f"Perimeter – {fx.TERRITORY_SHORT}"
    friches = make_layer(result, specs["friches"])
    assert friches.name() == "Brownfields over 1 ha"
    assert "Industrial brownfield" in _legend_labels(friches)
    # a title the .ts does not know keeps its French (a user catalogue's own layer)
    specs["geothermie"].title = f"Ma couche à moi – {fx.TERRITORY_SHORT}"
    assert make_layer(result, specs["geothermie"]).name() == f"Ma couche à moi – {fx.TERRITORY_SHORT}"


def test_the_fiche_maps_stay_french_under_an_english_translator(tmp_path, english):
    from qgis.core import QgsProject
    from ti_energie.layers.territory_gpkg import open_in_project

    gpkg = fx.write_territory_gpkg(tmp_path / "ti-3201.gpkg", layers={"consommateurs"})
    project = QgsProject()
    _group, layers = open_in_project(project, gpkg)
    consumers = next(layer for layer in layers if layer.name() == fx.TITLES["consommateurs"])
    assert {"Types de consommateurs", "Agroalimentaire"} <= set(_legend_labels(consumers))
    project.clear()


def test_styles_embedded_in_the_geopackage_follow_the_ui_language(tmp_path, english):
    from ti_energie.layers.territory_gpkg import embed_styles

    gpkg = fx.write_territory_gpkg(tmp_path / "ti-3201.gpkg", layers={"consommateurs"})
    assert "consommateurs" in embed_styles(gpkg, names=["consommateurs"],
                                           aliases={"consommateurs": {"secteur": "Secteur"}})
    layer = QgsVectorLayer(f"{gpkg}|layername=consommateurs", "c", "ogr")  # loads the embedded default style
    assert "Food industry" in _legend_labels(layer)
    assert layer.attributeDisplayName(layer.fields().indexOf("secteur")) == "Sector"


def test_heat_matching_outputs_in_english(english):
    from ti_energie.processing.alg_heat_matching import HeatMatchingAlgorithm, status_labels
    from ti_energie.processing.heat_styles import apply_style

    layer = QgsVectorLayer("Point?crs=EPSG:2154&field=used_mwh:double&field=status:string", "s", "memory")
    apply_style(layer, "heat_sources.qml")
    legend = layer.renderer().dataDefinedSizeLegend()
    assert legend is not None and legend.title() == "Available energy"
    assert [c.label for c in legend.classes()] == ["1,000 MWh/yr", "10,000 MWh/yr", "50,000 MWh/yr"]
    assert {"Source used", "Source not used"} <= set(_legend_labels(layer))
    assert layer.attributeDisplayName(0) == "Energy used (MWh/yr)"
    sinks = QgsVectorLayer("Polygon?crs=EPSG:2154&field=coverage_pct:double", "p", "memory")
    apply_style(sinks, "heat_sinks.qml")
    assert _legend_labels(sinks)[0] == "not supplied"
    algorithm = HeatMatchingAlgorithm()
    algorithm.initAlgorithm()
    assert algorithm.displayName() == "Match heat sources and heat sinks" and algorithm.group() == "Heat"
    assert algorithm.parameterDefinition("MAX_DISTANCE_M").description() == "Maximum distance (m)"
    assert "<p>Matches waste-heat sources" in algorithm.shortHelpString()
    assert "Apparie" not in algorithm.shortHelpString()
    assert "no sink within reach" in status_labels("source").values()


def test_messages_in_english(english):
    from ti_energie.core.errors import CancelledError, SourceError
    from ti_energie.layers.status import SourceStatus

    # the connectors write SourceError(label, tr("…")): both parts in English
    assert str(SourceError("Cerema", _translate("réponse invalide après téléchargement."))) == \
        "Source « Cerema »: invalid answer after download."
    assert str(CancelledError()) == "Operation cancelled by the user."
    status = SourceStatus("friches", "Friches (Cerema)", SourceStatus.EMPTY, "", 2)
    assert status.text() == "Friches (Cerema): empty (2 features)"
