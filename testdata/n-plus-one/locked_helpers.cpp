// A data-access helper that takes a lock before its query is still a query: locking a mutex
// (a guard object, or lock()/unlock() on a member) is not a buffer that flushes behind a
// condition. Field shape: a project's sqlite helper with a member mutex and the statement
// stepped only when prepare succeeded.
#include <sqlite3.h>

#include <mutex>
#include <string>
#include <vector>

class Store {
public:
  int run(const char *sql) {
    std::lock_guard<std::mutex> guard(lock_);
    sqlite3_stmt *st = nullptr;
    int rc = SQLITE_ERROR;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) == SQLITE_OK) {
      rc = sqlite3_step(st);
      sqlite3_finalize(st);
    }
    return rc;
  }
  int count(const char *sql) {
    lock_.lock();
    sqlite3_stmt *st = nullptr;
    int n = 0;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW)
        ++n;
      sqlite3_finalize(st);
    }
    lock_.unlock();
    return n;
  }

private:
  std::mutex lock_;
  sqlite3 *db_ = nullptr;
};

void touchAll(Store &store, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    (void)store.run("UPDATE items SET seen = 1 WHERE id = 1"); // expect: n-plus-one low {{call to 'Store::run' runs a statement execution (sqlite3_step}}
                                                        // expect-note@-1: {{calls Store::run}}
                                                        // expect-note@-27: {{which runs sqlite3_step here}}
                                                        // expect@-3: write-loop-without-transaction low {{call to 'Store::run' writes rows (UPDATE)}}
}

void countAll(Store &store, int tables) {
  for (int t = 0; t < tables; ++t) // expect-note: {{loop here}}
    store.count("SELECT count(*) FROM items"); // expect: n-plus-one low {{call to 'Store::count'}}
                                               // expect-note@-1: {{calls Store::count}}
                                               // expect-note@-25: {{which runs sqlite3_step here}}
}
