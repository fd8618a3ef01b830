"""processing package of TI Énergie."""
