#!/usr/bin/env python3
"""Hand-written stand-in for Icinga's mkclass: emits declaration-only *-ti.hpp
headers (no implementations) so the IDO sources parse. Usage: ti2hpp.py in.ti out.hpp"""
import re, sys

def tokenize(s):
    toks = []; i = 0; n = len(s)
    ident = re.compile(r'[a-zA-Z_][:a-zA-Z0-9\-_]*')
    num = re.compile(r'-?[0-9]+(\.[0-9]+)?')
    while i < n:
        c = s[i]
        if s.startswith('{{{', i):
            j = s.index('}}}', i + 3); toks.append(('STR', s[i+3:j])); i = j + 3; continue
        if s.startswith('/*', i):
            i = s.index('*/', i) + 2; continue
        if s.startswith('//', i):
            j = s.find('\n', i); i = n if j < 0 else j; continue
        if c in ' \t\r\n': i += 1; continue
        if s.startswith('#include', i): toks.append(('INCLUDE', None)); i += 8; continue
        if s.startswith('#impl_include', i): toks.append(('IMPL_INCLUDE', None)); i += 13; continue
        if c == '"':
            j = s.index('"', i + 1); toks.append(('STR', s[i+1:j])); i = j + 1; continue
        if c == '<':
            m = re.compile(r'<[^ >]*>').match(s, i)
            if m and len(m.group(0)) > 2 and toks and toks[-1][0] in ('INCLUDE', 'IMPL_INCLUDE'):
                toks.append(('ANGLE', m.group(0)[1:-1])); i = m.end(); continue
        m = ident.match(s, i)
        if m: toks.append(('ID', m.group(0))); i = m.end(); continue
        m = num.match(s, i)
        if m: toks.append(('NUM', m.group(0))); i = m.end(); continue
        toks.append(('CH', c)); i += 1
    return toks

FA = dict(config=2, state=4, enum=8, get_protected=16, set_protected=32, protected=48,
          no_storage=64, no_user_modify=1024, no_user_view=2048, deprecated=4096,
          get_virtual=8192, set_virtual=16384, virtual=8192|16384, signal_with_old_value=65536,
          required=256, navigation=512)

def friendly(name):
    return ''.join(p[:1].upper() + p[1:] for p in name.split('_') if p)

class P:
    def __init__(s, toks): s.t = toks; s.i = 0
    def peek(s, k=0): return s.t[s.i+k] if s.i+k < len(s.t) else ('EOF', None)
    def next(s): tok = s.peek(); s.i += 1; return tok
    def expect(s, v):
        tok = s.next()
        if tok[1] != v: raise SyntaxError('expected %r got %r at %d' % (v, tok, s.i))
        return tok

def parse_type(p):
    tok = p.next()
    if tok[1] == 'name':
        p.expect('('); t = p.next()[1]; p.expect(')'); return dict(IsName=True, TypeName=t, Rank=0)
    if tok[1] == 'array':
        p.expect('('); ft = parse_type(p); p.expect(')'); ft['Rank'] += 1; return ft
    return dict(IsName=False, TypeName=tok[1], Rank=0)

def real_type(ft):
    if ft['Rank'] > 0: return 'Array::Ptr'
    if ft['IsName']: return 'String'
    return ft['TypeName']

def arg_type(ft):
    r = real_type(ft)
    return r if r in ('bool', 'double', 'int') else 'const %s&' % r

