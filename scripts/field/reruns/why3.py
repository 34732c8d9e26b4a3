# Why each medium+ finding known from baseline/s2 is gone from the s3 run (or dropped below medium).
C1 = "change 1: the discarded prepare() is followed in the same function by an exec() whose result is used (returned, or checked and logged)"
C1R = "change 1: now LOW because the statement is counted as a read with known SQL"
C2 = "change 2: the call is on a path that leaves the loop (followed by {x}), so it no longer counts as once per iteration"
C3 = "change 3: dynamic-sql now follows the wrapper's string parameter to the callers and no longer reports the sink inside the wrapper"
C4 = "change 4: the second exec() follows a re-prepare of the same query object"
WHY = {}
def w(p, rule, f, lines, why):
    for l in (lines if isinstance(lines, (list, tuple)) else [lines]):
        WHY[(p, rule, f, l)] = why
U = 'unchecked-db-result'
w('cantata', U, 'src/db/librarydb.cpp', [474, 652], C1)
w('cantata', U, 'src/db/onlinedb.cpp', 63, C1R + " (wrongly for DROP INDEX, which is DDL, not a read)")
w('cantata', U, 'src/db/onlinedb.cpp', 111, C1R + " (a SELECT: correct)")
w('cantata', 'loop-invariant-query', 'src/gui/librarypage.cpp', 126, C2.format(x='break'))
w('cutelyst', 'loop-invariant-query', 'src/CMlyst/src/libCMS/sqlengine.cpp', 379, C2.format(x='break'))
w('cutelyst', 'n-plus-one', 'src/CMlyst/src/libCMS/sqlengine.cpp', 379, C2.format(x='break'))
w('domoticz', U, 'src/main/SQLHelper.cpp', [665, 666, 667, 1691, 1717, 8188], C1R + " (PRAGMA assignments and PRAGMA optimize counted as reads)")
w('domoticz', 'dynamic-sql', 'src/main/SQLHelper.cpp', [4491, 4558], C3 + " (CSQLHelper::query / queryBlob); the callers now get 90 LOW 'numbers formatted' findings")
w('domoticz', 'n-plus-one', 'src/main/EventSystem.cpp', 1551, C2.format(x='break'))
w('domoticz', 'n-plus-one', 'src/notifications/NotificationHelper.cpp', [1477, 1482], C2.format(x='return'))
for f, lines in (('src/lib/db_ido_mysql/idomysqlconnection.cpp', [1021, 1094, 1171]), ('src/lib/db_ido_pgsql/idopgsqlconnection.cpp', [849, 908, 977])):
    w('icinga2', 'loop-invariant-query', f, lines, C2.format(x='return, after the re-enqueue'))
    w('icinga2', 'n-plus-one', f, lines, C2.format(x='return, after the re-enqueue'))
w('mumble', U, 'src/src/mumble/Database.cpp', [163, 184], C1R + " (wrongly for ALTER TABLE ... ADD COLUMN, which is DDL)")
w('mumble', 'repeated-query', 'src/src/mumble/Database.cpp', [536, 563], C4)
w('pdns', 'dynamic-sql', 'src/modules/gmysqlbackend/smysql.cc', 580, C3 + "; the callers pass literals, so nothing new is reported")
w('pdns', 'dynamic-sql', 'src/modules/gpgsqlbackend/spgsql.cc', 395, C3 + "; the callers pass literals, so nothing new is reported")
w('pdns', 'dynamic-sql', 'src/pdns/ssqlite3.cc', [368, 377], C3 + "; the callers pass literals, so nothing new is reported")
w('sqlitebrowser', 'dynamic-sql', 'src/ExportDataDialog.cpp', [121, 218], C3 + "; now reported at the caller (ExportDataDialog.cpp:352)")
w('sqlitebrowser', 'dynamic-sql', 'src/sqlitetablemodel.cpp', 776, C3 + "; now reported at the four EditTableDialog callers")
w('sqlitebrowser', 'dynamic-sql', 'src/sqlitedb.cpp', [1093, 1270], C3 + " (executeSQL / querySingleValueFromDb); now reported at 36 call sites")
w('sqlitebrowser', 'n-plus-one', 'src/sqlitedb.cpp', [1235, 1245, 1723, 1748], C2.format(x='return'))
