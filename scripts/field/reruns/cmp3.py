import json, sys
sys.path.insert(0,'/tmp/s2work')
from base import *
from cmp import key
def norm(p, path):
    for pre in (f'/tmp/field/{p}/', f'field/{p}/'):
        if path.startswith(pre): return path[len(pre):]
    return path
def normalize(p, d):
    for f in d['findings']:
        f['file'] = norm(p, f['file'])
        for t in f.get('trace', []): t['file'] = norm(p, t['file'])
    return d
from newverdicts import V as V2
ORDER = ['pdns','mumble','domoticz','icinga2','sqlitebrowser','cutelyst','cantata']
def known(p):
    """union of verdicts: baseline ledger + s2 new triage. key -> (verdict, class, reason, source, sev)"""
    K = {}
    for f, r in baseline(p):
        ff = norm(p, f['file'])
        K[(f['rule'], ff, f['line'])] = (r['verdict'], None, r['reason'], 'baseline', f['severity'])
    s2 = normalize(p, load(p, 'riskgate-s2.json'))
    for f in s2['findings']:
        if f['severity'] not in MED: continue
        k = key(f)
        if k in K: continue
        vv = V2[(p, f['file'], f['line'])]
        K[k] = (vv[0], vv[1], vv[2], 's2', f['severity'])
    return K
def compare3(p, name='riskgate-s3.json'):
    K = known(p)
    new = normalize(p, load(p, name))
    nmed = [f for f in new['findings'] if f['severity'] in MED]
    nall = {}
    for f in new['findings']: nall.setdefault(key(f), f)
    nk = Counter(key(f) for f in nmed)
    dup = [k for k,v in nk.items() if v>1]
    nmap = {key(f): f for f in nmed}
    # previous s2 medium+ set (for severity comparison, use s2 sev)
    s2 = normalize(p, load(p, 'riskgate-s2.json'))
    s2map = {key(f): f for f in s2['findings']}
    gone = [(k, K[k], nall.get(k)) for k in K if k not in nmap]
    added = [f for k, f in nmap.items() if k not in K]
    sevch = [(k, s2map[k]['severity'], f['severity'], K[k]) for k, f in nmap.items() if k in s2map and s2map[k]['severity'] != f['severity']]
    return K, new, nmed, gone, added, sevch, dup
if __name__ == '__main__':
    for p in sys.argv[1:]:
        K,new,nmed,gone,added,sevch,dup = compare3(p)
        print('=====',p,'errors',len(new['errors']),'known med+',len(K),'s3 med+',len(nmed),'s3 total',len(new['findings']),'dup',dup)
        print(Counter((f['rule'],f['severity']) for f in new['findings']))
        for k,v,low in gone: print('  GONE',v[0],v[3],k[0],v[4],f"{k[1]}:{k[2]}", '(now '+low['severity']+')' if low else '', '|', (v[1] or ''), v[2][:100])
        for f in added: print('  NEW',f['rule'],f['severity'],f"{f['file']}:{f['line']}",f.get('function'),'|',f['message'][:220])
        for k,a,b,v in sevch: print('  SEV',k[0],a,'->',b,f"{k[1]}:{k[2]}",v[0])
