#!/usr/bin/env python3
# parse-check every unit of a compile_commands.json with clang -fsyntax-only; print error summary
import json, subprocess, sys
db = json.load(open(sys.argv[1])); only = sys.argv[2:]
for d in db:
    if only and not any(o in d['file'] for o in only): continue
    args = d['arguments'][1:]
    i = args.index('-c'); args = args[:i]
    r = subprocess.run(['clang++', '-fsyntax-only', '-ferror-limit=0'] + args + [d['file']], capture_output=True, text=True, cwd=d['directory'])
    errs = [l for l in r.stderr.splitlines() if 'error:' in l]
    print('== %s: %d errors' % (d['file'].split('/', 4)[-1], len(errs)))
    for l in errs[:6]: print('   ', l[-220:])
