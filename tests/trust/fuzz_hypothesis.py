"""Keeping schemathesis' changes to Hypothesis inside the fuzz tests.

The first time schemathesis builds a strategy it patches Hypothesis for the whole process: a printer
that prints nothing (every other property test would then report its failing example as
``n=,``) and a larger buffer (other derandomised tests would draw other examples). Its pytest
plugin, which would do that at the first test of every run, is switched off (``-p no:schemathesis``
in pyproject.toml); the fuzz tests use it only inside ``contained()``, which puts Hypothesis back
as it found it afterwards, for the tests the same pytest-xdist worker runs next."""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from typing import Iterator

_ABSENT = object()

# What schemathesis.generation.hypothesis.setup() replaces (schemathesis 4.x).
PATCHED = [
    ("hypothesis.core", "RepresentationPrinter"),
    ("hypothesis.core", "BUFFER_SIZE"),
    ("hypothesis.internal.conjecture.engine", "BUFFER_SIZE"),
    ("hypothesis.strategies._internal.collections", "BUFFER_SIZE"),
    ("hypothesis.strategies._internal.core", "is_first_param_referenced_in_function"),
    ("hypothesis.internal.entropy", "register_random"),
]


@contextmanager
def contained() -> Iterator:
    """``import schemathesis`` for the block; Hypothesis is restored when it ends."""
    saved = []
    for module_name, attribute in PATCHED:
        module = importlib.import_module(module_name)
        saved.append((module, attribute, getattr(module, attribute, _ABSENT)))
    import schemathesis
    from schemathesis.generation import hypothesis as patching

    try:
        yield schemathesis
    finally:
        for module, attribute, value in saved:
            if value is _ABSENT:
                if hasattr(module, attribute):
                    delattr(module, attribute)
            else:
                setattr(module, attribute, value)
        patching.setup._is_patched = False  # the next contained() patches again
