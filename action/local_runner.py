"""Runs a composite action's steps (action.yml) on this machine the way a GitHub runner does, for the tests.

What it does as the runner does: each `run` step goes to `bash --noprofile --norc -eo pipefail FILE` in the
workspace; GITHUB_OUTPUT (a new file per step), GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_PATH, RUNNER_TEMP and
GITHUB_ACTION_PATH are set; `${{ inputs.X }}`, `${{ steps.ID.outputs.X }}` are evaluated in `env` and in the action's
outputs; input defaults and `required` apply; the first failing step stops the action with its exit code; workflow
commands (`::error ...::`) are read from the log, except between `::stop-commands::TOKEN` and `::TOKEN::`.

What it refuses rather than fake: any other expression, `if:`, `uses:` steps, a shell other than bash, and an
expression inside a `run` script (an input pasted into a script is a script injection; inputs go through `env`).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class ActionRun:
    exit_code: int
    outputs: Dict[str, str]
    log: str
    annotations: List[str] = field(default_factory=list)
    step_outputs: Dict[str, Dict[str, str]] = field(default_factory=dict)


def run_action(action_dir: Path, inputs: Mapping[str, str], workspace: Path, runner_temp: Path,
               summary: Path, env: Optional[Mapping[str, str]] = None) -> ActionRun:
    action = yaml.safe_load((action_dir / "action.yml").read_text(encoding="utf-8"))
    if action["runs"]["using"] != "composite":
        raise ValueError("not a composite action")
    declared = action.get("inputs") or {}
    unknown = set(inputs) - set(declared)
    if unknown:
        raise ValueError(f"inputs the action does not declare: {sorted(unknown)}")
    values: Dict[str, str] = {}
    for name, spec in declared.items():
        if name in inputs:
            values[name] = inputs[name]
        elif spec.get("required"):
            raise ValueError(f"input {name} is required")
        else:
            values[name] = str(spec.get("default", ""))

    step_outputs: Dict[str, Dict[str, str]] = {}
    log: List[str] = []
    exit_code = 0
    files = Path(tempfile.mkdtemp(prefix="steps-", dir=runner_temp))
    for i, step in enumerate(action["runs"]["steps"]):
        for key in step:
            if key not in ("id", "name", "shell", "env", "run"):
                raise ValueError(f"step {i}: `{key}` is not emulated")
        if step.get("shell") != "bash":
            raise ValueError(f"step {i}: shell {step.get('shell')!r} is not emulated")
        script = step["run"]
        if "${{" in script:
            raise ValueError(f"step {i}: an expression inside `run` (pass it through `env`)")
        context = {"inputs": values, "steps": step_outputs}
        step_env = {k: evaluate(str(v), context) for k, v in (step.get("env") or {}).items()}
        output_file = files / f"output-{i}"
        output_file.touch()
        script_file = files / f"step-{i}.sh"
        script_file.write_text(script, encoding="utf-8")
        full_env = dict(os.environ if env is None else env)
        full_env.update({
            "GITHUB_ACTIONS": "true", "CI": "true",
            "GITHUB_ACTION_PATH": str(action_dir), "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_OUTPUT": str(output_file), "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_ENV": str(files / "env"), "GITHUB_PATH": str(files / "path"),
            "RUNNER_TEMP": str(runner_temp),
        })
        full_env.update(step_env)
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)], cwd=workspace,
                              env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        log.append(done.stdout.decode("utf-8", errors="replace"))
        if "id" in step:
            step_outputs[step["id"]] = {"outputs": read_outputs(output_file)}  # type: ignore[dict-item]
        if done.returncode != 0:
            exit_code = done.returncode
            break
    text = "".join(log)
    context = {"inputs": values, "steps": step_outputs}
    outputs = {name: evaluate(str(spec["value"]), context) for name, spec in (action.get("outputs") or {}).items()}
    flat = {k: v["outputs"] for k, v in step_outputs.items()}  # type: ignore[index]
    return ActionRun(exit_code, outputs, text, annotations(text), flat)


def evaluate(text: str, context: Mapping[str, Mapping]) -> str:
    def one(m: "re.Match[str]") -> str:
        parts = m.group(1).split(".")
        if len(parts) == 2 and parts[0] == "inputs":
            return context["inputs"][parts[1]]
        if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
            return context["steps"].get(parts[1], {}).get("outputs", {}).get(parts[3], "")
        raise ValueError(f"expression not emulated: {m.group(0)}")

    return EXPRESSION.sub(one, text)


def read_outputs(path: Path) -> Dict[str, str]:
    """GITHUB_OUTPUT: `name=value` lines and `name<<DELIMITER` ... `DELIMITER` blocks."""
    outputs: Dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block: List[str] = []
            while i < len(lines) and lines[i] != delimiter:
                block.append(lines[i])
                i += 1
            if i == len(lines):
                raise ValueError(f"GITHUB_OUTPUT: {name} has no closing {delimiter}")
            i += 1
            outputs[name] = "\n".join(block)
        else:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def annotations(log: str) -> List[str]:
    """The workflow commands the runner would act on: `::error ...::message` lines outside stop-commands."""
    found: List[str] = []
    stopped: Optional[str] = None
    for line in log.splitlines():
        if stopped is not None:
            if line == f"::{stopped}::":
                stopped = None
            continue
        m = re.match(r"::stop-commands::(.+)$", line)
        if m:
            stopped = m.group(1)
            continue
        if line.startswith("::"):
            found.append(line)
    return found
