"""``python -m closereading.course.live [--folder DIR]``: run the class service, as the hub starts
it (a managed service in ``c.JupyterHub.services``; see ``course/deploying.md``).

It listens where ``JUPYTERHUB_SERVICE_URL`` says and keeps its database, cookie secret and class
key in ``--folder`` (default: ``$CLOSEREADING_LIVE_DIR``, else ``closereading-live/`` in the
folder it is started in).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from urllib.parse import urlparse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m closereading.course.live", description=__doc__)
    parser.add_argument(
        "--folder",
        default=os.environ.get("CLOSEREADING_LIVE_DIR", "closereading-live"),
        help="where the service keeps its database and keys",
    )
    parser.add_argument(
        "--ip",
        default=os.environ.get("CLOSEREADING_LIVE_IP", ""),
        help="the address to listen on (default: the host of JUPYTERHUB_SERVICE_URL; 0.0.0.0 "
        "where the URL names a Kubernetes service, as on Zero to JupyterHub)",
    )
    args = parser.parse_args(argv)
    url = os.environ.get("JUPYTERHUB_SERVICE_URL")
    if not url or not os.environ.get("JUPYTERHUB_API_TOKEN"):
        sys.stderr.write(
            "The class service runs under JupyterHub: add it to c.JupyterHub.services with a "
            "'command' (see course/deploying.md), so that the hub gives it "
            "JUPYTERHUB_SERVICE_URL and JUPYTERHUB_API_TOKEN.\n"
        )
        return 2
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop

    from closereading.course.live.service import Limits, make_app

    limits = Limits()
    app, live = make_app(args.folder, limits=limits)
    where = urlparse(url)
    # A reading's size is checked by its handler (refused with 413); nothing larger is read.
    server = HTTPServer(app, max_body_size=limits.body + 1, xheaders=True)
    server.listen(where.port or 80, args.ip or where.hostname or "127.0.0.1")
    sys.stderr.write(f"closereading class service on {url}, data in {live.store.path}\n")
    loop = IOLoop.current()
    # The hub stops its services with SIGTERM: stop serving, close the database, leave quietly.
    signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
    with contextlib.suppress(KeyboardInterrupt):
        loop.start()
    live.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
