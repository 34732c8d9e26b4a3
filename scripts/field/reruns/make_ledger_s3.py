import sys, re, json
sys.path.insert(0, '/tmp/s3work')
from cmp3 import *
from newverdicts3 import V as V3
from why3 import WHY

TITLE = {'pdns': 'PowerDNS (SQL backends)', 'mumble': 'Mumble', 'domoticz': 'Domoticz',
         'icinga2': 'Icinga 2 IDO', 'sqlitebrowser': 'DB Browser for SQLite', 'cutelyst': 'Cutelyst + apps', 'cantata': 'Cantata'}
# riskgate exit code, wall seconds (from /tmp/s3run-summary.log), units line
RUN = {
 'pdns': (0, 19, '9 (9 parsed, 0 with errors); 1195 functions, 3057 call edges, 0 unresolved calls: the same as s2'),
 'mumble': (0, 37, '23 (23 parsed, 0 with errors); 1780 functions, 4050 call edges, 1 unresolved call: the same as s2'),
 'domoticz': (0, 86, '19 (19 parsed, 0 with errors); 1768 functions, 8871 call edges, 31 unresolved calls: the same as s2'),
 'icinga2': (0, 82, '22 (errors: [])'),
 'sqlitebrowser': (0, 53, '20 (errors: [])'),
 'cutelyst': (2, 41, '22, with the same 7 parse errors in the 2017 cutelyst-tutorial (authstoresql.cpp:10/17, books.cpp:99/100/101 + 2 more) as the baseline and s2'),
 'cantata': (0, 16, '10 (errors: [])'),
}
RULES = ['n-plus-one', 'loop-invariant-query', 'repeated-query', 'write-loop-without-transaction', 'prepare-in-loop', 'dynamic-sql', 'unchecked-db-result']
LETTER = {'A': 'deferred', 'B': 'small-collection', 'C': 'exit-path', 'D': 'cache-miss-fallback', 'E': 'batching',
          'F': 'escaped-or-bound', 'G': 'const-identifier', 'H': 'number-not-recognised', 'I': 'user-authored-sql',
          'J': 'wrapper', 'K': 'worker-or-retry-loop', 'L': 'guarded-once', 'M': 'inherent-per-object', 'N': 'trip-count-one',
          'O': 'txn-begin-finish-protocol', 'P': 'bulk-insert-in-txn', 'Q': 'prepare-then-checked-exec', 'R': 'txn-control-error-path',
          'S': 'best-effort-cache-write', 'T': 'idempotent-ddl', 'U': 'lazy-singleton'}
UNIFY = {'worker-loop': 'worker-or-retry-loop', 'retry': 'worker-or-retry-loop', 'schema-list': 'small-collection',
         'local-sqlite-txn': 'bulk-insert-in-txn', 'migration': 'migration-or-inherent-per-object',
         'inherent-per-object': 'migration-or-inherent-per-object', 'startup-once': 'guarded-once'}
def cls_of(v):
    verdict, c, reason, src, sev = v
    if c is None:
        m = re.search(r'\[class: ([^\]]+)\]', reason) or re.match(r'\[([A-Z])\]', reason)
        c = m.group(1) if m else 'unclassified'
    c = LETTER.get(c, c)
    return UNIFY.get(c, c)
def loc(p, f): return f[4:] if f.startswith('src/') else f

def rows3(p):
    K, new, nmed, gone, added, sevch, dup = compare3(p)
    assert not dup, dup
    rows = []
    for f in nmed:
        k = key(f)
        if k in K: rows.append((f, K[k][0], cls_of(K[k]) if K[k][0] == 'FALSE' else None, K[k][3]))
        else:
            vv = V3[(p,) + k]
            rows.append((f, vv[0], (UNIFY.get(LETTER.get(vv[1], vv[1]), LETTER.get(vv[1], vv[1])) if vv[0] == 'FALSE' else None), 's3'))
    return K, new, nmed, gone, added, sevch, rows

