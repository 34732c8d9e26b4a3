#!/usr/bin/env python3
"""Builds /tmp/field/ledger-B.md from the riskgate JSON outputs and tools-B/verdicts_b.py."""
import json, collections, sys
sys.path.insert(0, '/tmp/field/tools-B')
from verdicts_b import V, CLASSES

BIN = '/tmp/riskgate-baseline/riskgate'
META = {
 'icinga2': dict(title='Icinga 2 IDO (db_ido, db_ido_mysql, db_ido_pgsql + the mysql/pgsql shims)',
   repos=[('Icinga/icinga2', '81f7bce39040264a271f020a1e8f2d65a68a1d20')],
   stubs='stubs/config.h, stubs/icinga-version.h, stubs/lib/*/*_shim_export.h (hand-written); stubs/lib/**/*-ti.hpp produced by icinga2/tools/ti2hpp.py, a hand-written declaration-only stand-in for mkclass (no implementations); stubs/lib/**/*-ti.cpp are empty. The shims are included so that virtual calls through MysqlInterface/PgsqlInterface reach mysql_query/PQexec.',
   parse='none: all 22 units parse cleanly (riskgate `errors: []`; clang -fsyntax-only also clean).'),
 'sqlitebrowser': dict(title='DB Browser for SQLite (sqlitebrowser)',
   repos=[('sqlitebrowser/sqlitebrowser', '57a3e6e95f41f4feb62a589c63a836a4504e5c85')],
   stubs='Qt5. stubs/ui_*.h produced by sqlitebrowser/tools/ui2h.py (hand-written declaration-only stand-in for uic); stubs/Qsci/*.h minimal hand-written QScintilla API; stubs/version.h; empty stubs/*.moc.',
   parse='none: all 20 units parse cleanly (riskgate `errors: []`).'),
 'cutelyst': dict(title='Cutelyst Sql plugin + Cutelyst applications that use QSqlQuery (CMlyst, Virtlyst, cutelyst-tutorial)',
   repos=[('cutelyst/cutelyst', 'ab27dda4429cad536f6c38d70dfb47b71b8b973e'), ('cutelyst/CMlyst', '7a56cd9a9b9b89cf3313f67499e0e96f939b34d8'),
          ('cutelyst/Virtlyst', 'e7a81052b3f6c1867d027e9eb11e96a230042643'), ('cutelyst/cutelyst-tutorial', '2117659b42ec9cca0818f8f52cf1b1874e5efa1e'),
          ('cutelyst/cutelee (headers only)', '3d5a849eb2ea25da3f2c94a1ecbb6e1e8b21a377')],
   stubs='Qt 6.4 (Cutelyst HEAD asks for 6.5; it parses). Cutelyst itself holds only the Sql helper (no QSqlQuery app code), so the corpus adds three applications from the Cutelyst organisation. stubs/: CMake export headers, installed-layout forwarding headers (Cutelyst/Plugins/Utils/Sql, .../Pagination, .../StatusMessage), a GrantleeView alias for the 2017 tutorial, config.h, a minimal hand-written libvirt/libvirt.h (opaque handle types and the few flags Virtlyst names), cutelee/* forwarders to the fetched cutelee headers.',
   parse='7 errors, all in the 2017 cutelyst-tutorial (written for Cutelyst 1; analysed against Cutelyst 5 headers): authstoresql.cpp:10 (AuthenticationStore ctor), authstoresql.cpp:17 (ParamsMultiMap operator[]), books.cpp:99/100/101/127 (Request::param/params removed), books.cpp:164 (QStringView conversion). riskgate exit code 2; the rest of those units was analysed. The other 20 units are clean.'),
 'cantata': dict(title='Cantata (MPD client) SQLite library cache',
   repos=[('CDrummond/cantata', 'af04723c0ca7854df53562ed8226fd324d6a23cd')],
   stubs='Qt5. stubs/config.h (hand-substituted from config.h.cmake), empty stubs/moc_*.cpp, stubs/ui_itemview.h via cantata/tools/ui2h.py, minimal hand-written stubs/taglib/{tstring,id3v1genres}.h.',
   parse='none: all 10 units parse cleanly (riskgate `errors: []`).'),
}
MISSES = {
 'icinga2': [
  ('lib/db_ido_pgsql/idopgsqlconnection.cpp:854-856', 'InternalExecuteMultipleQueries runs one synchronous PQexec per DbQuery (the MySQL twin only appends to a batch). It carries the per-object multi-row config updates (custom variables, group members, contacts, dependencies), so a config dump costs a round trip per row. riskgate flagged the precheck loop at 848 but not this execution loop.'),
  ('lib/db_ido/dbevents.cpp:230-257', 'On every parent state change one UPDATE per child checkable (is_reachable) is emitted through the DbObject::OnQuery boost::signals2 signal; on PostgreSQL each is its own synchronous round trip. The signal dispatch is not followed, so nothing is reported.'),
  ('lib/db_ido_pgsql/idopgsqlconnection.cpp:1018-1031', 'Every config INSERT is followed by a second round trip (SELECT CURRVAL(pg_get_serial_sequence(...)) via GetSequenceValue) instead of INSERT ... RETURNING, which doubles the statements of the config dump. This is not a loop finding, but it multiplies every per-object path above.'),
 ],
 'sqlitebrowser': [
  ('src/TableBrowser.cpp:1688-1698', '"Replace all" walks every matching cell with no bound and calls setData for each; SqliteTableModel::setTypedData goes to DBBrowserDB::updateRecord, which does one sqlite3_prepare_v2/step/finalize UPDATE per cell. This is the same shape as findings riskgate did report at medium, but nothing was reported here.'),
  ('src/sqlitedb.cpp:578', 'setSavepoint discards the result of executeSQL("SAVEPOINT ...") and records the savepoint name anyway, so later RELEASE / ROLLBACK TO target a savepoint that does not exist. The bool result of a project wrapper is discarded; unchecked-db-result only covers library calls.'),
  ('src/sqlitedb.cpp:612-613', 'revertToSavepoint discards the results of ROLLBACK TO and RELEASE and returns true, so callers (the error paths of alterTable and executeMultiSQL) believe the changes were undone.'),
  ('src/VacuumDialog.cpp:49', 'The result of VACUUM is discarded; a failure (locked database, disk full) is not reported to the user. Minor.'),
 ],
 'cutelyst': [
  ('CMlyst src/adminsettings.cpp:336-355 and 359-391', 'The user and post import loops write one row per iteration with no transaction (each is its own SQLite commit). riskgate reports them only as n-plus-one; write-loop-without-transaction stays silent (possibly because a callee, setSettingsValue, opens a transaction elsewhere in the same function).'),
  ('CMlyst src/libCMS/sqlengine.cpp:285', '`static QSqlDatabase db = QSqlDatabase::database(Sql::databaseNameThread(...))` keeps the first calling thread\'s per-thread connection. With several worker threads, transaction()/commit() run on another thread\'s connection while the INSERTs (CPreparedSqlQueryThreadForDB) run on the current thread\'s connection: the writes are not covered by the transaction, and a QSqlDatabase is used across threads.'),
  ('Virtlyst src/root.cpp:98', 'Root::Auto runs for every authenticated request and calls updateConnections(), a SELECT over all servers_compute rows with no cache in front. This is an uncached hot path that riskgate would report only with hot entry points configured (RISKGATE_HOT / .riskgate.yaml).'),
  ('Virtlyst src/virtlyst.cpp:402-407', 'The six seed INSERTs of createDB discard createDbFlavor()\'s bool (the exec() result), so a failed seed silently leaves the flavor table empty. This is a project-wrapper result, so unchecked-db-result does not see it.'),
 ],
 'cantata': [
  ('db/librarydb.cpp:985-988', 'LibraryDb::songs(files) runs one SELECT ... WHERE file = ? per path for an unbounded list (drag-and-drop, playlist load, play-queue lookups through SqlLibraryModel::songs). One file IN (...) query would do. This is a textbook N+1, but it runs through the file-local SqlQuery helper class and is not reported.'),
  ('online/onlinedbservice.cpp:191-196', 'Informational: the parsers feed OnlineDb through string-based SIGNAL/SLOT connections (startUpdate, songs, coverUrl, endUpdate). riskgate cannot follow these, so any per-album cover INSERT loop in jamendoservice.cpp/magnatuneservice.cpp is invisible to it. It is covered by the update transaction, so it is not a real risk today.'),
 ],
}
ORDER = ['icinga2', 'sqlitebrowser', 'cutelyst', 'cantata']

