"""SDES's DiDo API (data.statistiques.developpement-durable.gouv.fr/dido/api/v1): datafiles found by title
in the catalogue, rows filtered on the server and read page by page.

- Catalogue: `GET <url>/datafiles?page=<n>&pageSize=100&text=<search>` answers
  `{total, data: [{rid, title, millesimes: [{millesime: "YYYY-MM", rows}], dataset: {title}}]}`; the
  datafile whose title holds every word of `title_words` (accents and case ignored) and none of
  `title_excludes` is taken — the most recent year named in its title, then its latest millésime. Nothing
  is hard-coded: a new vintage is found by the next load (the catalogue's answer is kept `max_age_days`).
  `rid:` (and `millesime:`) in the catalogue pin a datafile when the user wants one.
- Rows: `GET <url>/datafiles/<rid>/rows?millesime=YYYY-MM&<COLUMN>=<op>:<value>&page=<n>&pageSize=<size>`
  answers `{total, data: [{COLUMN: value…}]}`. The server keeps the rows of each département of the
  territory (`CODE_IRIS_CODE=startsWith:59`) and the catalogue's `filters` (`CODE_GRAND_SECTEUR=eq:I`);
  the communes are then kept on our side. `pageSize=all` asks everything in one answer; a number pages.

`sdes_adresses`: the SDES « données locales de consommation » address files (gas, electricity): rows of
the territory's communes and of NAF divisions 10–33 summed per address (`BAN_ID`, else commune + address)
and energy; the division carrying the largest consumption gives the sector (core/consumers.py).
`CONSO`/`PDL` written `secret` or `nd` are NULL, never 0. An address without coordinates is placed inside
its commune (precision « commune »).
"""

import re
import unicodedata
from urllib.parse import quote, urlencode

from ...core import consumers as cons
from ...core.errors import CancelledError, SourceError
from . import register
from ...core.i18n import tr
from .base import convert
from .consumers import NAF_KEYS, build_layer, empty_layer, lon_lat, naf_table_of

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
CATALOGUE_PAGE_SIZE = 100
MAX_CATALOGUE_PAGES = 20


def fold(text):
    """Lower case without accents, for title matching."""
    text = unicodedata.normalize("NFKD", str(text or "")).lower()
    return "".join(c for c in text if not unicodedata.combining(c))


def _latest_millesime(item):
    values = [str(m.get("millesime") or "") for m in (item.get("millesimes") or []) if isinstance(m, dict)]
    values = [v for v in values if re.match(r"^\d{4}-\d{2}$", v)]
    return max(values) if values else ""


def _title_year(title):
    years = [int(y) for y in _YEAR.findall(title or "")]
    return max(years) if years else 0


def choose_datafile(items, words, excludes=()):
    """(rid, millésime, title) of the best datafile among catalogue `items`, or None."""
    words, excludes = [fold(w) for w in words], [fold(w) for w in excludes]
    matches = []
    for item in items:
        if not isinstance(item, dict) or not item.get("rid"):
            continue
        title = fold(item.get("title"))
        if all(w in title for w in words) and not any(w in title for w in excludes):
            millesime = _latest_millesime(item)
            if millesime:
                matches.append(((_title_year(item.get("title")), millesime, str(item.get("last_modified") or "")),
                                item, millesime))
    if not matches:
        return None
    _rank, item, millesime = max(matches, key=lambda m: m[0])
    return str(item["rid"]), millesime, str(item.get("title") or "")


def find_datafile(ctx):
    """(rid, millésime, title) from the catalogue entry (`rid`, `millesime`) or from DiDo's catalogue."""
    base = ctx.url()
    rid, millesime = str(ctx.option("rid", "") or ""), str(ctx.option("millesime", "") or "")
    if rid and millesime:
        return rid, millesime, rid
    if rid:
        meta = ctx.fetch_json(f"{base}/datafiles/{quote(rid)}")
        latest = str(meta.get("millesime") or "") or _latest_millesime(meta)
        if not latest:
            raise ctx.fail(tr("aucun millésime connu pour le fichier de données {}.").format(rid))
        return rid, latest, str(meta.get("title") or rid)
    words = [str(w) for w in (ctx.option("title_words", []) or [])]
    if not words:
        raise ctx.fail(tr("le catalogue ne dit ni le fichier de données (rid) ni les mots de son titre "
                          "(title_words)."))
    items, page = [], 1
    while True:
        query = {"page": page, "pageSize": CATALOGUE_PAGE_SIZE}
        if ctx.option("search"):
            query["text"] = str(ctx.option("search"))
        payload = ctx.fetch_json(f"{base}/datafiles?" + urlencode(query))
        data = payload.get("data")
        if not isinstance(data, list):
            raise ctx.fail(tr("réponse inattendue du catalogue DiDo : liste « data » absente."))
        items.extend(data)
        try:
            total = int(payload.get("total") or 0)
        except (TypeError, ValueError):
            total = 0
        if not data or page * CATALOGUE_PAGE_SIZE >= total or page >= MAX_CATALOGUE_PAGES:
            break
        page += 1
    chosen = choose_datafile(items, words, [str(w) for w in (ctx.option("title_excludes", []) or [])])
    if chosen is None:
        raise ctx.fail("aucun fichier de données du catalogue DiDo dont le titre contient « "
                       + " », « ".join(words) + " » (recherche « " + str(ctx.option("search", "")) + " »).")
    return chosen


