"""The referents' file (layers/fiche_texts.py): template with the facts as prompts, never overwritten once edited,
dated suggestions file for new facts, partial and malformed files."""

import pytest
import yaml

from ti_energie.core.errors import TiEnergieError
from ti_energie.layers import fiche_texts as ft

FACTS = {"population": "378 123 habitants", "friches": "3 friches de plus de 1 ha, 40 ha",
         "puissance_installee": "6 220 MW (Centrale nucléaire 5 400)"}
NEW_FACTS = dict(FACTS, friches="4 friches de plus de 1 ha, 52 ha")


def test_first_export_writes_a_template_with_the_facts_as_prompts(tmp_path):
    path = tmp_path / "fiche-x-textes.yaml"
    texts = ft.prepare(path, "ti-1", "Territoire X", FACTS, "2026-03-02")
    assert texts.state == "modele_cree" and texts.empty and path.exists()
    text = path.read_text(encoding="utf-8")
    assert "# Repères : 378 123 habitants" in text
    assert "# Piste : production d'énergie : 6 220 MW" in text
    assert ft.is_plugin_file(text)
    data = yaml.safe_load(text)
    assert data["territoire"] == "ti-1" and data["faits_calcules"] == FACTS
    assert data["recommandations"]["forces"] == [] and data["portrait"]["presentation"] == ""
    assert set(data) >= set(ft.FIELDS)


def test_an_unedited_template_follows_the_facts_an_edited_file_is_never_written(tmp_path):
    path = tmp_path / "fiche-x-textes.yaml"
    ft.prepare(path, "ti-1", "X", FACTS, "2026-03-02")
    again = ft.prepare(path, "ti-1", "X", FACTS, "2026-03-03")
    assert again.state == "modele_inchange"
    refreshed = ft.prepare(path, "ti-1", "X", NEW_FACTS, "2026-03-04")
    assert refreshed.state == "modele_actualise" and refreshed.suggestions is None
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["faits_calcules"]["friches"].startswith("4 friches")
    # the referents write their text (with Windows line endings)
    edited = path.read_text(encoding="utf-8").replace('presentation: ""', 'presentation: "Un port, deux canaux."')
    path.write_bytes(edited.replace("\n", "\r\n").encode("utf-8"))
    before = path.read_bytes()
    texts = ft.prepare(path, "ti-1", "X", FACTS, "2026-04-01")
    assert texts.state == "modifie" and texts.text("portrait", "presentation") == "Un port, deux canaux."
    assert path.read_bytes() == before                     # never rewritten
    suggestions = texts.suggestions
    assert suggestions.name == "fiche-x-textes-suggestions-2026-04-01.yaml"
    changes = yaml.safe_load(suggestions.read_text(encoding="utf-8"))["faits_nouveaux"]
    assert changes == {"friches": {"avant": NEW_FACTS["friches"], "maintenant": FACTS["friches"]}}
    # same facts again the same day: the same suggestions file, not a second one
    assert ft.prepare(path, "ti-1", "X", FACTS, "2026-04-01").suggestions == suggestions
    assert len(list(tmp_path.glob("*suggestions*"))) == 1
    # a suggestions file the referents changed is kept: another one is written beside it
    suggestions.write_text(suggestions.read_text(encoding="utf-8") + "# lu le 2 avril\n", encoding="utf-8")
    other = ft.prepare(path, "ti-1", "X", dict(FACTS, population="1 habitant"), "2026-04-01").suggestions
    assert other.name == "fiche-x-textes-suggestions-2026-04-01-2.yaml"
    assert path.read_bytes() == before
    # no new fact: no suggestions file
    unchanged = tmp_path / "fiche-y-textes.yaml"
    ft.prepare(unchanged, "ti-2", "Y", FACTS, "2026-03-02")
    unchanged.write_text(unchanged.read_text(encoding="utf-8").replace('contact: ""', 'contact: "a@b.fr"'),
                         encoding="utf-8")
    kept = ft.prepare(unchanged, "ti-2", "Y", FACTS, "2026-05-01")
    assert kept.state == "modifie" and kept.suggestions is None and kept.contact == "a@b.fr"


