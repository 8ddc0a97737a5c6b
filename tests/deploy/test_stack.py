"""The deployment recipe on loopback: nginx -> two app instances (gunicorn) -> PostgreSQL + Redis.

A change published through one instance's configuration (the importer, which gives the
database a new data version) is shown by the other instance and through nginx.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BADGE = "shell-demo-badge"

pytestmark = pytest.mark.deploy


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _get(url, 2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def _psql(sql: str, db: str = "postgres") -> None:
    subprocess.run(["su", "postgres", "-c", f"psql -q -v ON_ERROR_STOP=1 -d {db}"], input=sql, text=True,
                   check=True, capture_output=True)  # fmt: skip


@pytest.fixture()
def stack_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    pg, redis_url = os.environ.get("TEST_POSTGRES_URL"), os.environ.get("TEST_REDIS_URL")
    if not (pg and redis_url and os.path.exists(NGINX)):
        if os.environ.get("CI"):
            pytest.fail("the stack test needs PostgreSQL, Redis and nginx (make test-deploy installs them)")
        pytest.skip("needs TEST_POSTGRES_URL, TEST_REDIS_URL and nginx")
    from sqlalchemy.engine import make_url

    _psql("DROP DATABASE IF EXISTS dashboard_stack; CREATE DATABASE dashboard_stack OWNER dashboard;")
    url = make_url(pg).set(database="dashboard_stack").render_as_string(hide_password=False)
    yield {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url.rsplit("/", 1)[0] + "/3",
           "DEMO_DATA": "false", "CACHE_DIR": str(tmp_path / "cache"), "WORKERS": "1", "THREADS": "2"}  # fmt: skip


def test_a_change_through_one_instance_is_shown_by_the_other(
    stack_env: dict[str, str], tmp_path: Path
) -> None:
    subprocess.run([sys.executable, "-m", "dashboard.infra.bootstrap"], cwd=ROOT, env=stack_env, check=True,
                   capture_output=True)  # fmt: skip
    ports = [_port(), _port()]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for p in ports:
            env = {**stack_env, "PORT": str(p), "HOST": "127.0.0.1"}
            procs.append(subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                                           "app:server"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                          stderr=open(tmp_path / f"gunicorn-{p}.log", "wb")))  # noqa: SIM115  # fmt: skip
        nport = _port()
        site = (ROOT / "deploy" / "nginx-cancer-dashboard.conf").read_text()
        site = site.replace("127.0.0.1:8051", f"127.0.0.1:{ports[0]}").replace(
            "127.0.0.1:8052", f"127.0.0.1:{ports[1]}"
        )
        site = site.replace("listen 80;", f"listen 127.0.0.1:{nport};")
        (tmp_path / "site.conf").write_text(site)
        for d in ("body", "proxy"):
            (tmp_path / d).mkdir()
            (tmp_path / d).chmod(0o777)
        (tmp_path / "nginx.conf").write_text(
            f"daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/nginx-error.log;\n"
            "events { worker_connections 256; }\n"
            f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {tmp_path}/body;\n"
            f"  proxy_temp_path {tmp_path}/proxy; include {tmp_path}/site.conf; }}\n"
        )
        procs.append(subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)]))
        front = f"http://127.0.0.1:{nport}"
        a, b = (f"http://127.0.0.1:{p}" for p in ports)
        for u in (a, b, front):
            _wait(f"{u}/healthz")
        status, body = _get(f"{front}/healthz")
        assert (
            status == 200
            and '"database":"ok"' in body.replace(" ", "")
            and '"cache":"ok"' in body.replace(" ", "")
        )
        for u in (a, b, front, front):  # both instances have cached the shell's data
            assert BADGE not in _get(f"{u}/_dash-layout")[1]
        # publish through instance A's configuration: the checked importer
        (tmp_path / "meta_info.csv").write_text("key,value\ndata_kind,demonstration\n")
        subprocess.run([sys.executable, "-m", "dashboard.ingest.importer", str(tmp_path / "meta_info.csv"), "--commit"], cwd=ROOT,
                       env={**stack_env, "PORT": str(ports[0])}, check=True, capture_output=True)  # fmt: skip
        time.sleep(1.2)  # each process reads the data version at most once a second
        for u in (b, a, front, front):
            assert BADGE in _get(f"{u}/_dash-layout")[1], f"{u} still shows the old data"
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
