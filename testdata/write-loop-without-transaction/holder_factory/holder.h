#pragma once
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

// A transaction guard that begins only when no transaction is open yet (nested holders
// share the outer one), commits in commit() and rolls back in its destructor otherwise.
class Holder {
public:
  Holder(soci::session &sql, bool active, bool *openFlag);
  Holder(Holder &&other) noexcept;
  ~Holder();
  void commit();

private:
  bool active_;
  bool *openFlag_;
  soci::session *sql_;
};

class Store;

// Uses a transaction or not, as configured: the flag is a setting, and commit() leaves it.
class Batch {
public:
  Batch(soci::session &sql, bool atomic);
  void finish();

private:
  soci::session *sql_;
  bool atomic_;
};

class Table {
public:
  Table(soci::session &sql, std::string name) : sql_(sql), name_(std::move(name)) {}
  void add(int id);
  // Opens a transaction of its own unless the caller holds one (a nested holder).
  void addChecked(Store &store, int id);

private:
  soci::session &sql_;
  std::string name_;
};

class Store {
public:
  explicit Store(soci::session &sql) : sql_(sql) {}
  // A holder for the caller: it opens a transaction unless one is open already.
  Holder ensureTransaction() const;
  void addAll(Table &t, const std::vector<int> &ids);
  void addAllUnguarded(Table &t, const std::vector<int> &ids);
  void addEach(Table &t, const std::vector<int> &ids);
  void addConfigured(Table &t, const std::vector<int> &ids, bool atomic);

private:
  soci::session &sql_;
  mutable bool open_ = false;
};

// Holds a store and saves through its tables, in one transaction the store opens.
class Saver {
public:
  explicit Saver(Store &store) : store_(store) {}
  void saveAll(Table &t, const std::vector<int> &ids);

private:
  Store &store_;
};