def rule_table(t3, r3, t2, r2, tb, rb):
    out = ['| rule | s3 findings | s3 real | s3 false | s3 precision | s2 findings / real / precision | baseline findings / real / precision |',
           '|---|---|---|---|---|---|---|']
    def pr(r, n): return f'{r / n:.0%}' if n else '-'
    rules = [r for r in RULES if t3.get(r) or t2.get(r) or tb.get(r)] + [r for r in set(t3) | set(t2) | set(tb) if r not in RULES]
    for r in rules:
        out.append(f'| {r} | {t3.get(r,0)} | {r3.get(r,0)} | {t3.get(r,0)-r3.get(r,0)} | {pr(r3.get(r,0), t3.get(r,0))} | '
                   f'{t2.get(r,0)} / {r2.get(r,0)} / {pr(r2.get(r,0), t2.get(r,0))} | {tb.get(r,0)} / {rb.get(r,0)} / {pr(rb.get(r,0), tb.get(r,0))} |')
    T3, R3, T2, R2, TB, RB = (sum(x.values()) for x in (t3, r3, t2, r2, tb, rb))
    out.append(f'| **all** | {T3} | {R3} | {T3-R3} | {pr(R3, T3)} | {T2} / {R2} / {pr(R2, T2)} | {TB} / {RB} / {pr(RB, TB)} |')
    return '\n'.join(out)

out = []
A = out.append
A('# Field corpus ledger S3: riskgate-s3 against the verdicts known so far (baseline + s2)')
A('')
A('Binary under test: `/tmp/riskgate-s3/riskgate`. Like the earlier binaries it reports itself as riskgate 0.1.0. The seven projects were scanned one at a time, each after the previous one finished, with '
  '`/tmp/field/<project>/run.sh /tmp/riskgate-s3/riskgate /tmp/field/<project>/riskgate-s3.json`. Every run used `-j 1 --no-cache`. '
  'Nothing else in /tmp/field was changed: riskgate.json, riskgate-s2.json and the earlier ledgers are as they were.')
A('')
A('Method:')
A('- The known verdicts are the union of the baseline ledgers (ledger-A.md for pdns, mumble and domoticz; ledger-B.md for the others) and the triage of the findings that were new in s2 (ledger-s2.md, kept as data in /tmp/s2work/newverdicts.py). This covers 502 medium+ findings, 49 of them REAL. '
  'Findings at medium, high or critical in riskgate-s3.json are matched against that union by (rule, file, line).')
A('- "Disappeared" means a finding with a known verdict that is no longer reported at medium or above. Findings that dropped to LOW are marked "(now low)". "New" means a medium+ finding whose (rule, file, line) has no verdict yet. Each new finding was triaged by reading the source. '
  '"Severity changes" compares each s3 finding with the s2 finding of the same key.')
A('- Paths: the four `--quiet` run.sh scripts (icinga2, sqlitebrowser, cutelyst, cantata) do not `cd` into the project, and riskgate writes paths relative to the working directory. '
  'This batch was started from `/tmp`, so their riskgate-s3.json files hold `field/<project>/src/...`. In s2 they held `/tmp/field/<project>/src/...`. '
  'Both prefixes are removed before matching. The other three scripts `cd` into the project and write `src/...`. This is how the runs were launched, not a change in the binary.')
