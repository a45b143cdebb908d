"""Runs action.yml's steps as a GitHub runner would, against another
repository. Usage: run_action.py ACTION_PATH WORKSPACE

ACTION_PATH is a checkout of this repository (GITHUB_ACTION_PATH) and
WORKSPACE another git repository with its own data folder (GITHUB_WORKSPACE,
the steps' working folder). Each `run` step gets its `env` with the
`${{ inputs.* }}` expressions evaluated from the inputs' defaults (or
ASTANA_INPUT_<NAME> overrides), GITHUB_OUTPUT, GITHUB_ENV and RUNNER_TEMP
files as the runner provides them, and what earlier steps appended to
GITHUB_ENV. `uses` steps are not run here: the cache step's key is
evaluated for two refs of the action (it must differ), and the SARIF upload
step's condition is evaluated and its file checked.

Prints one line per step and a JSON summary as the last line; exits with
the status the job would have (the first failing step's)."""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

action_path = Path(sys.argv[1]).resolve()
workspace = Path(sys.argv[2]).resolve()
action = yaml.safe_load((action_path / "action.yml").read_text(encoding="utf-8"))

inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
for name in inputs:
    override = os.environ.get("ASTANA_INPUT_" + name.upper().replace("-", "_"))
    if override is not None:
        inputs[name] = override

runner_temp = Path(os.environ.get("RUNNER_TEMP") or tempfile.mkdtemp(prefix="runner-temp-"))
runner_temp.mkdir(parents=True, exist_ok=True)
env_file = runner_temp / "github_env"
env_file.write_text("")
exported = {}
outputs = {}
summary = {"steps": [], "outputs": {}}


def expression(text, github):
    """Evaluates the `${{ ... }}` expressions this action uses."""

    def one(match):
        expr = match.group(1).strip()
        if m := re.fullmatch(r"inputs\.([a-z-]+)", expr):
            return inputs[m.group(1)]
        if m := re.fullmatch(r"steps\.([a-z-]+)\.outputs\.([a-z-]+)", expr):
            return outputs.get(m.group(1), {}).get(m.group(2), "")
        if m := re.fullmatch(r"(github|runner)\.([a-z_]+)", expr):
            return github.get(m.group(2), "")
        if expr.startswith("hashFiles("):
            # hashFiles reads only under GITHUB_WORKSPACE; outside it, "".
            paths = re.findall(r"'([^']*)'", expr)
            return "" if any(p.startswith("/") or "action_path" in expr for p in paths) else "<hash>"
        raise SystemExit(f"run_action: unsupported expression {expr!r}")

    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def condition(text):
    """`always() && inputs.X == 'true' && steps.S.outputs.O != ''`."""
    result = True
    for part in [p.strip() for p in text.split("&&")]:
        if part == "always()":
            continue
        m = re.fullmatch(r"(.+?)\s*(==|!=)\s*'([^']*)'", part)
        if not m:
            raise SystemExit(f"run_action: unsupported condition {part!r}")
        value = expression("${{ " + m.group(1) + " }}", {})
        result = result and ((value == m.group(3)) == (m.group(2) == "=="))
    return result


status = 0
github = {"os": "Linux", "action_ref": "v0.3.0", "action_repository": "astana/astana-corpus"}
for step in action["runs"]["steps"]:
    name = step.get("name", step.get("id", "?"))
    if "if" in step and not condition(step["if"]):
        summary["steps"].append({"name": name, "skipped": True})
        print(f"run_action: {name}: skipped")
        continue
    uses = step.get("uses")
    if uses and uses.startswith("actions/cache"):
        key = step["with"]["key"]
        keys = [expression(key, dict(github, action_ref=ref)) for ref in ("v0.3.0", "v0.3.1")]
        summary["cache_keys"] = keys
        print(f"run_action: {name}: key {keys[0]!r}, for the next release {keys[1]!r}")
        continue
    if uses and "upload-sarif" in uses:
        sarif = expression(step["with"]["sarif_file"], github)
        summary["uploaded"] = sarif
        print(f"run_action: {name}: would upload {sarif}")
        continue
    output_file = runner_temp / f"output-{len(summary['steps'])}"
    output_file.write_text("")
    env = dict(os.environ)
    env.update(exported)
    env.update(
        {
            "GITHUB_ACTION_PATH": str(action_path),
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_ENV": str(env_file),
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_ACTIONS": "true",
        }
    )
    for key, value in (step.get("env") or {}).items():
        env[key] = expression(str(value), github)
    shell = step.get("shell", "bash")
    assert shell == "bash", f"{name}: shell {shell}"
    run = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
    )
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    step_outputs = dict(
        line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line
    )
    if "id" in step:
        outputs[step["id"]] = step_outputs
    for line in env_file.read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            exported[k] = v
    summary["steps"].append({"name": name, "exit": run.returncode, "outputs": step_outputs, "stdout": run.stdout})
    print(f"run_action: {name}: exit {run.returncode}")
    if run.returncode != 0:
        status = run.returncode
        # Later steps run only with always().
        remaining = action["runs"]["steps"][action["runs"]["steps"].index(step) + 1 :]
        for later in remaining:
            if "always()" not in str(later.get("if", "")):
                later["if"] = "inputs.never == 'run'"
        inputs.setdefault("never", "")
for sid, outs in outputs.items():
    for k, v in outs.items():
        summary["outputs"][f"{sid}.{k}"] = v
summary["status"] = status
summary["env"] = exported
print(json.dumps(summary))
sys.exit(status)
