// riskgate-test-rules: write-loop-without-transaction, n-plus-one
// Transactions recognised by what the code does: a helper that begins, a class whose
// constructor begins and whose Commit() ends, a helper two calls deep; none of them named
// in any configuration. Writes inside them on sqlite are the bulk pattern: no finding.
#include <sqlite3.h>

#include <string>
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
    insertOne(db, id); // expect: write-loop-without-transaction low {{call to 'insertOne' writes rows (INSERT)}}
  // expect-note@-1: {{calls insertOne}}
  // expect@-2: n-plus-one low {{call to 'insertOne' runs a query (sqlite3_exec, in-process database call)}}
}

// Begun and committed by helpers on every iteration: one commit per row.
void perIteration_bad(sqlite3 *db, const std::vector<int> &ids) {
  for (int id : ids) { // expect-note: {{loop here}}
    beginWork(db); // expect: write-loop-without-transaction high {{a transaction is opened and committed on every iteration}}
    insertOne(db, id); // expect: n-plus-one low {{call to 'insertOne'}}
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
// pattern; the same helper sending a SELECT opens nothing, and a write handed to it in a loop
// with no transaction is read from the text the loop's call passes.
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
    run("INSERT INTO seen(id) VALUES (2)"); // expect: n-plus-one low {{call to 'run' runs a statement execution}}
    // expect-note@-1: {{calls run}}
    // expect@-2: write-loop-without-transaction low {{call to 'run' writes rows (INSERT) one per iteration of a loop with no transaction around it}}
  }
}

// Text built from a literal and a name (`"SAVEPOINT " + name`) is known by its first word,
// through wrappers of any depth: a helper that sends it opens (or releases) a savepoint, and
// a loop that only releases savepoints is transaction control, not an N+1.
static bool runText(const std::string &sql) { return run(sql.c_str()); } // expect-note: {{calls run}}
static void savepoint(const std::string &name) { runText("SAVEPOINT \"" + name + "\""); }
static void release(const std::string &name) { runText("RELEASE \"" + name + "\""); }
std::string quoteName(const std::string &name);
// A name escaped by a function made for it is safe to splice; the text still starts SAVEPOINT.
static void savepointQuoted(const std::string &name) { runText("SAVEPOINT " + quoteName(name)); }

void savepointPerStep(const std::vector<std::string> &steps) {
  for (const std::string &step : steps) // transaction control per step: not an N+1
    savepointQuoted(step);
}

void releaseAll(std::vector<std::string> &points) {
  while (!points.empty()) {
    release(points.back());
    points.pop_back();
  }
}

void saveInSavepoint_ok(const std::vector<int> &ids, const std::string &name) {
  savepoint(name);
  for (int id : ids)
    runText("INSERT INTO seen(id) VALUES (" + std::to_string(id) + ")");
  release(name);
}

// Released before the loop: each DELETE is its own commit, read from the text's first word.
void deleteEach_bad(const std::vector<int> &ids, const std::string &name) {
  savepoint(name);
  release(name);
  for (int id : ids) // expect-note: {{loop here}}
    runText("DELETE FROM seen WHERE id = " + std::to_string(id)); // expect: write-loop-without-transaction low {{call to 'runText' writes rows (DELETE)}}
  // expect-note@-1: {{calls runText}}
  // expect@-2: n-plus-one low {{call to 'runText' runs a statement execution}}
}
