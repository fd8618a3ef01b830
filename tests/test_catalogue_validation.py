"""A user catalogue with a mistake gives one French TiEnergieError naming the file and the key, never a
traceback; themes come from each source's `theme:`."""

import pytest
import yaml

from ti_energie.core.errors import TiEnergieError
from ti_energie.layers.catalogue import Catalogue


def _load(tmp_path, monkeypatch, text, name="mon catalogue.yaml", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(path))
    return path, Catalogue.load


CASES = [
    ("- a\n- b\n", r"un dictionnaire YAML est attendu", None),
    ("sources:\n  - geo_api\n", r"« sources » doit être un dictionnaire de sources", "sources"),
    ("sources:\n  mine: https://example.org/api\n",
     r"la source « mine » doit être un dictionnaire \(clé: valeur\), pas 'https://example.org/api'", "mine"),
    ("network:\n  timeout_s: abc\n", r"« network\.timeout_s » doit être un nombre \(valeur lue : 'abc'\)",
     "network.timeout_s"),
    ("network:\n  retries: -1\n", r"« network\.retries » doit valoir au moins 0", "network.retries"),
    ("network:\n  retry: 3\n", r"clé inconnue « network\.retry » \(clés possibles : timeout_s, retries", "network.retry"),
    ("network: 3\n", r"« network » doit être un dictionnaire", "network"),
    ("cache:\n  max_age_days: [1]\n", r"« cache\.max_age_days » doit être un nombre", "cache.max_age_days"),
    ("sources:\n  sites:\n    connector: wfs\n    page_sise: 100\n", r"clé inconnue « sources\.sites\.page_sise »",
     "sources.sites.page_sise"),
    ("sources:\n  sites:\n    connector: melodi\n    typename: a:b\n", r"clé inconnue « sources\.sites\.typename »",
     "sources.sites.typename"),
    ("sources:\n  sites:\n    connector: wfs_v3\n",
     r"« sources\.sites\.connector » : connecteur « wfs_v3 » inconnu \(connecteurs possibles : .*datagouv_csv",
     "sources.sites.connector"),
    ("sources:\n  sites:\n    connector: wfs\n    page_size: beaucoup\n",
     r"« sources\.sites\.page_size » doit être un nombre entier", "sources.sites.page_size"),
    ("sources:\n  sites:\n    connector: wfs\n    fields:\n      nom: texte\n",
     r"« sources\.sites\.fields\.nom » : type « texte » inconnu \(types possibles : str, int, double, bool\)",
     "sources.sites.fields.nom"),
    ("sources:\n  sites:\n    connector: wfs\n    fields:\n      nom: {from: NOM, type: texte}\n",
     r"« sources\.sites\.fields\.nom » : type « texte » inconnu", "sources.sites.fields.nom"),
    ("sources:\n  sites:\n    url: http://services.example.org/wfs\n",
     r"« sources\.sites\.url » : seules les adresses HTTPS sont autorisées .*'http://services\.example\.org/wfs'",
     "sources.sites.url"),
    ("sources:\n  sites:\n    theme: 3\n", r"« sources\.sites\.theme » doit être un thème ou une liste de thèmes",
     "sources.sites.theme"),
    ("sources:\n  sites:\n    theme: [reseaux, 3]\n", r"« sources\.sites\.theme » doit être un thème", "sources.sites.theme"),
    ("sources:\n  sites:\n    geometry: polygone\n", r"« sources\.sites\.geometry » doit être l'une de : point",
     "sources.sites.geometry"),
    ("sources:\n  sites:\n    on_incomplete: ignorer\n", r"« sources\.sites\.on_incomplete » doit valoir keep ou drop",
     "sources.sites.on_incomplete"),
    ("sources:\n  sites:\n    state: ok\n", r"« sources\.sites\.state » doit être l'un de : working", "sources.sites.state"),
    ("sources:\n  sites:\n    fields: [nom, code]\n", r"« sources\.sites\.fields » doit être un dictionnaire",
     "sources.sites.fields"),
    ("sources:\n  sites:\n    connector: [wfs]\n", r"« sources\.sites\.connector » doit être un texte",
     "sources.sites.connector"),
    ("sources:\n  sites:\n    connector: wfs\n    keep_if: oui\n", r"« sources\.sites\.keep_if » doit être un dictionnaire",
     "sources.sites.keep_if"),
    ("sources: [unclosed\n", r"(?s)Catalogue utilisateur invalide .* line 2, column 1", None),
]


