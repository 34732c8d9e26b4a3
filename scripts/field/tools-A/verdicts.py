# Triage verdicts for the field corpus (ledger A). Index = 1-based position of the finding
# among the medium/high/critical findings of <project>/riskgate.json, in file order.
# Each entry: (verdict, class-key or None, reason)

R = 'REAL'; F = 'FALSE'

PDNS = {}
def p(idx, v, c, r):
    for i in (idx if isinstance(idx, (list, tuple, range)) else [idx]):
        PDNS[i] = (v, c, r)
p([1, 4, 5, 7, 34], F, 'wrapper', "sink inside the project's own driver class; query text is the caller's (admin-configured template with placeholders), values are bound")
p(3, F, 'wrapper', "SMySQL::execute wrapper; its only callers pass the literals begin/commit/rollback")
p(8, F, 'wrapper', "SPgSQL::execute wrapper; its only callers pass the literals begin/commit/rollback")
p(35, F, 'wrapper', "SSQLite3::executeImpl wrapper; callers pass literals (begin immediate, PRAGMAs) plus one admin config value")
p(36, F, 'wrapper', "same wrapper, second attempt of the same text after SQLITE_BUSY")
p(6, F, 'internal-id', "DEALLOCATE of a statement name made from an internal counter (stmtN), no outside data")
p(2, F, 'retry', "connect retry loop: counter starts at 1, at most two attempts, exits on success")
p([10, 14, 20, 25, 29], F, 'guarded-reconnect', "reconnectIfNeeded only reconnects when the socket check fails (local, no round trip) and is a no-op inside a transaction; not a per-iteration round trip")
p([9, 13, 19, 24, 28], F, 'guarded-reconnect', "same guarded reconnect, reported as loop-invariant query; normal path makes no query")
p([11, 15, 17, 21, 26, 30], F, 'varying-arg-error-path', "bind() argument is the loop variable (changes each iteration) and the PQexec reached is the DEALLOCATE on bind's error/cleanup path")
p(31, F, 'varying-arg-error-path', "bindNull() is part of a bind chain whose other arguments (qname) change every iteration; the PQexec reached is the DEALLOCATE on the prepare-failure path")
p(12, R, None, "one DELETE round trip per stale ENT; set is zone-sized during rectify (inside the caller's txn, so perf only; batchable)")
p(16, R, None, "one INSERT round trip per new ENT; zone-sized on first rectify of a big zone (in txn; perf only, batchable)")
p(27, R, None, "feedEnts: one INSERT round trip per ENT of a transferred/loaded zone (zone-sized, in txn; batchable)")
p(32, R, None, "feedEnts3: same per-ENT INSERT loop for NSEC3 zones (zone-sized, in txn; batchable)")
p(18, F, 'small-collection', "loop over the values of one metadata kind (a handful, admin-set)")
p(22, F, 'small-collection', "loop over the NS names of one zone from a NOTIFY (a few), returns on the first match")
p(23, F, 'small-collection', "loop over the records of one RRset (few rows) inside the caller's transaction")
p(33, F, 'small-collection', "loop over the comments of one RRset (few rows) inside the caller's transaction")

MUMBLE = {}
def m(idx, v, c, r):
    for i in (idx if isinstance(idx, (list, tuple, range)) else [idx]):
        MUMBLE[i] = (v, c, r)
m([1, 3], F, 'schema-list', "loop over the program's own table list (about 15 tables) during a JSON import that already runs in one TransactionHolder")
m(4, F, 'schema-list', "export: one SELECT per table of the fixed schema (about 15), not per row")
m([5, 6, 7, 8], F, 'schema-list', "drop/exists checks per table/trigger of the fixed schema; admin teardown, inside TransactionHolder")
m([9, 10], F, 'schema-list', "clear each of the fixed schema's tables (one table-wide DELETE each), inside TransactionHolder")
m(12, F, 'schema-list', "CREATE TABLE per table of the fixed schema at setup")
m([28, 30], F, 'schema-list', "CREATE INDEX / CREATE TRIGGER per index/trigger of one table at creation")
m([2, 11], F, 'txn-helper', "the function opens a transaction through the project's TransactionHolder (ensureTransaction) before the loop; also one table-wide DELETE per table, not per row")
m(20, F, 'txn-helper', "migrateTables holds a TransactionHolder around the loop; each migrate() is one INSERT..SELECT per table")
m([109, 111, 113, 116], F, 'txn-helper', "updateChannelData opens a TransactionHolder ('Wrap all actions in a single transaction') before these loops")
m(120, F, 'txn-helper', "ACLTable::migrate runs only from Database::migrateTables, inside its TransactionHolder")
m([13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25], F, 'migration', "one-off schema migration step (rename/drop/recreate per table, index, trigger of the fixed schema), runs once per upgrade")
m([118, 119, 122], F, 'migration', "one-off data migration from a pre-v10/v11 schema, row by row, inside the migration transaction")
m([26, 27, 29, 31, 32, 33, 34], F, 'const-identifier', "DDL text built from the code-defined schema (table/index/trigger names are compile-time constants)")
m([123, 124, 125, 126], F, 'const-identifier', "only the table name constant NAME is formatted in; values are bound")
m([35, 36, 37], F, 'intentional-ignore', "best-effort ALTER TABLE on the upgrade path; a comment at the call says failure is expected and not noteworthy")
m([38, 40, 41] + list(range(44, 62)) + [63, 64] + list(range(67, 79)) + list(range(81, 93)), F, 'prepare-then-checked-exec',
  "prepare() result unused, but the next statement is execQueryAndLogFailure(query), which checks exec() and logs lastError(); a failed prepare makes that exec fail and get logged")
