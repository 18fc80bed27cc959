"""The Whoosh adapter: the embedded index (schema, query translation, numpy matching, bulk writer)."""
