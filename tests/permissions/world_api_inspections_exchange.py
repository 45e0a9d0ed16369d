"""Evidence files and force comments for the API's permission matrix, on the inspections of
world_api_inspections.py (built before this module: builders run in module-name order).

- `api_e001` (force A's draft, OFFICIAL, verified) gets a PDF file; `api_e003` has none.
- `api_fac_finding`, the finding of force A's inspection at the factual accuracy check, gets a comment
  by force A's liaison officer (`api_comment`), not yet answered.
- `api_published_finding` (force B, published) has a comment answered before publication.
"""

from __future__ import annotations

from types import SimpleNamespace

from inspectorate.inspections import services
from inspectorate.inspections.models import FindingComment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def build(world: SimpleNamespace) -> None:
    inspector = world.make_persona("inspector")
    services.attach_file(inspector, world.api_e001, PDF, name="coverage-return.pdf")
    world.api_fac_finding = world.api_fac.findings.get()
    world.api_comment = services.comment_on_finding(
        world.make_persona("force_a"), world.api_fac_finding, "The meetings were weekly, not monthly."
    )
    # The published inspection went through its check without comments; one made then, as the
    # services would have kept it, shows what the public may not read.
    world.api_published_comment = FindingComment.objects.create(
        finding=world.api_published_finding,
        author=world.make_persona("force_b"),
        text="Our referral figures were revised in May.",
        response="Revised figures used.",
        responded_by=inspector,
    )


BUILDERS = [build]