def cmd(p):
    return '%s scan -p /tmp/field/%s --format json -o /tmp/field/%s/riskgate.json --no-cache -j 1 --fail-on none --quiet' % (BIN, p, p)

out = ['# Field corpus B: triage ledger', '',
       'riskgate binary: `%s` (riskgate 0.1.0, sha256 3abc074d7198cc9dfb44b3a79964db45a0e8610a8e3f688ec19dd887cf6651dc). Every scan was run with `-j 1 --no-cache`. Each project folder holds compile_commands.json, stubs/, riskgate.json, traces.txt (the findings with their traces, in JSON order) and run.sh (`run.sh BINARY [OUT_JSON]`).' % BIN, '',
       'Verdicts: REAL means a reviewer would want this flagged in production code. FALSE means it is not a risk, and the reason class (a letter) is explained in "Classes of false alarm" under each project. Finding numbers (#) are 1-based positions in that project\'s riskgate.json. Low-severity findings are left out (their numbers are skipped).', '']
grand = collections.Counter(); grand_real = collections.Counter(); grand_cls = collections.Counter()
summary = []
for p in ORDER:
    m = META[p]
    data = json.load(open('/tmp/field/%s/riskgate.json' % p))
    db = json.load(open('/tmp/field/%s/compile_commands.json' % p))
    F = data['findings']
    out += ['## %s' % m['title'], '']
    out += ['Repository and commit:', '']
    for r, c in m['repos']:
        out.append('- %s @ `%s`' % (r, c))
    out += ['', 'Files analysed (%d translation units):' % len(db), '']
    for d in db:
        out.append('- `%s`' % d['file'].replace('/tmp/field/%s/' % p, ''))
    out += ['', 'Command:', '', '```', cmd(p), '```', '',
            'Generated headers and stubs: ' + m['stubs'], '',
            'Parse errors: ' + m['parse'], '',
            'Findings: %d in total, %d at medium or above.' % (len(F), sum(1 for f in F if f['severity'] != 'low')), '',
            '| # | rule | severity | file:line | verdict | reason |', '|---|---|---|---|---|---|']
    per_rule = collections.OrderedDict(); cls = collections.Counter(); cls_rules = collections.defaultdict(set)
    for i, f in enumerate(F, 1):
        if f['severity'] == 'low':
            continue
        verdict, c, reason = V[p][i]
        fl = f['file'] if p == 'sqlitebrowser' else f['file'].replace('src/', '', 1)
        out.append('| %d | %s | %s | %s:%d | %s | %s%s |' % (i, f['rule'], f['severity'], fl, f['line'], verdict,
                   ('[%s] ' % c) if verdict == 'FALSE' else '', reason.replace('|', '\\|')))
        pr = per_rule.setdefault(f['rule'], [0, 0, 0])
        pr[0] += 1
        if verdict == 'REAL':
            pr[1] += 1
        else:
            pr[2] += 1; cls[c] += 1; cls_rules[c].add(f['rule'])
    out += ['', 'Per-rule counts (medium and above):', '', '| rule | total | real | false | precision |', '|---|---|---|---|---|']
    tt = [0, 0, 0]
    for r, (t, re_, fa) in per_rule.items():
        out.append('| %s | %d | %d | %d | %.0f%% |' % (r, t, re_, fa, 100.0 * re_ / t))
        tt[0] += t; tt[1] += re_; tt[2] += fa
        grand[r] += t; grand_real[r] += re_
    out.append('| **all** | %d | %d | %d | %.0f%% |' % (tt[0], tt[1], tt[2], 100.0 * tt[1] / tt[0]))
    out += ['', 'Classes of false alarm:', '', '| class | count | rules | code shape |', '|---|---|---|---|']
    for c, n in cls.most_common():
        out.append('| %s | %d | %s | %s |' % (c, n, ', '.join(sorted(cls_rules[c])), CLASSES[c]))
        grand_cls[c] += n
    out += ['', 'Misses (real risks in the analysed code that riskgate did not report):', '']
    for loc, why in MISSES[p]:
        out.append('- `%s`: %s' % (loc, why))
    out.append('')
    summary.append((p, len(db), tt, per_rule, cls))

