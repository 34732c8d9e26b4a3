#!/usr/bin/python3
"""Validates SARIF files against the official SARIF 2.1.0 JSON schema.

Usage: validate-sarif.py SCHEMA FILE...   (needs Debian's python3-jsonschema)
Prints one line per problem and exits 1 when a file is invalid.
"""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: validate-sarif.py SCHEMA FILE...")
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        with open(path) as f:
            doc = json.load(f)
        for error in validator.iter_errors(doc):
            bad += 1
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"{path}: {where}: {error.message}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
