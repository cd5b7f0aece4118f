"""Identity resolution: pure linkage logic for Mexican names (no Django)."""
