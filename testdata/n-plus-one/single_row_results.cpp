// riskgate-test-rules: n-plus-one
// A loop over the rows of a query that returns at most one row (a top-level LIMIT 1, or a
// select list of aggregates with no GROUP BY) runs at most once: what it calls is no N+1.
// A LIMIT above one, a GROUP BY, a windowed aggregate, a two-argument max() (a scalar
// function: one value per row), a compound SELECT, or text not known whole keep the loop a
// loop. A single-row loop inside another loop leaves the outer one to repeat the call.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

class Store {
public:
  std::vector<std::string> rows(const char *text) {
    std::vector<std::string> out;
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, text, -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) // expect-note: {{which runs sqlite3_step here}}
        out.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
      sqlite3_finalize(st);
    }
    return out;
  }
  sqlite3 *db = nullptr;
};

// ---- at most one row: no finding ---------------------------------------------------------

void latestOrderItems_ok(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT id FROM orders ORDER BY created DESC LIMIT 1");
  for (int i = 0; i < PQntuples(res); ++i) {
    const char *params[1] = {PQgetvalue(res, i, 0)};
    PQclear(PQexecParams(conn, "SELECT * FROM items WHERE order_id = $1", 1, nullptr, params,
                         nullptr, nullptr, 0));
  }
  PQclear(res);
}

// MySQL's `LIMIT offset, count`: the count is the second number.
void secondNewestOrder_ok(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT id FROM orders ORDER BY created DESC LIMIT 1, 1;");
  for (int i = 0; i < PQntuples(res); ++i) {
    const char *params[1] = {PQgetvalue(res, i, 0)};
    PQclear(PQexecParams(conn, "DELETE FROM drafts WHERE order_id = $1", 1, nullptr, params,
                         nullptr, nullptr, 0));
  }
  PQclear(res);
}

void unreadBadge_ok(sqlite3 *db, sqlite3 *cache) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) AS n, max(published) latest FROM news WHERE read = 0",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    sqlite3_exec(cache, "UPDATE badge SET stale = 0", nullptr, nullptr, nullptr);
  sqlite3_finalize(st);
}

void oldestAccount_ok(Store &store) {
  std::vector<std::string> oldest = store.rows("SELECT min(id) FROM accounts");
  for (const std::string &id : oldest)
    store.rows(("SELECT name FROM accounts WHERE id = " + id).c_str());
}

void oldestAccountInline_ok(Store &store) {
  for (const std::string &id : store.rows("SELECT min(id) FROM accounts"))
    store.rows(("SELECT name FROM accounts WHERE id = " + id).c_str());
}

void exists_ok(Store &store) {
  std::vector<std::string> flags = store.rows("SELECT EXISTS (SELECT 1 FROM jobs WHERE late)");
  for (const std::string &flag : flags)
    store.rows(("SELECT " + flag).c_str());
}

// The single-row loop runs once per feed: the feed loop repeats the query.
void perFeedNewest_bad(Store &store, const std::vector<int> &feeds) {
  for (int feed : feeds) { // expect-note: {{loop here}}
    std::vector<std::string> newest = store.rows("SELECT id FROM news ORDER BY id DESC LIMIT 1"); // expect: n-plus-one low {{call to 'Store::rows'}}
    // expect-note@-1: {{calls Store::rows}}
    for (const std::string &id : newest)
      store.rows(("SELECT title FROM news WHERE id = " + id + std::to_string(feed)).c_str()); // expect: n-plus-one low {{call to 'Store::rows'}}
    // expect-note@-1: {{calls Store::rows}}
  }
}

// ---- more than one row: findings ---------------------------------------------------------

void latestTenOrders_bad(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT id FROM orders ORDER BY created DESC LIMIT 10");
  for (int i = 0; i < PQntuples(res); ++i) { // expect-note: {{loop here, over the rows of another query}}
    const char *params[1] = {PQgetvalue(res, i, 0)};
    PQclear(PQexecParams(conn, "SELECT * FROM items WHERE order_id = $1", 1, nullptr, params, // expect: n-plus-one critical
                         nullptr, nullptr, 0));
  }
  PQclear(res);
}

