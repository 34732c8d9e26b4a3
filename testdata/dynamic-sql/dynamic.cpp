// riskgate-test-rules: dynamic-sql
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <sstream>
#include <string>

// ---- positives -------------------------------------------------------------------------

void by_name_bad(PGconn *c, const std::string &name) {
  std::string sql = "SELECT * FROM users WHERE name = '" + name + "'";
  PQclear(PQexec(c, sql.c_str())); // expect: dynamic-sql high {{built at run time from parameter 'name' of 'by_name_bad', which nothing in the scanned code calls (an entry point: its callers can pass anything): SQL injection}}
}

void by_id_low(sqlite3 *db, int id) {
  char sql[128];
  std::snprintf(sql, sizeof sql, "DELETE FROM jobs WHERE id = %d", id);
  sqlite3_exec(db, sql, nullptr, nullptr, nullptr); // expect: dynamic-sql low {{numbers formatted into it}}
}

void stream_bad(PGconn *c, const std::string &table) {
  std::ostringstream os;
  os << "SELECT count(*) FROM " << table;
  PQclear(PQexec(c, os.str().c_str())); // expect: dynamic-sql high {{parameter 'table'}}
}

// Through a wrapper: the SQL is the wrapper's parameter; the finding is where it is built.
struct Db {
  PGconn *conn;
  void run(const char *sql) { PQclear(PQexec(conn, sql)); } // expect-note: {{which runs PQexec with it here}}
};
void search_bad(Db &db, const std::string &term) {
  std::string sql = "SELECT * FROM docs WHERE body LIKE '%" + term + "%'";
  db.run(sql.c_str()); // expect: dynamic-sql high {{parameter 'term'}}
  // expect-note@-1: {{passes the SQL to Db::run}}
}

// ---- negatives -------------------------------------------------------------------------

void constant_ok(PGconn *c) { PQclear(PQexec(c, "SELECT 1")); }

void literal_concat_ok(sqlite3 *db) {
  const std::string sql = std::string("SELECT id ") + "FROM jobs " + "WHERE done = 0";
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

void bound_ok(PGconn *c, const std::string &name) {
  const char *v[1] = {name.c_str()};
  PQclear(PQexecParams(c, "SELECT * FROM users WHERE name = $1", 1, nullptr, v, nullptr, nullptr, 0));
}

void wrapper_constant_ok(Db &db) { db.run("VACUUM"); }