def fetch_rows(ctx, rid, millesime):
    """The rows of the territory's départements (server-side filters), page by page."""
    page_size = str(ctx.option("page_size", "all")).strip() or "all"
    max_pages = int(ctx.option("max_pages", 100))
    filters = {str(k): str(v) for k, v in (ctx.option("filters", {}) or {}).items()}
    if ctx.option("annee"):
        filters["ANNEE"] = f"eq:{int(ctx.option('annee'))}"
    column = ctx.option("departement_column", "CODE_IRIS_CODE")
    departements = ctx.departements()
    out, missing = [], []
    for number, dep in enumerate(departements):
        ctx.progress(100.0 * number / max(1, len(departements)))
        query = {"millesime": millesime, column: f"startsWith:{dep}", **filters, "pageSize": page_size}
        got = []
        try:
            for page in range(1, max_pages + 1):
                payload = ctx.fetch_json(f"{ctx.url()}/datafiles/{quote(rid)}/rows?" + urlencode({**query, "page": page}),
                                         expect=None)
                data = payload if isinstance(payload, list) else (payload or {}).get("data")
                if not isinstance(data, list):
                    raise ctx.fail(tr("réponse inattendue : liste « data » absente."))
                got.extend(r for r in data if isinstance(r, dict))
                try:
                    total = int(payload.get("total")) if isinstance(payload, dict) else None
                except (TypeError, ValueError):
                    total = None
                if page_size == "all" or not data or (total is not None and len(got) >= total) \
                        or (total is None and len(data) < int(page_size)):
                    break
            else:
                ctx.warn(tr("département {} : plus de {} pages, lecture arrêtée (réponse tronquée).").format(dep, max_pages))
                ctx.incomplete.append(f"département {dep} : pages au-delà de {max_pages} non lues")
        except CancelledError:
            raise
        except SourceError as err:
            if len(departements) == 1:
                raise
            missing.append((dep, err.detail))
            continue
        out.extend(got)
    if missing and len(missing) == len(departements):
        raise ctx.fail(tr("aucune réponse pour les départements du territoire ({}).").format(missing[-1][1].rstrip('.')))
    for dep, detail in missing:
        ctx.warn(tr("département {} sans réponse ({}).").format(dep, detail.rstrip('.')))
    if missing:
        ctx.incomplete.append(f"département(s) {', '.join(dep for dep, _detail in missing)} manquant(s)")
    return out


def _value(raw, kind, bad):
    try:
        return convert(raw, kind)
    except (TypeError, ValueError):
        bad.append(str(raw)[:30])
        return None


def _commune_of(row, column):
    code = str(row.get(column) or "").strip()
    return code[:5] if len(code) >= 5 else ""


@register("sdes_adresses", energie=str, search=str, title_words="str_list", title_excludes="str_list", rid=str,
          millesime=str, filters=dict, departement_column=str, commune_column=str, page_size=str, max_pages=int,
          annee=int, **NAF_KEYS)
def sdes_adresses(ctx):
    """Industrial consumers of one energy from an SDES address file (points)."""
    energie = cons.normalise_energy(ctx.option("energie"))
    if energie is None:
        raise ctx.fail(tr("le catalogue doit dire l'énergie de la source (energie: Gaz ou Électricité)."))
    table = naf_table_of(ctx)
    communes = ctx.communes()
    if not communes:
        return empty_layer(ctx)
    rid, millesime, title = find_datafile(ctx)
    ctx.vintage = f"{title} (millésime {millesime})"
    commune_column = ctx.option("commune_column", "CODE_IRIS_CODE")
    raw = [r for r in fetch_rows(ctx, rid, millesime) if _commune_of(r, commune_column) in communes]
    years = [y for y in (_value(r.get("ANNEE"), "int", []) for r in raw) if y]
    latest = int(ctx.option("annee") or (max(years) if years else 0)) or None
    bad, rows, no_place = [], [], 0
    for row in raw:
        year = _value(row.get("ANNEE"), "int", bad)
        if latest and year and year != latest:
            continue
        division = cons.naf_division(row.get("CODE_SECTEUR_NAF2_CODE"))
        if division not in table.secteurs:
            continue
        code = _commune_of(row, commune_column)
        address = str(row.get("BAN_ADRESSE") or row.get("ADRESSE") or "").strip()
        key = str(row.get("BAN_ID") or "").strip() or f"{code}|{fold(row.get('ADRESSE') or address)}"
        location = lon_lat(row.get("BAN_LONGITUDE"), row.get("BAN_LATITUDE"))
        rows.append(cons.SourceRow(key, energie, code, division, _value(row.get("CONSO"), "double", bad),
                                   _value(row.get("PDL"), "int", bad), year or latest, address, location))
    points = cons.aggregate(rows, table)
    no_place = sum(1 for p in points if p.location is None)
    if bad:
        ctx.warn(tr("{} valeur(s) illisible(s) mise(s) à NULL (« {} »…).").format(len(bad), bad[0]))
    if no_place:
        ctx.warn(tr("{} adresse(s) sans coordonnées placée(s) dans leur commune (précision « commune »).").format(no_place))
    return build_layer(ctx, points, cons.DISTRIBUTION, f"SDES – {title} (millésime {millesime})",
                       cons.PRECISION_ADRESSE)
