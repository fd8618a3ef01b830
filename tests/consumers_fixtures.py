"""Fixtures of the Consommateurs and Économie tests: the local stand-ins of every source (geo API from
../shared, SDES DiDo, ODRÉ, Agence ORE and INSEE Melodi from the samples of sample_data/) and a test
catalogue with a small retry policy."""

import contextlib

import pytest
import yaml

from ti_energie.core.territories import load_builtin

DUNKERQUE = load_builtin().get("ti-3201")
GAS, ELECTRICITY = "sdes_conso_gaz_adresses", "sdes_conso_electricite_adresses"
TRANSPORT, AGGREGATES, FLORES = "odre_conso_transport_iris", "ore_conso_commune_naf", "insee_flores_a38"
COMPOSITE = "consommateurs_industrie"


def set_sources(path, **sources):
    """Merge `sources` ({key: {option: value}}) into the catalogue YAML at `path`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, options in sources.items():
        data["sources"].setdefault(key, {}).update(options)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@contextlib.contextmanager
def consumers_server(tmp_path, monkeypatch, **sources):
    """territory_server() with a retry policy of 2 quick retries, no politeness delay (unless `sources` set
    one) and `sources` merged into the test catalogue. Yields (server, catalogue path)."""
    from geo_fixtures import territory_server

    with territory_server(tmp_path, monkeypatch) as server:
        path = tmp_path / "catalogue.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["network"].update(retries=2, backoff_s=0.01, backoff_max_s=0.05, retry_max_wait_s=1)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        set_sources(path, **{key: {"min_interval_s": 0} for key in (GAS, ELECTRICITY, TRANSPORT, AGGREGATES, FLORES)})
        set_sources(path, **sources)
        yield server, path


@pytest.fixture
def stand_ins(tmp_path, monkeypatch):
    with consumers_server(tmp_path, monkeypatch) as (server, _path):
        yield server
