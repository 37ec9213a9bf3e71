"""The project's set-up promises: one dependency list, CI runs the README's test command."""

import re
import tomllib

import yaml

from helpers import paths


def requirement_names(text):
    names = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower())
    return names


def test_environment_yml_installs_the_lock_and_nothing_else():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert {re.split(r"[=<> ]", d)[0] for d in conda} == {"python", "pip"}
    assert pip == ["-r requirements.lock", "-e ."]


def lock_pins():
    text = (paths.ROOT / "requirements.lock").read_text()
    return dict(re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+) \\$", text, re.M)), text


def test_the_lock_pins_every_requirement_exactly_with_hashes_inside_its_range():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins, text = lock_pins()
    pins = {canonicalize_name(name): version for name, version in pins.items()}
    entries = re.split(r"\n(?=\S)", text.split("\n", 2)[2].strip())
    assert all("--hash=sha256:" in entry for entry in entries if not entry.startswith("#"))
    for line in (paths.ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{name} is not in requirements.lock: run make lock"
            assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {requirement.specifier}"


def test_make_installs_from_the_lock_with_hashes():
    makefile = (paths.ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements.lock" in makefile
    assert "-r requirements.txt" not in makefile


def test_environment_yml_python_satisfies_pyproject():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    version = tuple(int(x) for x in python.split("=")[1].split("."))
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
    minimum = tuple(int(x) for x in project["project"]["requires-python"].lstrip(">=").split("."))
    assert version >= minimum


def test_requirements_pin_every_package_to_a_range_and_name_the_fixed_stack():
    text = (paths.ROOT / "requirements.txt").read_text()
    lines = [l.split("#", 1)[0].strip() for l in text.splitlines() if l.split("#", 1)[0].strip()]
    assert all(">=" in l and "<" in l for l in lines), lines
    names = requirement_names(text)
    assert len(names) == len(set(names))
    for needed in ("jupyterlab", "pandas", "altair", "nbval"):
        assert needed in names
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
    assert project["tool"]["setuptools"]["dynamic"]["dependencies"]["file"] == ["requirements.txt"]


def test_ci_runs_the_readme_test_command():
    readme = (paths.ROOT / "README.md").read_text()
    assert "make test" in readme and "make reports" in readme
    ci = (paths.ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test\b", ci, re.M)
