"""Source catalogue: built-in YAML, user override, endpoint checks."""

import pytest

from geo_fixtures import write_catalogue
from ti_energie.core.errors import SourceError, TiEnergieError
from ti_energie.layers.catalogue import Catalogue, check_url


def test_builtin_sources_are_https_with_licence(monkeypatch):
    monkeypatch.delenv("TI_ENERGIE_CATALOGUE")
    catalogue = Catalogue.load()
    assert {"geo_api", "anct_ti_epci"} <= set(catalogue.sources)
    for key, src in catalogue.sources.items():
        assert catalogue.url(key).startswith("https://"), key
        assert src["licence"] and src["label"] and src["producer"], key


def test_user_yaml_overrides_and_adds(tmp_path, monkeypatch):
    path = write_catalogue(tmp_path / "c.yaml", geo_api="http://127.0.0.1:8123", mine="https://example.org/api")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(path))
    catalogue = Catalogue.load()
    assert catalogue.url("geo_api") == "http://127.0.0.1:8123"
    assert catalogue.label("geo_api").startswith("API Découpage")  # the rest of the entry is kept
    assert catalogue.url("mine") == "https://example.org/api"
    assert catalogue.network("timeout_s", 60) == 5
    monkeypatch.delenv("TI_ENERGIE_CATALOGUE")
    assert Catalogue.load(endpoint_overrides={"geo_api": "https://geo.example.fr"}).url("geo_api") == \
        "https://geo.example.fr"


@pytest.mark.parametrize("url", ["http://geo.api.gouv.fr", "ftp://x.org/a", "file:///etc/passwd", "https://",
                                 "http://10.0.0.1/x", "javascript:alert(1)"])
def test_only_https_or_loopback(url):
    with pytest.raises(SourceError, match="HTTPS"):
        check_url(url, "Test")


@pytest.mark.parametrize("url", ["https://geo.api.gouv.fr", "http://127.0.0.1:8000/x", "http://localhost/x",
                                 "http://[::1]:81/"])
def test_accepted_urls(url):
    assert check_url(url, "Test") == url


def test_bad_user_yaml_is_reported(tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [unclosed", encoding="utf-8")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(bad))
    with pytest.raises(TiEnergieError, match="Catalogue utilisateur invalide"):
        Catalogue.load()
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(tmp_path / "missing.yaml"))
    with pytest.raises(TiEnergieError, match="illisible"):
        Catalogue.load()
    bad.write_text("!!python/object/apply:os.system ['echo hacked']", encoding="utf-8")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(bad))
    with pytest.raises(TiEnergieError):
        Catalogue.load()  # safe_load refuses Python tags


def test_environment_catalogue_has_the_last_word(tmp_path, monkeypatch):
    monkeypatch.delenv("TI_ENERGIE_CATALOGUE")
    setting_yaml = write_catalogue(tmp_path / "s.yaml", geo_api="https://from-setting.example.org")
    env_yaml = write_catalogue(tmp_path / "e.yaml", geo_api="http://127.0.0.1:9999")
    assert Catalogue.load(str(setting_yaml)).url("geo_api") == "https://from-setting.example.org"
    assert Catalogue.load(str(setting_yaml), {"geo_api": "https://override.example.org"}).url("geo_api") == \
        "https://override.example.org"
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(env_yaml))
    assert Catalogue.load(str(setting_yaml), {"geo_api": "https://override.example.org"}).url("geo_api") == \
        "http://127.0.0.1:9999"
