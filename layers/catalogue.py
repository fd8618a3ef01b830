"""Source catalogue: the built-in `sources.yaml`, merged with the user's YAML and endpoint settings."""

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..core.errors import SourceError, TiEnergieError

BUILTIN_YAML = Path(__file__).resolve().parent / "sources.yaml"
ENV_CATALOGUE = "TI_ENERGIE_CATALOGUE"


def _deep_merge(base, override):
    out = dict(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path, what):
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
    except OSError as err:
        raise TiEnergieError(f"{what} illisible ({path}) : {err.strerror or err}.") from err
    except yaml.YAMLError as err:
        raise TiEnergieError(f"{what} invalide ({path}) : {err}.") from err
    if not isinstance(data, dict):
        raise TiEnergieError(f"{what} invalide ({path}) : un dictionnaire YAML est attendu.")
    return data


def is_loopback(host):
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url, source_label):
    """HTTPS only; plain HTTP is accepted for loopback test servers. Returns the URL."""
    parts = urlsplit(url or "")
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and is_loopback(parts.hostname):
        return url
    raise SourceError(source_label, f"adresse refusée « {url} » : seules les adresses HTTPS sont autorisées.")


class Catalogue:
    """Sources and network settings. `endpoint_overrides` maps a source key to a URL (QGIS settings)."""

    def __init__(self, data):
        self.data = data
        self.sources = data.get("sources") or {}

    @classmethod
    def load(cls, user_yaml=None, endpoint_overrides=None):
        """Built-in sources, then the user's YAML (setting), then per-source URLs (settings), then the YAML
        named by TI_ENERGIE_CATALOGUE, which has the last word (deployments, tests)."""
        data = _read_yaml(BUILTIN_YAML, "Catalogue intégré")
        env_yaml = os.environ.get(ENV_CATALOGUE) or None
        if user_yaml and user_yaml != env_yaml:
            data = _deep_merge(data, _read_yaml(user_yaml, "Catalogue utilisateur"))
        for key, url in (endpoint_overrides or {}).items():
            if url:
                data.setdefault("sources", {}).setdefault(key, {})["url"] = url
        if env_yaml:
            data = _deep_merge(data, _read_yaml(env_yaml, "Catalogue utilisateur"))
        return cls(data)

    def source(self, key):
        try:
            return self.sources[key]
        except KeyError:
            raise TiEnergieError(f"Source « {key} » absente du catalogue.") from None

    def label(self, key):
        return self.sources.get(key, {}).get("label", key)

    def url(self, key):
        """The endpoint of a source, checked (HTTPS or loopback HTTP)."""
        src = self.source(key)
        return check_url(str(src.get("url", "")).rstrip("/"), src.get("label", key))

    def network(self, name, default):
        return (self.data.get("network") or {}).get(name, default)

    def fetch_options(self, key):
        """Keyword arguments of network.fetch for a source: timeout, retries, and the QGIS authentication
        configuration (`authcfg`, an id of the QGIS authentication database) when the source needs one."""
        return {"timeout_s": float(self.network("timeout_s", 60)), "retries": int(self.network("retries", 2)),
                "retry_max_wait_s": float(self.network("retry_max_wait_s", 20)),
                "authcfg": str(self.sources.get(key, {}).get("authcfg") or "")}

    def cache_max_age_days(self):
        return float((self.data.get("cache") or {}).get("max_age_days", 30))

    def provenance(self, key, date=""):
        """Source, producer, licence and date of a layer, for its metadata."""
        src = self.source(key)
        return {"source": src.get("label", key), "producer": src.get("producer", ""),
                "licence": src.get("licence", ""), "url": src.get("doc") or src.get("url", ""), "date": date}
