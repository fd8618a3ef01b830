"""The referents' texts of a fiche: one YAML file per territory, written once by the plugin, then theirs.

Life of the file (`fiche-<territoire>-textes.yaml`, beside the PDF unless another file or folder is given):

1. First export: the file does not exist. The plugin writes a template: every text empty, each preceded by
   comments giving the facts computed from the data as prompts, and the facts themselves under
   `faits_calcules`. The fiche shows the empty sections as « à compléter ».
2. Later exports read it. Whether the referents changed it is known from a fingerprint: the template's
   line `# empreinte : sha256=<…>` holds the SHA-256 of the rest of the file as the plugin wrote it.
   - unchanged (the fingerprint matches): the file is still the plugin's own and is rewritten with the new
     facts when they changed (nothing of anyone's is lost);
   - changed (any edit, or the line removed): the file is never written again. When the facts computed now
     differ from its `faits_calcules`, they go to a separate dated file
     `fiche-<territoire>-textes-suggestions-<AAAA-MM-JJ>.yaml` (old and new value of each fact).
   A fingerprint is used rather than a `modifie: false` flag the referents would have to set: forgetting
   the flag would lose their text, while no edit can leave the fingerprint matching. Line endings and
   trailing spaces are ignored (an editor that only changes them does not make the file « edited »).
3. A missing or partial file gives empty sections, marked; a malformed one stops with the line and the
   column of the error (yaml.safe_load), and the file is left untouched.

Pure Python (PyYAML): usable from a worker thread.
"""

import datetime
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.errors import TiEnergieError
from ..core.fiche_facts import slug, swot_prompts
from ..core.i18n import tr

VERSION = 1
FINGERPRINT = re.compile(r"^# empreinte : sha256=([0-9a-f]{64})\s*$", re.MULTILINE)
SWOT = (("forces", "Forces"), ("faiblesses", "Faiblesses"), ("opportunites", "Opportunités"), ("menaces", "Menaces"))
# section → [(key, kind, help)]: the texts the fiche reads
FIELDS = {
    "portrait": [
        ("presentation", "text", "Présentation du territoire : villes principales, tissu industriel, ce qui le "
                                 "distingue (quelques phrases)."),
        ("logistique", "text", "Infrastructures logistiques : ports, voies ferrées, plateformes (les données du "
                               "plugin n'ont ni ports ni rail)."),
    ],
    "energie": [
        ("commentaire", "text", "Lecture des cartes et des tableaux de l'énergie : grands sites, projets, "
                                "contraintes des réseaux."),
        ("hydrogene", "text", "Enjeux et projets hydrogène (réseau, production, usages)."),
    ],
    "attractivite": [
        ("decarbonation", "text", "Entreprises et démarches de décarbonation (projets collectifs, lauréats, "
                                  "échéances)."),
        ("avantages_competitifs", "text", "Avantages compétitifs : énergie, eau, image, savoir-faire, formation."),
    ],
    "vulnerabilites": [
        ("texte", "text", "Vulnérabilités et enjeux climatiques (section « à venir » de la fiche : un texte ici "
                          "remplace l'annonce)."),
    ],
    "recommandations": [
        ("forces", "list", "Forces : une entrée par atout, « Titre : explication »."),
        ("faiblesses", "list", "Faiblesses : une entrée par point, « Titre : explication »."),
        ("opportunites", "list", "Opportunités : une entrée par piste, « Titre : explication »."),
        ("menaces", "list", "Menaces : une entrée par risque, « Titre : explication »."),
        ("synergies", "text", "Synergies entre acteurs : mutualisations, projets partagés, complémentarités "
                              "(le résultat de l'appariement de chaleur est donné à part)."),
    ],
}
TOP_KEYS = ("version", "territoire", "nom", "relu_par", "date_relecture", "contact", "faits_calcules") + tuple(FIELDS)


