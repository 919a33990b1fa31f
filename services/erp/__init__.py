"""What the ERP gives us: the JSON Lines import (schema, record parsing, applying rows), the
follow-up of an import or API upsert (issuance, held copies released), the API's invoice JSON
and the demo distributor's data.

May use: delivery (issuance), settings, core, models, billing.
"""