def parse_class(p, attrs):
    p.expect('class'); name = p.next()[1]; parent = tbase = None
    if p.peek()[1] == ':': p.next(); parent = p.next()[1]
    if p.peek()[1] == '<': p.next(); tbase = p.next()[1]
    p.expect('{'); fields = []; loaddeps = []
    while p.peek()[1] != '}':
        if p.peek()[1] == 'load_after': p.next(); loaddeps.append(p.next()[1]); p.expect(';'); continue
        if p.peek()[1] == 'activation_priority': p.next(); p.next(); p.expect(';'); continue
        f = dict(attrs=0, get=None, pureget=False, set=None, pureset=False, track=None, nav=None, purenav=False)
        if p.peek()[1] == '[':
            p.next()
            while p.peek()[1] != ']':
                a = p.next()[1]
                if a == ',': continue
                f['attrs'] |= FA.get(a, 0)
                if a == 'navigation' and p.peek()[1] == '(':
                    p.next(); p.next(); p.expect(')')
            p.expect(']')
        f['type'] = parse_type(p)
        f['name'] = p.next()[1]; f['alt'] = None
        if p.peek()[1] == '(':
            p.next(); f['alt'] = p.next()[1]; p.expect(')')
        if p.peek()[1] == '{':
            p.next()
            while p.peek()[1] != '}':
                acc = p.next()[1]; body = p.next()
                pure = body[1] == ';'
                if acc == 'get': f['get'] = body[1]; f['pureget'] = pure
                elif acc == 'set': f['set'] = body[1]; f['pureset'] = pure
                elif acc == 'track': f['track'] = body[1]
                elif acc == 'navigate': f['nav'] = body[1]; f['purenav'] = pure
            p.expect('}')
        p.expect(';')
        f['fname'] = f['alt'] or friendly(f['name'])
        fields.append(f)
    p.expect('}'); p.expect(';')
    return dict(name=name, parent=parent, tbase=tbase, attrs=attrs, fields=fields, loaddeps=loaddeps)

def skip_block(p):
    depth = 0
    while True:
        tok = p.next()
        if tok[1] == '{': depth += 1
        elif tok[1] == '}':
            depth -= 1
            if depth == 0: break
    if p.peek()[1] == ';': p.next()

def emit_class(k, out):
    N = k['name']; w = out.append
    if ':' not in N: w('class %s;\n' % N)
    if 'abstract' in k['attrs']:
        w('template<>\nstruct TypeHelper<%s, %s>\n{\n\tstatic ObjectFactory GetFactory()\n\t{\n\t\treturn nullptr;\n\t}\n};\n'
          % (N, 'true' if 'vararg_constructor' in k['attrs'] else 'false'))
    base = 'TypeImpl<%s>' % k['parent'] if k['parent'] else 'Type'
    if k['tbase']: base += ', public ' + k['tbase']
    w('template<>\nclass TypeImpl<%s> : public %s\n{\npublic:\n\tDECLARE_PTR_TYPEDEFS(TypeImpl<%s>);\n\tTypeImpl();\n\t~TypeImpl() override;\n' % (N, base, N))
    w('\tString GetName() const override;\n\tint GetAttributes() const override;\n\tType::Ptr GetBaseType() const override;\n'
      '\tint GetFieldId(const String& name) const override;\n\tField GetFieldInfo(int id) const override;\n'
      '\tint GetFieldCount() const override;\n\tObjectFactory GetFactory() const override;\n')
    if k['loaddeps']: w('\tconst std::unordered_set<Type*>& GetLoadDependencies() const override;\n')
    w('\tint GetActivationPriority() const override;\npublic:\n\tvoid RegisterAttributeHandler(int fieldId, const Type::AttributeHandler& callback) override;\n};\n\n')
    w('template<>\nclass ObjectImpl<%s> : public %s\n{\npublic:\n\tDECLARE_PTR_TYPEDEFS(ObjectImpl<%s>);\n\n' % (N, k['parent'] or 'Object', N))
    w('\tvoid Validate(int types, const ValidationUtils& utils) override;\n')
    for f in k['fields']:
        w('\tvoid SimpleValidate%s(const Lazy<%s>& value, const ValidationUtils& utils);\n' % (f['fname'], real_type(f['type'])))
    w('public:\n\tObjectImpl<%s>();\npublic:\n\t~ObjectImpl<%s>() override;\n' % (N, N))
    F = k['fields']
    if F:
        w('public:\n\tvoid SetField(int id, const Value& value, bool suppress_events = false, const Value& cookie = Empty) override;\n'
          '\tValue GetField(int id) const override;\n'
          '\tvoid ValidateField(int id, const Lazy<Value>& lvalue, const ValidationUtils& utils) override;\n'
          '\tvoid NotifyField(int id, const Value& cookie = Empty) override;\n'
          '\tObject::Ptr NavigateField(int id) const override;\n')
        for f in F:
            w('%s:\n\t%s%s Get%s() const%s;\n' % ('protected' if f['attrs'] & 16 else 'public',
              'virtual ' if (f['attrs'] & 8192 or f['pureget']) else '', real_type(f['type']), f['fname'], ' = 0' if f['pureget'] else ''))
        for f in F:
            w('%s:\n\t%svoid Set%s(%s value, bool suppress_events = false, const Value& cookie = Empty)%s;\n' % (
              'protected' if f['attrs'] & 32 else 'public', 'virtual ' if (f['attrs'] & 16384 or f['pureset']) else '',
              f['fname'], arg_type(f['type']), ' = 0' if f['pureset'] else ''))
        w('protected:\n')
        tracking = False
        for f in F:
            if f['type']['IsName'] or f['track'] is not None:
                tracking = True
                w('\tvoid Track%s(%s oldValue, %s newValue);\n' % (f['fname'], arg_type(f['type']), arg_type(f['type'])))
        for f in F:
            if f['attrs'] & 512:
                w('public:\n\tObject::Ptr Navigate%s() const%s;\n' % (f['fname'], ' = 0' if f['purenav'] else ''))
        if tracking:
            w('protected:\n\tvoid Start(bool runtimeCreated = false) override;\n\tvoid Stop(bool runtimeRemoved = false) override;\n')
        for f in F:
            w('%s:\n\tvirtual void Notify%s(const Value& cookie = Empty);\n' % ('protected' if f['attrs'] & 32 else 'public', f['fname']))
        for f in F:
            w('private:\n\tinline %s GetDefault%s() const;\n' % (real_type(f['type']), f['fname']))
        for f in F:
            w('protected:\n\tvirtual void Validate%s(const Lazy<%s>& lvalue, const ValidationUtils& utils);\n' % (f['fname'], real_type(f['type'])))
        w('private:\n')
        for f in F:
            if not f['attrs'] & 64:
                w('\tAtomicOrLocked<%s> m_%s;\n' % (real_type(f['type']), f['fname']))
        w('public:\n')
        for f in F:
            w('\tstatic boost::signals2::signal<void (const intrusive_ptr<%s>&, const Value&)> On%sChanged;\n' % (N, f['fname']))
            if f['attrs'] & 65536:
                w('\tstatic boost::signals2::signal<void (const intrusive_ptr<%s>&, const Value&, const Value&)> On%sChangedWithOldValue;\n' % (N, f['fname']))
    if N == 'ConfigObject': w('\tfriend class ConfigItem;\n')
    if k['tbase']: w('\tfriend class %s;\n' % k['tbase'])
    w('};\n\n')

