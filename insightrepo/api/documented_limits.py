"""Limits that come from the settings, written into the OpenAPI document as the server applies
them: a schema class cannot know them, since each app reads its own config."""

from __future__ import annotations

from apispec import BasePlugin


class ConfiguredLimits(BasePlugin):
    """An apispec plugin: ``per_page`` (PageArgsSchema) is at most ``api_max_page_size``."""

    def __init__(self, max_page_size: int):
        super().__init__()
        self.max_page_size = max_page_size

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            for parameter in operation.get("parameters", []):
                if isinstance(parameter, dict) and parameter.get("name") == "per_page" and parameter.get("in") == "query":
                    parameter.setdefault("schema", {}).setdefault("maximum", self.max_page_size)


def null_or_the_object(self, field, ret: dict, **kwargs) -> dict:
    """apispec writes a nullable nested object (OpenAPI 3.0) as ``anyOf: [{type: object, nullable:
    true}, {$ref}]`` — whose first branch takes *any* object, so a moment_of_truth without its
    required title looked valid. The first branch is narrowed to null itself."""
    for branch in ret.get("anyOf", []):
        if branch == {"type": "object", "nullable": True}:
            branch["enum"] = [None]
    return {}
