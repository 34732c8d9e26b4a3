// riskgate-test-rules: repeated-query
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>

struct Account {
  PGconn *conn;
  std::string balance(const std::string &id);
  void credit(const std::string &id, int cents);
};

std::string Account::balance(const std::string &id) {
  const char *v[1] = {id.c_str()};
  PGresult *r = PQexecParams(conn, "SELECT balance FROM accounts WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0); // expect-note: {{which runs PQexecParams here}}
  std::string b = PQgetvalue(r, 0, 0);
  PQclear(r);
  return b;
}

void Account::credit(const std::string &id, int cents) {
  const char *v[1] = {id.c_str()};
  PQclear(PQexecParams(conn, "UPDATE accounts SET balance = balance + 1 WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0));
  (void)cents;
}

// ---- positives -------------------------------------------------------------------------

std::string render_bad(Account &a, const std::string &id) {
  std::string header = a.balance(id); // expect-note: {{first run here}}
  // expect-note@-1: {{calls Account::balance}}
  std::string footer = a.balance(id); // expect: repeated-query medium {{call to 'Account::balance' runs the same query with the same arguments as line 30}}
  return header + footer;
}

int count_twice_bad(sqlite3 *db) {
  sqlite3_exec(db, "SELECT count(*) FROM jobs", nullptr, nullptr, nullptr); // expect-note: {{first run here}}
  int x = 1;
  sqlite3_exec(db, "SELECT count(*) FROM jobs", nullptr, nullptr, nullptr); // expect: repeated-query low
  return x;
}

void check_then_use_bad(PGconn *c, bool verbose) {
  PGresult *a = PQexec(c, "SELECT * FROM flags"); // expect-note: {{first run here}}
  if (verbose) {
    PGresult *b = PQexec(c, "SELECT * FROM flags"); // expect: repeated-query medium
    PQclear(b);
  }
  PQclear(a);
}

// ---- negatives -------------------------------------------------------------------------

// A write in between: the second read sees new data.
std::string credit_ok(Account &a, const std::string &id) {
  std::string before = a.balance(id);
  a.credit(id, 100);
  std::string after = a.balance(id);
  return before + after;
}

// Different arguments.
std::string two_accounts_ok(Account &a, const std::string &x, const std::string &y) {
  return a.balance(x) + a.balance(y);
}

// Different arms of an if: only one runs.
void either_ok(PGconn *c, bool fresh) {
  if (fresh)
    PQclear(PQexec(c, "SELECT * FROM flags"));
  else
    PQclear(PQexec(c, "SELECT * FROM flags"));
}

// The argument changed in between.
std::string next_ok(Account &a, std::string id) {
  std::string first = a.balance(id);
  id = first;
  return a.balance(id);
}

