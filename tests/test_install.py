"""The environment the tests run in is exactly the lock file: every pinned version installed, nothing more."""
import importlib.metadata
import re

from packaging.markers import Marker
from packaging.utils import canonicalize_name

from .conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
INSTALLERS = {"pip", "setuptools", "wheel"}


def locked(path):
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def installed():
    return {canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}


def test_every_locked_package_is_installed_at_its_locked_version():
    pins, present = locked(ROOT / "requirements" / "dev.txt"), installed()
    assert len(pins) > 20
    wrong = {name: (version, present.get(name)) for name, version in pins.items() if present.get(name) != version}
    assert not wrong, f"installed versions differ from requirements/dev.txt (locked, installed): {wrong}"


def test_nothing_is_installed_that_the_lock_does_not_name():
    extra = set(installed()) - set(locked(ROOT / "requirements" / "dev.txt")) - INSTALLERS
    extra -= {canonicalize_name(name) for name in locked(ROOT / "requirements" / "load.txt")}  # `make loadtest`
    assert not extra, f"installed but not in the lock: {sorted(extra)}"


def test_the_lock_files_agree_and_carry_hashes():
    prod, dev = locked(ROOT / "requirements" / "prod.txt"), locked(ROOT / "requirements" / "dev.txt")
    assert {name: dev[name] for name in prod} == prod
    for name in ("prod", "dev", "load"):
        text = (ROOT / "requirements" / f"{name}.txt").read_text()
        assert text.count("==") <= text.count("--hash=sha256:")
