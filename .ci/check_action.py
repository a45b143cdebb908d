"""Parses action.yml and .pre-commit-hooks.yaml as GitHub and pre-commit
read them, and checks that every script they run exists and is executable
and that the action's inputs are passed to its steps as environment
variables (never pasted into shell code). Usage: check_action.py REPO"""

import os
import re
import sys
from pathlib import Path

import yaml

repo = Path(sys.argv[1])
failures = []

action = yaml.safe_load((repo / "action.yml").read_text(encoding="utf-8"))
inputs = set(action["inputs"])
if action["runs"]["using"] != "composite":
    failures.append("action.yml: not a composite action")
for step in action["runs"]["steps"]:
    run = step.get("run")
    if run is None:
        continue
    if "${{" in run:
        failures.append(f"step {step.get('name')}: an expression inside `run` (pass inputs through env)")
    for script in re.findall(r"\$GITHUB_ACTION_PATH/(\S+?)\"", run):
        path = repo / script
        if not path.is_file() or not os.access(path, os.X_OK):
            failures.append(f"step {step.get('name')}: {script} is missing or not executable")
used = {m for step in action["runs"]["steps"] for v in (step.get("env") or {}).values() for m in re.findall(r"inputs\.([a-z-]+)", str(v))}
used |= {m for step in action["runs"]["steps"] for m in re.findall(r"inputs\.([a-z-]+)", str(step.get("if", "")))}
if used - inputs:
    failures.append(f"undeclared inputs used: {sorted(used - inputs)}")
if inputs - used:
    failures.append(f"inputs never used: {sorted(inputs - used)}")

hooks = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
for hook in hooks:
    for key in ("id", "name", "entry", "language"):
        if key not in hook:
            failures.append(f"hook {hook}: no {key}")
    script = hook["entry"].split()[0]
    if not os.access(repo / script, os.X_OK):
        failures.append(f"hook {hook['id']}: {script} is missing or not executable")

for f in failures:
    print(f"FAIL {f}")
print(f"action and hooks: {len(action['runs']['steps'])} steps, {len(hooks)} hooks, {len(failures)} problems")
sys.exit(1 if failures else 0)
