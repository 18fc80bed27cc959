"""Experiments against journey steps: their fields, measurements, results and statistics."""
