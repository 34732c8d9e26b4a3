// riskgate-test-rules: n-plus-one
// An in-memory gate in front of the query: the function returns, or the loop goes on to the
// next element, unless a container the object keeps holds the element. The query runs only
// for the elements that container admits, not on every iteration: low, and said. A lookup
// whose result decides nothing, a container local to the call, or a test made once before
// the loop is no gate.
#include <libpq-fe.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

struct Rule {
  std::string text;
};

class Notifier {
public:
  std::vector<Rule> rulesFor(long device) const {
    auto it = rules_.find(device);
    return it == rules_.end() ? std::vector<Rule>() : it->second;
  }

  // Queries only for the devices that have a rule configured.
  void check(PGconn *conn, long device) {
    std::vector<Rule> rules = rulesFor(device);
    if (rules.empty())
      return;
    std::string id = std::to_string(device);
    const char *params[1] = {id.c_str()};
    PQclear(PQexecParams(conn, "SELECT value FROM readings WHERE device = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect-note: {{which runs PQexecParams here}}
  }

  // The lookup is made, but nothing leaves on its answer: the query runs for every device.
  void record(PGconn *conn, long device) {
    bool known = rules_.count(device) != 0;
    std::string id = std::to_string(device) + (known ? "" : "");
    const char *params[1] = {id.c_str()};
    PQclear(PQexecParams(conn, "SELECT seen FROM devices WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect-note: {{which runs PQexecParams here}}
  }

private:
  std::map<long, std::vector<Rule>> rules_;
};

void onReadings(PGconn *conn, Notifier &n, const std::vector<long> &devices) {
  for (long d : devices) // expect-note: {{loop here (severity low: starts at high: a network round trip; low: only for the elements 'rules_' holds)}}
    n.check(conn, d); // expect: n-plus-one low {{it runs only for the elements 'rules_' holds ('Notifier::rulesFor' at line 28 of 'Notifier::check' decides whether to go on)}}
  // expect-note@-1: {{calls Notifier::check}}
}

void touchAll(PGconn *conn, Notifier &n, const std::vector<long> &devices) {
  for (long d : devices) // expect-note: {{loop here}}
    n.record(conn, d); // expect: n-plus-one high {{call to 'Notifier::record' runs a query (PQexecParams, network round trip) on every iteration of a loop}}
  // expect-note@-1: {{calls Notifier::record}}
}

class Watcher {
public:
  // Goes on to the next device unless it is watched.
  void poll(PGconn *conn, const std::vector<long> &devices) {
    for (long d : devices) { // expect-note: {{loop here}}
      if (!watched_.count(d))
        continue;
      std::string id = std::to_string(d);
      const char *params[1] = {id.c_str()};
      PQclear(PQexecParams(conn, "SELECT state FROM devices WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect: n-plus-one low {{it runs only for the elements 'watched_' holds}}
    }
  }

  // The test is made once, before the loop: it gates the whole loop, not each device.
  void pollAll(PGconn *conn, const std::vector<long> &devices) {
    if (watched_.count(0) == 0)
      return;
    for (long d : devices) { // expect-note: {{loop here}}
      std::string id = std::to_string(d);
      const char *params[1] = {id.c_str()};
      PQclear(PQexecParams(conn, "SELECT state FROM devices WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect: n-plus-one high {{'PQexecParams' runs a query (network round trip) on every iteration of a loop}}
    }
  }

  // A set local to the call skips repeats of this call's list, no more.
  void pollOnce(PGconn *conn, const std::vector<long> &devices) {
    std::set<long> seen;
    for (long d : devices) { // expect-note: {{loop here}}
      if (seen.count(d))
        continue;
      seen.insert(d);
      std::string id = std::to_string(d);
      const char *params[1] = {id.c_str()};
      PQclear(PQexecParams(conn, "SELECT state FROM devices WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect: n-plus-one high {{'PQexecParams' runs a query (network round trip) on every iteration of a loop}}
    }
  }

private:
  std::set<long> watched_;
};

// The function holding the loop fills the map itself, from the rows it just read, before it
// walks what it loaded: the map holds every element, so the lookup gates nothing.
class Registry {
public:
  void setId(const std::string &name, long id) { ids_[name] = id; }
  long idOf(const std::string &name) const {
    auto it = ids_.find(name);
    return it == ids_.end() ? -1 : it->second;
  }
  void deactivate(PGconn *conn, const std::string &name) {
    long id = idOf(name);
    if (id < 0)
      return;
    std::string text = std::to_string(id);
    const char *params[1] = {text.c_str()};
    PQclear(PQexecParams(conn, "UPDATE objects SET active = 0 WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect-note: {{which runs PQexecParams here}}
  }
  void reconnect(PGconn *conn) {
    PGresult *res = PQexec(conn, "SELECT name, id FROM objects");
    std::vector<std::string> loaded;
    for (int i = 0; i < PQntuples(res); ++i) {
      std::string name = PQgetvalue(res, i, 0);
      setId(name, std::atol(PQgetvalue(res, i, 1)));
      loaded.push_back(name);
    }
    PQclear(res);
    for (const std::string &name : loaded) // expect-note: {{loop here}}
      deactivate(conn, name); // expect: n-plus-one high {{call to 'Registry::deactivate' runs a query (PQexecParams, network round trip) on every iteration of a loop}}
    // expect-note@-1: {{calls Registry::deactivate}}
  }

private:
  std::map<std::string, long> ids_;
};

// The test sits in a branch the query is not in: when `strict` is false every device is
// queried, so nothing gates the loop.
class Poller {
public:
  void pollOne(PGconn *conn, long device, bool strict) {
    if (strict) {
      if (!known_.count(device))
        return;
    }
    std::string id = std::to_string(device);
    const char *params[1] = {id.c_str()};
    PQclear(PQexecParams(conn, "SELECT state FROM devices WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect-note: {{which runs PQexecParams here}}
  }
  void pollAll(PGconn *conn, const std::vector<long> &devices, bool strict) {
    for (long d : devices) // expect-note: {{loop here}}
      pollOne(conn, d, strict); // expect: n-plus-one high {{call to 'Poller::pollOne' runs a query (PQexecParams, network round trip) on every iteration of a loop}}
    // expect-note@-1: {{calls Poller::pollOne}}
  }

private:
  std::set<long> known_;
};

// A check keyed by nothing the caller hands in (is the service registered?) answers alike
// for every element: all of them run the query, or none. No gate.
class Store {
public:
  bool connected() const { return services_.count("db") != 0; }
  void load(PGconn *conn, long item) {
    if (!connected())
      return;
    std::string id = std::to_string(item);
    const char *params[1] = {id.c_str()};
    PQclear(PQexecParams(conn, "SELECT body FROM items WHERE id = $1", 1, nullptr, params, nullptr, nullptr, 0)); // expect-note: {{which runs PQexecParams here}}
  }

private:
  std::map<std::string, int> services_;
};

void loadAll(PGconn *conn, Store &s, const std::vector<long> &items) {
  for (long i : items) // expect-note: {{loop here}}
    s.load(conn, i); // expect: n-plus-one high {{call to 'Store::load' runs a query (PQexecParams, network round trip) on every iteration of a loop}}
  // expect-note@-1: {{calls Store::load}}
}
