// A service configured by the .riskgate.yaml beside it.
#include <libpq-fe.h>

#include <string>
#include <vector>

namespace legacy {
// An RPC client from a library without source: the configuration says it is remote.
struct Client {
  int call(const std::string &method, int arg);
};
} // namespace legacy

struct Memo {
  bool peek(const std::string &key, std::string &out) const;
};

class OrderHandler {
public:
  std::string handleList(PGconn *c, const std::vector<int> &ids, legacy::Client &rpc);
  std::string handleCached(PGconn *c, const Memo &memo);
};

// Hot by the configured glob; the loop's severity is overridden to critical.
std::string OrderHandler::handleList(PGconn *c, const std::vector<int> &ids, legacy::Client &rpc) { // expect-note: {{hot entry point}}
  PGresult *all = PQexec(c, "SELECT count(*) FROM orders"); // expect: uncached-hot-path high {{hot entry point 'OrderHandler::handleList' runs 'PQexec'}}
  std::string out = PQgetvalue(all, 0, 0);
  PQclear(all);
  for (int id : ids) { // expect-note: {{loop here}}
    int total = rpc.call("Orders.Total", id); // expect: n-plus-one critical {{'legacy::Client::call' runs a remote call}}
    out += std::to_string(total);
  }
  return out;
}

// A configured cache lookup comes first: the query runs only on a miss.
std::string OrderHandler::handleCached(PGconn *c, const Memo &memo) {
  std::string v;
  if (memo.peek("orders", v))
    return v;
  PGresult *r = PQexec(c, "SELECT count(*) FROM orders");
  v = PQgetvalue(r, 0, 0);
  PQclear(r);
  return v;
}
