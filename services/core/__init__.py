"""The service's plumbing: the Runtime (config, database, job queue, document storage), the
local clock, pt-BR formats, logging with redaction, access-log masking and crash-test failpoints.

May use: models, config. Nothing else of services: every other subpackage may use this one.
"""
