"""Who said each quotation: a context built once per article (context),
the subject of a speech verb (subjects), who a name, pronoun or title stands
for (resolve), and the attribution rules tried in order (rules)."""

from briefing.importer.attribution.context import (
    UNATTRIBUTED,
    UNNAMED,
    Attribution,
    Context,
)
from briefing.importer.attribution.rules import attribute_all, is_scare_quote

__all__ = ["UNATTRIBUTED", "UNNAMED", "Attribution", "Context", "attribute_all", "is_scare_quote"]
