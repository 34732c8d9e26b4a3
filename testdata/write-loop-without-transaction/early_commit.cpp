// riskgate-test-rules: write-loop-without-transaction
// A COMMIT on a way out of the function (`if (gone) { commit; return; }`) does not end the
// transaction the rest of the function, and what it calls, runs in. A COMMIT that the code
// after it does follow ends it.
#include <sqlite3.h>

#include <string>
#include <vector>

static void insertItem(sqlite3 *db, const std::string &item) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO news(title) VALUES (?)", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, item.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) != SQLITE_DONE) // expect-note: {{which runs sqlite3_step here}}
    return;
  sqlite3_finalize(st);
}

static void insertAll(sqlite3 *db, const std::vector<std::string> &items) {
  for (const std::string &i : items) // expect-note: {{loop here}}
    insertItem(db, i); // expect: write-loop-without-transaction low {{call to 'insertItem' writes rows (INSERT) one per iteration of a loop with no transaction around it}}
  // expect-note@-1: {{calls insertItem}}
}

void parseFeed_ok(sqlite3 *db, bool known, const std::vector<std::string> &items) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return;
  if (!known) {
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    return;
  }
  for (const std::string &i : items)
    insertItem(db, i);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

void committedFirst_bad(sqlite3 *db, const std::vector<std::string> &items) {
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  insertAll(db, items);
}