out += ['## Totals over the four projects', '', '| rule | total | real | false | precision |', '|---|---|---|---|---|']
T = R = 0
for r in sorted(grand, key=lambda r: -grand[r]):
    out.append('| %s | %d | %d | %d | %.0f%% |' % (r, grand[r], grand_real[r], grand[r] - grand_real[r], 100.0 * grand_real[r] / grand[r]))
    T += grand[r]; R += grand_real[r]
out.append('| **all** | %d | %d | %d | %.0f%% |' % (T, R, T - R, 100.0 * R / T))
out += ['', '| false-alarm class | count | code shape |', '|---|---|---|']
for c, n in grand_cls.most_common():
    out.append('| %s | %d | %s |' % (c, n, CLASSES[c]))
out += ['', 'Observations for the analyzer:', '',
 '- The QtSql pack labels every QSqlQuery::exec as a "network round trip" even when the driver is QSQLITE (chosen at run time with addDatabase("QSQLITE")). Both Cantata and CMlyst use SQLite, so the wording and severity overstate the cost there.',
 '- dynamic-sql does not treat the project\'s own escaping helpers (Icinga `Escape()` around mysql_real_escape_string / PQescapeStringConn, sqlitebrowser `sqlb::escapeIdentifier` / `ObjectIdentifier::toString` / `escapeString`) as sanitisers, and does not see an integer inside a wrapper type (Icinga `DbReference`) as a number. These two shapes account for 18 of the 37 dynamic-sql false alarms. The rest are identifiers from constants (8), user-authored SQL in an admin tool (8) and flags on the execution wrapper itself (3).',
 '- n-plus-one and loop-invariant-query fire on calls that sit on the loop\'s exit path (re-enqueue and return, revert and return, save and break), and on closures handed to a work queue\'s Enqueue() as if they ran in the loop.',
 '- unchecked-db-result is useful on Qt SQL: the real hits are unchecked commit() and unchecked write exec() calls. Its false alarms are discarded begin/rollback results and reads whose failure already shows up through next(). Bool results of project wrappers are never checked, which causes several misses.',
 '', 'Reproduce: `/tmp/field/<project>/run.sh /path/to/riskgate [out.json]`; regenerate this file with `python3 /tmp/field/tools-B/ledger.py`.', '']
open('/tmp/field/ledger-B.md', 'w').write('\n'.join(out))
for p, n, tt, per_rule, cls in summary:
    print(p, 'units', n, 'medium+', tt[0], 'real', tt[1], {r: (v[1], v[2]) for r, v in per_rule.items()}, cls.most_common(4))
print('TOTAL', T, R, grand_cls.most_common(6))