void countsPerFeed_bad(sqlite3 *db, sqlite3 *cache) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM news GROUP BY feed", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) // expect-note: {{loop here, over the rows of another query}}
    sqlite3_exec(cache, "UPDATE badge SET stale = 0", nullptr, nullptr, nullptr); // expect: n-plus-one high
  sqlite3_finalize(st);
}

void runningTotals_bad(sqlite3 *db, sqlite3 *cache) {
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT sum(amount) OVER (ORDER BY day) FROM payments", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) // expect-note: {{loop here, over the rows of another query}}
    sqlite3_exec(cache, "UPDATE totals SET stale = 0", nullptr, nullptr, nullptr); // expect: n-plus-one high
  sqlite3_finalize(st);
}

void largerOfTwo_bad(Store &store) {
  std::vector<std::string> larger = store.rows("SELECT max(sent, received) FROM mailboxes");
  for (const std::string &v : larger) // expect-note: {{loop here, over the rows of the query at line 118}}
    store.rows(("SELECT owner FROM mailboxes WHERE sent = " + v).c_str()); // expect: n-plus-one high {{call to 'Store::rows'}}
  // expect-note@-1: {{calls Store::rows}}
}

void twoOldest_bad(Store &store) {
  std::vector<std::string> ids = store.rows("SELECT min(id) FROM a UNION SELECT min(id) FROM b");
  for (const std::string &id : ids) // expect-note: {{loop here, over the rows of the query at line 125}}
    store.rows(("DELETE FROM c WHERE id = " + id).c_str()); // expect: n-plus-one high {{call to 'Store::rows'}}
  // expect-note@-1: {{calls Store::rows}}
}

void everyAccountInline_bad(Store &store) {
  for (const std::string &id : store.rows("SELECT id FROM accounts")) // expect-note: {{loop here, over the rows of the query at line 132}}
    store.rows(("SELECT name FROM accounts WHERE id = " + id).c_str()); // expect: n-plus-one high {{call to 'Store::rows'}}
  // expect-note@-1: {{calls Store::rows}}
}

// A placeholder may hold any clause (a GROUP BY among them).
void groupedByCaller_bad(Store &store, const char *clause) {
  char text[256];
  snprintf(text, sizeof text, "SELECT count(*) FROM posts %s", clause);
  std::vector<std::string> counts = store.rows(text);
  for (const std::string &n : counts) // expect-note: {{loop here}}
    store.rows(("UPDATE stats SET n = " + n).c_str()); // expect: n-plus-one high {{call to 'Store::rows'}}
  // expect-note@-1: {{calls Store::rows}}
}

// The text is not known whole: a GROUP BY may follow what riskgate sees.
void byAuthor_bad(Store &store, const std::string &where) {
  std::string text = "SELECT count(*) FROM posts WHERE " + where;
  std::vector<std::string> counts = store.rows(text.c_str());
  for (const std::string &n : counts) // expect-note: {{loop here}}
    store.rows(("UPDATE stats SET n = " + n).c_str()); // expect: n-plus-one high {{call to 'Store::rows'}}
  // expect-note@-1: {{calls Store::rows}}
}

// ---- behind common table expressions -------------------------------------------------------

// The statement's own select ends in LIMIT 1, whatever its CTE returns: no finding.
void busiestTeamLead_ok(Store &store) {
  std::vector<std::string> lead = store.rows(
      "WITH load AS (SELECT owner, count(*) AS n FROM tickets GROUP BY owner) "
      "SELECT owner FROM load ORDER BY n DESC LIMIT 1");
  for (const std::string &id : lead)
    store.rows(("SELECT name FROM staff WHERE id = " + id).c_str());
}

// A LIMIT 1 inside the CTE bounds the CTE only: the join may return many rows.
void teamOfNewest_bad(Store &store) {
  std::vector<std::string> team = store.rows(
      "WITH newest AS (SELECT team FROM staff ORDER BY hired DESC LIMIT 1) "
      "SELECT s.id FROM staff s JOIN newest ON s.team = newest.team");
  for (const std::string &id : team) // expect-note: {{loop here, over the rows of the query at line 169}}
    store.rows(("SELECT name FROM staff WHERE id = " + id).c_str()); // expect: n-plus-one high {{call to 'Store::rows'}}
  // expect-note@-1: {{calls Store::rows}}
}
