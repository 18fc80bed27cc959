"""The domain: plain functions taking (session, actor, …). They flush, never commit,
and raise the errors in services.errors. ``actor=None`` means the operator at the
command line, who may do anything."""
