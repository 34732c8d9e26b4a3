// riskgate-test-rules: write-loop-without-transaction, n-plus-one
// Transactions recognised by what the code does: a helper that begins, a class whose
// constructor begins and whose Commit() ends, a helper two calls deep; none of them named
// in any configuration. Writes inside them on sqlite are the bulk pattern: no finding.
#include <sqlite3.h>

#include <vector>

static void beginWork(sqlite3 *db) { sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr); }
static void endWork(sqlite3 *db) { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
static void startBatch(sqlite3 *db) { beginWork(db); } // two levels down

class UnitOfWork {
public:
  explicit UnitOfWork(sqlite3 *db) : db_(db) { sqlite3_exec(db_, "SAVEPOINT uow", nullptr, nullptr, nullptr); }
  void Commit() { sqlite3_exec(db_, "RELEASE uow", nullptr, nullptr, nullptr); }

private:
  sqlite3 *db_;
};

static void insertOne(sqlite3 *db, int id) {
  (void)id;
  sqlite3_exec(db, "INSERT INTO seen(id) VALUES (1)", nullptr, nullptr, nullptr); // expect-note: {{which runs sqlite3_exec here}}
}

void viaHelpers_ok(sqlite3 *db, const std::vector<int> &ids) {
  beginWork(db);
  for (int id : ids)
    insertOne(db, id);
  endWork(db);
}

void viaNestedHelper_ok(sqlite3 *db, const std::vector<int> &ids) {
  startBatch(db);
  for (int id : ids)
    insertOne(db, id);
  endWork(db);
}

void viaUnitOfWork_ok(sqlite3 *db, const std::vector<int> &ids) {
  UnitOfWork work(db);
  for (int id : ids)
    insertOne(db, id);
  work.Commit();
}

// Ended before the loop: the loop's writes are each their own commit.
void endedBeforeTheLoop_bad(sqlite3 *db, const std::vector<int> &ids) {
  beginWork(db);
  endWork(db);
  for (int id : ids) // expect-note: {{loop here}}
    insertOne(db, id); // expect: write-loop-without-transaction high {{call to 'insertOne' writes rows (INSERT)}}
  // expect-note@-1: {{calls insertOne}}
  // expect@-2: n-plus-one medium {{call to 'insertOne' runs a query (sqlite3_exec, in-process database call)}}
}

// Begun and committed by helpers on every iteration: one commit per row.
void perIteration_bad(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    beginWork(db); // expect: write-loop-without-transaction high {{a transaction is opened and committed on every iteration}}
    insertOne(db, id); // expect: n-plus-one medium {{call to 'insertOne'}}
    // expect-note@-1: {{calls insertOne}}
    endWork(db);
  }
}

// Schema upgrade code runs once per database: low, with the reason.
void migrateRows(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    insertOne(db, id); // expect: write-loop-without-transaction low {{the loop runs only when the schema is upgraded}}
  // expect-note@-1: {{calls insertOne}}
  // expect@-2: n-plus-one low {{the loop runs only when the schema is upgraded}}
}

// BEGIN and COMMIT sent as SQL text through the project's query helper, which prepares and
// steps the text it is given: a transaction around the loop, so the writes are the bulk
// pattern; the same helper sending a SELECT opens nothing (n-plus-one reports that loop;
// write-loop-without-transaction does not yet read a write from text handed to a helper).
static sqlite3 *g_db = nullptr;
static bool run(const char *sql) {
  sqlite3_stmt *st = nullptr;
  if (sqlite3_prepare_v2(g_db, sql, -1, &st, nullptr) != SQLITE_OK)
    return false;
  while (sqlite3_step(st) == SQLITE_ROW) { // expect-note: {{which runs sqlite3_step here}}
  }
  return sqlite3_finalize(st) == SQLITE_OK;
}
void saveViaHelper(const std::vector<int> &ids) {
  run("BEGIN");
  for (int id : ids) {
    (void)id;
    run("INSERT INTO seen(id) VALUES (1)");
  }
  run("COMMIT");
}
void saveAfterRead(const std::vector<int> &ids) {
  run("SELECT 1");
  for (int id : ids) { // expect-note: {{loop here}}
    (void)id;
    run("INSERT INTO seen(id) VALUES (2)"); // expect: n-plus-one medium {{call to 'run' runs a statement execution}}
    // expect-note@-1: {{calls run}}
  }
}
