#pragma once
// riskgate-test-rules: n-plus-one
// (the other rules have testdata of their own)
#include <libpq-fe.h>

#include <map>
#include <string>

// An interface with two implementations: one queries, one does not.
class Store {
public:
  virtual ~Store() = default;
  virtual std::string get(int key) = 0;
  virtual int size() = 0;
};

class PgStore : public Store {
public:
  explicit PgStore(PGconn *c) : conn_(c) {}
  std::string get(int key) override;
  int size() override { return 0; }

private:
  PGconn *conn_;
};

class MemStore final : public Store {
public:
  std::string get(int key) override { return data_[key]; }
  int size() override { return static_cast<int>(data_.size()); }

private:
  std::map<int, std::string> data_;
};
