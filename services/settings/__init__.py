"""The parameters staff set in "Parametrização" and the API's `/api/v1/settings`: their spec
(names, types, defaults, validation) in `spec`, the typed value `Settings` in `values`, reading
and changing the stored values in `store`.

May use: models, billing (validation). Call sites use the package itself
(`from services import settings; settings.load(session)`), so it re-exports `store`'s API.
"""

from services.settings.store import SettingsError, load, load_cached, update, validate
from services.settings.values import Settings

__all__ = ["Settings", "SettingsError", "load", "load_cached", "update", "validate"]
