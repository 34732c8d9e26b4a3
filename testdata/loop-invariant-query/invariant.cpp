// riskgate-test-rules: loop-invariant-query
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

struct Settings {
  PGconn *conn;
  std::string region() const;
};

std::string Settings::region() const {
  PGresult *r = PQexec(conn, "SELECT value FROM settings WHERE key = 'region'"); // expect-note: {{which runs PQexec here}}
  std::string v = PQgetvalue(r, 0, 0);
  PQclear(r);
  return v;
}

// ---- positives -------------------------------------------------------------------------

void price_all_bad(PGconn *c, std::vector<double> &prices) {
  for (double &p : prices) { // expect-note: {{loop here}}
    PGresult *r = PQexec(c, "SELECT rate FROM fx WHERE currency = 'EUR'"); // expect: loop-invariant-query medium {{'PQexec' runs the same query with the same arguments}}
    p *= std::stod(PQgetvalue(r, 0, 0));
    PQclear(r);
  }
}

// Through a method whose query depends on nothing the loop changes.
void label_all_bad(const Settings &s, std::vector<std::string> &labels) {
  for (std::string &l : labels) // expect-note: {{loop here}}
    l += s.region(); // expect: loop-invariant-query medium {{call to 'Settings::region'}}
    // expect-note@-1: {{calls Settings::region}}
}

void count_bad(sqlite3 *db, int n, int &total) {
  for (int i = 0; i < n; ++i) { // expect-note: {{loop here}}
    sqlite3_exec(db, "SELECT count(*) FROM jobs", nullptr, nullptr, nullptr); // expect: loop-invariant-query low
    total += i;
  }
}

// ---- negatives -------------------------------------------------------------------------

// The argument is the loop variable.
void by_id_ok(PGconn *c, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) {
    const char *v[1] = {id.c_str()};
    PQclear(PQexecParams(c, "SELECT * FROM users WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0));
  }
}

// The SQL is rebuilt each iteration from the counter.
void by_page_ok(sqlite3 *db, int pages) {
  for (int page = 0; page < pages; ++page) {
    std::string sql = "SELECT * FROM t LIMIT 100 OFFSET " + std::to_string(page * 100);
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
}

// A busy-retry loop repeats the same statement on purpose.
int retry_ok(sqlite3 *db) {
  int rc;
  do {
    rc = sqlite3_exec(db, "SELECT 1", nullptr, nullptr, nullptr);
  } while (rc == SQLITE_BUSY);
  return rc;
}

// Hoisted: the query runs once.
void hoisted_ok(PGconn *c, std::vector<double> &prices) {
  PGresult *r = PQexec(c, "SELECT rate FROM fx WHERE currency = 'EUR'");
  double rate = std::stod(PQgetvalue(r, 0, 0));
  PQclear(r);
  for (double &p : prices)
    p *= rate;
}
