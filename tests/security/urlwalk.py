"""Walk Merit's URL configuration: every route with its full name, its parameters and the
URL it answers, so the security tests see each new view without being told about it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the pattern text for an unnamed route
    pattern: str  # the whole pattern from the root, for messages
    params: tuple[str, ...]  # the keyword arguments the route captures


def _params(pattern) -> list[str]:
    # RoutePattern (path()) knows its converters; RegexPattern (re_path()) its groups.
    converters = getattr(pattern, "converters", None)
    if converters:
        return list(converters)
    regex = getattr(pattern, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def walk(
    resolver: URLResolver | None = None,
    prefix: str = "",
    namespace: str = "",
    params: tuple[str, ...] = (),
) -> list[Route]:
    resolver = resolver or get_resolver()
    routes: list[Route] = []
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        found = params + tuple(_params(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            routes += walk(entry, text, inner, found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else text
            routes.append(Route(name=name, pattern=text, params=found))
    return routes