@dataclass
class FicheTexts:
    """The texts read for one fiche, and what happened to the file."""

    path: Path = None
    values: dict = field(default_factory=dict)   # section → key → text or [items]
    state: str = "absent"      # absent, modele_cree, modele_actualise, modele_inchange, modifie
    suggestions: Path = None   # the dated suggestions file written by this export
    warnings: list = field(default_factory=list)
    reviewers: str = ""
    contact: str = ""

    def text(self, section, key):
        value = (self.values.get(section) or {}).get(key)
        return value.strip() if isinstance(value, str) else ""

    def items(self, key):
        """SWOT entries as (title, text): « Titre : texte » split at its first colon."""
        out = []
        for item in (self.values.get("recommandations") or {}).get(key) or []:
            if isinstance(item, dict):
                out.append((str(item.get("titre") or "").strip(), str(item.get("texte") or "").strip()))
                continue
            text = str(item).strip()
            head, sep, tail = text.partition(" : ") if " : " in text else text.partition(": ")
            out.append((head.strip(), tail.strip()) if sep and len(head) <= 60 else ("", text))
        return [(title, body) for title, body in out if title or body]

    @property
    def edited(self):
        return self.state == "modifie"

    @property
    def empty(self):
        return not any(self.text(section, key) if kind == "text" else self.items(key)
                       for section, fields in FIELDS.items() for key, kind, _help in fields)


def default_path(folder, territory_short_name):
    return Path(folder) / f"fiche-{slug(territory_short_name)}-textes.yaml"


def suggestions_path(texts_path, day=None):
    day = day or datetime.date.today().isoformat()
    path = Path(texts_path)
    return path.with_name(f"{path.stem}-suggestions-{day}.yaml")


# --- fingerprint ------------------------------------------------------------------------------------------

def _normalised(text):
    text = text.lstrip("\ufeff")
    lines = (line.rstrip() for line in text.splitlines() if not FINGERPRINT.match(line.rstrip()))
    return "\n".join(lines).strip("\n")


def fingerprint(text):
    return hashlib.sha256(_normalised(text).encode("utf-8")).hexdigest()


def _with_fingerprint(body):
    """The file text: the body with its fingerprint line after the first comment block."""
    lines = body.split("\n")
    stamp = f"# empreinte : sha256={fingerprint(body)}"
    index = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "\n".join(lines[:index] + [stamp] + lines[index:])


def is_plugin_file(text):
    """True when `text` is a file the plugin wrote and nobody changed since."""
    match = FINGERPRINT.search(text.lstrip("\ufeff"))
    return bool(match) and match.group(1) == fingerprint(text)


# --- writing ----------------------------------------------------------------------------------------------

