"""The territory catalogue in use: the built-in list, or the one refreshed from ANCT's open data."""

from ..core.territories import load_builtin, merge_refresh, parse_anct_epci_csv
from .cache import atomic_write
from .network import fetch, forget_unreachable

SOURCE_KEY = "anct_ti_epci"
REFRESHED_NAME = "territoires_anct.csv"


def current_catalogue(cache=None):
    """The refreshed catalogue when one was saved in the cache folder, else the built-in one."""
    builtin = load_builtin()
    if cache is not None:
        saved = cache.dir / REFRESHED_NAME
        if saved.exists():
            short = {t.id: t.short_name for t in builtin}
            return merge_refresh(builtin, parse_anct_epci_csv(saved.read_bytes(), short_names=short))
    return builtin


def refresh_catalogue(catalogue, cache, feedback=None):
    """Download ANCT's EPCI list, check it, save it in the cache folder and return the merged catalogue.

    The saved copy is replaced only once the new one has been read successfully.
    """
    label = catalogue.label(SOURCE_KEY)
    from . import payloads

    forget_unreachable()  # the user asks now: the network may be back
    data = fetch(catalogue.url(SOURCE_KEY), label, feedback=feedback,
                 validate=lambda body: payloads.csv_text(body, ("id_ti", "siren_groupement")),
                 **catalogue.fetch_options(SOURCE_KEY))
    builtin = load_builtin()
    refreshed = parse_anct_epci_csv(data, source=label, short_names={t.id: t.short_name for t in builtin})
    atomic_write(cache.dir / REFRESHED_NAME, data)
    return merge_refresh(builtin, refreshed)
