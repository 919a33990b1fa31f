"""The Flask application factory: wires config, database, queue, channels and blueprints."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config
from models import Database
from services.chat.conversations import load_understanding
from services.core.access_log import install_werkzeug_filter
from services.core.job_queue import InProcessQueue, JobQueue, RedisQueue
from services.core.logging_setup import setup_logging
from services.core.runtime import Runtime, close_db_session
from services.core.storage import LocalStorage
from webhooks.storm_gate import StormGate

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024


def make_queue(config: Config) -> JobQueue:
    """RQ on Redis when REDIS_URL is set, else the in-process worker (the only such choice)."""
    return RedisQueue(config.redis_url) if config.redis_url else InProcessQueue()


def create_app(
    config: Config | None = None, *, db: Database | None = None, queue: JobQueue | None = None
) -> Flask:
    """Build the app from the environment (or the given parts, for tests and benchmarks)."""
    setup_logging()
    install_werkzeug_filter()  # `fatura serve` logs request lines: no document links in them
    config = config or Config.from_env()
    app = Flask(__name__, static_folder=None, template_folder="templates")
    app.config.update(
        SECRET_KEY=config.secret_key,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.production,
    )
    if config.proxy_hops:  # the client's address (login throttle) from trusted proxies only
        hops = config.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    runtime = Runtime(
        config,
        db or Database(config.database_url),
        queue or make_queue(config),
        LocalStorage(config.media_dir),
    )
    app.extensions["fatura"] = runtime
    app.teardown_appcontext(close_db_session)
    _register_blueprints(app)
    # Outermost: while the web is behind, a message is deferred before Flask sees it.
    app.wsgi_app = StormGate(app.wsgi_app, runtime)  # type: ignore[method-assign]
    if isinstance(runtime.queue, InProcessQueue):
        runtime.queue.start(app)
    load_understanding()
    log.info(
        "app ready: database=%s queue=%s env=%s",
        runtime.db.backend,
        runtime.queue.backend,
        config.app_env,
    )
    return app


def _register_blueprints(app: Flask) -> None:
    """Attach every area of the service."""
    # Route modules register themselves on the api (twilio, simulator) blueprint when imported.
    import api.collection
    import api.deliveries
    import api.enrollments
    import api.installments
    import api.invoices
    import api.settings  # noqa: F401
    import simulator.photos  # noqa: F401
    import webhooks.twilio_status  # noqa: F401
    from admin import views
    from admin.security import init_security
    from api import blueprint, cancel, health, media
    from api.errors import register_error_handlers
    from simulator.views import bp as simulator_bp
    from webhooks import twilio

    app.register_blueprint(health.bp)
    app.register_blueprint(blueprint.bp)
    app.register_blueprint(media.bp)
    app.register_blueprint(cancel.bp)
    app.register_blueprint(twilio.bp)
    app.register_blueprint(simulator_bp)
    app.register_blueprint(views.bp)
    init_security(app)
    register_error_handlers(app)
