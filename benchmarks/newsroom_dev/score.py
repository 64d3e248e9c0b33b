"""Score vzmap on seven hand-written, hand-labelled Venezuela-region articles (a dev set).

The articles and gold.py were written by a reviewer before running vzmap; the errors this
script printed then were fixed, so the set is development data, not a held-out test.
Usage: python benchmarks/newsroom_dev/score.py
"""
import math
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.chdir(os.path.dirname(os.path.abspath(__file__)))
import gold  # noqa: E402

from vzmap.geoparse.pipeline import geoparse  # noqa: E402
def km(a,b,c,d):
    r=math.radians; return 6371*2*math.asin(math.sqrt(math.sin(r(c-a)/2)**2+math.cos(r(a))*math.cos(r(c))*math.sin(r(d-b)/2)**2))
out={}
for doc in gold.GOLD:
    text=open('articles/'+doc+'.txt', encoding='utf-8').read()
    out[doc]=[dict(start=m.start, end=m.end, text=m.text, role=m.role, name=m.entry.name,
                   kind=m.entry.kind, country=m.entry.country, lat=m.entry.lat, lon=m.entry.lon,
                   event_type=m.event_type) for m in geoparse(text)]
T=Counter(); fps=[]; fns=[]; reserr=[]; everr=[]; negs=[]
for doc, es in gold.GOLD.items():
    t=open('articles/'+doc+'.txt', encoding='utf-8').read()
    preds=[m for m in out[doc] if m['role']=='place']
    used=set()
    for e in es:
        i=t.index(e['ctx'])+e['ctx'].index(e['s']); j=i+len(e['s']); e['span']=(i,j)
        hits=[k for k,m in enumerate(preds) if m['start']<j and i<m['end']]
        if e.get('neg'):
            if hits: negs.append((doc,e['s'],[(preds[k]['text'],preds[k]['name'],preds[k]['country']) for k in hits]))
            continue
        for k in hits: used.add(k)
        if not e['opt']: T['gold']+=1
        if not hits:
            if not e['opt']: fns.append((doc,e['s'],e['ctx'],e['name'])); T['fn']+=1
            continue
        m=preds[hits[0]]
        if not e['opt']: T['tp']+=1
        else: T['opt_hit']+=1
        if e['lat'] is None: ok = m['country']==e['cc'] and m['kind'] in ('country',) or (m['country']==e['cc'] and e['cc']=='')
        else: ok = km(e['lat'],e['lon'],m['lat'],m['lon'])<=e['tol']
        if e['lat'] is None and e['cc']=='' : ok=True
        T['res_n']+=1; T['res_ok']+=ok
        if not ok: reserr.append((doc,e['s'],e['name'],f"-> {m['text']!r} {m['name']} [{m['kind']},{m['country']}] ({m['lat']},{m['lon']})" + ('' if e['lat'] is None else f" {km(e['lat'],e['lon'],m['lat'],m['lon']):.0f}km")))
        T['ev_n']+=1; T['ev_ok']+= m['event_type'] in e['ev']
        if m['event_type'] not in e['ev']: everr.append((doc,e['s'],e['ctx'],m['event_type'],sorted(e['ev'])))
    for k,m in enumerate(preds):
        if k not in used:
            fps.append((doc,m['text'],m['name'],m['kind'],m['country'],t[max(0,m['start']-40):m['end']+25].replace('\n',' ')))
T['fp']=len(fps)
P=T['tp']/(T['tp']+T['fp']); R=T['tp']/T['gold']
print(dict(T)); print(f"P={P:.3f} R={R:.3f} F1={2*P*R/(P+R):.3f} res_acc={T['res_ok']/T['res_n']:.3f} ev_acc={T['ev_ok']/T['ev_n']:.3f}")
print('\n== FN'); [print(x) for x in fns]
print('\n== FP'); [print(x) for x in fps]
print('\n== NEG pinned'); [print(x) for x in negs]
print('\n== RES errors'); [print(x) for x in reserr]
print('\n== EVENT errors'); [print(x) for x in everr]
# confusion
print('\n== per-article')
import collections
for doc, es in gold.GOLD.items():
    t=open('articles/'+doc+'.txt', encoding='utf-8').read(); preds=[m for m in out[doc] if m['role']=='place']
    g=[e for e in es if not e.get('neg') and not e['opt']]
    tp=sum(1 for e in g if any(m['start']<e['span'][1] and e['span'][0]<m['end'] for m in preds))
    print(doc, 'gold',len(g),'found',tp,'pred',len(preds))
# event acc non-optional, by primary gold type
by=collections.Counter(); ok=collections.Counter()
for doc, es in gold.GOLD.items():
    preds=[m for m in out[doc] if m['role']=='place']
    for e in es:
        if e.get('neg') or e['opt']: continue
        h=[m for m in preds if m['start']<e['span'][1] and e['span'][0]<m['end']]
        if not h: continue
        key='|'.join(sorted(e['ev'])) if len(e['ev'])==1 else 'multi'
        by[key]+=1; ok[key]+= h[0]['event_type'] in e['ev']
print({k:f"{ok[k]}/{by[k]}" for k in by}, 'total', sum(ok.values()),'/',sum(by.values()))
