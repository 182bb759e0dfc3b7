"""WSGI entry point for gunicorn: ``gunicorn dashboard.wsgi:server``.

Settings come from the environment; an invalid dataset stops the worker from
booting with the validation messages in the log.
"""

from dashboard.app import create_app

app = create_app()
server = app.server
