"""The run step of the traincmp GitHub Action (action.yml): runs traincmp on the inputs, lets it append its Markdown
summary to the job summary, writes the verdicts as step outputs, and fails the step when a gate failed.

Standard library only, any Python 3.8+: it runs whichever traincmp the install step found (the wheel, a binary, the
dotnet tool). Inputs arrive as TRAINCMP_INPUT_* environment variables, the command as TRAINCMP_COMMAND.

Exit code: traincmp's own. 0 ok; 1 a gate failed (each failed gate is an error annotation); 2 bad input (its
one-line message is the annotation); anything else, traincmp's failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import subprocess
import sys
from typing import Any, Dict, List, Optional


def main() -> int:
    try:
        command = [os.environ.get("TRAINCMP_COMMAND") or "traincmp", *arguments()]
    except ValueError as e:
        error(str(e))
        return 2
    json_path = command[command.index("--json") + 1]
    # Nothing traincmp prints (log lines, file names, labels) is read as a workflow command.
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    try:
        print("traincmp " + " ".join(shlex.quote(a) for a in command[1:]), flush=True)
        code, stderr = run(command)
    finally:
        print(f"::{token}::", flush=True)
    if code not in (0, 1):
        lines = [line for line in stderr.splitlines() if line.strip()]
        message = lines[-1].strip() if lines else f"traincmp exited with code {code}"
        error(message[len("traincmp: error: "):] if message.startswith("traincmp: error: ") else message)
        return code if 0 < code < 256 else 70
    try:
        with open(json_path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        error(f"traincmp exited {code} but its JSON report {json_path} could not be read: {e}")
        return 70
    write_outputs(report, json_path)
    for gate in report.get("gates") or []:
        if not gate.get("passed"):
            error(str(gate.get("message") or gate.get("name")), title="traincmp gate failed")
    return code


def run(command: List[str]) -> "tuple[int, str]":
    """Runs traincmp with its summary going to the log as it comes; keeps its standard error for the message."""
    child = subprocess.Popen(command, stderr=subprocess.PIPE)
    assert child.stderr is not None
    lines: List[str] = []
    for raw in child.stderr:
        text = raw.decode("utf-8", errors="replace")
        lines.append(text)
        sys.stderr.write(text)
        sys.stderr.flush()
    return child.wait(), "".join(lines)


def inp(name: str) -> str:
    return os.environ.get("TRAINCMP_INPUT_" + name.upper().replace("-", "_"), "").strip()


def flag(name: str) -> bool:
    value = inp(name).lower()
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"input {name}: expected true or false, not {inp(name)!r}")


def words(name: str) -> List[str]:
    try:
        return shlex.split(inp(name))
    except ValueError as e:
        raise ValueError(f"input {name}: {e}") from None


def arguments() -> List[str]:
    baseline = inp("baseline")
    if not baseline:
        raise ValueError("input baseline: the baseline run's log is required")
    args = ["--baseline", baseline]
    compare = words("compare")
    if compare:
        args += ["--compare", *compare]
    for label in words("labels"):
        args += [f"--labels={label}"]
    out_dir = inp("output-dir") or "traincmp"
    args += ["--output-dir", out_dir]
    for gate in ("min-speedup", "max-loss-diff"):
        if inp(gate):
            args += [f"--{gate}", inp(gate)]
    if flag("fail-on-nan"):
        args.append("--fail-on-nan")
    reports = inp("reports")
    if reports and reports != "none":
        args += ["--report", reports]
    if inp("plots"):
        args += ["--plots", inp("plots")]
    if flag("mermaid"):
        args.append("--mermaid")
    if flag("summary"):
        args.append("--github-summary")
    args += words("args")
    args += ["--json", os.path.join(out_dir, "traincmp.json")]
    return args


def write_outputs(report: Dict[str, Any], json_path: str) -> None:
    gates = report.get("gates") or []
    failed = [g for g in gates if not g.get("passed")]
    verdicts = [verdict(c) for c in report.get("comparisons") or []]
    first: Dict[str, Any] = verdicts[0] if verdicts else {}
    outputs = {
        "passed": "false" if failed else "true",
        "failed-gates": str(len(failed)),
        "speedup": text(first.get("speedup")),
        "speedup-verdict": text(first.get("speedupVerdict")),
        "loss-verdict": text(first.get("lossVerdict")),
        "equivalent": text(first.get("equivalent")),
        "verdicts": json.dumps(verdicts, ensure_ascii=False),
        "json": json_path,
    }
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        for name, value in outputs.items():
            print(f"{name}: {value}")
        return
    with open(path, "a", encoding="utf-8") as f:
        for name, value in outputs.items():
            delimiter = f"traincmp_{secrets.token_hex(8)}"
            f.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def verdict(comparison: Dict[str, Any]) -> Dict[str, Any]:
    speedup = comparison.get("speedup") or {}
    loss = comparison.get("loss") or {}
    return {
        "label": comparison.get("label"),
        "speedup": speedup.get("median"),
        "speedupCiLow": speedup.get("ciLow"),
        "speedupCiHigh": speedup.get("ciHigh"),
        "speedupVerdict": speedup.get("verdict"),
        "lossVerdict": loss.get("verdict"),
        "finalLossDiff": loss.get("finalWindowDiff"),
        "equivalent": loss.get("equivalent"),
        "divergenceStep": loss.get("divergenceStep"),
    }


def text(value: Optional[Any]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def error(message: str, title: str = "traincmp") -> None:
    """An error annotation; the message escaped as workflow commands require."""
    escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    title = title.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")
    print(f"::error title={title}::{escaped}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
