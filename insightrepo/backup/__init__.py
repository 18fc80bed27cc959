"""A whole workspace as one JSON document: export, the format and its checks, restore."""