A('- REAL and FALSE follow the ledger rules. REAL means a reviewer would want the finding flagged in production code. FALSE verdicts name a class: ledger-B classes are written out as words, e.g. F = escaped-or-bound, I = user-authored-sql.')
A('- Scripts: /tmp/s3work/cmp3.py (matching, built on /tmp/s2work/base.py and cmp.py), newverdicts3.py (verdicts for the new findings), why3.py (why each finding disappeared), and make_ledger_s3.py, which writes this file. Run logs: /tmp/s3run-<project>.log.')
A('')
A('## Summary of the runs')
A('')
A('| project | riskgate exit | time | medium+ known (baseline+s2) | medium+ s2 | medium+ s3 | disappeared (REAL) | new (REAL) | severity changed | low s2 -> s3 |')
A('|---|---|---|---|---|---|---|---|---|---|')
G = {k: Counter() for k in ('t3', 'r3', 't2', 'r2', 'tb', 'rb')}
sections = []; regress = []; newreal = []; falsecls = Counter(); falsecls_rule = {}
allgone = []
for p in ORDER:
    K, new, nmed, gone, added, sevch, rows = rows3(p)
    s2 = normalize(p, load(p, 'riskgate-s2.json'))
    ec, secs, units = RUN[p]
    low2 = sum(1 for f in s2['findings'] if f['severity'] not in MED); low3 = sum(1 for f in new['findings'] if f['severity'] not in MED)
    s2med = [f for f in s2['findings'] if f['severity'] in MED]
    gone_real = sum(1 for k, v, lo in gone if v[0] == 'REAL')
    new_real = sum(1 for f in added if V3[(p,) + key(f)][0] == 'REAL')
    A(f'| {p} | {ec} | {secs} s | {len(K)} | {len(s2med)} | {len(nmed)} | {len(gone)} ({gone_real}) | {len(added)} ({new_real}) | {len(sevch)} | {low2} -> {low3} |')
    s = []; S = s.append
    S(f'## {p}: {TITLE[p]}'); S('')
    if p in ('pdns', 'mumble', 'domoticz'):
        S(f'- riskgate exit code: {ec}. run.sh ends with the riskgate command, so run.sh returns the same code. Wall time about {secs} s, on a machine shared with another heavy job.')
    else:
        S(f'- riskgate exit code: {ec}, as printed by run.sh (`exit={ec}`); run.sh itself returns 0. Wall time about {secs} s, on a machine shared with another heavy job.')
    S(f'- Units: {units}.')
    allc = Counter(f['severity'] for f in new['findings'])
    S(f'- Findings: {len(new["findings"])} in total; **{len(nmed)} at medium or above** (' + ', '.join(f'{allc[x]} {x}' for x in ('critical', 'high', 'medium') if allc[x])
      + f'); {low3} low (s2: {low2}). Medium+ in s2: {len(s2med)}; medium+ with a known verdict: {len(K)}.')
    S('')
    S(f'Disappeared findings ({len(gone)}): ' + ('none.' if not gone else ''))
    if gone:
        S(''); S('| rule | was | file:line | verdict (source) | class | why it is gone |'); S('|---|---|---|---|---|---|')
        for k, v, lo in sorted(gone, key=lambda x: (x[0][1], x[0][2], x[0][0])):
            tag = '**REAL: REGRESSION**' if v[0] == 'REAL' else 'FALSE'
            now = ' (now low)' if lo else ''
            S(f'| {k[0]} | {v[4]} | {loc(p, k[1])}:{k[2]}{now} | {tag} ({v[3]}) | {cls_of(v) if v[0]=="FALSE" else "-"} | {WHY[(p,) + k]} |')
            allgone.append((p, k, v, lo))
            if v[0] == 'REAL': regress.append((p, k, v))
    S('')
    S('Severity changes against s2: ' + ('none.' if not sevch else ''))
    for k, a, b, v in sevch:
        S(f'- {k[0]} {loc(p, k[1])}:{k[2]}: {a} -> {b} (verdict {v[0]}, unchanged). The call at 1414 is followed by `break` from the inner loop (line 1410), so the finding is now attributed to the outer event-queue loop (line 1401), which is one loop level. The class is still worker-or-retry-loop.')
    S('')
    if added:
        S(f'New findings ({len(added)}), triaged:'); S('')
        S('| rule | severity | file:line | function | verdict | class | reason |'); S('|---|---|---|---|---|---|---|')
        for f in sorted(added, key=lambda f: (f['file'], f['line'], f['rule'])):
            vv = V3[(p,) + key(f)]
            c = LETTER.get(vv[1], vv[1]) if vv[1] else '-'
            S(f'| {f["rule"]} | {f["severity"]} | {loc(p, f["file"])}:{f["line"]} | {f.get("function")} | {vv[0]} | {c} | {vv[2]} |')
            if vv[0] == 'REAL': newreal.append((p, f, vv[2]))
        S('')
    else:
        S('New findings: none.'); S('')
    t3 = Counter(); r3 = Counter(); t2 = Counter(); r2 = Counter(); tb = Counter(); rb = Counter()
    for f, vv, c, src in rows:
        t3[f['rule']] += 1; r3[f['rule']] += (vv == 'REAL')
        if vv == 'FALSE': falsecls[c] += 1; falsecls_rule.setdefault(c, Counter())[f['rule']] += 1
    for k, v in K.items():
        t2[k[0]] += 1; r2[k[0]] += (v[0] == 'REAL')
        if v[3] == 'baseline': tb[k[0]] += 1; rb[k[0]] += (v[0] == 'REAL')
    for n, c in (('t3', t3), ('r3', r3), ('t2', t2), ('r2', r2), ('tb', tb), ('rb', rb)): G[n] += c
    S('Per-rule counts for the s3 run (medium and above). Unchanged findings keep their baseline or s2 verdicts; new findings use the triage above:'); S('')
    S(rule_table(t3, r3, t2, r2, tb, rb)); S('')
    sections.append((p, s))
