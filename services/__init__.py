"""Use cases shared by webhooks, api, admin, simulator and workers, one subpackage per capability.

Subpackages, each saying in its `__init__` what it owns and what it may use (the import-linter
contracts in pyproject.toml hold them to it; docs/architecture.md draws them):
`core`, `settings`, `people`, `collection`, `documents`, `delivery`, `chat`, `erp`, `privacy`.
"""
