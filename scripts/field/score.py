#!/usr/bin/env python3
"""Score a field run against every verdict so far (verdicts.json).

usage: score.py RUN_NAME [--list-new] [--list-false CLASS] [--project P]
Reads /tmp/field/<project>/<RUN_NAME>.json for each project. Prints per-rule medium+
counts and precision, the real findings no longer reported at medium+ (regressions; a
finding merged into another rule's diagnostic at the same site, as an "also", is still
reported; nor is one whose verdict says where it "moved" when it is reported there),
and the medium+ findings no verdict covers yet (to be triaged).
"""
import json, os, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ['pdns', 'mumble', 'domoticz', 'icinga2', 'sqlitebrowser', 'cutelyst', 'cantata', 'anope', 'tomahawk', 'eqemu', 'coturn', 'manaserv', 'quiterss']
MED = ('medium', 'high', 'critical')


def norm(p, path):
    for pre in (f'/tmp/field/{p}/', f'field/{p}/'):
        if path.startswith(pre):
            return path[len(pre):]
    return path


def main():
    args = sys.argv[1:]
    run = args[0]
    opts = set(a for a in args[1:] if a.startswith('--'))
    only = None
    if '--project' in args:
        only = args[args.index('--project') + 1]
    V = {}
    for v in json.load(open(os.path.join(HERE, 'verdicts.json'))):
        V[(v['project'], v['rule'], v['file'], v['line'])] = v
    per_rule = defaultdict(lambda: [0, 0, 0])  # findings, real, unknown
    per_proj = defaultdict(lambda: [0, 0, 0])
    classes = Counter()
    seen = set()
    merged = set()
    new = []
    for p in ORDER:
        if only and p != only:
            continue
        path = f'/tmp/field/{p}/{run}.json'
        if not os.path.exists(path):
            print('missing', path)
            continue
        d = json.load(open(path))
        for f in d['findings']:
            # One diagnostic per site: the other rules at that site are its "also" entries,
            # still reported (not counted in the precision of their rule, not lost either).
            for a in f.get('also', []):
                if a['severity'] in MED:
                    merged.add((p, a['rule'], norm(p, f['file']), f['line']))
            if f['severity'] not in MED:
                continue
            k = (p, f['rule'], norm(p, f['file']), f['line'])
            if k in seen:
                continue
            seen.add(k)
            v = V.get(k)
            r = per_rule[f['rule']]
            q = per_proj[p]
            r[0] += 1
            q[0] += 1
            if v is None:
                r[2] += 1
                q[2] += 1
                new.append((k, f))
            elif v['verdict'] == 'REAL':
                r[1] += 1
                q[1] += 1
            else:
                classes[(v['cls'], f['rule'])] += 1
    tot = [0, 0, 0]
    print(f"{'rule':34} {'med+':>5} {'real':>5} {'new':>4} precision")
    for rule, (n, real, unk) in sorted(per_rule.items()):
        print(f"{rule:34} {n:5} {real:5} {unk:4} {real / max(1, n - unk):.2f}")
        tot = [tot[0] + n, tot[1] + real, tot[2] + unk]
    print(f"{'all':34} {tot[0]:5} {tot[1]:5} {tot[2]:4} {tot[1] / max(1, tot[0] - tot[2]):.2f}")
    for p, (n, real, unk) in per_proj.items():
        print(f"  {p:14} {n:5} {real:5} {unk:4}")
    # A verdict whose finding moved to another line of the same defect (a prepare's dropped
    # result now reported once, at the statement's run) names it: found there, not lost.
    def found(k, v):
        if k in seen or k in merged:
            return True
        m = v.get('moved')
        return bool(m) and ((k[0], k[1], k[2], m) in seen or (k[0], k[1], k[2], m) in merged)
    lost = [v for k, v in V.items()
            if v['verdict'] == 'REAL' and not found(k, v) and (not only or k[0] == only)]
    print('REAL lost:', len(lost))
    for v in lost:
        print('  LOST', v['project'], v['rule'], f"{v['file']}:{v['line']}", v['reason'][:100])
    if '--classes' in opts:
        for (c, rule), n in classes.most_common():
            print(f'  {n:4} {c} ({rule})')
    if '--list-new' in opts:
        for k, f in new:
            print('  NEW', k[0], k[1], f['severity'], f'{k[2]}:{k[3]}', f.get('function'), '|', f['message'][:240])
    if '--list-false' in opts:
        want = args[args.index('--list-false') + 1]
        for k in sorted(seen):
            v = V.get(k)
            if v and v['verdict'] == 'FALSE' and v['cls'] == want:
                print('  ', k, v['reason'][:160])


main()
