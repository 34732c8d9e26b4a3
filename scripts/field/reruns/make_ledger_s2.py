import sys, json
from collections import OrderedDict, Counter
sys.path.insert(0, '/tmp/s2work')
from cmp import *
from newverdicts import V

ORDER = ['pdns', 'mumble', 'domoticz', 'icinga2', 'sqlitebrowser', 'cutelyst', 'cantata']
TITLE = {'pdns': 'PowerDNS (SQL backends)', 'mumble': 'Mumble', 'domoticz': 'Domoticz',
         'icinga2': 'Icinga 2 IDO', 'sqlitebrowser': 'DB Browser for SQLite', 'cutelyst': 'Cutelyst + apps', 'cantata': 'Cantata'}
RUN = {  # exit code of riskgate, seconds, units, notes
 'pdns': (0, 19, '9 (9 parsed, 0 with errors)', '1195 functions, 3057 call edges, 0 unresolved calls (same as baseline).'),
 'mumble': (0, 43, '23 (23 parsed, 0 with errors)', '1780 functions, 4050 call edges, 1 unresolved call.'),
 'domoticz': (0, 98, '19 (19 parsed, 0 with errors)', '1768 functions (baseline 1819), 8871 call edges (baseline 8875), 31 unresolved calls; 98 s against about 120 s for the baseline.'),
 'icinga2': (0, 83, '22 (errors: [])', ''),
 'sqlitebrowser': (0, 52, '20 (errors: [])', ''),
 'cutelyst': (2, 51, '22 (7 parse errors, all in the 2017 cutelyst-tutorial: authstoresql.cpp:10/17, books.cpp:99/100/101/127/164, identical to the baseline)', 'Exit code 2 comes from these parse errors and is the same as the baseline run.'),
 'cantata': (0, 20, '10 (errors: [])', ''),
}
RULES = ['n-plus-one', 'loop-invariant-query', 'repeated-query', 'write-loop-without-transaction', 'dynamic-sql', 'unchecked-db-result']
def loc(p, f): return (f[4:] if f.startswith('src/') else f)

def verdict_rows(p):
    b, new, nmed, gone, added, sevch, dup = compare(p)
    bmap = {key(f): r for f, r in b}
    rows = []
    for f in nmed:
        k = key(f)
        if k in bmap: rows.append((f, bmap[k]['verdict'], 'baseline'))
        else: rows.append((f, V[(p, f['file'], f['line'])][0], 'new'))
    return b, new, nmed, gone, added, sevch, rows

def rule_table(counter_total, counter_real, base_total=None, base_real=None):
    out = ['| rule | findings | real | false | precision |' + (' baseline findings / real |' if base_total is not None else ''),
           '|---|---|---|---|---|' + ('---|' if base_total is not None else '')]
    T = R_ = 0; BT = BR = 0
    rules = [r for r in RULES if counter_total.get(r) or (base_total and base_total.get(r))] + \
            [r for r in counter_total if r not in RULES]
    for r in rules:
        n = counter_total.get(r, 0); re = counter_real.get(r, 0)
        prec = f'{re / n:.0%}' if n else '-'
        line = f'| {r} | {n} | {re} | {n - re} | {prec} |'
        if base_total is not None:
            line += f' {base_total.get(r, 0)} / {base_real.get(r, 0)} |'
            BT += base_total.get(r, 0); BR += base_real.get(r, 0)
        out.append(line); T += n; R_ += re
    last = f'| **all** | {T} | {R_} | {T - R_} | {R_ / T:.0%} |'
    if base_total is not None: last += f' {BT} / {BR} |'
    out.append(last)
    return '\n'.join(out)

out = []
out.append('# Field corpus ledger S2: riskgate-s2 against the triaged baseline')
out.append('')
out.append('New binary: `/tmp/riskgate-s2/riskgate` (reports itself as riskgate 0.1.0, like the baseline). Each project was scanned on its own, one after the other, '
           'with `/tmp/field/<project>/run.sh /tmp/riskgate-s2/riskgate /tmp/field/<project>/riskgate-s2.json` (all runs use `-j 1 --no-cache`). '
           'The baseline `riskgate.json` files were not touched.')
