"""What the webhook and storm benchmarks share: the consumers they load, their phone numbers,
signed Twilio requests, and the servers they start (gunicorn as the benchmark configures it,
or the Procfile's own `web` and `worker` lines, as production runs them)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from data import cpf  # bench/ is the script's folder, so it is importable
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import migrations  # noqa: E402
from models import Database  # noqa: E402
from services import settings  # noqa: E402
from services.erp.demo import DEMO_SETTINGS  # noqa: E402
from services.erp.importer import import_lines  # noqa: E402

TOKEN = "bench-auth-token"  # noqa: S105  (a throwaway token for local servers)
Request = tuple[str, dict[str, str], dict[str, str]]  # path, form, headers


def phone(n: int) -> str:
    """The benchmark's n-th consumer's mobile."""
    return f"+55319{80000000 + n:08d}"


def document(n: int) -> str:
    """The n-th consumer's CPF."""
    return cpf(200_000_000 + n)


def records(today: date, users: int) -> Iterator[dict[str, object]]:
    """`users` consumers with a phone on file, one UC and three invoices each."""
    for n in range(users):
        uc = f"{900000 + n}"
        yield {
            "type": "consumer",
            "document": document(n),
            "name": f"Consumidor {n}",
            "phones": [phone(n)],
        }
        yield {"type": "unit", "uc": uc, "document": document(n), "address": f"Rua {n}, 1"}
        for back in range(3):
            due = today + timedelta(days=10 - 30 * back)
            yield {
                "type": "invoice",
                "id": f"W-{uc}-{back}",
                "uc": uc,
                "reference": f"{due:%Y-%m}",
                "due_date": due.isoformat(),
                "amount": f"{150 + n % 90}.{n % 100:02d}",
                "status": "open",
                "kwh": 200,
            }


def setup(url: str, users: int) -> None:
    """Migrate and load the consumers and the demo parameters."""
    db = Database(url)
    migrations.upgrade(db.engine)
    with db.session() as session:
        import_lines(
            session,
            (json.dumps(r) for r in records(date.today(), users)),
            lambda n, reason: sys.exit(f"line {n}: {reason}"),
        )
        settings.update(session, DEMO_SETTINGS, "bench")
    db.dispose()


def in_process_env(url: str, redis_url: str, base: str, tmp: str, **extra: str) -> None:
    """Point an app created in this process at `url` and `redis_url`, taking requests signed
    with TOKEN for `base`, with no Twilio REST credentials (the profiles)."""
    os.environ.update(
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        TWILIO_AUTH_TOKEN=TOKEN,
        PUBLIC_BASE_URL=base,
        FATURA_MEDIA_DIR=f"{tmp}/media",
        **extra,
    )
    os.environ.pop("TWILIO_ACCOUNT_SID", None)


def signed(base: str, channel: str, sender: str, body: str, sid: str | None = None) -> Request:
    """A Twilio inbound-message webhook request from `sender`, signed with TOKEN."""
    path = f"/webhooks/twilio/{channel}"
    prefix = "whatsapp:" if channel == "whatsapp" else ""
    form = {
        "MessageSid": sid or "SM" + uuid.uuid4().hex,
        "AccountSid": "ACbench",
        "From": prefix + sender,
        "To": prefix + "+5531300000000",
        "Body": body,
        "NumMedia": "0",
    }
    signature = RequestValidator(TOKEN).compute_signature(base + path, form)
    return path, form, {"X-Twilio-Signature": signature}


def wait_listening(port: int, seconds: float = 60) -> None:
    """Return once something answers HTTP on 127.0.0.1:port (any status)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # an app without /healthz answers 404: it is up
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"nothing listens on port {port} after {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM a process group we started, then wait (SIGKILL after 30 s)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@contextmanager
def gunicorn(target: str, port: int, env: dict[str, str], workers: int = 2) -> Iterator[int]:
    """gunicorn with `workers` sync workers on 127.0.0.1:port, until the block ends."""
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--pythonpath",
            f"{ROOT},{ROOT / 'bench'}",
            "--log-level",
            "warning",
            target,
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_listening(port)
        yield process.pid
    finally:
        stop(process)


def procfile(name: str) -> str:
    """The command of the Procfile's `name:` line."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"Procfile has no {name}: line")


@contextmanager
def procfile_process(name: str, env: dict[str, str], log: Path) -> Iterator[int]:
    """Run the Procfile's `name` line with bash (the venv's scripts first on PATH), its
    output to `log`, until the block ends."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**env, "PATH": f"{bin_dir}:{env.get('PATH', '')}"}
    with log.open("ab") as out:
        process = subprocess.Popen(
            ["bash", "-c", "exec " + procfile(name)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process.pid
    finally:
        stop(process)
