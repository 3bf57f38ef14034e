"""Financing in the portal: the cooperative's applications (draft, documents,
submit with the eligibility check), its loans with their schedules, and the
focused staff review page. Every read goes through the financing selectors with
the caller's scope; every write is one financing service."""
