"""Consumers, pure rules (core/consumers.py): the NAF → sector table, secret values, sums per address."""

import re

import pytest

from ti_energie.core import consumers as cons
from ti_energie.core.consumers import SourceRow


@pytest.fixture(scope="module")
def table():
    return cons.load_naf_table()


def test_builtin_naf_table_covers_divisions_10_to_33_once(table):
    assert sorted(table.secteurs, key=int) == [str(n) for n in range(10, 34)]
    assert set(table.secteurs.values()) == set(cons.SECTEURS)   # every sector of the fiche is reachable
    assert all(table.libelles[d] and table.a38[d] for d in table.secteurs)
    text = cons.BUILTIN_NAF_CSV.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "naf2;libelle_naf;a38;secteur" and len(text.splitlines()) == 25


@pytest.mark.parametrize("division, sector", [
    ("10", "Agroalimentaire"), ("16", "Papeterie"), ("17", "Papeterie"), ("18", "Papeterie"),
    ("19", "Industrie chimique et pharmaceutique"), ("21", "Industrie chimique et pharmaceutique"),
    ("23", "Produits minéraux, caoutchouc, plastique"), ("24", "Métallurgie/sidérurgie"),
    ("25", "Métallurgie/sidérurgie"), ("30", "Matériels de transport"), ("33", "Biens intermédiaires et d'équipement"),
])
def test_default_sectors_of_the_ambiguous_and_plain_divisions(table, division, sector):
    assert table.secteur(division) == sector


