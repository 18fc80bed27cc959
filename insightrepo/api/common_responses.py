"""The error answers every /api/v1 operation can give, documented once for all of them.

They come from code that runs before (or around) every handler, so no handler's decorators
name them: authentication (401, insightrepo.api.auth), the request body's type and size (415,
413) and the request's form (400: a body that is not JSON, a session write without its CSRF
token, or a value the database cannot store or look up, such as a NUL character), for a
path naming something — or anything of a workspace the caller is not a member of, read or
write — 404, and for a write above the caller's role 403 (a viewer, docs/security.md §1). A handler's own ``alt_response`` for the same status keeps its
more precise description."""

from __future__ import annotations

from apispec import BasePlugin

from insightrepo.api.schemas.common import ErrorSchema

RESPONSES = {
    "MALFORMED_REQUEST": (400, "The request is malformed: a body that is not JSON, a session-authenticated write "
                               "without its X-CSRFToken header, or a value that cannot be stored or looked up "
                               "(a NUL character, say)."),
    "NOT_AUTHENTICATED": (401, "No valid credentials: send `Authorization: Bearer <token>` (a token that exists and "
                               "is not revoked) or sign in."),
    "NOT_ALLOWED": (403, "Your role in the workspace does not allow this (viewers only read)."),
    "NOT_FOUND_HERE": (404, "Nothing with this id or slug that you can see (another workspace's data is "
                            "reported as missing, never as forbidden, for reads and writes alike)."),
    "BODY_TOO_LARGE": (413, "The request body is larger than the server's limit (`max_content_length`)."),
    "BODY_NOT_JSON": (415, "The request body is not of a type this operation takes (JSON, unless it says otherwise)."),
}


# Writes that act on the caller's own things rather than inside a workspace: no role is needed.
PERSONAL_WRITES = {("post", "/api/v1/workspaces"), ("post", "/api/v1/workspaces/import"),
                   ("post", "/api/v1/tokens"), ("delete", "/api/v1/tokens/{token_id}")}


class CommonErrorResponses(BasePlugin):
    """An apispec plugin: adds the common error responses to each operation as it is registered."""

    def init_spec(self, spec):
        super().init_spec(spec)
        for name, (_, description) in RESPONSES.items():
            spec.components.response(name, {"description": description,
                                            "content": {"application/json": {"schema": ErrorSchema}}})

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            documented = {str(code) for code in responses}
            common = ["MALFORMED_REQUEST", "NOT_AUTHENTICATED"]
            if "{" in (path or ""):
                common.append("NOT_FOUND_HERE")
            if method != "get" and (method, path) not in PERSONAL_WRITES:
                common.append("NOT_ALLOWED")
            if "requestBody" in operation:
                common += ["BODY_TOO_LARGE", "BODY_NOT_JSON"]
            for name in common:
                status = RESPONSES[name][0]
                if str(status) not in documented:
                    responses[str(status)] = name