def test_a_trailing_space_or_line_ending_change_is_not_an_edit(tmp_path):
    path = tmp_path / "t.yaml"
    ft.prepare(path, "ti-1", "X", FACTS, "2026-03-02")
    text = path.read_text(encoding="utf-8")
    path.write_bytes(("\ufeff" + "\r\n".join(line + "  " for line in text.split("\n"))).encode("utf-8"))
    assert ft.is_plugin_file(path.read_text(encoding="utf-8"))
    assert ft.prepare(path, "ti-1", "X", FACTS, "2026-03-03").state == "modele_inchange"


def test_partial_files_lists_and_unknown_keys(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("territoire: ti-1\n"
                    "recommandations:\n"
                    "  forces:\n"
                    "    - \"Port en eau profonde : accueille les grands vraquiers.\"\n"
                    "    - {titre: Énergie, texte: Électricité bas carbone abondante.}\n"
                    "    - Une force sans titre\n"
                    "  menaces: Submersion marine\n"
                    "  faiblesse: [oubli d'un s]\n"
                    "attractivite:\n"
                    "  decarbonation: |\n"
                    "    Première ligne.\n"
                    "    Deuxième ligne.\n"
                    "remarques: libre\n", encoding="utf-8")
    texts = ft.prepare(path, "ti-1", "X", FACTS, "2026-03-02")
    assert texts.state == "modifie" and not texts.empty
    assert texts.items("forces") == [("Port en eau profonde", "accueille les grands vraquiers."),
                                     ("Énergie", "Électricité bas carbone abondante."), ("", "Une force sans titre")]
    assert texts.items("menaces") == [("", "Submersion marine")] and texts.items("faiblesses") == []
    assert texts.text("attractivite", "decarbonation") == "Première ligne.\nDeuxième ligne."
    assert texts.text("portrait", "presentation") == ""
    assert any("« recommandations.faiblesse » inconnue" in w for w in texts.warnings)
    assert any("rubrique « remarques » inconnue" in w for w in texts.warnings)
    # every fact is new for a file without faits_calcules
    changes = yaml.safe_load(texts.suggestions.read_text(encoding="utf-8"))["faits_nouveaux"]
    assert set(changes) == set(FACTS) and changes["population"]["avant"] is None


def test_malformed_yaml_names_the_line_and_leaves_the_file(tmp_path):
    path = tmp_path / "t.yaml"
    content = "territoire: ti-1\nportrait:\n  presentation: \"Un texte\n  logistique: x\nenergie: [\n"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TiEnergieError) as error:
        ft.prepare(path, "ti-1", "X", FACTS)
    message = str(error.value)
    assert str(path) in message and "ligne " in message and "colonne" in message
    assert path.read_text(encoding="utf-8") == content
    path.write_text("territoire: ti-1\nportrait:\n  presentation: ok\n   logistique: décalé\n", encoding="utf-8")
    with pytest.raises(TiEnergieError, match="ligne 4"):
        ft.prepare(path, "ti-1", "X", FACTS)
    path.write_text("- une liste\n- au lieu de rubriques\n", encoding="utf-8")
    with pytest.raises(TiEnergieError, match="rubriques"):
        ft.prepare(path, "ti-1", "X", FACTS)
    path.write_bytes("territoire: ti-1\nnom: \xe9\n".encode("latin-1"))
    with pytest.raises(TiEnergieError, match="UTF-8"):
        ft.prepare(path, "ti-1", "X", FACTS)


def test_a_file_of_another_territory_is_refused(tmp_path):
    path = tmp_path / "t.yaml"
    ft.prepare(path, "ti-3201", "Dunkerque", FACTS)
    with pytest.raises(TiEnergieError, match="ti-3201.*pas de « ti-3204 »"):
        ft.prepare(path, "ti-3204", "Beauvaisis", FACTS)


def test_no_file_and_no_creation(tmp_path):
    texts = ft.prepare(tmp_path / "absent.yaml", "ti-1", "X", FACTS, create=False)
    assert texts.state == "absent" and texts.empty and not (tmp_path / "absent.yaml").exists()
