// The schema in a private in-memory sqlite3 database, and sqlite's own planner asked what
// each query will do. Schema files and SQL from the source are untrusted: nothing is ever
// executed but schema DDL and EXPLAIN QUERY PLAN (docs/rules/missing-index.md, "Sandbox").
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace riskgate {

/// One row of EXPLAIN QUERY PLAN.
struct PlanStep {
  int id = 0, parent = 0;
  std::string detail; // "SCAN users", "SEARCH users USING INDEX ix (email=?)", ...
};

class SqlSchema {
public:
  /// An empty sandbox. Never null: failure to open sqlite is a bug, not an input problem.
  SqlSchema();
  ~SqlSchema();
  SqlSchema(const SqlSchema &) = delete;
  SqlSchema &operator=(const SqlSchema &) = delete;

  /// Applies a file's statements in order (DDL only). A statement sqlite rejects, or one
  /// that is not DDL, is skipped with a warning "file:line: problem".
  void applyFile(const std::string &Path, const std::string &Text,
                 std::vector<std::string> &Warnings);

  bool empty() const { return Tables == 0; }

  struct Plan {
    bool ok = false;
    std::string error; // sqlite's message when the query does not prepare
    std::vector<PlanStep> steps;
  };
  /// EXPLAIN QUERY PLAN for Sql (already translated to sqlite's dialect). Plans against the
  /// schema are kept: the three SQL rules ask about the same queries.
  Plan explain(const std::string &Sql);

  /// Tries `CREATE INDEX` on Table(Columns) in a savepoint, returns the plan it gives, and
  /// rolls the index back.
  Plan explainWithIndex(const std::string &Sql, const std::string &Table,
                        const std::vector<std::string> &Columns);

  /// Does Table have a column named Column?
  bool hasColumn(const std::string &Table, const std::string &Column);
  std::vector<std::string> tables();

private:
  Plan plan(const std::string &Sql);
  std::map<std::string, Plan> Plans; // against the schema itself, not a trial index
  static int authorize(void *Self, int Action, const char *A, const char *B, const char *Db,
                       const char *Trigger);
  sqlite3 *Db = nullptr;
  enum class Phase { Schema, Explain, Trial } Mode = Phase::Schema;
  int Tables = 0;
  bool TrialsBroken = false;

  // Bounds for SQL that may be a stranger's (docs/security.md).
  static constexpr int MaxValueBytes = 1 << 20;           // one string or blob
  static constexpr int MaxStatementBytes = 4 << 20;       // one statement's text
  static constexpr int ProgressPeriod = 1000;             // VM steps between two checks
  static constexpr unsigned MaxTicksPerStatement = 20000; // 20 million steps
  unsigned Ticks = 0;
  static int onProgress(void *Self);
};

/// The first keyword of a statement, upper-cased, after comments and white space.
std::string firstSqlKeyword(const std::string &Sql);

/// Normalizes SQL as riskgate compares it: comments dropped, whitespace folded.
std::string normalizeSql(const std::string &Sql);

/// SQL of another dialect rewritten for sqlite's planner where the common cases allow:
/// PostgreSQL `$1` placeholders and `::type` casts, `ILIKE`, `= ANY($1)`, printf-style `%s`
/// placeholders. Nullopt when the text still cannot be used (the caller counts it).
std::optional<std::string> toSqliteDialect(const std::string &Sql);

} // namespace riskgate
