"""The table of docs/sources.md, generated from the built-in catalogue (layers/sources.yaml).

    python tools/sources_doc.py            # rewrite the table between the markers of docs/sources.md
    python tools/sources_doc.py --check    # exit 1 when the table is not up to date (run by the tests)

One row per catalogue entry: key, layer, themes, state (working / fallback / user file) and why, producer,
licence, how the producer's vintage is read, refresh cadence. No QGIS needed.
"""

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "layers" / "sources.yaml"
DOC = ROOT / "docs" / "sources.md"
BEGIN, END = "<!-- table des sources : début (tools/sources_doc.py) -->", "<!-- table des sources : fin -->"
STATES = {"working": "ouverte", "fallback": "substitut", "user_file": "fichier de l'agence"}
THEMES = {"perimetre": "périmètres", "catalogue": "liste des territoires", "consommateurs": "Consommateurs",
          "producteurs": "Producteurs", "reseaux": "Réseaux et friches", "chaleur": "Chaleur valorisable",
          "economie": "Économie"}


def vintage(source):
    """How the producer's own date of a source is known (written in the layer's metadata)."""
    kind = source.get("connector")
    if source.get("vintage"):
        return str(source["vintage"])
    if kind in ("ods_points", "ods_records", "ods_commune_aggregate", "ods_register_points"):
        return "date de mise à jour du jeu (métadonnées ODRÉ), lue à chaque chargement"
    if kind == "wfs" and source.get("typename_prefix"):
        return "date du nom de couche (GetCapabilities), lue à chaque chargement"
    if kind == "wfs":
        return "édition en ligne du service (non datée par le service)"
    if kind in ("datagouv_zip_vector", "datagouv_csv"):
        return "date de la ressource data.gouv.fr, lue à chaque chargement"
    if kind in ("merge", "first_of", "substations_join"):
        return "celles des sources qui la composent"
    if kind == "user_file":
        return "celle du fichier (clé vintage du catalogue)"
    if kind == "melodi":
        return "millésime INSEE de la série"
    return "non publiée par le service"


def _cell(text):
    return " ".join(str(text or "").split()).replace("|", "\\|")


def table(catalogue_path=CATALOGUE):
    sources = yaml.safe_load(Path(catalogue_path).read_text(encoding="utf-8"))["sources"]
    lines = ["| source (clé) | couche | thèmes | état | producteur | licence | millésime | mise à jour |",
             "|---|---|---|---|---|---|---|---|"]
    reasons = []
    for key, src in sources.items():
        themes = src.get("theme") or []
        themes = [themes] if isinstance(themes, str) else themes
        layer = f"`{src['layer']}`" if src.get("layer") else ("partie d'une couche" if src.get("connector") else "—")
        state = STATES.get(src.get("state", "working"), src.get("state", ""))
        if src.get("state_reason"):
            reasons.append(f"- `{key}` ({state}) : {_cell(src['state_reason'])}.")
            state += " ¹"
        lines.append(f"| `{key}` — {_cell(src.get('label'))} | {layer} | "
                     f"{', '.join(THEMES.get(t, t) for t in themes) or '—'} | {state} | {_cell(src.get('producer'))} | "
                     f"{_cell(src.get('licence'))} | {vintage(src)} | {_cell(src.get('refresh')) or '—'} |")
    return "\n".join(lines + ["", "¹ Pourquoi :", ""] + reasons) + "\n"


def render(text, catalogue_path=CATALOGUE):
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + table(catalogue_path) + text[end:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="échoue si la table n'est pas à jour")
    args = parser.parse_args()
    current = DOC.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        if current != wanted:
            print("docs/sources.md n'est pas à jour : lancez python tools/sources_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(wanted, encoding="utf-8")
    print(f"{DOC} écrit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