def _q(value):
    """A YAML scalar (JSON's double-quoted strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text, indent=""):
    import textwrap

    return [f"{indent}# {line}" for line in textwrap.wrap(text, 100 - len(indent))] or [f"{indent}#"]


def template_text(territory_id, name, facts, day=None):
    """The template of the referents' file for a territory, with the facts as prompts (no fingerprint)."""
    day = day or datetime.date.today().isoformat()
    prompts = swot_prompts(facts)
    out = [f"# Textes de la fiche « {name} » ({territory_id}), à compléter et corriger par les référents.",
           "# Écrivez entre les guillemets, ou remplacez \"\" par un bloc : « | » puis le texte à la ligne,",
           "# décalé de quatre espaces. Listes : une entrée par ligne commençant par « - ».",
           "# Une section laissée vide apparaît « à compléter » dans la fiche. TI Énergie ne réécrit jamais ce",
           "# fichier une fois modifié : les faits nouveaux vont dans un fichier « …-suggestions-<date>.yaml ».",
           "# Les lignes « Repères » rappellent les chiffres calculés le " + day + " à partir des données.",
           f"version: {VERSION}", f"territoire: {_q(territory_id)}", f"nom: {_q(name)}",
           "relu_par: \"\"        # noms et structures des référents qui ont relu ou écrit ces textes",
           "date_relecture: \"\"  # AAAA-MM-JJ",
           "contact: \"\"         # adresse à laquelle envoyer les mises à jour (affichée sur la couverture)", ""]
    hints = {
        "presentation": [k for k in ("population", "communes", "epci", "emploi_industriel", "secteurs_principaux",
                                     "dix_premiers_etablissements") if k in facts],
        "logistique": [k for k in ("autoroutes", "voies_navigables") if k in facts],
        "commentaire": [k for k in ("grands_consommateurs", "puissance_installee", "reseaux_de_chaleur",
                                    "biomethane") if k in facts],
        "avantages_competitifs": [k for k in ("puissance_installee", "friches") if k in facts],
        "synergies": [k for k in ("appariement_chaleur", "reseaux_de_chaleur") if k in facts],
    }
    for section, fields in FIELDS.items():
        out.append(f"{section}:")
        for key, kind, help_text in fields:
            out.extend(_comment(help_text, "  "))
            repere = "; ".join(facts[k] for k in hints.get(key, []))
            if repere:
                out.extend(_comment("Repères : " + repere, "  "))
            for prompt in prompts.get(key, []):
                out.extend(_comment("Piste : " + prompt, "  "))
            out.append(f"  {key}: []" if kind == "list" else f"  {key}: \"\"")
        out.append("")
    out.append(f"# Faits calculés par TI Énergie le {day} (ne pas modifier : ils servent à repérer les faits nouveaux).")
    out.append("faits_calcules:")
    out.extend(f"  {key}: {_q(value)}" for key, value in facts.items())
    return "\n".join(out) + "\n"


