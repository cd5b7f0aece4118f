"""The agreements domain core: snapshots of arrangement versions and the rules that read
them. Pure Python, no Django: the compliance engine calls it on plain data."""