A('')
A('All seven runs finished without crashes. The only non-zero exit code is cutelyst\'s 2, which comes from the same tutorial parse errors as in the baseline and s2. '
  'stderr holds only the `--stats` block (pdns, mumble, domoticz), or for cutelyst the clang "errors generated" lines and the list of parse errors.')
A('')
for p, s in sections: out.extend(s)

A('## Overall (all seven projects, medium and above)'); A('')
A(rule_table(G['t3'], G['r3'], G['t2'], G['r2'], G['tb'], G['rb'])); A('')
A('The s2 column is the s2 run with the s2 ledger verdicts, i.e. the 502 known findings. The baseline column is the baseline run with the ledger-A/B verdicts.'); A('')
A('## Regressions (REAL findings no longer reported at medium or above)'); A('')
if regress:
    for p, k, v in regress: A(f'- **{p} {k[0]} {loc(p, k[1])}:{k[2]}**: {v[2]}. Why gone: {WHY[(p,)+k]}')
else:
    A(f'**None.** All 49 REAL findings known from the baseline and s2 are still reported, with the same rule, file, line and severity. '
      f'All {len(allgone)} disappeared findings were FALSE.')
A('')
A('Disappeared findings by cause (all FALSE):')
cause = Counter()
for p, k, v, lo in allgone:
    w = WHY[(p,) + k]; cause[w.split(':')[0] + (' (dropped to LOW as a "read")' if 'now LOW because' in w else '')] += 1
for c, n in sorted(cause.items()): A(f'- {c}: {n}')
A('')
A('## New REAL findings'); A('')
for p, f, r in newreal: A(f'- {p} {f["rule"]} {f["severity"]} {loc(p, f["file"])}:{f["line"]}: {r}')
A('')
A('## Remaining false alarms at medium+ by class (s3 run, all projects)'); A('')
A('| class | count | rules |'); A('|---|---|---|')
for c, n in falsecls.most_common():
    A(f'| {c} | {n} | ' + ', '.join(f'{r} {m}' for r, m in falsecls_rule[c].most_common()) + ' |')
A('')
out.extend(open('/tmp/s3work/notes3.md').read().rstrip('\n').split('\n'))
open('/tmp/field/ledger-s3.md', 'w').write('\n'.join(out) + '\n')
print('ok', {k: sum(v.values()) for k, v in G.items()})
print(falsecls.most_common())
