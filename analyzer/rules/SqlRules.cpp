// The rules that read the SQL against the schema with sqlite's own planner:
// missing-index, unbounded-query, sql-schema-mismatch. docs/rules/<id>.md
#include "rules/LoopContext.h"
#include "rules/Rule.h"
#include "sql/Schema.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace riskgate {
namespace {

/// A query with known SQL, and where a finding about it goes.
struct QueryUse {
  const FunctionFact *fn = nullptr; // holds the reported call
  const CallSite *at = nullptr;     // the access, or the call that passes the SQL to it
  const FunctionFact *accessFn = nullptr;
  const CallSite *access = nullptr;
  std::string sql;
  std::vector<TraceStep> trace;
};

std::vector<QueryUse> queryUses(const AnalysisContext &Ctx) {
  std::vector<QueryUse> Out;
  for (const FunctionFact *F : Ctx.model.functions())
    for (const CallSite &S : F->calls) {
      if (S.kind != AccessKind::Query && S.kind != AccessKind::Prepare &&
          S.kind != AccessKind::Execute)
        continue;
      if (!S.sql.empty()) {
        Out.push_back({F, &S, F, &S, S.sql, {}});
        continue;
      }
      if (!S.sqlCandidates.empty()) { // each text it may be: `full ? "SELECT ..." : "SELECT ..."`
        for (const std::string &Text : S.sqlCandidates)
          Out.push_back({F, &S, F, &S, Text, {}});
        continue;
      }
      if (S.sqlParam < 0)
        continue;
      // The SQL is the wrapper's parameter: each caller that passes constant text.
      for (const auto &[G, C] : Ctx.model.callersOf(*F)) {
        if (static_cast<size_t>(S.sqlParam) >= C->argStrings.size() ||
            C->argStrings[S.sqlParam].empty())
          continue;
        QueryUse U{G, C, F, &S, C->argStrings[S.sqlParam], {}};
        U.trace.push_back({C->loc, "passes the SQL to " + C->calleeName});
        U.trace.push_back({S.loc, "which runs " + S.api + " with it here"});
        Out.push_back(std::move(U));
      }
    }
  return Out;
}

/// The use's SQL as sqlite's planner reads it: normalized, or translated from another
/// dialect (nullopt when that is not possible).
std::optional<std::string> plannableSql(const QueryUse &U) {
  return U.access->pack == "sqlite3" ? normalizeSql(U.sql) : toSqliteDialect(U.sql);
}

struct Token {
  std::string text; // identifiers upper-cased in `key`, original in text
  std::string key;
};

std::vector<Token> tokenize(const std::string &Sql) {
  std::vector<Token> Out;
  for (size_t I = 0; I < Sql.size();) {
    char C = Sql[I];
    if (isspace(static_cast<unsigned char>(C))) {
      ++I;
    } else if (C == '\'') {
      size_t E = Sql.find('\'', I + 1);
      Out.push_back({"'", "'"});
      I = E == std::string::npos ? Sql.size() : E + 1;
    } else if (isalpha(static_cast<unsigned char>(C)) || C == '_' || C == '"') {
      size_t J = I;
      std::string T;
      while (J < Sql.size() && (isalnum(static_cast<unsigned char>(Sql[J])) || Sql[J] == '_' ||
                                Sql[J] == '.' || Sql[J] == '"')) {
        if (Sql[J] != '"')
          T += Sql[J];
        ++J;
      }
      Out.push_back({T, upperCased(T)});
      I = J;
    } else if (strchr("<>=!", C)) {
      size_t J = I;
      while (J < Sql.size() && strchr("<>=!", Sql[J]))
        ++J;
      Out.push_back({Sql.substr(I, J - I), Sql.substr(I, J - I)});
      I = J;
    } else {
      Out.push_back({std::string(1, C), std::string(1, C)});
      ++I;
    }
  }
  return Out;
}

const std::set<std::string> &keywords() {
  static const std::set<std::string> K = {
      "SELECT", "FROM",    "WHERE",  "AND",    "OR",    "NOT",    "IN",       "IS",    "NULL",
      "LIKE",   "BETWEEN", "JOIN",   "INNER",  "LEFT",  "RIGHT",  "OUTER",    "CROSS", "ON",
      "AS",     "ORDER",   "GROUP",  "BY",     "LIMIT", "OFFSET", "HAVING",   "ASC",   "DESC",
      "UPDATE", "SET",     "DELETE", "INSERT", "INTO",  "VALUES", "DISTINCT", "USING", "WITH",
      "UNION",  "ALL",     "EXISTS", "CASE",   "WHEN",  "THEN",   "ELSE",     "END",   "RETURNING"};
  return K;
}

/// Tables and the columns a query filters, joins and sorts on, read from its tokens.
struct QueryShape {
  std::map<std::string, std::string> aliases; // alias or name (upper) -> table
  std::vector<std::string> tables;
  std::map<std::string, std::vector<std::string>> eq, range, order; // table -> columns
  bool hasLimit = false, isSelect = false, aggregateOnly = false, hasGroupBy = false;
};

QueryShape shapeOf(const std::string &Sql, SqlSchema &Schema) {
  QueryShape Q;
  auto T = tokenize(Sql);
  Q.isSelect = !T.empty() && (T[0].key == "SELECT" || T[0].key == "WITH");
  for (size_t I = 0; I < T.size(); ++I) {
    const std::string &K = T[I].key;
    if (K == "LIMIT")
      Q.hasLimit = true;
    if (K == "GROUP")
      Q.hasGroupBy = true;
    if ((K == "FROM" || K == "JOIN" || K == "UPDATE" || K == "INTO") && I + 1 < T.size()) {
      size_t J = I + 1;
      while (J < T.size()) {
        std::string Table = T[J].text;
        if (keywords().count(T[J].key) || Table == "(")
          break;
        Q.tables.push_back(Table);
        Q.aliases[upperCased(Table)] = Table;
        size_t A = J + 1;
        if (A < T.size() && T[A].key == "AS")
          ++A;
        if (A < T.size() && !keywords().count(T[A].key) &&
            isalpha(static_cast<unsigned char>(T[A].text[0]))) {
          Q.aliases[T[A].key] = Table;
          J = A + 1;
        } else {
          J = A;
        }
        if (J < T.size() && T[J].text == ",")
          ++J;
        else
          break;
      }
    }
  }
  auto TableOf = [&](const std::string &Ident, std::string &Column) -> std::string {
    size_t Dot = Ident.find('.');
    if (Dot != std::string::npos) {
      Column = Ident.substr(Dot + 1);
      auto It = Q.aliases.find(upperCased(Ident.substr(0, Dot)));
      return It == Q.aliases.end() ? std::string() : It->second;
    }
    Column = Ident;
    for (const std::string &Tb : Q.tables)
      if (Schema.hasColumn(Tb, Ident))
        return Tb;
    return {};
  };
  auto Add = [](std::vector<std::string> &V, const std::string &C) {
    if (std::find(V.begin(), V.end(), C) == V.end())
      V.push_back(C);
  };
  enum { None, Filter, Order } Mode = None;
  for (size_t I = 0; I < T.size(); ++I) {
    const std::string &K = T[I].key;
    if (K == "WHERE" || K == "ON") {
      Mode = Filter;
      continue;
    }
    if (K == "ORDER" && I + 1 < T.size() && T[I + 1].key == "BY") {
      Mode = Order;
      ++I;
      continue;
    }
    if (K == "GROUP" || K == "LIMIT" || K == "HAVING" || K == "JOIN" || K == "RETURNING" ||
        K == "UNION") {
      Mode = None;
      continue;
    }
    if (Mode == None || keywords().count(K) || !isalpha(static_cast<unsigned char>(T[I].text[0])))
      continue;
    std::string Column;
    std::string Table = TableOf(T[I].text, Column);
    if (Table.empty())
      continue;
    if (Mode == Order) {
      Add(Q.order[Table], Column);
      continue;
    }
    std::string Op = I + 1 < T.size() ? T[I + 1].key : "";
    if (Op == "=" || Op == "==" || Op == "IN" || Op == "IS")
      Add(Q.eq[Table], Column);
    else if (Op == "<" || Op == ">" || Op == "<=" || Op == ">=" || Op == "BETWEEN" || Op == "LIKE")
      Add(Q.range[Table], Column);
  }
  // SELECT count(*) / sum(x) / ... with no GROUP BY returns one row.
  if (Q.isSelect && !Q.hasGroupBy && T.size() > 2) {
    static const std::set<std::string> Aggregates = {"COUNT", "SUM", "MIN", "MAX", "AVG", "TOTAL"};
    Q.aggregateOnly = Aggregates.count(T[1].key) && T[2].text == "(";
  }
  return Q;
}

std::string planText(const SqlSchema::Plan &P) {
  std::string S;
  for (const PlanStep &St : P.steps)
    S += (S.empty() ? "" : "; ") + St.detail;
  return S;
}

/// The table name of a plan step ("SCAN u" -> the table aliased u).
std::string stepTable(const std::string &Detail, const QueryShape &Q, size_t Word) {
  size_t Start = 0;
  for (size_t W = 0; W < Word; ++W) {
    Start = Detail.find(' ', Start);
    if (Start == std::string::npos)
      return {};
    ++Start;
  }
  std::string Name = Detail.substr(Start, Detail.find(' ', Start) - Start);
  auto It = Q.aliases.find(upperCased(Name));
  return It == Q.aliases.end() ? Name : It->second;
}

bool scans(const SqlSchema::Plan &P, const std::string &Alias) {
  for (const PlanStep &S : P.steps)
    if (S.detail == "SCAN " + Alias || S.detail.rfind("SCAN " + Alias + " ", 0) == 0)
      if (S.detail.find("USING") == std::string::npos)
        return true;
  return false;
}

bool tempSort(const SqlSchema::Plan &P) {
  for (const PlanStep &S : P.steps)
    if (S.detail.find("USE TEMP B-TREE FOR ORDER BY") != std::string::npos)
      return true;
  return false;
}

bool oneRow(const SqlSchema::Plan &P) {
  if (P.steps.size() != 1)
    return false;
  const std::string &D = P.steps[0].detail;
  return D.rfind("SEARCH", 0) == 0 &&
         (D.find("(rowid=?)") != std::string::npos ||
          (D.find("PRIMARY KEY (") != std::string::npos && D.find('>') == std::string::npos &&
           D.find('<') == std::string::npos));
}

std::string joinCols(const std::vector<std::string> &C, const char *Sep) {
  std::string S;
  for (const std::string &X : C)
    S += (S.empty() ? "" : Sep) + X;
  return S;
}

/// Severity up once when the query runs per iteration of a loop, once more on a hot path.
Severity contextual(const AnalysisContext &Ctx, const QueryUse &U, Severity Base,
                    std::vector<TraceStep> &Trace) {
  Severity S = Base;
  if (U.at->loop >= 0) {
    S = raise(S);
    Trace.insert(Trace.begin(), {U.fn->loops[U.at->loop].loc, "loop here: once per iteration"});
  }
  if (hotReaches(Ctx, *U.fn))
    S = raise(S);
  return S;
}

class MissingIndexRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    if (!Ctx.schema || Ctx.schema->empty())
      return;
    SqlSchema &Schema = *Ctx.schema;
    for (const QueryUse &U : queryUses(Ctx)) {
      bool Native = U.access->pack == "sqlite3";
      std::optional<std::string> Sql = plannableSql(U);
      if (!Sql) {
        ++*Ctx.sqlSkipped;
        continue;
      }
      SqlSchema::Plan P = Schema.explain(*Sql);
      if (!P.ok) {
        if (!Native || P.error.find("no such") == std::string::npos)
          ++*Ctx.sqlSkipped; // another dialect, or SQL sqlite does not speak
        continue;
      }
      QueryShape Q = shapeOf(*Sql, Schema);
      std::set<std::string> Reported;
      for (const PlanStep &Step : P.steps) {
        const std::string &D = Step.detail;
        std::string Table, Why;
        std::vector<std::string> Cols;
        if (D.rfind("SCAN ", 0) == 0 && D.find("USING") == std::string::npos) {
          std::string Alias = D.substr(5, D.find(' ', 5) - 5);
          Table = stepTable(D, Q, 1);
          Cols = Q.eq[Table];
          if (!Q.range[Table].empty())
            Cols.push_back(Q.range[Table].front());
          if (Cols.empty())
            continue; // no filter on it: a full scan is what the query asks for
          SqlSchema::Plan Trial = Schema.explainWithIndex(*Sql, Table, Cols);
          if (!Trial.ok || scans(Trial, Alias))
            continue; // the planner would not use it: not our business to guess
          Why =
              "a full scan of '" + Table + "' for a query that filters on " + joinCols(Cols, ", ");
        } else if (D.find("USE TEMP B-TREE FOR ORDER BY") != std::string::npos &&
                   Q.order.size() == 1) {
          Table = Q.order.begin()->first;
          Cols = Q.eq[Table];
          for (const std::string &C : Q.order.begin()->second)
            if (std::find(Cols.begin(), Cols.end(), C) == Cols.end())
              Cols.push_back(C);
          SqlSchema::Plan Trial = Schema.explainWithIndex(*Sql, Table, Cols);
          if (!Trial.ok || tempSort(Trial))
            continue;
          Why = "a sort of '" + Table + "' rows in a temporary B-tree for ORDER BY " +
                joinCols(Q.order.begin()->second, ", ");
        } else if (D.find("AUTOMATIC") != std::string::npos && D.rfind("SEARCH ", 0) == 0) {
          Table = stepTable(D, Q, 1);
          size_t Open = D.find('('), Close = D.find(')');
          std::string Inside =
              Open != std::string::npos && Close > Open ? D.substr(Open + 1, Close - Open - 1) : "";
          for (const Token &T : tokenize(Inside))
            if (isalpha(static_cast<unsigned char>(T.text[0])) && !keywords().count(T.key))
              Cols.push_back(T.text);
          if (Cols.empty())
            continue;
          Why = "an automatic index on '" + Table + "' built for every run of the query";
        } else {
          continue;
        }
        if (!Reported.insert(Table).second)
          continue;
        std::string Ddl = "CREATE INDEX " + Table + "_" + joinCols(Cols, "_") + "_idx ON " + Table +
                          "(" + joinCols(Cols, ", ") + ")";
        Finding Fd = finding(*U.fn, U.at->loc);
        Fd.trace = U.trace;
        Fd.severity = contextual(Ctx, U, Info.defaultSeverity, Fd.trace);
        Fd.message = "the query plan shows " + Why + ": " + Ddl + " makes it an index search";
        Fd.trace.push_back({U.access->loc, "plan: " + planText(P)});
        Fd.fingerprintParts = {Table, joinCols(Cols, ","), normalizeSql(U.sql)};
        Out.push_back(std::move(Fd));
      }
    }
  }
};

class UnboundedQueryRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    if (!Ctx.schema || Ctx.schema->empty())
      return;
    for (const QueryUse &U : queryUses(Ctx)) {
      std::optional<std::string> Sql = plannableSql(U);
      if (!Sql)
        continue;
      QueryShape Q = shapeOf(*Sql, *Ctx.schema);
      if (!Q.isSelect || Q.hasLimit || Q.aggregateOnly)
        continue;
      SqlSchema::Plan P = Ctx.schema->explain(*Sql);
      if (!P.ok || oneRow(P))
        continue;
      // Does the result drive a loop: a cursor over its statement, or rows of its result?
      const LoopFact *Drives = nullptr;
      const std::string &Handle =
          U.access->kind == AccessKind::Prepare ? U.access->statementVar : U.access->resultVar;
      if (!Handle.empty())
        for (const CallSite &S : U.accessFn->calls)
          if (S.kind == AccessKind::Step && S.statementVar == Handle && S.loop >= 0)
            Drives = &U.accessFn->loops[S.loop];
      bool Hot = hotReaches(Ctx, *U.fn);
      if (!Drives && !Hot)
        continue;
      Finding Fd = finding(*U.fn, U.at->loc);
      Fd.trace = U.trace;
      Fd.severity = Hot ? raise(Info.defaultSeverity) : Info.defaultSeverity;
      Fd.message = "SELECT with no LIMIT whose rows " +
                   std::string(Drives ? "drive a loop" : "are read on a hot path") +
                   ": it reads every matching row, however many the table grows to; add a "
                   "LIMIT (and page), or aggregate in SQL";
      if (Drives)
        Fd.trace.push_back({Drives->loc, "loop over its rows here"});
      Fd.fingerprintParts = {normalizeSql(U.sql)};
      Out.push_back(std::move(Fd));
    }
  }
};

class SchemaMismatchRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    if (!Ctx.schema || Ctx.schema->empty())
      return;
    for (const QueryUse &U : queryUses(Ctx)) {
      if (U.access->pack != "sqlite3")
        continue; // only SQL written for sqlite is held to its schema
      SqlSchema::Plan P = Ctx.schema->explain(normalizeSql(U.sql));
      if (P.ok || (P.error.find("no such table") == std::string::npos &&
                   P.error.find("no such column") == std::string::npos))
        continue;
      Finding Fd = finding(*U.fn, U.at->loc);
      Fd.trace = U.trace;
      Fd.message = "the query does not match the schema (" + P.error +
                   "): it fails on every run in production";
      Fd.fingerprintParts = {normalizeSql(U.sql)};
      Out.push_back(std::move(Fd));
    }
  }
};

} // namespace

std::unique_ptr<Rule> createMissingIndexRule(const RuleInfo &Info) {
  return std::make_unique<MissingIndexRule>(Info);
}
std::unique_ptr<Rule> createUnboundedQueryRule(const RuleInfo &Info) {
  return std::make_unique<UnboundedQueryRule>(Info);
}
std::unique_ptr<Rule> createSchemaMismatchRule(const RuleInfo &Info) {
  return std::make_unique<SchemaMismatchRule>(Info);
}

} // namespace riskgate