out.append('')
out.append('Method:')
out.append('- Findings at medium, high or critical are matched with the baseline by (rule, file, line). Baseline verdicts come from ledger-A.md (pdns, mumble, domoticz) and ledger-B.md (the others). Every ledger row was checked against its baseline finding (rule, severity, file, line) before use.')
out.append('- Paths: the four `--quiet` run.sh scripts (icinga2, sqlitebrowser, cutelyst, cantata) do not `cd` into the project, and riskgate writes paths relative to the current directory, so their riskgate-s2.json holds absolute paths (`/tmp/field/<project>/src/...`) while the baselines hold `src/...`. This comes from the run.sh scripts, not from the new binary: a rerun of cantata from inside `/tmp/field/cantata` (written to a scratch file, /tmp/s2runs/cantata-cwd.json) gives `src/...` paths and the same 37 findings. The prefix is stripped before matching.')
out.append('- REAL / FALSE use the ledger rules: REAL means a reviewer would want it flagged in production code (a query per iteration over data-sized input on a recurring path, or a failure that matters and goes unseen). FALSE verdicts name a class.')
out.append('- Low findings were compared as well: none appeared, disappeared or changed in any project. No message of an unchanged finding changed.')
out.append('')
out.append('## Summary of the runs')
out.append('')
out.append('| project | riskgate exit | time | units | medium+ baseline | medium+ s2 | disappeared | new | severity changed |')
out.append('|---|---|---|---|---|---|---|---|---|')
G_tot = Counter(); G_real = Counter(); GB_tot = Counter(); GB_real = Counter()
sections = []
regress = []
newreal_all = []
for p in ORDER:
    b, new, nmed, gone, added, sevch, rows = verdict_rows(p)
    ec, secs, units, note = RUN[p]
    out.append(f'| {p} | {ec} | {secs} s | {units.split(" ")[0]} | {len(b)} | {len(nmed)} | {len(gone)} | {len(added)} | {len(sevch)} |')
    s = []
    s.append(f'## {p}: {TITLE[p]}')
    s.append('')
    if p in ('pdns', 'mumble', 'domoticz'):
        s.append(f'- riskgate exit code: {ec} (run.sh ends with the riskgate command, so this is also the exit code of run.sh). Time: {secs} s.')
    else:
        s.append(f'- riskgate exit code: {ec}, as printed by run.sh (`exit={ec}`); run.sh itself returns 0. Time: {secs} s.')
    s.append(f'- Units: {units}.')
    if note: s.append(f'- {note}')
    allc = Counter(f['severity'] for f in new['findings'])
    s.append(f'- Findings: {len(new["findings"])} in total; {len(nmed)} at medium or above ('
             + ', '.join(f'{allc[x]} {x}' for x in ('critical', 'high', 'medium') if allc[x]) + f'); baseline {len(b)} at medium or above.')
    s.append('')
    s.append('Disappeared findings (medium+ in the baseline, not reported now): ' + ('none.' if not gone else ''))
    for f, r, now in gone:
        tag = ' **REGRESSION: this was a REAL finding**' if r['verdict'] == 'REAL' else ''
        s.append(f'- {f["rule"]} {f["severity"]} {loc(p, f["file"])}:{f["line"]}: baseline {r["verdict"]}{tag}')
        if r['verdict'] == 'REAL': regress.append((p, f, r))
    s.append('')
    s.append('Severity changes: ' + ('none.' if not sevch else ''))
    for a, bb, r in sevch:
        s.append(f'- {a["rule"]} {loc(p, a["file"])}:{a["line"]}: {a["severity"]} -> {bb["severity"]} (baseline {r["verdict"]})')
    s.append('')
    if added:
        s.append(f'New findings ({len(added)}) and their triage:')
        s.append('')
        s.append('| rule | severity | file:line | verdict | reason |')
        s.append('|---|---|---|---|---|')
        for f in sorted(added, key=lambda f: (f['file'], f['line'], f['rule'])):
            vv, cls, reason = V[(p, f['file'], f['line'])]
            c = f' [class: {cls}]' if cls else ''
            s.append(f'| {f["rule"]} | {f["severity"]} | {loc(p, f["file"])}:{f["line"]} | {vv} | {reason}{c} |')
            if vv == 'REAL': newreal_all.append((p, f, reason))
        s.append('')
        cc = Counter(V[(p, f['file'], f['line'])][1] for f in added if V[(p, f['file'], f['line'])][0] == 'FALSE')
        if cc:
            s.append('False-alarm classes among the new findings: ' + ', '.join(f'{k} {n}' for k, n in cc.most_common()) + '.')
            s.append('')
    else:
        s.append('New findings: none.')
        s.append('')
    tot = Counter(); real = Counter(); bt = Counter(); br = Counter()
    for f, vv, src in rows:
        tot[f['rule']] += 1; real[f['rule']] += (vv == 'REAL')
    for f, r in b:
        bt[f['rule']] += 1; br[f['rule']] += (r['verdict'] == 'REAL')
    G_tot += tot; G_real += real; GB_tot += bt; GB_real += br
    s.append('Per-rule counts for the s2 run (medium and above; baseline verdicts for unchanged findings, the triage above for new ones):')
    s.append('')
    s.append(rule_table(tot, real, bt, br))
    s.append('')
    sections.append((p, s))

out.append('')
out.append('All seven runs finished without crashes. Only cutelyst has a non-zero riskgate exit code (2), caused by the same 7 parse errors in the 2017 tutorial code as in the baseline. No run printed any other error or warning. stderr holds only the `--stats` block (pdns, mumble, domoticz), or for cutelyst the clang "2 errors generated." / "5 errors generated." lines and the list of those parse errors. For the other three it is empty.')
out.append('')
for p, s in sections:
    out.extend(s)
    if p == 'domoticz':
        out.extend(open('/tmp/s2work/domo_notes.md').read().rstrip('\n').split('\n'))
        out.append('')

out.append('## Overall (all seven projects, medium and above)')
out.append('')
out.append(rule_table(G_tot, G_real, GB_tot, GB_real))
out.append('')
out.append('## Regressions (REAL baseline findings no longer reported)')
out.append('')
if regress:
    for p, f, r in regress:
        out.append(f'- **{p} {f["rule"]} {loc(p, f["file"])}:{f["line"]}**: {r["reason"]}')
else:
    out.append('**None.** Every medium+ finding of the seven baselines (355 findings, 38 of them REAL) is still reported with the same rule, file, line and severity.')
out.append('')
out.append('## New REAL findings')
out.append('')
for p, f, reason in newreal_all:
    out.append(f'- {p} {f["rule"]} {f["severity"]} {loc(p, f["file"])}:{f["line"]}')
out.append('')
out.extend(open('/tmp/s2work/tail_notes.md').read().rstrip('\n').split('\n'))
open('/tmp/field/ledger-s2.md', 'w').write('\n'.join(out) + '\n')
print('ok', sum(G_tot.values()), sum(G_real.values()), sum(GB_tot.values()), sum(GB_real.values()))
