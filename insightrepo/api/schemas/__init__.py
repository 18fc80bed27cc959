"""Marshmallow schemas of the API, one module per feature; common.py holds the shared ones."""
