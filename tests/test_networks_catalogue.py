"""The catalogue of the network, heat and producer sources: every entry in one of the three honest states,
parts that exist and are not loaded on their own, politeness towards the Géoplateforme, derived-field rules
that exist, layers of docs/layers.md, and docs/sources.md generated from the catalogue."""

import re
from pathlib import Path

import pytest
import yaml

from ti_energie.core import derive

ROOT = Path(__file__).resolve().parent.parent
SOURCES = yaml.safe_load((ROOT / "layers" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
LAYERS_DOC = (ROOT / "docs" / "layers.md").read_text(encoding="utf-8")
PART_KEYS = ("parts", "positions", "lines", "substations", "table")


def _parts(source):
    out = []
    for key in PART_KEYS:
        value = source.get(key)
        out += value if isinstance(value, list) else [value] if value else []
    return out


@pytest.mark.parametrize("key", [k for k, s in SOURCES.items() if s.get("connector")])
def test_every_entry_has_an_honest_state(key):
    source = SOURCES[key]
    assert source.get("state") in ("working", "fallback", "user_file"), key
    if source["state"] in ("fallback", "user_file"):
        assert len(source.get("state_reason", "")) > 40, f"{key}: say why"
    if source.get("connector") == "user_file":
        assert source["state"] == "user_file", key


def test_parts_exist_and_are_not_loaded_on_their_own():
    used = set()
    for key, source in SOURCES.items():
        for part in _parts(source):
            assert part in SOURCES, f"{key} → {part}"
            used.add(part)
    for part in used - {"ign_lignes_400kv"}:  # the 400 kV lines are a layer and the join's input
        assert not SOURCES[part].get("theme") and not SOURCES[part].get("layer"), part


def test_every_layer_of_a_theme_is_a_layer_of_the_contract_with_its_style():
    for key, source in SOURCES.items():
        if source.get("connector") and source.get("theme") and source.get("layer"):
            assert f"`{source['layer']}`" in LAYERS_DOC, key
            if source.get("geometry") != "none" and not source["connector"].endswith("_raster"):
                # a table (emplois) and a remote raster layer (the IGN background) have no QML style
                assert source.get("style") == f"{source['layer']}.qml", key


def test_the_geoplateforme_is_asked_politely():
    # the WMTS background's tiles are asked by QGIS's own WMS provider, not by the plugin's requests
    geopf = {k: s for k, s in SOURCES.items() if "data.geopf.fr" in str(s.get("url"))
             and not str(s.get("connector")).endswith("_raster")}
    assert set(geopf) == {"ign_lignes_400kv", "ign_postes_transformation", "ign_routes_principales",
                          "ign_voies_navigables"}
    for key, source in geopf.items():
        assert source["min_interval_s"] >= 1 and source["rate_group"] == "data.geopf.fr", key
        assert source["page_size"] <= 5000 and source.get("cql_filter", "x"), key


def test_derived_field_rules_exist():
    for key, source in SOURCES.items():
        if source.get("derive"):
            fields, function = derive.get(source["derive"])
            assert fields and callable(function), key


def test_the_fiche_sources_are_all_wired():
    """Every source listed under « Sources des cartographies » of the fiche has its catalogue entries."""
    layers = {s.get("layer") for s in SOURCES.values()}
    assert {"friches", "reseaux_chaleur", "reseau_h2", "postes_400kv", "lignes_400kv", "reseau_gaz",
            "voies_navigables", "routes_principales", "production_electricite", "biomethane", "producteurs",
            "step_chaleur", "chaleur_fatale", "geothermie"} <= layers
    assert SOURCES["methanisation_industrielle"]["connector"] == "user_file"
    assert "methanisation_industrielle" in SOURCES["producteurs"]["parts"]


def test_docs_sources_is_generated_from_the_catalogue():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import sources_doc

    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    assert text == sources_doc.render(text), "docs/sources.md : lancez python tools/sources_doc.py"
    for key in SOURCES:
        assert re.search(rf"\| `{re.escape(key)}` — ", text), key
