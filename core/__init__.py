"""core package of TI Énergie."""
