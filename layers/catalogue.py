"""Source catalogue: the built-in `sources.yaml`, merged with the user's YAML and endpoint settings.

Every YAML file is checked when it is read: its shape (mappings where mappings are expected), the types
of the network and cache settings, and, for each source, the keys its connector kind declares (see
`layers/connectors/`). A mistake gives one French message naming the file and the key, never a
traceback. Theme membership comes from each source's `theme:` (one theme or a list).
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..core.errors import SourceError, TiEnergieError
from ..core.i18n import tr

BUILTIN_YAML = Path(__file__).resolve().parent / "sources.yaml"
ENV_CATALOGUE = "TI_ENERGIE_CATALOGUE"

# network: and cache: settings: name → (type, minimum)
NETWORK_KEYS = {"timeout_s": (float, 1), "retries": (int, 0), "retry_max_wait_s": (float, 0),
                "backoff_s": (float, 0), "backoff_max_s": (float, 0), "total_max_s": (float, 1),
                "jitter": (float, 0), "max_workers": (int, 1)}
CACHE_KEYS = {"max_age_days": (float, 0), "keep_territories": (int, 1)}
# keys every source may have: name → type (str, number, list of str...)
COMMON_SOURCE_KEYS = {
    "label": str, "producer": str, "licence": str, "url": str, "doc": str, "theme": "themes",
    "connector": str, "layer": str, "title": str, "style": str, "fields": dict, "authcfg": str,
    "min_interval_s": float, "max_age_days": float, "geometry": str, "state": str, "state_reason": str,
    "on_incomplete": str, "vintage": str, "refresh": str, "derive": str, "rate_group": str,
}
GEOMETRIES = ("point", "multilinestring", "multipolygon", "none")
STATES = ("working", "fallback", "user_file")
FIELD_TYPES = ("str", "int", "double", "bool")


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
        raise TiEnergieError(tr("{} illisible ({}) : {}.").format(what, path, err.strerror or err)) from err
    except UnicodeDecodeError as err:  # saved in Windows-1252 by a text editor
        raise TiEnergieError(tr("{} illisible ({}) : le fichier doit être enregistré en UTF-8 (octet {} : {}).").format(what, path, err.start + 1, err.reason)) from err
    except yaml.YAMLError as err:
        raise TiEnergieError(tr("{} invalide ({}) : {}.").format(what, path, err)) from err
    if not isinstance(data, dict):
        raise TiEnergieError(tr("{} invalide ({}) : un dictionnaire YAML est attendu.").format(what, path))
    return data


def _type_name(kind):
    return {str: "un texte", float: "un nombre", int: "un nombre entier", dict: "un dictionnaire",
            bool: "oui/non (true/false)", "themes": "un thème ou une liste de thèmes"}.get(kind, str(kind))


def _check_value(value, kind, where):
    """Raise ValueError(message) when `value` is not of `kind`."""
    if kind is float and not isinstance(value, bool) and isinstance(value, (int, float)):
        return
    if kind is int and not isinstance(value, bool) and isinstance(value, int):
        return
    if kind is bool and isinstance(value, bool):
        return
    if kind is str and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return
    if kind is dict and isinstance(value, dict):
        return
    if kind == "themes" and (isinstance(value, str) or (isinstance(value, list)
                                                        and all(isinstance(v, str) for v in value))):
        return
    if isinstance(kind, tuple) and any(_accepts(value, k) for k in kind):
        return
    if kind == "str_list" and isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return
    raise ValueError(tr("« {} » doit être {} (valeur lue : {!r})").format(where, _type_name(kind), value))


def _accepts(value, kind):
    try:
        _check_value(value, kind, "")
        return True
    except ValueError:
        return False


def validate(data, path, what="Catalogue utilisateur", base=None):
    """Check the shape of one catalogue YAML (user or built-in). Raises TiEnergieError naming file and key.

    `base`: the catalogue data this file is merged onto. A source of the file that changes a few keys of a
    base source keeps the base's connector kind (its keys are accepted) and the types of its fields."""
    base_sources = (base or {}).get("sources") or {}

    def fail(message):
        raise TiEnergieError(tr("{} invalide ({}) : {}.").format(what, path, message))

    try:
        for section, keys in (("network", NETWORK_KEYS), ("cache", CACHE_KEYS)):
            block = data.get(section)
            if block is None:
                continue
            if not isinstance(block, dict):
                fail(tr("« {} » doit être un dictionnaire").format(section))
            for key, value in block.items():
                if key not in keys:
                    fail(tr("clé inconnue « {}.{} » (clés possibles : {})").format(section, key, ', '.join(keys)))
                kind, minimum = keys[key]
                _check_value(value, kind, f"{section}.{key}")
                if value < minimum:
                    fail(tr("« {}.{} » doit valoir au moins {}").format(section, key, minimum))
        sources = data.get("sources")
        if sources is None:
            return
        if not isinstance(sources, dict):
            fail(tr("« sources » doit être un dictionnaire de sources"))
        from .connectors import connector_keys

        for key, source in sources.items():
            if not isinstance(source, dict):
                fail(tr("la source « {} » doit être un dictionnaire (clé: valeur), pas {!r}").format(key, source))
            inherited = base_sources.get(key) if isinstance(base_sources.get(key), dict) else {}
            kind = source.get("connector", inherited.get("connector"))
            if kind is not None:
                _check_value(kind, str, f"sources.{key}.connector")
            specific = connector_keys(kind) if kind is not None else {}
            if kind is not None and specific is None:
                from .connectors import CONNECTORS

                fail(tr("« sources.{}.connector » : connecteur « {} » inconnu (connecteurs possibles : {})").format(key, kind, ', '.join(sorted(CONNECTORS))))
            for name, value in source.items():
                expected = (specific or {}).get(name, COMMON_SOURCE_KEYS.get(name))
                if expected is None:
                    fail(tr("clé inconnue « sources.{}.{} »").format(key, name))
                _check_value(value, expected, f"sources.{key}.{name}")
            if "url" in source:
                try:
                    check_url(str(source["url"]), key)
                except SourceError:
                    fail(tr("« sources.{}.url » : seules les adresses HTTPS sont autorisées (HTTP uniquement vers "
                            "la machine locale), lu : {!r}").format(key, source['url']))
            if source.get("geometry") not in (None, *GEOMETRIES):
                fail(tr("« sources.{}.geometry » doit être l'une de : {}").format(key, ', '.join(GEOMETRIES)))
            if source.get("state") not in (None, *STATES):
                fail(tr("« sources.{}.state » doit être l'un de : {}").format(key, ', '.join(STATES)))
            if source.get("on_incomplete") not in (None, "keep", "drop"):
                fail(tr("« sources.{}.on_incomplete » doit valoir keep ou drop").format(key))
            for name, spec in (source.get("fields") or {}).items():
                field_type = spec.get("type") if isinstance(spec, dict) else spec
                if field_type is None and isinstance(spec, dict) and name in (inherited.get("fields") or {}):
                    continue  # only the alias or the origin of a base field changes
                if field_type not in FIELD_TYPES:
                    fail(tr("« sources.{}.fields.{} » : type « {} » inconnu (types possibles : {})").format(key, name, field_type, ', '.join(FIELD_TYPES)))
    except ValueError as err:
        fail(str(err))


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
    raise SourceError(source_label, tr("adresse refusée « {} » : seules les adresses HTTPS sont autorisées.").format(url))


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
        validate(data, BUILTIN_YAML, "Catalogue intégré")
        env_yaml = os.environ.get(ENV_CATALOGUE) or None
        if user_yaml and user_yaml != env_yaml:
            user = _read_yaml(user_yaml, "Catalogue utilisateur")
            validate(user, user_yaml, base=data)
            data = _deep_merge(data, user)
        for key, url in (endpoint_overrides or {}).items():
            if url:
                data.setdefault("sources", {}).setdefault(key, {})["url"] = url
        if env_yaml:
            user = _read_yaml(env_yaml, "Catalogue utilisateur")
            validate(user, env_yaml, base=data)
            data = _deep_merge(data, user)
        return cls(data)

    def source(self, key):
        try:
            return self.sources[key]
        except KeyError:
            raise TiEnergieError(tr("Source « {} » absente du catalogue.").format(key)) from None

    def label(self, key):
        return self.sources.get(key, {}).get("label", key)

    def url(self, key):
        """The endpoint of a source, checked (HTTPS or loopback HTTP)."""
        src = self.source(key)
        return check_url(str(src.get("url", "")).rstrip("/"), src.get("label", key))

    def network(self, name, default):
        return (self.data.get("network") or {}).get(name, default)

    def themes_of(self, key):
        """The dock themes a source feeds (its `theme:`, one or a list)."""
        value = self.sources.get(key, {}).get("theme") or []
        return [value] if isinstance(value, str) else list(value)

    def theme_sources(self, theme_key):
        """Keys of the sources with a connector that feed `theme_key`, in catalogue order."""
        return [key for key, src in self.sources.items()
                if src.get("connector") and theme_key in self.themes_of(key)]

    def policy(self):
        """The RetryPolicy of the catalogue's `network:` section."""
        from .network import RetryPolicy

        base = RetryPolicy()
        net = self.data.get("network") or {}
        max_wait = float(net.get("retry_max_wait_s", base.retry_after_max_s))
        return RetryPolicy(timeout_s=float(net.get("timeout_s", base.timeout_s)),
                           retries=int(net.get("retries", base.retries)),
                           backoff_s=float(net.get("backoff_s", base.backoff_s)),
                           backoff_max_s=min(float(net.get("backoff_max_s", base.backoff_max_s)), max(max_wait, 0.0)),
                           retry_after_max_s=max_wait,
                           total_max_s=float(net.get("total_max_s", base.total_max_s)),
                           jitter=float(net.get("jitter", base.jitter)))

    def fetch_options(self, key):
        """Keyword arguments of network.fetch for a source: retry policy, politeness, and the QGIS
        authentication configuration (`authcfg`, an id of the QGIS authentication database), sent only to
        the origin of the source's own address. Sources of one host share their politeness delay when
        they name the same `rate_group` (the IGN Géoplateforme: about one request a second in all)."""
        src = self.sources.get(key, {})
        return {"policy": self.policy(), "authcfg": str(src.get("authcfg") or ""),
                "auth_origin": str(src.get("url") or ""), "rate_key": str(src.get("rate_group") or key),
                "min_interval_s": float(src.get("min_interval_s") or 0.0)}

    def cache_max_age_days(self, key=None):
        """Age after which a cached answer is fetched again (the source's own `max_age_days` first)."""
        if key is not None and self.sources.get(key, {}).get("max_age_days") is not None:
            return float(self.sources[key]["max_age_days"])
        return float((self.data.get("cache") or {}).get("max_age_days", 30))

    def provenance(self, key, date="", vintage=""):
        """Source, producer, licence, download date and the producer's own vintage, for a layer's metadata."""
        src = self.source(key)
        return {"source": src.get("label", key), "producer": src.get("producer", ""),
                "licence": src.get("licence", ""), "url": src.get("doc") or src.get("url", ""), "date": date,
                "vintage": vintage, "state": src.get("state", "working"), "state_reason": src.get("state_reason", "")}