def _atomic_write(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except OSError:
        if os.path.exists(temp):
            os.remove(temp)
        raise


def write_template(path, territory_id, name, facts, day=None):
    text = _with_fingerprint(template_text(territory_id, name, facts, day))
    try:
        _atomic_write(path, text)
    except OSError as err:
        raise TiEnergieError(tr("Fichier des textes des référents non écrit : {} ({}).").format(path, err.strerror or err)) from None
    return text


# --- reading ----------------------------------------------------------------------------------------------

def parse(text, path):
    """The YAML mapping of a referents' file; TiEnergieError naming the line on a syntax error."""
    try:
        data = yaml.safe_load(text.lstrip("\ufeff"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        where = f"ligne {mark.line + 1}, colonne {mark.column + 1}" if mark is not None else "position inconnue"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise TiEnergieError(tr("Fichier des textes des référents illisible : {}, {} : {}. Corrigez le fichier "
                                "(guillemets, deux-points, décalage des lignes) puis relancez l'export.").format(path, where, problem)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TiEnergieError(tr("Fichier des textes des référents illisible : {} ne contient pas de rubriques « "
                                "clé: valeur » (portrait:, energie:, recommandations:…).").format(path))
    return data


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value if v is not None)
    if isinstance(value, dict):
        return ""
    return str(value)


def _as_items(value):
    if value is None or value == "":
        return []
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, dict):
        return [value]
    return [v for v in value if v not in (None, "")]


def clean(data, path):
    """(values, warnings): the known sections and keys, each converted to text or list, unknown ones named."""
    warnings, values = [], {}
    for key in data:
        if key not in TOP_KEYS:
            warnings.append(tr("{} : rubrique « {} » inconnue, ignorée (rubriques : {}).").format(Path(path).name, key, ', '.join(FIELDS)))
    for section, fields in FIELDS.items():
        given = data.get(section)
        if given is None:
            continue
        if not isinstance(given, dict):
            warnings.append(tr("{} : « {} » devrait contenir des clés ({}), ignorée.").format(Path(path).name, section, ', '.join(k for k, _t, _h in fields)))
            continue
        known = {k for k, _kind, _help in fields}
        for key in given:
            if key not in known:
                warnings.append(tr("{} : clé « {}.{} » inconnue, ignorée (clés : {}).").format(Path(path).name, section, key, ', '.join(sorted(known))))
        values[section] = {key: (_as_items(given.get(key)) if kind == "list" else _as_text(given.get(key)))
                           for key, kind, _help in fields}
    return values, warnings


def _changed_facts(old, new):
    old = old if isinstance(old, dict) else {}
    changes = {key: {"avant": old.get(key), "maintenant": value} for key, value in new.items()
               if str(old.get(key)) != str(value)}
    changes.update({key: {"avant": value, "maintenant": None} for key, value in old.items() if key not in new})
    return changes


def _write_suggestions(texts_path, territory_id, name, changes, day=None):
    """The dated suggestions file (a new name if one of today's was changed by someone)."""
    day = day or datetime.date.today().isoformat()
    lines = [f"# Faits nouveaux pour la fiche « {name} » ({territory_id}), calculés le {day}.",
             f"# Le fichier des textes {Path(texts_path).name} a été modifié par les référents : TI Énergie ne le",
             "# réécrit pas. Reportez-y ce qui est utile ; ce fichier-ci peut ensuite être supprimé.",
             f"territoire: {_q(territory_id)}", f"date: {_q(day)}", "faits_nouveaux:"]
    for key, change in changes.items():
        lines.append(f"  {key}:")
        lines.append(f"    avant: {_q(change['avant']) if change['avant'] is not None else 'null'}")
        lines.append(f"    maintenant: {_q(change['maintenant']) if change['maintenant'] is not None else 'null'}"
                     + ("  # plus calculé : données absentes de cette édition" if change["maintenant"] is None else ""))
    text = _with_fingerprint("\n".join(lines) + "\n")
    path = suggestions_path(texts_path, day)
    index = 2
    while path.exists():
        current = path.read_text(encoding="utf-8")
        if _normalised(current) == _normalised(text):
            return path
        if is_plugin_file(current):
            break  # the plugin's own file of today, unchanged since: replaced
        path = path.with_name(f"{Path(texts_path).stem}-suggestions-{day}-{index}.yaml")
        index += 1
    _atomic_write(path, text)
    return path


def prepare(path, territory_id, name, facts, day=None, create=True):
    """Read (or create) the referents' file of a territory. Returns FicheTexts; raises TiEnergieError on a
    malformed file or a file of another territory."""
    path = Path(path)
    result = FicheTexts(path=path)
    if not path.exists():
        if not create:
            return result
        write_template(path, territory_id, name, facts, day)
        result.state = "modele_cree"
        return result
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TiEnergieError(tr("Fichier des textes des référents illisible : {} n'est pas en UTF-8 "
                                "(enregistrez-le en UTF-8 depuis votre éditeur).").format(path)) from None
    except OSError as err:
        raise TiEnergieError(tr("Fichier des textes des référents illisible : {} ({}).").format(path, err.strerror or err)) \
            from None
    data = parse(text, path)
    given_id = str(data.get("territoire") or "").strip()
    if given_id and given_id != territory_id:
        raise TiEnergieError(tr("Le fichier des textes {} est celui du territoire « {} », pas de « {} » ({}).").format(path, given_id, territory_id, name))
    result.values, result.warnings = clean(data, path)
    result.reviewers = _as_text(data.get("relu_par")).strip()
    result.contact = _as_text(data.get("contact")).strip()
    if is_plugin_file(text):
        if (data.get("faits_calcules") or {}) == facts:
            result.state = "modele_inchange"
            return result
        try:  # still the plugin's own template: refreshed with the new facts, nobody's text is lost
            write_template(path, territory_id, name, facts, day)
            result.state = "modele_actualise"
        except TiEnergieError as err:
            result.warnings.append(str(err))
            result.state = "modele_inchange"
        return result
    result.state = "modifie"
    changes = _changed_facts(data.get("faits_calcules"), facts)
    if changes:
        try:
            result.suggestions = _write_suggestions(path, territory_id, name, changes, day)
        except OSError as err:
            result.warnings.append(tr("Fichier des suggestions non écrit à côté de {} ({}).").format(path, err.strerror or err))
    return result