@pytest.mark.parametrize("text, message, key", CASES, ids=[c[2] or c[1][:20] for c in CASES])
def test_a_mistake_is_one_french_message_naming_the_file_and_the_key(tmp_path, monkeypatch, text, message, key):
    path, load = _load(tmp_path, monkeypatch, text)
    with pytest.raises(TiEnergieError, match=message) as info:
        load()
    text_of_error = str(info.value)
    assert type(info.value) is TiEnergieError
    assert text_of_error.startswith(f"Catalogue utilisateur invalide ({path})"), text_of_error
    if key:
        assert f"« {key}" in text_of_error
    assert "Traceback" not in text_of_error


def test_a_catalogue_saved_in_windows_1252_is_a_clear_error(tmp_path, monkeypatch):
    """Notepad on a French Windows may save « récupérée » in Windows-1252: a message, not a traceback."""
    path, load = _load(tmp_path, monkeypatch, "sources:\n  geo_api:\n    label: Chaleur récupérée\n",
                       encoding="cp1252")
    with pytest.raises(TiEnergieError, match="UTF-8") as info:
        load()
    assert str(path) in str(info.value) and "Catalogue utilisateur" in str(info.value)


def test_the_setting_catalogue_is_named_too(tmp_path, monkeypatch):
    monkeypatch.delenv("TI_ENERGIE_CATALOGUE")
    path = tmp_path / "reglages.yaml"
    path.write_text("sources:\n  sites:\n    theme: 3\n", encoding="utf-8")
    with pytest.raises(TiEnergieError, match=r"reglages\.yaml.*« sources\.sites\.theme »"):
        Catalogue.load(str(path))


def test_overriding_one_key_of_a_builtin_source(tmp_path, monkeypatch):
    """The user YAML gives only the keys to change: a key of the built-in source's connector kind is
    accepted without repeating `connector:`, and so is a field whose alias alone changes."""
    _path, load = _load(tmp_path, monkeypatch, yaml.safe_dump({"sources": {
        "cerema_friches": {"batch_size": 5, "url": "https://friches.example.org/api"},
        "enrezo_step": {"page_size": 1000, "fields": {"nom": {"alias": "Station"}}},
    }}))
    catalogue = load()
    assert catalogue.source("cerema_friches")["batch_size"] == 5
    assert catalogue.source("cerema_friches")["connector"] == "drf_geojson_by_commune"
    assert catalogue.url("cerema_friches") == "https://friches.example.org/api"
    assert catalogue.source("enrezo_step")["page_size"] == 1000
    assert catalogue.source("enrezo_step")["fields"]["nom"] == {"from": "Nom_de_la_STEP", "type": "str",
                                                                "alias": "Station"}


def test_a_key_of_another_connector_kind_is_refused_on_a_builtin_source(tmp_path, monkeypatch):
    _path, load = _load(tmp_path, monkeypatch, "sources:\n  cerema_friches:\n    typename: a:b\n")
    with pytest.raises(TiEnergieError, match=r"clé inconnue « sources\.cerema_friches\.typename »"):
        load()


def test_theme_sources_from_theme(tmp_path, monkeypatch):
    _path, load = _load(tmp_path, monkeypatch, yaml.safe_dump(sort_keys=False, data={"sources": {
        "un": {"connector": "user_file", "theme": "reseaux", "fields": {"nom": "str"}},
        "deux": {"connector": "user_file", "theme": ["chaleur", "reseaux"], "fields": {"nom": "str"}},
        "sans_connecteur": {"theme": "reseaux", "url": "https://example.org"},
        "odre_biomethane": {"theme": []},  # taken out of every theme
        "cerema_friches": {"theme": "economie"},
    }}))
    catalogue = load()
    assert catalogue.themes_of("un") == ["reseaux"] and catalogue.themes_of("deux") == ["chaleur", "reseaux"]
    # the built-in sources in the catalogue's order, the user's new ones after them
    networks = ["odre_reseau_gaz", "ign_lignes_400kv", "postes_400kv", "reseau_h2", "ign_routes_principales",
                "ign_voies_navigables"]
    assert catalogue.theme_sources("reseaux") == ["fcu_reseaux_chaleur", *networks, "un", "deux"]
    assert catalogue.theme_sources("chaleur") == ["fcu_reseaux_chaleur", "ign_routes_principales",
                                                  "ign_voies_navigables", "enrezo_chaleur_fatale", "step_chaleur",
                                                  "geothermie", "deux"]
    assert catalogue.theme_sources("economie") == ["cerema_friches", "insee_flores_a38"]
    assert catalogue.theme_sources("producteurs") == ["odre_production_electricite", "ign_routes_principales",
                                                      "ign_voies_navigables", "producteurs"]
    assert catalogue.theme_sources("consommateurs") == ["ign_routes_principales", "ign_voies_navigables",
                                                        "consommateurs_industrie"]
