"""Production settings: start-up refusals, the deploy checklist, security headers."""
import os
import secrets
import subprocess
import sys

from .conftest import ROOT


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**clean, **env}, timeout=120)


def production_env(**extra):
    return {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "archive.example.org", **extra}


def test_check_deploy_is_clean_in_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_missing_secret_key_is_a_clear_start_up_error():
    env = production_env()
    env["DJANGO_SECRET_KEY"] = ""
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_security_headers(client, db):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_plain_http_relaxes_only_the_https_checks_and_says_so():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(NEWSROOM_PLAIN_HTTP="true"))
    assert result.returncode == 0, result.stderr
    assert "(4 silenced)" in result.stdout
    assert "NEWSROOM_PLAIN_HTTP is on" in result.stderr
    # Anything else still fails the deploy check: here, a short secret key.
    weak = manage("check", "--deploy", "--fail-level", "WARNING",
                  env=production_env(NEWSROOM_PLAIN_HTTP="true", DJANGO_SECRET_KEY="short"))
    assert weak.returncode != 0 and "security.W009" in weak.stderr


def test_without_plain_http_an_insecure_redirect_setting_fails_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env=production_env(DJANGO_SECURE_SSL_REDIRECT="false"))
    assert result.returncode != 0 and "security.W008" in result.stderr


def test_the_web_process_freezes_its_loaded_objects_and_collects_less_often():
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    code = ("import gc; before = len(gc.get_objects()); import newsroom.wsgi as w; "
            "print(gc.get_freeze_count() > before // 2, gc.get_threshold() == w.GC_THRESHOLDS, "
            "len(gc.get_objects()) < before)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**clean, **production_env()})
    assert result.stdout.splitlines()[-1].split() == ["True", "True", "True"], result.stderr
