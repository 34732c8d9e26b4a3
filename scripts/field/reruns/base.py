import json, re, sys
from collections import Counter
MED = ('medium','high','critical')
LEDGER = {'pdns':'A','mumble':'A','domoticz':'A','icinga2':'B','sqlitebrowser':'B','cutelyst':'B','cantata':'B'}
SECT = {'pdns':'## 1. PowerDNS','mumble':'## 2. Mumble','domoticz':'## 3. Domoticz','icinga2':'## Icinga 2','sqlitebrowser':'## DB Browser','cutelyst':'## Cutelyst Sql','cantata':'## Cantata'}
def ledger_rows(p):
    txt = open(f'/tmp/field/ledger-{LEDGER[p]}.md').read()
    i = txt.index(SECT[p]); j = txt.find('\n## ', i+5)
    sec = txt[i: j if j>0 else len(txt)]
    rows = []
    for line in sec.splitlines():
        m = re.match(r'\| (\d+) \| ([\w-]+) \| (\w+) \| (\S+):(\d+) \| (REAL|FALSE) \| (.*) \|$', line)
        if m: rows.append(dict(n=int(m[1]), rule=m[2], sev=m[3], file=m[4], line=int(m[5]), verdict=m[6], reason=m[7]))
    return rows
def load(p, name='riskgate.json'):
    return json.load(open(f'/tmp/field/{p}/{name}'))
def baseline(p):
    d = load(p)
    allf = d['findings']
    rows = ledger_rows(p)
    out = []
    if LEDGER[p]=='A':
        med = [f for f in allf if f['severity'] in MED]
        idx = {r['n']: r for r in rows}
        for k,f in enumerate(med,1):
            out.append((f, idx[k]))
    else:
        idx = {r['n']: r for r in rows}
        for k,f in enumerate(allf,1):
            if f['severity'] in MED: out.append((f, idx[k]))
    for f,r in out:
        assert f['rule']==r['rule'] and f['severity']==r['sev'] and f['file'].endswith(r['file']) and f['line']==r['line'], (p,f['rule'],f['file'],f['line'],r)
    return out
if __name__=='__main__':
    for p in LEDGER:
        b = baseline(p)
        keys = Counter((f['rule'],f['file'],f['line']) for f,_ in b)
        print(p, len(b), Counter(r['verdict'] for _,r in b), 'dupkeys', [k for k,v in keys.items() if v>1])
