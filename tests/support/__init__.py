"""What the tests share, and the benchmarks borrow (never the reverse: no test imports ``benchmarks``).

- ``server``: gunicorn from the Procfile on a free loopback port — started, waited for, its workers, their
  memory (RSS, PSS) and its log;
- ``load``: clients that load it — wrk replaying a reader's mix or one URL at a time, readers that stop
  reading, a status polled until it is 200;
- ``traffic``: the requests the page makes, built from the app's own callback list;
- ``synthetic``: synthetic ACLED and UCDP GED data (also a command: ``python -m tests.support.synthetic``).

Import from the modules themselves: the package imports none of them, so that running one as a command
does not import it twice.
"""
