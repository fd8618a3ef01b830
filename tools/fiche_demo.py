"""`make demo`, last step: the fiche of the demo territory as a PDF, its pages as PNG.

The referents' texts are the fictitious example of sample_data/fiche/ (copied beside the PDF, so that the
fiche shows filled sections); the PNG renders (pdftoppm, poppler-utils) go to <output>/fiche-pages/.

The pages shown in docs/fiche.md (small, 50 dpi), from a fiche the demo wrote:

    python tools/fiche_demo.py demo-output/fiche-aa-dunkerque-flandre.pdf --docs
"""

import argparse
import shutil
import subprocess  # nosec B404 - pdftoppm with a fixed argument list
import sys
from pathlib import Path

from qgis_env import ROOT

EXAMPLE_TEXTS = ROOT / "sample_data" / "fiche" / "exemple-textes-referents.yaml"
DOCS_IMAGES = ROOT / "docs" / "img" / "fiche"


def render_pages(pdf, folder, dpi=60):
    """The PDF's pages as PNG files (pdftoppm), or [] when pdftoppm is not installed."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return []
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    subprocess.run([exe, "-r", str(dpi), "-png", str(pdf), str(folder / "page")], check=True)  # nosec B603
    return sorted(folder.glob("page-*.png"))


def run_fiche_demo(gpkg, output):
    """Export the fiche of the demo GeoPackage into `output`. Returns the summary dict."""
    from ti_energie.core.fiche_facts import slug
    from ti_energie.layers.fiche import export_fiche
    from ti_energie.layers.territory_gpkg import read_territory

    output = Path(output)
    _id, name, short_name = read_territory(gpkg)
    pdf = output / f"fiche-{slug(short_name or name)}.pdf"
    texts = output / f"fiche-{slug(short_name or name)}-textes.yaml"
    shutil.copyfile(EXAMPLE_TEXTS, texts)
    for old in output.glob(f"{texts.stem}-suggestions-*.yaml"):
        old.unlink()
    result = export_fiche(gpkg, pdf, texts=texts)
    pages = render_pages(pdf, output / "fiche-pages")
    return {"pdf": str(result.pdf), "pages": result.pages, "textes": str(result.texts_path),
            "etat_textes": result.texts_state, "suggestions": str(result.suggestions) if result.suggestions else None,
            "avertissements": result.warnings, "rendus_png": [str(p) for p in pages],
            "durees_s": {k: round(v, 2) for k, v in result.timings.items()}}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Pages of a fiche (PDF) as PNG files.")
    parser.add_argument("pdf")
    parser.add_argument("--docs", action="store_true", help=f"into {DOCS_IMAGES} at 50 dpi (the old pages removed)")
    parser.add_argument("--output", help="folder of the PNG files (default: <pdf folder>/fiche-pages)")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    folder = DOCS_IMAGES if args.docs else Path(args.output or Path(args.pdf).parent / "fiche-pages")
    pages = render_pages(args.pdf, folder, 50 if args.docs else args.dpi)
    if not pages:
        sys.exit("pdftoppm (poppler-utils) introuvable : pages non écrites.")
    for page in pages:
        print(page)


if __name__ == "__main__":
    main(sys.argv[1:])
