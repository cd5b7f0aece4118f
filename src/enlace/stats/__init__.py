"""Repatriation statistics for the analyst: events and unique persons, published under
disclosure control. The counting and the disclosure rules live in ``stats.core`` (no Django);
this app reads the events, audits each computation and serves the page's figures and the CSV."""
