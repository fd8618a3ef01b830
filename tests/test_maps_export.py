"""ti_energie:export_maps: the fiche's maps as PDF / PNG, from a given or cached GeoPackage, one territory or an
atlas of several, through Processing and under qgis_process."""

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException
from qgis.PyQt.QtGui import QImage

import maps_fixtures as fx
from qgis_process_helper import run_qgis_process
from test_maps_layouts import pdf_text

LILLE = ("ti-3213", "SCOT Lille Métropole", "SCOT Lille Métropole")



def test_export_of_one_territory_from_its_geopackage(provider, tmp_path):
    from qgis import processing

    gpkg = fx.write_territory_gpkg(tmp_path / "dunkerque.gpkg")
    result = processing.run("ti_energie:export_maps", {"TERRITORY": "", "GEOPACKAGE": str(gpkg), "MAPS": [0, 1, 2, 3],
                                                       "FORMAT": 0, "OUTPUT": str(tmp_path / "cartes")})
    names = ["ti-3201_consommateurs.pdf", "ti-3201_producteurs.pdf", "ti-3201_reseaux.pdf", "ti-3201_chaleur.pdf"]
    assert result["FILE_COUNT"] == 4
    assert [p.rsplit("/", 1)[-1] for p in result["FILES"].split("\n")] == names
    text = pdf_text(tmp_path / "cartes" / "ti-3201_reseaux.pdf")
    assert "AA - Dunkerque - Flandre" in text and "Carte des réseaux et des friches" in text
    assert "Friche pour solaire" in text and "Poste électrique (400 kV)" in text
    assert "NaTran – Réseau de transport de gaz (ODbL, données du 01/06/2024)" in text


def test_atlas_of_several_territories_one_pdf_per_map(provider, tmp_path):
    from qgis import processing

    data = tmp_path / "donnees"
    data.mkdir()
    fx.write_territory_gpkg(data / "ti-3201.gpkg")
    fx.write_territory_gpkg(data / "ti-3213-20250101-1.gpkg", territory=LILLE, shift=(70000.0, 0.0))
    result = processing.run("ti_energie:export_maps", {"TERRITORY": "ti-3201; SCOT Lille Métropole",
                                                       "DATA_FOLDER": str(data), "MAPS": [1], "FORMAT": 0,
                                                       "OUTPUT": str(tmp_path / "cartes")})
    (pdf,) = [p for p in result["FILES"].split("\n")]
    assert pdf.endswith("territoires_producteurs.pdf")
    pages = pdf_text_pages(pdf)
    assert len(pages) == 2
    assert "AA - Dunkerque - Flandre" in pages[0] and "SCOT Lille Métropole" in pages[1]
    for page in pages:
        assert "Carte des producteurs" in page and "Centrale nucléaire" in page and "Réseau routier" in page
        assert "ODRÉ – Registre national des installations de production" in page


def pdf_text_pages(path):
    pdf_text(path)  # skips without pdftotext
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(unicodedata.normalize("NFKC", page).split()) for page in text.split("\f") if page.strip()]


def test_png_per_territory_and_map(provider, tmp_path):
    from qgis import processing

    data = tmp_path / "donnees"
    data.mkdir()
    fx.write_territory_gpkg(data / "ti-3201.gpkg")
    fx.write_territory_gpkg(data / "ti-3213.gpkg", territory=LILLE, shift=(70000.0, 0.0))
    result = processing.run("ti_energie:export_maps", {"TERRITORY": "ti-3201,ti-3213", "DATA_FOLDER": str(data),
                                                       "MAPS": [0, 3], "FORMAT": 1, "DPI": 100,
                                                       "OUTPUT": str(tmp_path / "png")})
    files = sorted(p.rsplit("/", 1)[-1] for p in result["FILES"].split("\n"))
    assert files == ["ti-3201_chaleur.png", "ti-3201_consommateurs.png", "ti-3213_chaleur.png",
                     "ti-3213_consommateurs.png"]
    image = QImage(str(tmp_path / "png" / "ti-3213_chaleur.png"))
    assert abs(image.width() - round(297 / 25.4 * 100)) <= 2 and abs(image.height() - round(210 / 25.4 * 100)) <= 2
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # a drawn map, not an empty page


def test_cached_geopackage_is_used_without_network(provider, tmp_path):
    """No GEOPACKAGE nor DATA_FOLDER: the newest GeoPackage of the territory in the cache (the catalogue of
    the tests points every source at a closed port: a download would fail)."""
    from qgis import processing
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache

    folder = Cache(settings.cache_dir()).territory_dir()
    fx.write_territory_gpkg(folder / "ti-3201-20250101-120000-1.gpkg")
    result = processing.run("ti_energie:export_maps", {"TERRITORY": "AA - Dunkerque - Flandre", "MAPS": [2],
                                                       "FORMAT": 0, "OUTPUT": str(tmp_path / "cartes")})
    assert result["FILE_COUNT"] == 1
    assert "Friche industrielle" in pdf_text(tmp_path / "cartes" / "ti-3201_reseaux.pdf")


