"""layers package of TI Énergie."""
