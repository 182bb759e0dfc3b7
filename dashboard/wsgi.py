"""WSGI entry point for gunicorn: ``gunicorn dashboard.wsgi:server``.

Settings come from the environment; an invalid dataset stops the server before it forks its workers, with
the validation messages in the log. ACLED or UCDP files not yet in the import cache are imported by a
thread of the master while the workers answer with a page saying how far it has gone (``loading``).
"""

from dashboard.web.app import create_app
from dashboard.web.loading import WhileImporting, pending_import, start_import
from dashboard.settings import Settings

settings = Settings.from_env()
pending = pending_import(settings)
if pending is None:
    server = create_app(settings).server
else:
    start_import(pending)
    server = WhileImporting(pending, lambda: create_app(settings).server)
