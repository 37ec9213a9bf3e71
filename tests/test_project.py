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


def test_environment_yml_installs_requirements_txt_and_nothing_else():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert {re.split(r"[=<> ]", d)[0] for d in conda} == {"python", "pip"}
    assert pip == ["-r requirements.txt", "-e ."]


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
