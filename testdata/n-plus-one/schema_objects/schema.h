// A project's schema objects build the SQL that creates and inspects them; the code that
// runs that SQL lives in another unit. riskgate reads the text each method returns.
// riskgate-test-rules: n-plus-one
#pragma once
#include <libpq-fe.h>

#include <string>
#include <vector>

class IndexDef {
public:
  IndexDef(std::string name, std::string column, bool unique)
      : name_(std::move(name)), column_(std::move(column)), unique_(unique) {}
  std::string creationSql(const std::string &table) const;
  std::string dropSql() const;
  std::string lookupSql(long id) const;

private:
  std::string name_;
  std::string column_;
  bool unique_;
};

class TableDef {
public:
  explicit TableDef(std::string name) : name_(std::move(name)) {}
  const std::string &name() const { return name_; }
  const std::vector<IndexDef> &indexes() const { return indexes_; }
  void addIndex(IndexDef I) { indexes_.push_back(std::move(I)); }
  // Runs its argument as one statement.
  static void run(PGconn *conn, const std::string &sql);

private:
  std::string name_;
  std::vector<IndexDef> indexes_;
};
