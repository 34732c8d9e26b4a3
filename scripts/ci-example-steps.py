#!/usr/bin/env python3
"""Prints, as one shell script, the commands of a job or step of a CI example in docs/ci/,
so that a test runs them as written: a GitLab job's `script` lines (`gitlab FILE JOB`) or a
GitHub Actions step's `run` block (`github FILE JOB STEP-NAME`), with `${{ expr }}`
replaced by the values given as NAME=VALUE after them (e.g. matrix.shard=1)."""
import re
import sys

import yaml


def main():
    kind, path = sys.argv[1], sys.argv[2]
    doc = yaml.safe_load(open(path))
    if kind == "gitlab":
        job, values = sys.argv[3], sys.argv[4:]
        lines = doc[job]["script"]
    elif kind == "github":
        job, step, values = sys.argv[3], sys.argv[4], sys.argv[5:]
        steps = [s for s in doc["jobs"][job]["steps"] if s.get("name") == step]
        if len(steps) != 1:
            sys.exit(f"{path}: no single step named {step!r} in job {job}")
        lines = [steps[0]["run"]]
    else:
        sys.exit("usage: ci-example-steps.py gitlab FILE JOB | github FILE JOB STEP [NAME=VALUE...]")
    subst = dict(v.split("=", 1) for v in values)

    def expand(m):
        key = m.group(1).strip()
        if key not in subst:
            sys.exit(f"{path}: no value given for ${{{{ {key} }}}}")
        return subst[key]

    print("set -e")
    for line in lines:
        print(re.sub(r"\$\{\{([^}]*)\}\}", expand, line))


main()
