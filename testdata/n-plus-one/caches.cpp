// riskgate-test-rules: n-plus-one
// Caches by behaviour: a lookup in a container the object (or a static) keeps, the query on
// the miss path, the result stored into the same container after it. Whatever it is called,
// a query behind it in a loop runs on a miss only: low. A lookup without the fill, or in a
// container made for this one call, is no cache.
#include <sqlite3.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

class Directory {
public:
  std::string nameOf(int id) {
    auto it = seen_.find(id);
    if (it != seen_.end())
      return it->second;
    std::string name = fetch(id); // expect-note: {{calls Directory::fetch}}
    seen_[id] = name;
    return name;
  }
  std::string nameUnfilled(int id) {
    if (seen_.count(id))
      return seen_.at(id);
    return fetch(id); // expect-note: {{calls Directory::fetch}}
  }
  std::string fetch(int id) {
    (void)id;
    sqlite3_exec(db, "SELECT name FROM users WHERE id = 1", nullptr, nullptr, nullptr); // expect-note: {{which runs sqlite3_exec here}}
    return {};
  }
  sqlite3 *db = nullptr;

private:
  std::unordered_map<int, std::string> seen_;
};

void labels_cached(Directory &d, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{(severity low: starts at medium: an in-process call; low: behind a cache, it runs only on a miss)}}
    d.nameOf(id); // expect: n-plus-one low {{it runs on a cache miss only}}
  // expect-note@-1: {{calls Directory::nameOf}}
}

void labels_unfilled_bad(Directory &d, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    d.nameUnfilled(id); // expect: n-plus-one low {{call to 'Directory::nameUnfilled'}}
  // expect-note@-1: {{calls Directory::nameUnfilled}}
}

static std::string lookupWithLocalMap(Directory &d, int id) {
  std::map<int, std::string> memo; // made for this one call: no cache
  auto it = memo.find(id);
  if (it == memo.end()) {
    memo[id] = d.fetch(id); // expect-note: {{calls Directory::fetch}}
    return memo[id];
  }
  return it->second;
}

void labels_local_bad(Directory &d, const std::vector<int> &ids) {
  for (int id : ids) // expect-note: {{loop here}}
    lookupWithLocalMap(d, id); // expect: n-plus-one low {{call to 'lookupWithLocalMap'}}
  // expect-note@-1: {{calls lookupWithLocalMap}}
}

// The lookup and the fill in helpers of their own (a getter that returns "not found", an
// activation that queries and stores the id): still a cache.
class IdCache {
public:
  int idOf(int obj) const {
    auto it = ids_.find(obj);
    return it == ids_.end() ? -1 : it->second;
  }
  void activate(int obj) {
    sqlite3_exec(db, "SELECT id FROM objects WHERE name = 'x'", nullptr, nullptr, nullptr); // expect-note: {{which runs sqlite3_exec here}}
    setId(obj, 1);
  }
  void setId(int obj, int id) { ids_[obj] = id; }
  int resolve(int obj) {
    int id = idOf(obj);
    if (id < 0) {
      activate(obj); // expect-note: {{calls IdCache::activate}}
      id = idOf(obj);
    }
    return id;
  }
  sqlite3 *db = nullptr;

private:
  std::map<int, int> ids_;
};

void resolveAll_cached(IdCache &c, const std::vector<int> &objs) {
  for (int o : objs) // expect-note: {{low: behind a cache}}
    c.resolve(o); // expect: n-plus-one low {{it runs on a cache miss only (IdCache::idOf at line}}
  // expect-note@-1: {{calls IdCache::resolve}}
}