def test_a38_codes_map_to_one_sector_each(table):
    a38 = table.a38_secteurs()
    assert a38["CC"] == "Papeterie" and a38["CH"] == "Métallurgie/sidérurgie" and a38["CD"] == \
        "Industrie chimique et pharmaceutique" and a38["CM"] == "Biens intermédiaires et d'équipement"
    assert sorted(a38) == ["CA", "CB", "CC", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CL", "CM"]
    # 16 and 18 sent to « Biens intermédiaires »: CC follows its majority (two of three divisions)
    moved = cons.load_naf_table(overrides={"16": "Biens intermédiaires et d'équipement",
                                           18: "Biens intermédiaires et d'équipement"})
    assert moved.secteur("16") == moved.secteur("18") == "Biens intermédiaires et d'équipement"
    assert moved.a38_secteurs()["CC"] == "Biens intermédiaires et d'équipement"
    tie = cons.load_naf_table(overrides={"16": "Biens intermédiaires et d'équipement"})
    assert tie.a38_secteurs()["CC"] == "Papeterie"   # two of three still


@pytest.mark.parametrize("text, message", [
    ("naf2;secteur\n10;Agroalimentaire\n", "division(s) 11, 12"),
    ("naf2;secteur\n" + "".join(f"{n};Textile\n" for n in range(10, 34)) + "10;Textile\n", "division 10 répétée"),
    ("naf2;secteur\n" + "".join(f"{n};Sidérurgie lourde\n" for n in range(10, 34)), "secteur « Sidérurgie lourde » inconnu"),
    ("naf2;secteur\n35;Textile\n", "« 35 » hors de 10–33"),
    ("code;nom\n10;x\n", "colonnes « naf2 » et « secteur » attendues"),
])
def test_a_bad_table_is_refused_in_french(text, message):
    with pytest.raises(cons.NafTableError, match=re.escape(message)):
        cons.parse_naf_csv(text)


def test_a_user_table_and_overrides(tmp_path):
    user = tmp_path / "naf.csv"
    user.write_text("naf2,secteur\n" + "".join(f"{n},Textile\n" for n in range(10, 34)), encoding="latin-1")
    assert set(cons.load_naf_table(user).secteurs.values()) == {"Textile"}
    with pytest.raises(cons.NafTableError, match="secteur « Chimie » inconnu pour la division 20"):
        cons.load_naf_table(overrides={"20": "Chimie"})
    with pytest.raises(cons.NafTableError, match="illisible"):
        cons.load_naf_table(tmp_path / "absent.csv")


@pytest.mark.parametrize("code, division", [
    ("10", "10"), ("10.0", "10"), (10, "10"), (10.0, "10"), ("C10", "10"), ("10.11Z", "10"), (" 24 ", "24"),
    ("9", "09"), ("", None), (None, None), ("secret", None), ("ZZ", None), (float("nan"), None),
])
def test_naf_codes_as_sources_write_them(code, division):
    assert cons.naf_division(code) == division


@pytest.mark.parametrize("mwh, secret, classe", [
    (None, "oui", "Non publié"), (50000.01, "non", "> 50 000 MWh"), (50000.0, "non", "> 10 000 MWh"),
    (10000.0, "non", "< 10 000 MWh"), (0.0, "non", "< 10 000 MWh"),
    # a partly withheld sum is a lower bound: a class only when it already exceeds the threshold
    (60000.0, "partiel", "> 50 000 MWh"), (12000.0, "partiel", "> 10 000 MWh"), (4000.0, "partiel", "Non publié"),
])
def test_size_classes(mwh, secret, classe):
    assert cons.classe_conso(mwh, secret) == classe


def test_energy_names():
    assert [cons.normalise_energy(v) for v in ("Electricité", "électricité", "E", "Gaz", "gaz naturel", "G", "chaleur")] \
        == ["Électricité", "Électricité", "Électricité", "Gaz", "Gaz", "Gaz", None]


def test_several_naf_rows_of_an_address_are_summed_once(table):
    rows = [SourceRow("A", "Gaz", "59271", "24", 400000.0, 2, 2023, "10 rue X"),
            SourceRow("A", "Gaz", "59271", "25", 1500.0, 1, 2023, ""),
            SourceRow("A", "Électricité", "59271", "25", 900.0, 1, 2023, "10 rue X"),   # other energy: other point
            SourceRow("B", "Gaz", "59183", "35", 9000.0, 1, 2023, "energy"),          # outside 10–33: dropped
            SourceRow("C", "Gaz", "59183", "41", 9000.0, 1, 2023, "building")]        # idem
    points = cons.aggregate(rows, table)
    assert [(p.code_commune, p.energie) for p in points] == [("59271", "Gaz"), ("59271", "Électricité")]
    gas = points[0]
    assert gas.conso_mwh == 401500.0 and gas.pdl == 3 and gas.rows == 2
    assert gas.naf2 == "24" and gas.secteur == "Métallurgie/sidérurgie" and gas.classe_conso == "> 50 000 MWh"
    assert gas.conso_secret == "non" and gas.nom == "10 rue X"
    assert points[1].conso_mwh == 900.0 and points[1].secteur == "Métallurgie/sidérurgie"


def test_the_largest_published_division_gives_the_sector(table):
    rows = [SourceRow("A", "Gaz", "59183", "10", 300.0, 1), SourceRow("A", "Gaz", "59183", "20", 700.0, 1),
            SourceRow("A", "Gaz", "59183", "10", 500.0, 1)]   # two rows of division 10: 800 in all
    point = cons.aggregate(rows, table)[0]
    assert point.naf2 == "10" and point.secteur == "Agroalimentaire" and point.conso_mwh == 1500.0


def test_withheld_values_are_null_never_zero(table):
    all_secret = cons.aggregate([SourceRow("A", "Gaz", "59183", "20", None, None),
                                 SourceRow("A", "Gaz", "59183", "13", None, 4)], table)[0]
    assert all_secret.conso_mwh is None and all_secret.pdl == 4 and all_secret.conso_secret == "oui"
    assert all_secret.classe_conso == "Non publié"
    assert all_secret.naf2 == "13"   # nothing published: the division with the most delivery points
    partial = cons.aggregate([SourceRow("B", "Gaz", "59131", "10", 4000.0, 1),
                              SourceRow("B", "Gaz", "59131", "11", None, None)], table)[0]
    assert partial.conso_mwh == 4000.0 and partial.conso_secret == "partiel" and partial.classe_conso == "Non publié"
    none_pdl = cons.aggregate([SourceRow("C", "Gaz", "59183", "20", 10.0, None)], table)[0]
    assert none_pdl.pdl is None


def test_commune_aggregates_and_the_fallback_rule(table):
    aggregates = cons.aggregate_communes([
        SourceRow("x", "Électricité", "59273", "30", 12500.0, 2, 2021),
        SourceRow("y", "Électricité", "59273", "29", 150.0, 3, 2021),    # same sector: summed with 30
        SourceRow("z", "Gaz", "59183", "10", 19000.0, 1, 2021),
        SourceRow("w", "Gaz", "59295", "13", 8100.0, 1, 2021),
        SourceRow("v", "Gaz", "62645", "20", None, 1, 2021)], table)
    assert [(a.code_commune, a.energie, a.secteur, a.conso_mwh) for a in aggregates] == [
        ("59273", "Électricité", "Matériels de transport", 12650.0), ("59183", "Gaz", "Agroalimentaire", 19000.0),
        ("59295", "Gaz", "Textile", 8100.0), ("62645", "Gaz", "Industrie chimique et pharmaceutique", None)]
    addresses = [  # Dunkerque's agrifood gas is published at an address; Hazebrouck's textile gas is withheld
        {"code_commune": "59183", "energie": "Gaz", "secteur": "Agroalimentaire", "conso_mwh": 18250.5},
        {"code_commune": "59295", "energie": "Gaz", "secteur": "Textile", "conso_mwh": None},
        {"code_commune": "59273", "energie": "Gaz", "secteur": "Matériels de transport", "conso_mwh": 10.0}]
    kept = cons.fallback_needed(addresses, aggregates)
    assert [(a.code_commune, a.energie, a.secteur) for a in kept] == [
        ("59273", "Électricité", "Matériels de transport"), ("59295", "Gaz", "Textile"),
        ("62645", "Gaz", "Industrie chimique et pharmaceutique")]
