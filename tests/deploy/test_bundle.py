"""The offline bundle (make bundle) installs into a fresh virtual environment with no index and serves."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.deploy

NO_NETWORK = {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "http_proxy": "http://127.0.0.1:9",
              "https_proxy": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
              "HTTPS_PROXY": "http://127.0.0.1:9"}  # fmt: skip


def test_the_bundle_installs_with_no_index_and_serves(tmp_path: Path) -> None:
    subprocess.run(
        ["bash", "scripts/make_bundle.sh", sys.executable], cwd=ROOT, check=True, capture_output=True
    )
    archives = sorted((ROOT / "dist").glob("cancer-dashboard-*.tar.gz"))
    assert archives, "make bundle wrote no archive"
    with tarfile.open(archives[-1]) as tar:
        names = tar.getnames()
        tar.extractall(tmp_path, filter="data")
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert any(n.endswith("assets/_vendor/plotly-custom.min.js") for n in names)
    assert any("/wheels/psycopg" in n for n in names) and any("/wheels/redis" in n for n in names)
    prefix = tmp_path / "opt"
    env = {**os.environ, **NO_NETWORK, "INSTALL_SYSTEM": "0"}
    subprocess.run(
        ["bash", str(folder / "install.sh"), str(prefix)], check=True, env=env, capture_output=True
    )
    py = prefix / "venv" / "bin" / "python"
    assert (prefix / "venv" / "bin" / "gunicorn").exists()
    check = (
        "from app import create_app\n"
        "app = create_app()\n"
        "c = app.server.test_client()\n"
        "r = c.get('/healthz'); assert r.status_code == 200 and r.json['database'] == 'ok', r.json\n"
        "assert c.get('/map').status_code == 200\n"
        "assert c.get('/assets/_vendor/plotly-custom.min.js').status_code == 200\n"
        "print('served')\n"
    )
    run_env = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'b.sqlite'}", "CACHE_DIR": str(tmp_path / "cache"),
               "PYTHONPATH": ""}  # fmt: skip
    out = subprocess.run(
        [str(py), "-c", check], cwd=prefix / "app", env=run_env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "served" in out.stdout
