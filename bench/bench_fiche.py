"""Benchmark of ti_energie:export_fiche: one fiche, then the batch of the 18 territories, from the cache.

Synthetic GeoPackages, one per territory of the built-in catalogue, with every layer of docs/layers.md at the
size of a large territory (120 communes, 500 consumers, 400 producers, 300 register points, 80 brownfields,
60 waste-heat sources, 30 wastewater plants, 6 heat networks, 100 geothermal polygons, 10 roads in 400
sections, 5 waterways in 100 sections, 5 000 rows of jobs…),
written into a temporary cache folder: nothing is fetched (the catalogue points every source at a closed local
port, so a missing layer would fail fast instead of reaching the Internet). The fiches go to a temporary folder.

Prints the time of one fiche (Processing, heat matching on), the time of the batch of 18 (« tous »), the time
per phase of the first fiche, and the peak memory (RSS). Goals: one fiche < 10 s, the batch < 3 minutes.

Usage: python bench/bench_fiche.py [--territories 18] [--keep FOLDER]
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from qgis_env import start_qgis, stop_qgis  # noqa: E402

SECTEURS = ["Agroalimentaire", "Papeterie", "Textile", "Métallurgie/sidérurgie", "Matériels de transport",
            "Industrie chimique et pharmaceutique", "Produits minéraux, caoutchouc, plastique",
            "Biens intermédiaires et d'équipement", "Non publié"]
TYPES = ["Cogénération de biométhane", "Cogénération de gaz", "Point d'injection de biométhane", "Bioénergies",
         "Thermique non renouvelable", "Éolien", "Stockage d'électricité", "Solaire", "Hydraulique"]


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _box(x0, y0, x1, y1):
    from qgis.core import QgsGeometry

    return QgsGeometry.fromWkt(f"MULTIPOLYGON((({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0})))")


def _line(points):
    from qgis.core import QgsGeometry

    return QgsGeometry.fromWkt("MULTILINESTRING((" + ",".join(f"{x:.1f} {y:.1f}" for x, y in points) + "))")


def _pt(x, y):
    from qgis.core import QgsGeometry, QgsPointXY

    return QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y)))


def write_territory(path, territory, index, rng):
    """A synthetic territory GeoPackage with every layer of the contract and its `sources` table."""
    from ti_energie.core.economy import CHAMPS_INDICATEURS
    from ti_energie.layers.gpkg import MULTILINESTRING, MULTIPOLYGON, POINT, write_layer, write_sources_table
    from ti_energie.layers.territory_loader import LayerSpec

    x0, y0 = 600000.0 + (index % 6) * 60000.0, 6900000.0 + (index // 6) * 60000.0
    size = 50000.0

    def pts(n):
        return rng.uniform([x0, y0], [x0 + size, y0 + size], (n, 2))

    layers = {}
    by_sector = {s: int(rng.integers(0, 5000)) for s in SECTEURS[:8]}
    layers["perimetre"] = ([("id_ti", "str"), ("nom", "str"), ("nom_court", "str"), ("nb_epci", "int"),
                            ("nb_communes", "int"), ("population", "int"), ("superficie_km2", "double"),
                            ("densite_hab_km2", "double")] + [(n, k) for n, k, _a in CHAMPS_INDICATEURS],
                           [([territory.id, territory.name, territory.short_name, 4, 120, 250000, 2500.0, 100.0,
                              90000, 20000, 22.2, json.dumps(by_sector, ensure_ascii=False), 35.0, 12, 2023],
                             _box(x0, y0, x0 + size, y0 + size))], MULTIPOLYGON)
    layers["epci"] = ([("siren", "str"), ("nom", "str"), ("type", "str"), ("population", "int"),
                       ("nb_communes", "int"), ("superficie_km2", "double")],
                      [([f"2000000{i}", f"EPCI {i}", "EPCI", 62500, 30, 625.0],
                        _box(x0 + i * size / 4, y0, x0 + (i + 1) * size / 4, y0 + size)) for i in range(4)],
                      MULTIPOLYGON)
    step = size / 11
    layers["communes"] = ([("insee", "str"), ("nom", "str"), ("population", "int"), ("siren_epci", "str"),
                           ("code_dep", "str"), ("superficie_km2", "double")],
                          [([f"{59000 + i}", f"Commune {i}", 2000, f"2000000{min(3, (i % 11) // 3)}", "59", 21.0],
                            _box(x0 + (i % 11) * step, y0 + (i // 11) * step, x0 + (i % 11 + 1) * step,
                                 y0 + (i // 11 + 1) * step)) for i in range(120)], MULTIPOLYGON)
    xy = pts(500)
    conso = rng.lognormal(9.5, 1.5, 500)
    layers["consommateurs"] = (
        [("nom", "str"), ("code_commune", "str"), ("commune", "str"), ("naf2", "str"), ("secteur", "str"),
         ("energie", "str"), ("conso_mwh", "double"), ("classe_conso", "str"), ("pdl", "str"), ("annee", "int"),
         ("precision", "str"), ("raccordement", "str"), ("source", "str"), ("conso_secret", "str")],
        [([f"Site {i}", "59001", "Commune 1", "24", SECTEURS[i % 9], "Gaz" if i % 2 else "Électricité",
           None if i % 17 == 0 else float(conso[i]),
           "Non publié" if i % 17 == 0 else "> 50 000 MWh" if conso[i] > 50000 else "> 10 000 MWh"
           if conso[i] > 10000 else "< 10 000 MWh", "2", 2023, "adresse", "distribution", "SDES",
           "oui" if i % 17 == 0 else "non"], _pt(*xy[i])) for i in range(500)], POINT)
    xy = pts(400)
    layers["producteurs"] = (
        [("nom", "str"), ("type", "str"), ("filiere", "str"), ("puissance_mw", "double"), ("energie_gwh_an", "double"),
         ("code_commune", "str"), ("commune", "str"), ("precision", "str"), ("statut", "str"), ("source", "str")],
        [([f"Installation {i}", TYPES[i % 9], TYPES[i % 9], float(rng.lognormal(1.0, 1.5)), None, "59001", "Commune 1",
           "site", "En service", "ODRÉ"], _pt(*xy[i])) for i in range(400)], POINT)
    xy = pts(300)
    layers["production_electricite"] = ([("code_insee", "str"), ("commune", "str"), ("categorie", "str"),
                                         ("nb_installations", "int"), ("puissance_mw", "double")],
                                        [(["59001", "Commune 1", TYPES[i % 9], int(rng.integers(1, 50)),
                                           float(rng.lognormal(0.5, 1.5))], _pt(*xy[i])) for i in range(300)], POINT)
    xy = pts(15)
    layers["biomethane"] = ([("nom_du_projet", "str"), ("commune", "str"), ("capacite_de_production_gwh_an", "double"),
                             ("annee_mes", "int")],
                            [([f"Méthanisation {i}", "Commune 1", float(rng.uniform(5, 40)), 2015 + i % 10],
                              _pt(*xy[i])) for i in range(15)], POINT)
    layers["friches"] = ([("site_id", "str"), ("site_nom", "str"), ("site_type", "str"), ("site_statut", "str"),
                          ("comm_nom", "str"), ("surface_ha", "double"), ("categorie_fiche", "str")],
                         [([f"F{i}", f"Friche {i}", "friche industrielle",
                            ("friche sans projet", "friche avec projet", "friche potentielle")[i % 3], "Commune 1",
                            float(rng.uniform(1, 30)), ("Friche industrielle", "Friche pour solaire", "Autre friche")[i % 3]],
                           _box(*(p := pts(1)[0]), p[0] + 300, p[1] + 300)) for i in range(80)], MULTIPOLYGON)
    layers["reseaux_chaleur"] = ([("identifiant", "str"), ("nom_reseau", "str"), ("livraisons_mwh", "double"),
                                  ("temperature_c", "double"), ("longueur_km", "double")],
                                 [([f"R{i}", f"Réseau {i}", float(rng.uniform(5000, 100000)), None if i % 2 else 105.0,
                                    None], _line(pts(8))) for i in range(6)], MULTILINESTRING)
    xy = pts(60)
    layers["chaleur_fatale"] = ([("identifiant", "str"), ("nom", "str"), ("type_site", "str"),
                                 ("chaleur_mwh_an", "double"), ("temperature_c", "double"),
                                 ("classe_temperature", "str"), ("code_commune", "str"), ("commune", "str"),
                                 ("source", "str")],
                                [([f"CF{i}", f"Usine {i}", "Industrie", float(rng.lognormal(9, 1)),
                                   float(rng.choice([35.0, 70.0, 95.0, 150.0])), "< 100 °C", "59001", "Commune 1",
                                   "Cerema"], _pt(*xy[i])) for i in range(60)], POINT)
    xy = pts(30)
    layers["step_chaleur"] = ([("identifiant", "str"), ("nom", "str"), ("type_step", "str"), ("chaleur_mwh_an", "double"),
                               ("temperature_c", "double"), ("code_insee", "str"), ("commune", "str")],
                              [([f"S{i}", f"STEP {i}", "Collectivités", float(rng.uniform(500, 10000)), 16.0, "59001",
                                 "Commune 1"], _pt(*xy[i])) for i in range(30)], POINT)
    xy = pts(5)
    layers["postes_400kv"] = ([("nom", "str"), ("code_poste", "str"), ("tension_kv", "int"), ("etat", "str"),
                               ("fonction", "str"), ("source", "str")],
                              [([f"Poste {i}", f"P{i}", 400, "En service", "Transformation", "RTE"], _pt(*xy[i]))
                               for i in range(5)], POINT)
    # linear networks as the sources publish them: a few named routes, each cut into many short sections
    for name, routes, sections, fields in (
            ("lignes_400kv", 4, 10, [("nom", "str"), ("tension_kv", "int"), ("etat", "str"), ("source", "str")]),
            ("reseau_gaz", 6, 15, [("operateur", "str"), ("nom", "str"), ("diametre_mm", "double"),
                                   ("pression_bar", "double"), ("source", "str")]),
            ("reseau_h2", 1, 3, [("nom", "str"), ("operateur", "str"), ("etat", "str"), ("source", "str")]),
            ("routes_principales", 10, 40, [("numero", "str"), ("classement", "str"), ("nature", "str")]),
            ("voies_navigables", 5, 20, [("nom", "str"), ("nature", "str")])):
        rows = []
        for route in range(routes):
            values = {"nom": f"{name} {route}", "tension_kv": 400, "etat": "En service", "source": "bench",
                      "operateur": "NaTran", "diametre_mm": 600.0, "pression_bar": 67.0,
                      "numero": f"{'A' if route % 3 == 0 else 'N'}{route + 1}",
                      "classement": "Autoroute" if route % 3 == 0 else "Nationale",
                      "nature": "Canal" if name == "voies_navigables" else "Type autoroutier"}
            start = pts(1)[0]
            heading = rng.uniform(0, 2 * np.pi)
            walk = [start]
            for _ in range(sections * 6):   # a smooth random walk, 6 vertices per section
                heading += rng.normal(0, 0.15)
                step = np.array([np.cos(heading), np.sin(heading)]) * size / (sections * 6)
                walk.append(np.clip(walk[-1] + step, [x0, y0], [x0 + size, y0 + size]))
            for k in range(sections):
                rows.append(([values[f] for f, _k in fields], _line(walk[k * 6:k * 6 + 7])))
        layers[name] = (fields, rows, MULTILINESTRING)
    layers["geothermie"] = ([("potentiel", "str"), ("pot_value", "int")],
                            [([("Potentiel fort", "Potentiel moyen et faible", "Non connu")[i % 3], 5],
                              _box(x0 + (i % 10) * 5000, y0 + (i // 10) * 5000, x0 + (i % 10 + 1) * 5000,
                                   y0 + (i // 10 + 1) * 5000)) for i in range(100)], MULTIPOLYGON)
    layers["emplois"] = ([("code_commune", "str"), ("commune", "str"), ("activite", "str"), ("libelle", "str"),
                          ("tranche", "str"), ("libelle_tranche", "str"), ("etablissements", "int"),
                          ("effectifs", "int"), ("secret", "str"), ("annee", "int"), ("secteur_fiche", "str")],
                         [([f"{59000 + i % 120}", "Commune", "CA", "Agro", "E10T19", "10 à 19", 3, 40, "non", 2023,
                            "Agroalimentaire"], None) for i in range(5000)], None)
    specs, first = [], True
    for name, (fields, rows, kind) in layers.items():
        write_layer(path, name, fields, rows, kind, new_file=first)
        first = False
        specs.append(LayerSpec(name, name, "", {"source": f"Source de {name} (banc d'essai)", "producer": "bench",
                                                "licence": "Licence Ouverte 2.0", "url": f"https://bench.invalid/{name}",
                                                "date": "2026-03-01", "vintage": "2025", "status": "ok"}))
    write_sources_table(path, specs)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territories", type=int, default=18)
    parser.add_argument("--keep", help="folder kept with the fiches (default: a temporary folder, removed)")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="ti_energie_bench_fiche_"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["TI_ENERGIE_CACHE_DIR"] = str(work / "cache")
    closed = "http://127.0.0.1:9/closed"
    import yaml

    builtin = yaml.safe_load((Path(__file__).resolve().parent.parent / "layers" / "sources.yaml")
                             .read_text(encoding="utf-8"))["sources"]
    catalogue = work / "catalogue-hors-ligne.yaml"
    catalogue.write_text(yaml.safe_dump({"sources": {key: {"url": f"{closed}/{key}"} for key in builtin}}),
                         encoding="utf-8")
    os.environ["TI_ENERGIE_CATALOGUE"] = str(catalogue)
    start_qgis(processing=True)

    from qgis import processing
    from ti_energie.core.territories import load_builtin
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache

    territories = list(load_builtin())[:args.territories]
    folder = Cache(settings.cache_dir()).territory_dir()
    started = time.monotonic()
    rng = np.random.default_rng(7)
    for index, territory in enumerate(territories):
        write_territory(folder / f"{territory.id}-20260301-000000-bench.gpkg", territory, index, rng)
    print(f"{len(territories)} GeoPackages synthétiques écrits dans le cache en {time.monotonic() - started:.1f} s "
          f"({sum(p.stat().st_size for p in folder.glob('*.gpkg')) / 1e6:.0f} Mo)", flush=True)
    baseline = peak_mb()

    started = time.monotonic()
    one = processing.run("ti_energie:export_fiche", {"TERRITORY": territories[0].id, "HEAT_MATCHING": True,
                                                      "OUTPUT": str(work / "une" / "fiche.pdf")})
    t_one = time.monotonic() - started
    peak_one = peak_mb()
    print(f"une fiche ({territories[0].label}) : {t_one:.1f} s, {one['FILE_COUNT']} PDF, pic mémoire "
          f"{peak_one:.0f} Mo (avant : {baseline:.0f} Mo)", flush=True)

    from ti_energie.layers.fiche import export_fiche

    detail = export_fiche(next(folder.glob(f"{territories[0].id}-*.gpkg")), work / "detail" / "fiche.pdf")
    print("  phases : " + ", ".join(f"{k} {v:.2f} s" for k, v in detail.timings.items()), flush=True)

    started = time.monotonic()
    batch = processing.run("ti_energie:export_fiche", {"TERRITORY": "tous" if args.territories == 18 else
                                                        ", ".join(t.id for t in territories),
                                                        "HEAT_MATCHING": True, "OUTPUT": str(work / "lot")})
    t_batch = time.monotonic() - started
    print(f"lot de {len(territories)} fiches : {t_batch:.1f} s ({t_batch / max(1, batch['FILE_COUNT']):.1f} s par "
          f"fiche), {batch['FILE_COUNT']} PDF, {batch['FAILED_COUNT']} en échec, pic mémoire {peak_mb():.0f} Mo",
          flush=True)
    if batch["FAILED"]:
        print(batch["FAILED"])
    print(f"objectifs : une fiche < 10 s → {'OK' if t_one < 10 else 'MANQUÉ'} ; lot < 180 s → "
          f"{'OK' if t_batch < 180 else 'MANQUÉ'}")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
    stop_qgis()
