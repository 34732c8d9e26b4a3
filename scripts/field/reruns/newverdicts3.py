# Verdicts for medium+ findings that are new in riskgate-s3.json (not in baseline or s2).
# Keyed by (project, rule, file, line) -> (verdict, class, reason). Classes reuse ledger-B letters for sqlitebrowser.
R, F = 'REAL', 'FALSE'
V = {}
def v(p, rule, f, lines, verdict, cls, reason):
    for l in (lines if isinstance(lines, (list, tuple)) else [lines]):
        V[(p, rule, f, l)] = (verdict, cls, reason)
S, D = 'sqlitebrowser', 'dynamic-sql'
v(S, D, 'src/AddRecordDialog.cpp', 279, F, 'F',
  "runs the INSERT the dialog itself wrote into its preview box: column names go through escapeIdentifier, text values through escapeString, and numbers are only left bare when they parse as numbers")
v(S, D, 'src/EditIndexDialog.cpp', [84, 285], F, 'F',
  "the dialog's restore-point name (made inside the program) goes into SAVEPOINT / ROLLBACK TO, and setSavepoint/revertToSavepoint quote it with escapeIdentifier")
v(S, D, 'src/EditTableDialog.cpp', [138, 453], F, 'F',
  "the dialog's restore-point name (made inside the program) goes into SAVEPOINT / ROLLBACK TO, and setSavepoint/revertToSavepoint quote it with escapeIdentifier")
v(S, D, 'src/EditIndexDialog.cpp', 268, F, 'F',
  "DROP INDEX for the index being edited; its name is written out by ObjectIdentifier::toString, which quotes it")
v(S, D, 'src/EditIndexDialog.cpp', 276, F, 'I',
  "CREATE INDEX built from the user's own index design: names are quoted, and the optional partial-index WHERE clause is SQL the user typed; running it is what the tool is for")
v(S, D, 'src/EditTableDialog.cpp', 428, F, 'I',
  "CREATE TABLE built from the user's own table design: names are quoted, and type, default and check text are what the user typed; running it is what the tool is for")
v(S, D, 'src/EditTableDialog.cpp', 440, F, 'I',
  "alterTable ends in ALTER TABLE ... ADD COLUMN with the table and column names quoted; the column definition comes from the user's own design")
v(S, D, 'src/EditTableDialog.cpp', [664, 695, 743, 753], F, 'F',
  "check queries (SELECT COUNT ...) run before a NOT NULL / AUTOINCREMENT / UNIQUE flag is set; the table name goes through ObjectIdentifier::toString and the column names through escapeIdentifier")
v(S, D, 'src/ExportDataDialog.cpp', 352, F, 'I',
  "exports the results of the query the user ran in the Execute SQL tab (baseline #1/#2 reported the same data flow at the sink)")
v(S, D, 'src/ImportCsvDialog.cpp', [209, 233], F, 'F',
  "passes a CSV file name and target table name to importCsv; in SQL they appear only as quoted identifiers (createTable -> Table::sql), and the row values are bound with sqlite3_bind_*")
v(S, D, 'src/ImportCsvDialog.cpp', 564, F, 'F',
  "the restore-point name comes from generateSavepointName(\"csvimport\"); setSavepoint quotes it")
v(S, D, 'src/ImportCsvDialog.cpp', [566, 579, 642, 737], F, 'F',
  "error path: rolls back to the import's generated restore point; revertToSavepoint quotes the name")
v(S, D, 'src/MainWindow.cpp', 1066, F, 'I',
  "evaluates the expression the user typed into the cell editor (\"SELECT \" + the typed text): SQL the user wrote, run on purpose")
v(S, D, 'src/MainWindow.cpp', [1596, 1887, 1908], F, 'F',
  "open / drag-and-drop of a file -> fileOpen -> loadProject -> attach(); the file path goes through escapeString and the alias through escapeIdentifier (the source the finding names, a file filter or the drop event, is not what reaches the SQL)")
v(S, D, 'src/MainWindow.cpp', 2327, F, 'I',
  "CREATE VIEW <quoted name> AS <the query the user ran in the Execute SQL tab>: SQL the user wrote")
v(S, D, 'src/MainWindow.cpp', 3341, F, 'F',
  "ATTACH of a file the user picked; the path goes through escapeString and the alias through escapeIdentifier")
v(S, D, 'src/MainWindow.cpp', [3459, 3464], F, 'F',
  "DETACH of the schema selected in the tree; detach() quotes the name with escapeIdentifier")
v(S, D, 'src/TableBrowser.cpp', 875, F, 'F',
  "checks the view's pseudo primary key with a SELECT: the key goes through escapeIdentifier and the view name through ObjectIdentifier::toString")
v(S, D, 'src/sqlitedb.cpp', [633, 648], F, 'F',
  "RELEASE / ROLLBACK TO for the program's own list of restore points; every name is quoted with escapeIdentifier")
v(S, D, 'src/sqlitedb.cpp', 882, F, 'F',
  "SQL dump: SELECT COUNT(*) per table, with the table name written out by ObjectIdentifier::toString (quoted)")
v(S, D, 'src/sqlitedb.cpp', 1389, F, 'F',
  "max(): SELECT MAX(CAST(<escapeIdentifier(field)> ...)) FROM <quoted table>; the sqlite_sequence lookup uses escapeString")
v(S, D, 'src/sqlitetablemodel.cpp', [319, 385, 400, 418, 437], F, 'I',
  "conditional-format check: the cell value goes in bare only when it parses as a number, otherwise through escapeString; the condition is the filter the user typed (the per-cell cost is already REAL as baseline #45)")
v(S, D, 'src/sqlitetablemodel.cpp', 665, F, 'F',
  "insertRows -> addRecord -> emptyInsertStmt: identifiers are quoted, and the values are NULL, 0, '' or a number from max()+1")
v(S, D, 'src/sqlitetablemodel.cpp', 714, R, None,
  "BORDERLINE. removeRows -> deleteRecords: when there is a single key column, its name goes into DELETE ... WHERE <pk> IN (...) without escapeIdentifier (the multi-column branch and updateRecord do quote it). For a WITHOUT ROWID table, or a view's pseudo key, the name comes from the schema of the opened file. A name that needs quoting breaks row deletion, and a crafted name can append statements, because executeSQL uses sqlite3_exec, which runs several statements. This is a lucky hit: the rule fires the same way at the call sites that do quote")
