"""A PyLD processor that processes each JSON-LD context once per process (see
`CachingProcessor`); `jsonld.py` expands every credential with it."""

from __future__ import annotations

import json
from typing import Any

from pyld import jsonld


class CachingProcessor(jsonld.JsonLdProcessor):  # type: ignore[misc]  # PyLD has no type hints
    """PyLD's processor, with each context processing done once per process.

    PyLD keeps a processed context only when it was reached from a context it already knows,
    and a type-scoped context (VC 2.0 and OB 3.0 define one on nearly every type) starts from
    a fresh copy each time: so every typed node of every credential processed its scoped
    context again, term by term, which was two thirds of the cost of an expansion. The
    processed contexts PyLD returns are frozen, and the active context they start from is
    itself one PyLD returned earlier (held here, so its `id` stays its own): the same pair
    gives the same result. Only the calls made from the expansion are kept, not the ones PyLD
    makes inside a context's own processing (`cycles`).
    """

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: dict[str, Any],
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: set[str] | None = None,
    ) -> Any:
        if cycles is not None or options.get("base") is not None:
            return super()._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected,
                propagate,
                validate_scoped,
                cycles,
            )
        key = (
            id(active_ctx),
            json.dumps(local_ctx, sort_keys=True),
            override_protected,
            propagate,
            validate_scoped,
            options.get("processingMode"),
        )
        kept = PROCESSED.get(key)
        if kept is not None and kept[0] is active_ctx:
            return kept[1]
        processed = super()._process_context(
            active_ctx, local_ctx, options, override_protected, propagate, validate_scoped
        )
        if len(PROCESSED) >= PROCESSED_SIZE:
            PROCESSED.clear()
        PROCESSED[key] = (active_ctx, processed)
        return processed


PROCESSED: dict[tuple[Any, ...], tuple[Any, Any]] = {}
"""(active context's id, local context's JSON, flags) → (that active context, the result)."""
PROCESSED_SIZE = 4096
"""A few hundred entries for the bundled contexts; cleared past this, should a document bring
contexts of its own."""
