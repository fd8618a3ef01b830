"""ui package of TI Énergie."""
