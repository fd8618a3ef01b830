"""The territory catalogue: built-in list and ANCT refresh parsing (pure logic)."""

import csv

import pytest

from conftest import shared_file
from ti_energie.core.errors import SourceError, TiEnergieError
from ti_energie.core.territories import load_builtin, merge_refresh, parse_anct_epci_csv


def test_builtin_has_the_18_territories_in_fiche_order():
    catalogue = load_builtin()
    assert len(catalogue) == 18
    assert len(set(catalogue.ids())) == 18
    first = list(catalogue)[0]
    assert (first.id, first.short_name) == ("ti-3201", "AA - Dunkerque - Flandre")
    assert first.epci == ("200040947", "200040954", "245900428", "246200844")
    assert [t.order for t in catalogue] == list(range(1, 19))
    assert all(len(s) == 9 and s.isdigit() for t in catalogue for s in t.epci)


def test_builtin_epci_agree_with_anct_table():
    path = shared_file("territoires_industrie_hdf_epci.csv")
    expected = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            expected.setdefault(row["id_territoire"], set()).add(row["siren_epci"])
    catalogue = load_builtin()
    assert {t.id: set(t.epci) for t in catalogue} == expected
    assert {t.id: t.name for t in catalogue}["ti-3206"] == "Grand Calais"


@pytest.mark.parametrize("key", ["ti-3201", "TI-3201", "AA - Dunkerque - Flandre", "aa dunkerque flandre",
                                 "Aa – Dunkerque – Flandre", "dunkerque"])
def test_lookup_by_id_or_name(key):
    assert load_builtin().get(key).id == "ti-3201"


def test_lookup_errors_are_clear():
    catalogue = load_builtin()
    with pytest.raises(TiEnergieError, match="inconnu"):
        catalogue.get("Atlantide")
    with pytest.raises(TiEnergieError, match="ambigu"):
        catalogue.get("pays")  # Pays Boulonnais, Pays de Saint-Omer, Pays Compiégnois...
    assert [t.id for t in catalogue.search("soissonnais")] == ["ti-3214"]
    assert len(catalogue.search("")) == 18


ANCT_CSV = (
    "\ufeffid_ti;lib_ti;siren_groupement;lib_groupement;nature_juridique\n"
    "ti-3201;Aa – Dunkerque – Flandre;245900428;CU de Dunkerque;CU\n"
    "ti-3201;Aa – Dunkerque – Flandre;200040954;CC des Hauts de Flandre;CC\n"
    "ti-3201;Aa – Dunkerque – Flandre;245900428;CU de Dunkerque;CU\n"
    "ti-8418;Rumilly Usses et Rhône;200068997;CC Rumilly Terre de Savoie;CC\n"
    "ti-8418;Rumilly Usses et Rhône;217400100;Anglefort;COM\n"
)


def test_parse_anct_epci_list_and_merge():
    refreshed = parse_anct_epci_csv(ANCT_CSV.encode("utf-8"))
    assert refreshed.ids() == ["ti-3201", "ti-8418"]
    dk = refreshed.get("ti-3201")
    assert dk.epci == ("245900428", "200040954")  # duplicates dropped, order kept
    assert refreshed.get("ti-8418").communes == ("217400100",)
    merged = merge_refresh(load_builtin(), refreshed)
    assert merged.get("ti-3201").short_name == "AA - Dunkerque - Flandre"
    assert merged.get("ti-3201").epci == ("245900428", "200040954")
    assert merged.get("ti-8418").region == "84"


def test_parse_anct_rejects_other_tables():
    with pytest.raises(SourceError, match="colonnes manquantes.*siren_groupement"):
        parse_anct_epci_csv("insee_com,lib_com,id_ti,lib_ti\n01010,Anglefort,ti-8418,X\n")
    with pytest.raises(SourceError, match="aucun territoire"):
        parse_anct_epci_csv("id_ti,lib_ti,siren_groupement\n")
