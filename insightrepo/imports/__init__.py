"""Bringing customer words in from files (CSV quotes), all rows or none."""
