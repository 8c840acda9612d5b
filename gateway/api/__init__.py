"""Each programme's HTTP endpoints, as a mixin class per module (`<Programme>Api`), composed into
GatewayService. Adding a programme is adding a module here; nothing else in the gateway changes."""
from __future__ import annotations

import importlib
import inspect
import pkgutil


def programme_apis() -> tuple[type, ...]:
    classes = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        classes += [cls for name, cls in inspect.getmembers(module, inspect.isclass)
                    if name.endswith("Api") and cls.__module__ == module.__name__]
    return tuple(classes)
