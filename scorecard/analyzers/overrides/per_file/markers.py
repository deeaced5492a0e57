"""Per-file hints for guessing whether the repository is a service, a CLI or a library.

A service constructs a web or worker application or runs a server (``Flask(...)``,
``FastAPI()``, ``uvicorn.run``, ``get_wsgi_application()``, ``Celery(...)``); a CLI builds a
parser or a click/typer app (recorded by those detectors). The guess itself is made
repo-wide in :mod:`project_kind`.
"""

from __future__ import annotations

from scorecard.analyzers.overrides.per_file.filefacts import FileFacts

__all__ = ["detect_markers"]

_SERVICE_CALLS = frozenset({
    "flask.Flask", "fastapi.FastAPI", "starlette.applications.Starlette", "quart.Quart",
    "sanic.Sanic", "falcon.App", "falcon.API", "falcon.asgi.App", "bottle.Bottle",
    "aiohttp.web.Application", "aiohttp.web.run_app", "tornado.web.Application",
    "django.core.wsgi.get_wsgi_application", "django.core.asgi.get_asgi_application",
    "celery.Celery", "uvicorn.run", "hypercorn.asyncio.serve", "waitress.serve",
    "connexion.App", "connexion.FlaskApp", "litestar.Litestar", "grpc.server",
    "grpc.aio.server", "dramatiq.set_broker", "rq.Worker", "kombu.Connection",
    "faust.App", "socketserver.TCPServer", "http.server.HTTPServer",
})


def detect_markers(ff: FileFacts) -> None:
    """Note service entry points constructed in this file."""
    for call in ff.index.calls:
        qualified = ff.names.qualify(call.func)
        if qualified in _SERVICE_CALLS:
            ff.markers.add("service")
            ff.extra.setdefault("service_calls", []).append([qualified, call.lineno])
            if len(ff.extra["service_calls"]) >= 5:
                break
