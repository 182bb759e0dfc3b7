"""gunicorn configuration (the Procfile runs ``gunicorn -c gunicorn.conf.py``).

Every value comes from ``dashboard.settings``, the one place that reads the
environment; the bind address comes from the command line (``--bind``).
"""

import gunicorn.http.wsgi

from dashboard.settings import Settings, worker_count

settings = Settings.from_env()

workers = worker_count(settings)
worker_class = "dashboard.web.gunicorn_worker.HeadFirstWorker"  # gthread, reading heads without a thread
threads = 8                 # heavy work is bounded by its own slots (2 per worker); the other threads keep
                            # answering small requests (/health, the page) while ten comparisons wait for one
timeout = 60
graceful_timeout = 30
keepalive = 5
# load and validate the dataset once, before forking: workers share it — except in the workbench's editor mode,
# where each worker loads it, so that the graceful restart after a save (SIGHUP) reads the file again
preload_app = not settings.editor_token
accesslog = "-"
errorlog = "-"
loglevel = "info"
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Forwarded headers are believed only as DASHBOARD_TRUSTED_PROXIES says (the app's ProxyFix), not because
# a request came from loopback, which is gunicorn's default.
forwarded_allow_ips = ""

# Name no server software (and so no version) in the Server header.
gunicorn.http.wsgi.SERVER = "conflict-timeline"