m(39, F, 'deferred-begin', "transaction() on QSQLITE issues a deferred BEGIN, which only fails when a transaction is already open")
m(62, F, 'deferred-begin', "deferred BEGIN on QSQLITE (see above); and the table is a disposable ping cache")
m(66, F, 'cache-data', "commit of the ping cache table (disposable cache data, rebuilt by pinging)")
m(43, R, None, "commit() result discarded after DELETE-all + re-insert of the favourites list; a busy/failed commit silently loses the user's edit")
m(80, R, None, "commit() result discarded when saving shortcuts; the function even checks transaction() to protect this data, but a failed commit goes unnoticed")
m([42, 65, 79], F, 'local-sqlite-txn', "per-row REPLACE/INSERT into the client's local SQLite file inside an explicit transaction; small user list (favourites/ping cache/shortcuts)")
m(93, F, 'small-collection', "one config lookup per virtual server at boot; the number of virtual servers is small and admin-set")
m([94, 95], F, 'small-collection', "one-shot admin command (wipe SSL settings): virtual servers x 4 constant keys")
m([96, 97], F, 'small-collection', "one-shot admin command (wipe logs): one table-wide DELETE per virtual server")
m([107, 108, 114, 115], F, 'small-collection', "loop over the groups / ACL entries of one channel (a few) while saving that channel, inside its transaction")
m([98, 99], R, None, "loading the channel tree at server start issues one SELECT per channel (recursively); channel count is user data (hundreds to thousands)")
m([100, 101, 102], R, None, "per channel at server start: one SELECT per channel property (3 per channel); textbook N+1 over all channels")
m(103, R, None, "per channel at server start: one query for its groups")
m(104, R, None, "per group of every channel: one query for its members (nested N+1)")
m(105, R, None, "per channel at server start: one query for its ACLs")
m(106, R, None, "per ACL of every channel: one group-name lookup query (nested N+1)")
m([110, 112], R, None, "one INSERT per group member when saving a channel; member lists are user data and are rewritten on every ACL edit (in txn; perf)")
m(117, R, None, "registered-user listing (RPC/admin API): one SELECT per registered user, each also reading the texture blob; a join/IN would do")
m(121, R, None, "setBans rewrites the whole ban list with one INSERT per ban on every ban change; list is data-sized (in txn; perf)")

DOMO = {}
def d(idx, v, c, r):
    for i in (idx if isinstance(idx, (list, tuple, range)) else [idx]):
        DOMO[i] = (v, c, r)
d(1, F, 'const-identifier', "journal mode comes from a fixed set set in code (WAL or DELETE)")
d([2, 3, 4, 5], F, 'best-effort-pragma', "connection PRAGMA at open (journal_mode, synchronous, foreign_keys, busy_timeout); cannot meaningfully fail here / harmless fallback")
d([10, 13], F, 'best-effort-pragma', "PRAGMA foreign_keys toggle around a table rebuild; does not fail outside a transaction")
d(21, F, 'best-effort-pragma', "PRAGMA optimize before a backup; purely advisory")
d([6, 8, 11, 22, 52], F, 'deferred-begin', "BEGIN (deferred) on the single shared connection; only fails when already inside a transaction, which then still covers the writes")
d(7, R, None, "END TRANSACTION after creating/upgrading the whole schema at startup; a failed commit is never noticed")
d(9, R, None, "END TRANSACTION closing a per-row UPDATE migration; failure unnoticed")
d(12, R, None, "END TRANSACTION after a DeviceStatus table rebuild (copy, drop old) with foreign keys off; failure unnoticed and the next PRAGMA then silently no-ops")
d(17, R, None, "safe_exec_no_return throws away every sqlite3_exec error (not even logged); used for the cascade DELETEs of devices and scenes")
d([51, 57], R, None, "COMMIT after deleting devices/scenes and all their history; errorMessage is passed but never read (and never freed)")
d([16, 19, 20], F, 'wrapper', "the project's query helper: text arrives from callers (literal printf formats with %q-escaped values, or code-built strings)")
d(15, F, 'const-identifier', "column/table names are string literals at every call site (schema-upgrade checks)")
d(18, F, 'const-identifier', "table/column are literals at both call sites, ID comes from the database; %q-escaped")
d(58, F, 'const-identifier', "column name comes from a local map with three literal keys (IconSmall/IconOn/IconOff)")
d(59, F, 'small-collection', "loop over that three-entry constant map (three icon columns per uploaded icon)")
d(list(range(23, 51)) + [53, 54, 55, 56], F, 'local-sqlite-txn',
  "in-process SQLite, inside the explicit BEGIN/COMMIT the function opens; per selected device/scene cascade DELETEs (one finding per statement of the same loop)")
d(14, F, 'migration', "one-off database-version upgrade moving a few floorplan image files into the DB")
d(60, F, 'time-gated', "the 500 ms worker loop calls the backup only inside an hour-change branch (hourly/daily backups)")