def test_territory_without_data_is_loaded_first_and_errors_are_clear(provider, tmp_path):
    from qgis import processing

    with pytest.raises(QgsProcessingException) as err:  # sources unreachable in tests: the load fails cleanly
        processing.run("ti_energie:export_maps", {"TERRITORY": "ti-3201", "DATA_FOLDER": str(tmp_path),
                                                  "MAPS": [1], "FORMAT": 0, "OUTPUT": str(tmp_path / "cartes")})
    assert "Traceback" not in str(err.value) and "geo.api.gouv.fr" in str(err.value)
    gpkg = fx.write_territory_gpkg(tmp_path / "dunkerque.gpkg")
    with pytest.raises(QgsProcessingException, match="ti-3201, pas de « SCOT Lille Métropole »"):
        processing.run("ti_energie:export_maps", {"TERRITORY": "SCOT Lille Métropole", "GEOPACKAGE": str(gpkg),
                                                  "MAPS": [1], "FORMAT": 0, "OUTPUT": str(tmp_path / "cartes")})
    with pytest.raises(QgsProcessingException, match="inconnu"):
        processing.run("ti_energie:export_maps", {"TERRITORY": "Atlantide", "MAPS": [1], "FORMAT": 0,
                                                  "OUTPUT": str(tmp_path / "cartes")})


def test_map_without_its_layers_is_skipped_with_a_warning(provider, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.errors = []

        def reportError(self, error, fatalError=False):  # noqa: N802,N803
            self.errors.append(error)

    gpkg = fx.write_territory_gpkg(tmp_path / "t.gpkg", layers={"epci", "communes", "producteurs"})
    feedback = Feedback()
    result = processing.run("ti_energie:export_maps", {"GEOPACKAGE": str(gpkg), "MAPS": [0, 1], "FORMAT": 0,
                                                       "OUTPUT": str(tmp_path / "cartes")}, feedback=feedback)
    assert result["FILE_COUNT"] == 1 and result["FILES"].endswith("ti-3201_producteurs.pdf")
    assert any("Consommateurs" in message and "non exportée" in message for message in feedback.errors)


def test_export_maps_under_qgis_process(tmp_path):
    gpkg = fx.write_territory_gpkg(tmp_path / "dunkerque.gpkg")
    out = tmp_path / "cartes"
    proc = run_qgis_process(tmp_path, "ti_energie:export_maps", f"GEOPACKAGE={gpkg}", "MAPS=0,3",
                            "FORMAT=0", f"OUTPUT={out}")
    assert "FILE_COUNT:\t2" in proc.stdout
    text = pdf_text(out / "ti-3201_chaleur.pdf")
    assert "Carte des potentiels de chaleur valorisables" in text and "Potentiel fort" in text
    assert (out / "ti-3201_consommateurs.pdf").stat().st_size > 10000


def test_demo_project_reopens_with_its_themes_and_layouts(tmp_path, qgis_app):
    """What make demo writes: the project of a territory (themes, layouts) and the four maps as PNG."""
    from qgis.core import QgsProject
    from ti_energie.layers.map_export import export_layout, write_project

    folder = tmp_path / "demo-output"
    folder.mkdir()
    gpkg = fx.write_territory_gpkg(folder / "ti-3201.gpkg")
    pngs = write_project(gpkg, folder / "ti-3201.qgz", png_folder=folder)
    assert sorted(p.name for p in pngs) == ["carte-chaleur.png", "carte-consommateurs.png", "carte-producteurs.png",
                                            "carte-reseaux-friches.png"]
    moved = tmp_path / "ailleurs"
    shutil.copytree(folder, moved)  # relative paths: the folder can move
    project = QgsProject()
    assert project.read(str(moved / "ti-3201.qgz"))
    themes = sorted(project.mapThemeCollection().mapThemes())
    assert themes == ["Chaleur valorisable", "Consommateurs", "Producteurs", "Réseaux et friches"]
    assert all(layer.isValid() and str(moved) in layer.source() for layer in project.mapLayers().values())
    layouts = sorted(layout.name() for layout in project.layoutManager().printLayouts())
    assert layouts == sorted(f"AA - Dunkerque - Flandre – {name}" for name in
                             ("Consommateurs", "Producteurs", "Réseaux et friches", "Chaleur valorisable"))
    layout = project.layoutManager().layoutByName("AA - Dunkerque - Flandre – Producteurs")
    export_layout(layout, tmp_path / "rouvert.pdf")
    assert "Centrale nucléaire" in pdf_text(tmp_path / "rouvert.pdf")
    project.clear()


def test_demo_writes_the_maps_it_can_and_names_the_others(tmp_path, qgis_app):
    """tools/demo.py's write_maps on a territory without consumers: three maps, a note for the fourth, no
    stale image of an earlier run; the saved project reopens with those three themes and layouts."""
    from demo import write_maps
    from qgis.core import QgsProject

    out = tmp_path / "demo-output"
    out.mkdir()
    (out / "carte-consommateurs.png").write_bytes(b"earlier run")
    names = [name for name in fx.TITLES if name != "consommateurs"]
    gpkg = fx.write_territory_gpkg(out / "ti-3201.gpkg", layers=names)
    summary = write_maps(gpkg, out, "ti-3201")
    assert summary["projet_qgis"] == str(out / "ti-3201.qgz")
    assert [Path(p).name for p in summary["cartes_png"]] == ["carte-producteurs.png", "carte-reseaux-friches.png",
                                                             "carte-chaleur.png"]
    assert summary["cartes_non_produites"] == [
        "Consommateurs : aucune de ses couches n'est encore chargée, carte non produite"]
    assert not (out / "carte-consommateurs.png").exists()
    assert all((out / name).stat().st_size > 20000 for name in ("carte-producteurs.png", "carte-chaleur.png"))
    project = QgsProject()
    assert project.read(str(out / "ti-3201.qgz"))
    assert sorted(project.mapThemeCollection().mapThemes()) == ["Chaleur valorisable", "Producteurs",
                                                                "Réseaux et friches"]
    assert sorted(layout.name() for layout in project.layoutManager().printLayouts()) == [
        f"AA - Dunkerque - Flandre – {name}" for name in ("Chaleur valorisable", "Producteurs",
                                                          "Réseaux et friches")]
    project.clear()

