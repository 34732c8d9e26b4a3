import json, sys
sys.path.insert(0,'/tmp/s2work')
from base import *
def norm(p, path):
    pre = f'/tmp/field/{p}/'
    return path[len(pre):] if path.startswith(pre) else path
def normalize(p, d):
    for f in d['findings']:
        f['file'] = norm(p, f['file'])
        for t in f.get('trace', []): t['file'] = norm(p, t['file'])
    return d
def key(f): return (f['rule'], f['file'], f['line'])
def compare(p):
    b = baseline(p)
    bmap = {key(f):(f,r) for f,r in b}
    new = normalize(p, load(p,'riskgate-s2.json'))
    nmed = [f for f in new['findings'] if f['severity'] in MED]
    nall = {}
    for f in new['findings']: nall.setdefault(key(f), f)
    nk = Counter(key(f) for f in nmed)
    dup = [k for k,v in nk.items() if v>1]
    nmap = {key(f):f for f in nmed}
    gone = [(f,r, nall.get(key(f))) for k,(f,r) in bmap.items() if k not in nmap]
    added = [f for k,f in nmap.items() if k not in bmap]
    sevch = [(bmap[k][0], f, bmap[k][1]) for k,f in nmap.items() if k in bmap and bmap[k][0]['severity']!=f['severity']]
    return b, new, nmed, gone, added, sevch, dup
if __name__=='__main__':
    for p in sys.argv[1:]:
        b,new,nmed,gone,added,sevch,dup = compare(p)
        print('=====',p,'errors',len(new['errors']),'base med+',len(b),'new med+',len(nmed),'new total',len(new['findings']),'dup',dup)
        print(Counter((f['rule'],f['severity']) for f in new['findings']))
        for f,r,low in gone: print('  GONE',r['verdict'],f['rule'],f['severity'],f"{f['file']}:{f['line']}", '(now '+low['severity']+')' if low else '', '|', r['reason'][:90])
        for f in added: print('  NEW',f['rule'],f['severity'],f"{f['file']}:{f['line']}",f.get('function'),'|',f['message'][:200])
        for a,bb,r in sevch: print('  SEV',a['rule'],a['severity'],'->',bb['severity'],f"{a['file']}:{a['line']}",r['verdict'])
