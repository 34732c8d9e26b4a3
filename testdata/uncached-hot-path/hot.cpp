// riskgate-test-rules: uncached-hot-path
#include <libpq-fe.h>
#include <riskgate/annotations.h>

#include <map>
#include <string>

struct FeatureStore {
  PGconn *conn;
  std::string flags();
  std::string user(const std::string &id);
};

std::string FeatureStore::flags() {
  PGresult *r = PQexec(conn, "SELECT name FROM feature_flags WHERE enabled"); // expect-note: {{which runs PQexec here}}
  std::string f = PQgetvalue(r, 0, 0);
  PQclear(r);
  return f;
}

std::string FeatureStore::user(const std::string &id) {
  const char *v[1] = {id.c_str()};
  PGresult *r = PQexecParams(conn, "SELECT name FROM users WHERE id = $1", 1, nullptr, v, nullptr, nullptr, 0);
  std::string n = PQgetvalue(r, 0, 0);
  PQclear(r);
  return n;
}

struct FlagCache {
  bool get(const std::string &key, std::string &out);
  void put(const std::string &key, const std::string &value);
  std::map<std::string, std::string> data;
};

// ---- positives -------------------------------------------------------------------------

RISKGATE_HOT std::string handle_home(FeatureStore &s, const std::string &userId) { // expect-note: {{hot entry point}}
  return s.flags() + userId; // expect: uncached-hot-path high {{hot entry point 'handle_home' runs a query through 'FeatureStore::flags'}}
  // expect-note@-1: {{calls FeatureStore::flags}}
}

RISKGATE_HOT void handle_ping(PGconn *c) { // expect-note: {{hot entry point}}
  PQclear(PQexec(c, "SELECT version()")); // expect: uncached-hot-path high {{runs 'PQexec' with the same inputs on every request}}
}

RISKGATE_HOT int handle_stats(PGconn *c, int requestId) { // expect-note: {{hot entry point}}
  PGresult *r = PQexec(c, "SELECT count(*) FROM orders"); // expect: uncached-hot-path high
  int n = requestId + PQntuples(r);
  PQclear(r);
  return n;
}

// ---- negatives -------------------------------------------------------------------------

// Per-request input: caching would not help.
RISKGATE_HOT std::string handle_profile(FeatureStore &s, const std::string &userId) {
  std::string id = userId;
  return s.user(id);
}

// A cache checked first; the query runs only on a miss.
RISKGATE_HOT std::string handle_cached(FeatureStore &s, FlagCache &cache) {
  std::string v;
  if (cache.get("flags", v))
    return v;
  v = s.flags();
  cache.put("flags", v);
  return v;
}

// Not a hot entry point.
std::string admin_report(FeatureStore &s) { return s.flags(); }

// A static built on the first request: once per process, not once per request.
RISKGATE_HOT std::string handle_banner(FeatureStore &s, const std::string &userId) {
  static const std::string flags = s.flags();
  return flags + userId;
}

// The query runs only on the way out by the throw that answers a bad request.
RISKGATE_HOT int handle_checked(PGconn *c, int requestId) {
  if (requestId < 0) {
    PQclear(PQexec(c, "SELECT count(*) FROM rejected_requests"));
    throw requestId;
  }
  return requestId;
}
