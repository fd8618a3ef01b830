"""End to end: Dunkerque loaded by the real loader from the local stand-ins of the sources (all themes), then its
fiche. The figures in the PDF are those of the GeoPackage the loader wrote; a layer no connector writes gives a
marked section."""

import sqlite3

from geo_fixtures import geo_server  # noqa: F401 (fixture)
from test_fiche_export import pdf_pages


def test_fiche_of_a_territory_loaded_from_the_sources(geo_server, tmp_path):  # noqa: F811
    from ti_energie.core.fiche_facts import fr_number
    from ti_energie.core.territories import load_builtin
    from ti_energie.core.themes import THEME_KEYS
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.fiche import export_fiche
    from ti_energie.layers.territory_loader import load_territory

    territory = load_builtin().get("ti-3201")
    loaded = load_territory(territory, list(THEME_KEYS), tmp_path / "ti-3201.gpkg", settings.load_catalogue(),
                            Cache(settings.cache_dir()))
    with sqlite3.connect(str(loaded.gpkg_path)) as db:
        population, communes = db.execute("SELECT population, nb_communes FROM perimetre").fetchone()
        friches = db.execute("SELECT count(*) FROM friches").fetchone()[0]
        layers = [row[0] for row in db.execute("SELECT couche FROM sources")]
        # the electric total: the producers by type when the loader wrote them, else the register by filière
        table = "producteurs" if "producteurs" in layers else "production_electricite"
        megawatts = db.execute(f"SELECT sum(puissance_mw) FROM {table}").fetchone()[0]  # nosec B608 - fixed names
    result = export_fiche(loaded.gpkg_path, tmp_path / "fiche.pdf")
    pages = pdf_pages(result.pdf)
    # 12 pages, then the sources table over as many pages as its rows need (the stand-ins' long addresses: 2)
    assert result.pages == len(pages) >= 13
    assert all(f"{number} / {result.pages}" in page for number, page in enumerate(pages, start=1))
    assert f"Population {fr_number(population)} habitants".replace("\u202f", " ") in pages[1]
    assert f"Communes {communes}" in pages[1] and "EPCI 4" in pages[1]
    assert f"{friches} friche" in pages[8]
    total = fr_number(megawatts, 1 if megawatts < 10 else 0).replace("\u202f", " ")
    assert "Total" in pages[3] and total in pages[3]
    assert ("Par filière du registre national" in pages[3]) == (table == "production_electricite")
    sources = " ".join(pages[12:])
    with sqlite3.connect(str(loaded.gpkg_path)) as db:
        names = [row[0] for row in db.execute("SELECT source FROM sources")]
    assert len(layers) >= 8
    for name in names:
        assert " ".join(name.split()) in sources, name
