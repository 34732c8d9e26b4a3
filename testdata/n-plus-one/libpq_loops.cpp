// n-plus-one with libpq: network round trips per loop iteration.
// riskgate-test-rules: n-plus-one
// (the other rules have testdata of their own)
#include <libpq-fe.h>

#include <algorithm>
#include <string>
#include <vector>

void exec_params_bad(PGconn *conn, const std::vector<std::string> &ids) {
  for (const std::string &id : ids) { // expect-note: {{loop here}}
    const char *params[1] = {id.c_str()};
    PGresult *res = PQexecParams(conn, "SELECT name FROM users WHERE id = $1", 1, nullptr, params, // expect: n-plus-one high {{'PQexecParams' runs a query (network round trip)}}
                                 nullptr, nullptr, 0);
    PQclear(res);
  }
}

void exec_while_bad(PGconn *conn, int n) {
  int i = 0;
  while (i++ < n) { // expect-note: {{loop here}}
    PQclear(PQexec(conn, "UPDATE counters SET n = n + 1")); // expect: n-plus-one high
  }
}

void exec_do_bad(PGconn *conn, int n) {
  int i = 0;
  do { // expect-note: {{loop here}}
    PQclear(PQexec(conn, "SELECT pg_sleep(0)")); // expect: n-plus-one high
  } while (++i < n);
}

void exec_prepared_bad(PGconn *conn, const std::vector<std::string> &ids) {
  PQclear(PQprepare(conn, "by_id", "SELECT * FROM users WHERE id = $1", 1, nullptr));
  for (size_t i = 0; i < ids.size(); ++i) { // expect-note: {{loop here}}
    const char *params[1] = {ids[i].c_str()};
    PQclear(PQexecPrepared(conn, "by_id", 1, params, nullptr, nullptr, 0)); // expect: n-plus-one high {{runs a prepared statement}}
  }
}

void for_each_bad(PGconn *conn, const std::vector<std::string> &ids) {
  std::for_each(ids.begin(), ids.end(), [conn](const std::string &id) { // expect-note: {{loop here (std::for_each)}}
    const char *params[1] = {id.c_str()};
    PQclear(PQexecParams(conn, "DELETE FROM sessions WHERE user_id = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect: n-plus-one high
  });
}

void transform_bad(PGconn *conn, const std::vector<std::string> &ids, std::vector<int> &rows) {
  rows.resize(ids.size());
  std::transform(ids.begin(), ids.end(), rows.begin(), [conn](const std::string &id) { // expect-note: {{loop here (std::transform)}}
    const char *params[1] = {id.c_str()};
    PGresult *res = PQexecParams(conn, "SELECT count(*) FROM orders WHERE user_id = $1", 1, nullptr, params, nullptr, nullptr, 0); // expect: n-plus-one high
    int n = PQntuples(res);
    PQclear(res);
    return n;
  });
}

// A query per row of another query's result: critical.
void per_row_bad(PGconn *conn) {
  PGresult *users = PQexec(conn, "SELECT id FROM users");
  for (int i = 0; i < PQntuples(users); ++i) { // expect-note: {{loop here, over the rows of another query (severity critical: starts at high: a network round trip; one level up: the loop walks the rows of another query)}}
    const char *params[1] = {PQgetvalue(users, i, 0)};
    PGresult *orders = PQexecParams(conn, "SELECT * FROM orders WHERE user_id = $1", 1, nullptr, params, // expect: n-plus-one critical
                                    nullptr, nullptr, 0);
    PQclear(orders);
  }
  PQclear(users);
}

// ---- negatives -------------------------------------------------------------------------

// Reading the rows of one result is iteration in memory.
long sum_rows_ok(PGconn *conn) {
  PGresult *res = PQexec(conn, "SELECT amount FROM payments");
  long total = 0;
  for (int i = 0; i < PQntuples(res); ++i)
    total += std::stol(PQgetvalue(res, i, 0));
  PQclear(res);
  return total;
}

// Draining the results of one asynchronous query.
void drain_results_ok(PGconn *conn) {
  PQsendQuery(conn, "SELECT 1; SELECT 2");
  PGresult *res;
  while ((res = PQgetResult(conn)) != nullptr)
    PQclear(res);
}

// Retrying one round trip a bounded number of times.
PGresult *retry_ok(PGconn *conn) {
  PGresult *res = nullptr;
  for (int attempt = 0; attempt < 3; ++attempt) {
    res = PQexec(conn, "SELECT 1");
    if (PQresultStatus(res) == PGRES_TUPLES_OK)
      break;
    PQclear(res);
  }
  return res;
}

// Deliberate chunking: one IN (...) query per batch of 500 ids.
void chunked_in_ok(PGconn *conn, const std::vector<std::string> &ids) {
  for (size_t start = 0; start < ids.size(); start += 500) {
    std::string in;
    for (size_t i = start; i < ids.size() && i < start + 500; ++i)
      in += (in.empty() ? "" : ",") + ids[i];
    PQclear(PQexec(conn, ("SELECT * FROM users WHERE id IN (" + in + ")").c_str()));
  }
}

// One query that fetches every row, then a loop over them.
void batched_ok(PGconn *conn, const std::vector<std::string> &ids) {
  std::string in;
  for (const std::string &id : ids)
    in += (in.empty() ? "" : ",") + id;
  PQclear(PQexec(conn, ("SELECT * FROM users WHERE id IN (" + in + ")").c_str()));
}
