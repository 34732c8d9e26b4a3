import json, sys
from collections import OrderedDict, Counter
sys.path.insert(0, '/tmp/field/tools-A')
from verdicts import PDNS, MUMBLE, DOMO

def findings(p):
    d = json.load(open(f'/tmp/field/{p}/riskgate.json'))
    return d, [f for f in d['findings'] if f['severity'] in ('medium', 'high', 'critical')]

def table(p, V):
    d, fs = findings(p)
    out = ['| # | rule | severity | file:line | verdict | reason |', '|---|---|---|---|---|---|']
    for i, f in enumerate(fs, 1):
        v, c, r = V[i]
        loc = f['file'][len('src/'):] if f['file'].startswith('src/') else f['file']
        cls = f' [class: {c}]' if c else ''
        out.append(f"| {i} | {f['rule']} | {f['severity']} | {loc}:{f['line']} | {v} | {r}{cls} |")
    return '\n'.join(out)

def counts(p, V):
    d, fs = findings(p)
    per = OrderedDict()
    for i, f in enumerate(fs, 1):
        t = per.setdefault(f['rule'], [0, 0, 0])
        t[0] += 1
        if V[i][0] == 'REAL': t[1] += 1
        else: t[2] += 1
    out = ['| rule | total | real | false | precision |', '|---|---|---|---|---|']
    T = [0, 0, 0]
    for r, (n, re, fa) in per.items():
        out.append(f'| {r} | {n} | {re} | {fa} | {re / n:.0%} |')
        T = [T[0] + n, T[1] + re, T[2] + fa]
    out.append(f'| **all** | {T[0]} | {T[1]} | {T[2]} | {T[1] / T[0]:.0%} |')
    return '\n'.join(out)

def class_counts(p, V):
    d, fs = findings(p)
    c = Counter()
    rules = {}
    for i, f in enumerate(fs, 1):
        if V[i][1]:
            c[V[i][1]] += 1
            rules.setdefault(V[i][1], Counter())[f['rule']] += 1
    return c, rules

def sev_counts(p):
    d, fs = findings(p)
    allc = Counter(f['severity'] for f in d['findings'])
    return allc

if __name__ == '__main__':
    which = sys.argv[1]
    V = {'pdns': PDNS, 'mumble': MUMBLE, 'domoticz': DOMO}[which]
    part = sys.argv[2]
    if part == 'table': print(table(which, V))
    elif part == 'counts': print(counts(which, V))
    elif part == 'classes':
        c, rules = class_counts(which, V)
        for k, n in c.most_common():
            print(k, n, dict(rules[k]))
    elif part == 'sev': print(sev_counts(which))