def main(src, dst):
    p = P(tokenize(open(src).read())); out = []
    guard = re.sub(r'[^A-Za-z0-9]', '_', dst.split('/')[-1]).upper()
    out.append('#ifndef %s\n#define %s\n\n#include "base/object.hpp"\n#include "base/type.hpp"\n#include "base/value.hpp"\n#include "base/array.hpp"\n#include "base/atomic.hpp"\n#include "base/dictionary.hpp"\n#include <boost/signals2.hpp>\n\n' % (guard, guard))
    def statements(until):
        while p.peek()[0] != 'EOF' and not (p.peek()[0] == 'CH' and p.peek()[1] == until):
            tok = p.peek()
            if tok[0] == 'INCLUDE':
                p.next(); v = p.next()
                out.append('#include %s\n\n' % ('"%s"' % v[1] if v[0] == 'STR' else '<%s>' % v[1]))
            elif tok[0] == 'IMPL_INCLUDE': p.next(); p.next()
            elif tok[1] == 'library': p.next(); p.next(); p.expect(';')
            elif tok[1] == 'namespace':
                p.next(); nm = p.next()[1]; p.expect('{'); out.append('namespace %s\n{\n\n' % nm)
                statements('}'); p.expect('}'); out.append('}\n')
            elif tok[1] == 'code':
                p.next(); out.append(p.next()[1] + '\n')
            elif tok[1] == 'validator':
                p.next(); p.next(); skip_block(p)
            else:
                attrs = []
                while p.peek()[1] in ('abstract', 'vararg_constructor'): attrs.append(p.next()[1])
                k = parse_class(p, attrs); emit_class(k, out)
    statements(None)
    out.append('#endif\n')
    open(dst, 'w').write(''.join(out))

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
