#include "sql/Schema.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace riskgate {

namespace {
std::string lower(std::string S) {
  for (char &C : S)
    C = static_cast<char>(tolower(static_cast<unsigned char>(C)));
  return S;
}
} // namespace

SqlSchema::SqlSchema() {
  sqlite3_open_v2(":memory:", &Db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                  nullptr);
  // Defensive mode (no writes to the schema tables by hand), no extensions, no attached
  // databases, and an authorizer for everything else.
  sqlite3_db_config(Db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(Db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_db_config(Db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_limit(Db, SQLITE_LIMIT_ATTACHED, 0);
  // Schema files and the analyzed code's SQL may be a stranger's: bounded strings, bounded
  // statements, and a step budget per statement (a recursive CTE in CREATE TABLE ... AS).
  sqlite3_limit(Db, SQLITE_LIMIT_LENGTH, MaxValueBytes);
  sqlite3_limit(Db, SQLITE_LIMIT_SQL_LENGTH, MaxStatementBytes);
  sqlite3_progress_handler(Db, ProgressPeriod, &SqlSchema::onProgress, this);
  sqlite3_set_authorizer(Db, &SqlSchema::authorize, this);
}

int SqlSchema::onProgress(void *Ctx) {
  auto *Self = static_cast<SqlSchema *>(Ctx);
  return ++Self->Ticks > MaxTicksPerStatement ? 1 : 0; // non-zero interrupts the statement
}

SqlSchema::~SqlSchema() { sqlite3_close(Db); }

int SqlSchema::authorize(void *Ctx, int Action, const char *A, const char *B, const char *,
                         const char *) {
  auto *Self = static_cast<SqlSchema *>(Ctx);
  switch (Action) {
  case SQLITE_ATTACH:
  case SQLITE_DETACH:
  case SQLITE_PRAGMA:
    return SQLITE_DENY;
  case SQLITE_FUNCTION:
    // load_extension and friends never run; ordinary functions only get planned.
    if (B && (lower(B) == "load_extension" || lower(B).rfind("fts3_tokenizer", 0) == 0))
      return SQLITE_DENY;
    return SQLITE_OK;
  case SQLITE_CREATE_TABLE:
  case SQLITE_CREATE_INDEX:
  case SQLITE_CREATE_VIEW:
  case SQLITE_DROP_TABLE:
  case SQLITE_DROP_INDEX:
  case SQLITE_DROP_VIEW:
  case SQLITE_ALTER_TABLE:
    return Self->Mode == Phase::Explain ? SQLITE_DENY : SQLITE_OK;
  case SQLITE_INSERT:
  case SQLITE_UPDATE:
  case SQLITE_DELETE:
    // DDL writes the schema table itself; rows of user tables are never written, but a
    // query under EXPLAIN is only planned, so writes are fine to prepare there.
    if (Self->Mode == Phase::Explain)
      return SQLITE_OK;
    return A && (lower(A) == "sqlite_master" || lower(A) == "sqlite_schema" ||
                 lower(A) == "sqlite_sequence" || lower(A) == "sqlite_temp_master")
               ? SQLITE_OK
               : SQLITE_DENY;
  case SQLITE_SAVEPOINT:
  case SQLITE_TRANSACTION:
    return Self->Mode == Phase::Trial ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_CREATE_TRIGGER:
  case SQLITE_CREATE_TEMP_TRIGGER:
  case SQLITE_CREATE_VTABLE:
  case SQLITE_DROP_VTABLE:
  case SQLITE_DROP_TRIGGER:
    return Self->Mode == Phase::Schema ? SQLITE_OK : SQLITE_DENY;
  default:
    return SQLITE_OK; // reads, selects, recursive queries: planning only
  }
}

void SqlSchema::applyFile(const std::string &Path, const std::string &Text,
                          std::vector<std::string> &Warnings) {
  Mode = Phase::Schema;
  Plans.clear(); // the schema changes: earlier plans no longer hold
  const char *Start = Text.c_str();
  const char *Tail = Start;
  while (Tail && *Tail) {
    const char *Begin = Tail;
    while (*Begin && isspace(static_cast<unsigned char>(*Begin)))
      ++Begin;
    if (!*Begin)
      break;
    int Line = 1 + static_cast<int>(std::count(Start, Begin, '\n'));
    sqlite3_stmt *St = nullptr;
    const char *Next = nullptr;
    Ticks = 0;
    // riskgate-ignore(dynamic-sql): the schema file is the SQL; it runs in this sandbox
    int Rc = sqlite3_prepare_v2(Db, Begin, -1, &St, &Next);
    if (Next == Begin || !Next) // nothing consumed: give up on the rest of the file
      Next = Begin + strlen(Begin);
    std::string Where = Path + ":" + std::to_string(Line) + ": ";
    if (Rc != SQLITE_OK) {
      Warnings.push_back(Where + "schema statement skipped: " + sqlite3_errmsg(Db));
    } else if (St && sqlite3_stmt_readonly(St)) {
      Warnings.push_back(Where + "not a schema statement, skipped");
    } else if (St) {
      // Only schema statements get past the authorizer: run them.
      Ticks = 0;
      Rc = sqlite3_step(St); // riskgate-ignore(n-plus-one): one step per schema statement

      if (Rc == SQLITE_INTERRUPT)
        Warnings.push_back(Where + "schema statement skipped: it ran past the budget of " +
                           std::to_string(MaxTicksPerStatement / 1000) + " million steps");
      else if (Rc != SQLITE_DONE && Rc != SQLITE_ROW)
        Warnings.push_back(Where + "schema statement skipped: " + sqlite3_errmsg(Db));
    }
    sqlite3_finalize(St);
    Tail = Next;
  }
  sqlite3_stmt *Count = nullptr;
  Mode = Phase::Explain;
  if (sqlite3_prepare_v2(Db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", -1, &Count,
                         nullptr) == SQLITE_OK &&
      sqlite3_step(Count) == SQLITE_ROW)
    Tables = sqlite3_column_int(Count, 0);
  sqlite3_finalize(Count);
}

SqlSchema::Plan SqlSchema::explain(const std::string &Sql) {
  auto It = Plans.find(Sql);
  if (It == Plans.end())
    It = Plans.emplace(Sql, plan(Sql)).first;
  return It->second;
}

SqlSchema::Plan SqlSchema::plan(const std::string &Sql) {
  Plan P;
  Mode = Phase::Explain;
  sqlite3_stmt *St = nullptr;
  std::string Q = "EXPLAIN QUERY PLAN " + Sql;
  Ticks = 0;
  // riskgate-ignore(dynamic-sql): planning the analyzed code's SQL is the point; sandboxed
  if (sqlite3_prepare_v2(Db, Q.c_str(), -1, &St, nullptr) != SQLITE_OK) {
    P.error = sqlite3_errmsg(Db);
    sqlite3_finalize(St);
    return P;
  }
  while (sqlite3_step(St) == SQLITE_ROW) {
    PlanStep S;
    S.id = sqlite3_column_int(St, 0);
    S.parent = sqlite3_column_int(St, 1);
    const unsigned char *D = sqlite3_column_text(St, 3);
    S.detail = D ? reinterpret_cast<const char *>(D) : "";
    P.steps.push_back(std::move(S));
  }
  sqlite3_finalize(St);
  P.ok = true;
  return P;
}

SqlSchema::Plan SqlSchema::explainWithIndex(const std::string &Sql, const std::string &Table,
                                            const std::vector<std::string> &Columns) {
  Mode = Phase::Trial;
  std::string Cols;
  for (const std::string &C : Columns)
    Cols += (Cols.empty() ? "\"" : ", \"") + C + "\"";
  std::string Ddl = "SAVEPOINT riskgate_trial; CREATE INDEX riskgate_trial_ix ON \"" + Table +
                    "\"(" + Cols + ");";
  char *Err = nullptr;
  Plan P;
  if (TrialsBroken) {
    P.error = "trial indexes are disabled after a failed rollback";
    return P;
  }
  auto Rollback = [this] {
    Mode = Phase::Trial;
    Ticks = 0;
    // A trial index left behind would make later plans look better than they are.
    if (sqlite3_exec(Db, "ROLLBACK TO riskgate_trial; RELEASE riskgate_trial;", nullptr, nullptr,
                     nullptr) != SQLITE_OK)
      TrialsBroken = true;
    Mode = Phase::Explain;
  };
  Ticks = 0;
  // riskgate-ignore(dynamic-sql): table and columns come from the schema, quoted
  if (sqlite3_exec(Db, Ddl.c_str(), nullptr, nullptr, &Err) != SQLITE_OK) {
    P.error = Err ? Err : "cannot create the trial index";
    sqlite3_free(Err);
    Rollback();
    return P;
  }
  P = plan(Sql); // with the trial index: never from, nor into, the cache
  Rollback();
  return P;
}

bool SqlSchema::hasColumn(const std::string &Table, const std::string &Column) {
  return sqlite3_table_column_metadata(Db, nullptr, Table.c_str(), Column.c_str(), nullptr, nullptr,
                                       nullptr, nullptr, nullptr) == SQLITE_OK;
}

std::vector<std::string> SqlSchema::tables() {
  std::vector<std::string> Out;
  Mode = Phase::Explain;
  sqlite3_stmt *St = nullptr;
  if (sqlite3_prepare_v2(Db, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &St,
                         nullptr) == SQLITE_OK)
    while (sqlite3_step(St) == SQLITE_ROW)
      Out.push_back(reinterpret_cast<const char *>(sqlite3_column_text(St, 0)));
  sqlite3_finalize(St);
  return Out;
}

std::string firstSqlKeyword(const std::string &Sql) {
  size_t I = 0;
  while (I < Sql.size()) {
    if (isspace(static_cast<unsigned char>(Sql[I]))) {
      ++I;
    } else if (Sql.compare(I, 2, "--") == 0) {
      I = Sql.find('\n', I);
      if (I == std::string::npos)
        return {};
    } else if (Sql.compare(I, 2, "/*") == 0) {
      I = Sql.find("*/", I);
      if (I == std::string::npos)
        return {};
      I += 2;
    } else {
      break;
    }
  }
  std::string W;
  while (I < Sql.size() && isalpha(static_cast<unsigned char>(Sql[I])))
    W += static_cast<char>(toupper(static_cast<unsigned char>(Sql[I++])));
  return W;
}

std::string normalizeSql(const std::string &Sql) {
  std::string Out;
  bool Space = false;
  for (size_t I = 0; I < Sql.size(); ++I) {
    char C = Sql[I];
    if (C == '\'' || C == '"') { // quoted text stays as it is
      size_t End = Sql.find(C, I + 1);
      if (End == std::string::npos)
        End = Sql.size() - 1;
      if (Space && !Out.empty())
        Out += ' ';
      Space = false;
      Out += Sql.substr(I, End - I + 1);
      I = End;
      continue;
    }
    if (C == '-' && I + 1 < Sql.size() && Sql[I + 1] == '-') {
      I = Sql.find('\n', I);
      if (I == std::string::npos)
        break;
      Space = true;
      continue;
    }
    if (C == '/' && I + 1 < Sql.size() && Sql[I + 1] == '*') {
      I = Sql.find("*/", I + 2);
      if (I == std::string::npos)
        break;
      ++I;
      Space = true;
      continue;
    }
    if (isspace(static_cast<unsigned char>(C))) {
      Space = true;
      continue;
    }
    if (Space && !Out.empty())
      Out += ' ';
    Space = false;
    // Parameter styles fold to `?`: ?1, $1, :name, @name, %s.
    auto Next = [&](size_t K) { return K < Sql.size() ? Sql[K] : '\0'; };
    bool Prev = I > 0 && (isalnum(static_cast<unsigned char>(Sql[I - 1])) || Sql[I - 1] == ':');
    if ((C == '?' || C == '$') && isdigit(static_cast<unsigned char>(Next(I + 1))) && !Prev) {
      Out += '?';
      while (isdigit(static_cast<unsigned char>(Next(I + 1))))
        ++I;
      continue;
    }
    if ((C == ':' || C == '@') && !Prev && Next(I + 1) != ':' &&
        (isalpha(static_cast<unsigned char>(Next(I + 1))) || Next(I + 1) == '_')) {
      Out += '?';
      while (isalnum(static_cast<unsigned char>(Next(I + 1))) || Next(I + 1) == '_')
        ++I;
      continue;
    }
    if (C == '%' && strchr("sdifu", Next(I + 1)) && Next(I + 1) != '\0') {
      Out += '?';
      ++I;
      continue;
    }
    Out += C;
  }
  while (!Out.empty() && (Out.back() == ';' || Out.back() == ' '))
    Out.pop_back();
  return Out;
}

std::optional<std::string> toSqliteDialect(const std::string &In) {
  std::string S = normalizeSql(In);
  std::string Out;
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    if (C == '\'') {
      size_t End = S.find('\'', I + 1);
      if (End == std::string::npos)
        return std::nullopt;
      Out += S.substr(I, End - I + 1);
      I = End;
      continue;
    }
    if (C == '$' && I + 1 < S.size() && isdigit(static_cast<unsigned char>(S[I + 1]))) {
      Out += '?'; // PostgreSQL $1 -> ?1
      continue;
    }
    if (C == '%' && I + 1 < S.size() && strchr("sdifu", S[I + 1])) {
      Out += '?'; // printf-style placeholders
      ++I;
      continue;
    }
    if (C == ':' && I + 1 < S.size() && S[I + 1] == ':') { // ::type casts
      I += 2;
      while (I < S.size() && (isalnum(static_cast<unsigned char>(S[I])) || S[I] == '_' ||
                              S[I] == '[' || S[I] == ']'))
        ++I;
      --I;
      continue;
    }
    Out += C;
  }
  // = ANY(?) (an array parameter) plans like IN (?).
  for (size_t P; (P = lower(Out).find("= any(")) != std::string::npos;)
    Out.replace(P, 6, "IN (");
  for (size_t P; (P = lower(Out).find(" ilike ")) != std::string::npos;)
    Out.replace(P, 7, " LIKE ");
  return Out;
}

} // namespace riskgate
