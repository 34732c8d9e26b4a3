// unchecked-db-result and dynamic-sql: how a data-access call's inputs and outputs are
// handled. docs/rules/<id>.md
#include "core/PrintfFormat.h"
#include "rules/LoopContext.h"
#include "rules/Rule.h"
#include "sql/Schema.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

namespace riskgate {
namespace {

const char *failureWords(uint8_t F) {
  switch (static_cast<FailureReport>(F)) {
  case FailureReport::ReturnCode:
    return "a return code";
  case FailureReport::NullPointer:
    return "a null pointer";
  case FailureReport::ResultStatus:
    return "the result's status";
  case FailureReport::FalseValue:
    return "a false return";
  default:
    return "its return value";
  }
}

/// Does the call run a statement and look at how it went?
bool runsChecked(const CallSite &C) {
  return (C.kind == AccessKind::Execute || C.kind == AccessKind::Query) && !C.resultDiscarded;
}

/// Is loop Inner the loop Outer or inside it?
bool within(const FunctionFact &F, int Inner, int Outer) {
  for (int L = Inner; L >= 0 && L < static_cast<int>(F.loops.size()); L = F.loops[L].parent)
    if (L == Outer)
      return true;
  return false;
}

/// Does a project function run its own statement (`this`) and look at how it went? A
/// `QSqlQuery` subclass whose `exec()` retries, logs or throws on a failed `QSqlQuery::exec()`.
bool runsItselfChecked(const FunctionFact &G) {
  for (const CallSite &E : G.calls)
    if (runsChecked(E) && E.statementVar == "this")
      return true;
  return false;
}

/// A prepare whose failure shows in the execution that follows: the statement Stmt, prepared
/// at Prepare, is run afterwards with its result looked at, where a failed prepare makes the
/// execution fail too (Qt's `q.prepare(...); if (!q.exec())`). Afterwards is later in the
/// function, or the condition of a loop the prepare is in (a retry loop that prepares again
/// and re-tests `while (!q.exec())`). The execution may be the library's, a method of the
/// project's own statement class that checks its own run (`q.prepare(...); q.exec();` where
/// `MyQuery::exec()` does `if (!QSqlQuery::exec()) log(...)`), or a helper the statement is
/// handed to that runs and checks it (`q.prepare(...); execAndLog(q);`). A step is not enough:
/// `while (step == ROW)` ends as quietly on a failed prepare as on an empty result.
bool executionChecked(const ProgramModel &M, const FunctionFact &F, const std::string &Stmt,
                      const CallSite &Prepare) {
  if (Stmt.empty())
    return false;
  for (const CallSite &O : F.calls) {
    bool After = O.seq > Prepare.seq ||
                 (O.inLoopCondition && Prepare.loop >= 0 && within(F, Prepare.loop, O.loop));
    if (!After)
      continue;
    if (runsChecked(O) && O.statementVar == Stmt)
      return true;
    if (O.kind != AccessKind::None)
      continue;
    bool OnIt = O.objectVar == Stmt;
    bool HandsIt = std::find(O.argVars.begin(), O.argVars.end(), Stmt) != O.argVars.end();
    if (!OnIt && !HandsIt)
      continue;
    for (const FunctionFact *G : M.callees(F, O.id)) {
      if (OnIt && runsItselfChecked(*G))
        return true;
      if (HandsIt)
        for (const CallSite &E : G->calls)
          if (runsChecked(E) &&
              std::find(G->params.begin(), G->params.end(), E.statementVar) != G->params.end())
            return true;
    }
  }
  return false;
}

/// A call whose outcome is read back from its statement before the statement runs again:
/// `q.exec(...); if (q.lastError().isValid())`, `if (!q.isActive())`.
bool checkedByStatus(const FunctionFact &F, const CallSite &Call) {
  if (Call.statementVar.empty())
    return false;
  int Next = -1; // the statement's next execution: a status after it is about that one
  for (const CallSite &O : F.calls)
    if (O.seq > Call.seq && O.statementVar == Call.statementVar &&
        (O.kind == AccessKind::Execute || O.kind == AccessKind::Query) &&
        (Next < 0 || O.seq < Next))
      Next = O.seq;
  for (const CallSite &O : F.calls)
    if (O.kind == AccessKind::Status && O.statementVar == Call.statementVar && O.seq > Call.seq &&
        (Next < 0 || O.seq < Next) && !O.resultDiscarded)
      return true;
  return false;
}

/// The prepared statement's next run in F, before it is prepared again, drops its result
/// too (`q.prepare(...); q.exec();`): that run is the finding (a failed prepare fails it),
/// one per statement, where the text runs.
bool runDroppedAfter(const FunctionFact &F, const CallSite &Prepare) {
  if (Prepare.statementVar.empty())
    return false;
  const CallSite *Next = nullptr;
  for (const CallSite &O : F.calls)
    if (O.seq > Prepare.seq && O.statementVar == Prepare.statementVar &&
        (O.kind == AccessKind::Execute || O.kind == AccessKind::Query ||
         O.kind == AccessKind::Prepare) &&
        (!Next || O.seq < Next->seq))
      Next = &O;
  return Next && Next->kind != AccessKind::Prepare && Next->resultDiscarded &&
         !checkedByStatus(F, *Next);
}

/// Does the statement add a column (`ALTER TABLE t ADD [COLUMN] c ...`)?
bool addsColumn(const std::string &Sql) {
  std::string Upper = upperCased(Sql);
  std::replace_if(
      Upper.begin(), Upper.end(), [](char C) { return isspace(static_cast<unsigned char>(C)); },
      ' ');
  size_t Table = Upper.find("ALTER TABLE ");
  size_t Add = Table == std::string::npos ? Table : Upper.find(" ADD ", Table);
  if (Add == std::string::npos)
    return false;
  size_t Word = Upper.find_first_not_of(' ', Add + 5);
  std::string What =
      Word == std::string::npos ? "" : Upper.substr(Word, Upper.find(' ', Word) - Word);
  // ADD INDEX, KEY, a constraint or a partition: an index or a guard, not a column.
  for (const char *Not : {"CONSTRAINT", "PRIMARY", "UNIQUE", "INDEX", "KEY", "FOREIGN", "CHECK",
                          "FULLTEXT", "SPATIAL", "PARTITION"})
    if (What == Not)
      return false;
  return !What.empty();
}

/// Does the statement create an empty table (`CREATE [TEMP] TABLE [IF NOT EXISTS] t (...)`),
/// not one filled from a query (`CREATE TABLE t AS SELECT ...`)?
bool createsEmptyTable(const std::string &Sql) {
  std::string Upper = upperCased(Sql);
  std::replace_if(
      Upper.begin(), Upper.end(), [](char C) { return isspace(static_cast<unsigned char>(C)); },
      ' ');
  std::vector<std::string> Words;
  for (size_t At = 0; At < Upper.size() && Words.size() < 4;) {
    At = Upper.find_first_not_of(' ', At);
    if (At == std::string::npos)
      break;
    size_t End = Upper.find_first_of(" (", At);
    Words.push_back(Upper.substr(At, End == std::string::npos ? End : End - At));
    At = End;
  }
  size_t W = 1;
  while (W < Words.size() && (Words[W] == "TEMP" || Words[W] == "TEMPORARY"))
    ++W;
  if (Words.empty() || Words[0] != "CREATE" || W >= Words.size() || Words[W] != "TABLE")
    return false;
  // AS followed by a query (or a parenthesized one): rows copied in.
  for (size_t As = Upper.find(" AS"); As != std::string::npos; As = Upper.find(" AS", As + 3)) {
    if (As + 3 >= Upper.size() || (Upper[As + 3] != ' ' && Upper[As + 3] != '('))
      continue; // ASC, a name that begins with AS
    size_t Next = Upper.find_first_not_of(" (", As + 3);
    if (Next == std::string::npos)
      continue;
    for (const char *Q : {"SELECT", "WITH", "VALUES"})
      if (Upper.compare(Next, std::strlen(Q), Q) == 0)
        return false;
  }
  return true;
}

/// Statements whose failure loses no data: a BEGIN or SAVEPOINT that fails leaves each
/// statement to commit on its own, a failed ROLLBACK or RELEASE leaves the engine to roll
/// back, a PRAGMA keeps the connection's default, a failed DROP leaves the object (and its
/// rows) where it was, a failed ADD COLUMN leaves the table as it was (most often because the
/// column is there already: sqlite has no ADD COLUMN IF NOT EXISTS, so upgrade code runs it
/// on every start and expects it to fail). A COMMIT (or END) that fails loses the
/// transaction's writes, and a CREATE INDEX that fails leaves queries scanning the table:
/// both stay findings.
const char *harmlessFailure(const std::string &Sql, const CallSite &S) {
  std::string Key = firstSqlKeyword(Sql);
  if (Key == "PRAGMA")
    return "a connection setting: if it fails the connection keeps its default";
  if (Key == "DROP")
    return "a failed DROP loses no data: the object stays as it was";
  if (Key == "ALTER" && addsColumn(Sql))
    return "a failed ADD COLUMN leaves the table as it was, most often because the column "
           "exists already; a statement that needs the column fails where it runs";
  if (Key == "CREATE" && createsEmptyTable(Sql))
    return "a failed CREATE TABLE leaves the schema as it was, most often because the table "
           "exists already; a statement that needs the table fails where it runs";
  if (Key == "BEGIN" || Key == "START" || Key == "SAVEPOINT" ||
      (S.kind == AccessKind::TxnBegin && Sql.empty()))
    return "a failed BEGIN leaves each statement to commit on its own";
  if (Key == "RELEASE")
    return "a failed ROLLBACK leaves the engine to roll the transaction back";
  return nullptr;
}

/// A ROLLBACK (as SQL, or a pack's rollback API): it stands on an abort path (an error
/// branch, a `catch`, a destructor), and if it fails the engine rolls the transaction back
/// anyway when the connection goes or the next statement errors. Its result is no finding.
bool isRollback(const std::string &Sql, const CallSite &S) {
  bool RollbackApi =
      S.api.find("ollback") != std::string::npos || S.api.find("OLLBACK") != std::string::npos;
  return firstSqlKeyword(Sql) == "ROLLBACK" || (S.kind == AccessKind::TxnEnd && RollbackApi);
}

/// Statements that name no table or column: preparing one fails only on a programming
/// error (or out of memory), never on the data or the schema. Whether a COMMIT committed is
/// told by running it, not by preparing it.
bool transactionControl(const std::string &Sql) {
  std::string Key = firstSqlKeyword(Sql);
  return Key == "BEGIN" || Key == "START" || Key == "COMMIT" || Key == "END" ||
         Key == "SAVEPOINT" || Key == "RELEASE" || Key == "ROLLBACK";
}

using CallChain = std::vector<std::pair<const FunctionFact *, const CallSite *>>;

/// The variables a call runs on: its statement, and what it reads besides its arguments
/// (`q` of `q.exec()`).
std::set<std::string> objectVars(const CallSite &S) {
  std::set<std::string> InArgs, Out;
  for (const auto &A : S.argVarsEach)
    InArgs.insert(A.begin(), A.end());
  for (const std::string &V : S.argVars)
    if (!InArgs.count(V))
      Out.insert(V);
  if (!S.statementVar.empty())
    Out.insert(S.statementVar);
  return Out;
}

/// Rows are fetched, later in F, from what S ran on (`q.exec(); while (q.next())`): S ran a
/// query, whatever its text; a failure shows as missing rows.
bool rowsFetchedAfter(const FunctionFact &F, const CallSite &S) {
  std::set<std::string> Obj = objectVars(S);
  if (Obj.empty())
    return false;
  auto EndsWith = [](const std::string &N, const std::string &Suffix) {
    return N.size() >= Suffix.size() &&
           N.compare(N.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
  };
  for (const CallSite &O : F.calls) {
    if (O.seq <= S.seq)
      continue;
    const std::string &N = O.calleeName;
    // By name: a step (sqlite3_step) runs writes too; a cursor's next row is a read's.
    if (!EndsWith(N, "::next") && !EndsWith(N, "::fetch") && !EndsWith(N, "::fetchRow") &&
        !EndsWith(N, "::first"))
      continue;
    for (const std::string &V : objectVars(O))
      if (Obj.count(V))
        return true;
  }
  return false;
}

/// Lowers a discarded result whose failure loses nothing: a read (its SQL, or rows fetched
/// afterwards from what the call at S ran on, when the SQL is unknown) shows as missing
/// rows; a failed BEGIN, ROLLBACK, PRAGMA, DROP or ADD COLUMN loses no data (Text: the SQL
/// those are told by). Access is the library call whose result is dropped, at S or below it.
void gradeByWhatFails(Finding &Fd, const std::string &Sql, const std::string &Text,
                      const FunctionFact &F, const CallSite &S, const CallSite &Access) {
  if (Fd.severity <= Severity::Low)
    return;
  if (isReadSql(Sql)) {
    Fd.severity = Severity::Low;
    Fd.message += " (a read: it would show as missing rows)";
  } else if (Sql.empty() && S.kind != AccessKind::Step && rowsFetchedAfter(F, S)) {
    Fd.severity = Severity::Low;
    Fd.message += " (a read: its rows are fetched after it, so a failure would show as "
                  "missing rows)";
  } else if (const char *Why = harmlessFailure(Text, Access)) {
    Fd.severity = Severity::Low;
    Fd.message += std::string(" (") + Why + ")";
  } else if (Access.kind == AccessKind::Prepare && transactionControl(Text)) {
    Fd.severity = Severity::Low;
    Fd.message += " (the failure it reports is the prepare's, and preparing '" +
                  firstSqlKeyword(Text) +
                  "' fails only on a programming error: the outcome that matters comes from "
                  "running it)";
  }
}

/// Might C change data when it runs: a statement that is not a plain read (unknown text
/// counts as a write), or a call of the program's functions that reaches one.
bool mayWrite(const ProgramModel &M, const FunctionFact &F, const CallSite &C) {
  auto Changes = [](const std::string &Sql) {
    return !isReadSql(Sql) && !isTxnBeginSql(Sql) && !isTxnEndSql(Sql);
  };
  if (C.kind == AccessKind::None) {
    for (const FunctionFact *G : M.callees(F, C.id))
      for (const ReachedAccess &A : M.summary(*G).roundTrips)
        if (M.reachesThrough(*G, C, A) && Changes(chainSql(M.chainThrough(F, C, A), &M)))
          return true;
    return C.unresolved || C.virtualDispatch; // a call riskgate cannot follow may write
  }
  if (!isRoundTrip(C.kind) && C.kind != AccessKind::Step && C.kind != AccessKind::Execute)
    return false;
  return Changes(effectiveSql(M, F, C));
}

/// A COMMIT whose transaction has written nothing by the time it runs: F opened the
/// transaction itself, and nothing between that BEGIN and the COMMIT (nor, for a COMMIT in
/// a loop, anywhere in that loop) may write. Such a COMMIT is taken on a way out where the
/// work turned out to be unneeded (`if (unchanged) { db.commit(); return; }`); if it fails,
/// no data is lost. Returns the line of the BEGIN, or 0.
unsigned commitOfNothing(const ProgramModel &M, const FunctionFact &F, const CallSite &S,
                         const std::string &Sql, const CallSite &Access) {
  std::string Key = firstSqlKeyword(Sql);
  bool Commit = Access.kind == AccessKind::TxnEnd || Key == "COMMIT" || Key == "END";
  if (!Commit || isRollback(Sql, Access))
    return 0;
  const CallSite *Begin = nullptr;
  for (const CallSite &O : F.calls)
    if (O.seq < S.seq && callTransactionEffect(&M, F, O) == TxnEffect::Begins &&
        (!Begin || O.seq > Begin->seq))
      Begin = &O;
  if (!Begin || (Begin->loop >= 0 && Begin->loop != S.loop && !F.loopWithin(S.loop, Begin->loop)))
    return 0;
  for (const CallSite &O : F.calls) {
    bool Between = O.seq > Begin->seq && O.seq < S.seq;
    bool SameLoop = S.loop >= 0 && F.loopWithin(O.loop, S.loop);
    if (&O != &S && (Between || SameLoop) && mayWrite(M, F, O))
      return 0;
  }
  return Begin->loc.line;
}

/// Lowers a discarded COMMIT of a transaction that has written nothing (commitOfNothing).
void gradeEmptyCommit(const ProgramModel &M, Finding &Fd, const FunctionFact &F, const CallSite &S,
                      const std::string &Sql, const CallSite &Access) {
  if (Fd.severity <= Severity::Low)
    return;
  if (unsigned Line = commitOfNothing(M, F, S, Sql, Access)) {
    Fd.severity = Severity::Low;
    Fd.message += " (nothing is written between the BEGIN at line " + std::to_string(Line) +
                  " and this COMMIT: a failed COMMIT loses no data)";
  }
}

/// An access that reports its failure through its result (not an exception), where a
/// discarded result is a finding: binding, resetting and finalizing fail only on
/// programming errors.
bool reportsFailure(const CallSite &S) {
  return S.kind != AccessKind::None && S.kind != AccessKind::Bind && S.kind != AccessKind::Reset &&
         S.kind != AccessKind::Finalize && S.failure != 0 &&
         static_cast<FailureReport>(S.failure) != FailureReport::Exception;
}

/// Does G hand back an access's failure report as its own result: `return q.exec();`,
/// `return sqlite3_exec(...) == SQLITE_OK;`, `bool ok = q.exec(); ...; return ok;`, or the
/// result of a project function that does (four calls deep)? Appends the calls from G to
/// that access to Chain (ProgramModel::chainThrough's shape), the access last.
bool returnsFailureOf(const ProgramModel &M, const FunctionFact &G, CallChain &Chain,
                      std::set<const FunctionFact *> &Seen, int Depth) {
  if (Depth > 4 || !Seen.insert(&G).second)
    return false;
  for (const CallSite &C : G.calls) {
    bool Returned = C.resultVar == "<return>" || C.resultVar.rfind("<outcome", 0) == 0 ||
                    (!C.resultVar.empty() && std::find(G.returnedVars.begin(), G.returnedVars.end(),
                                                       C.resultVar) != G.returnedVars.end());
    if (!Returned)
      continue;
    if (C.kind != AccessKind::None) {
      if (!reportsFailure(C))
        continue;
      Chain.push_back({&G, &C});
      return true;
    }
    for (const FunctionFact *H : M.callees(G, C.id)) {
      Chain.push_back({&G, &C});
      if (returnsFailureOf(M, *H, Chain, Seen, Depth + 1))
        return true;
      Chain.pop_back();
    }
  }
  return false;
}

/// Text from a widget the user types into (a taint "input from 'QLineEdit::text'").
bool typedByTheUser(const std::string &Taint) {
  for (const char *W :
       {"'QLineEdit::text'", "'QTextEdit::toPlainText'", "'QPlainTextEdit::toPlainText'",
        "'QComboBox::currentText'", "'QInputDialog::getText'"})
    if (Taint.find(W) != std::string::npos)
      return true;
  return false;
}

class UncheckedResultRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions())
      for (const CallSite &S : F->calls) {
        if (S.kind == AccessKind::None && S.resultDiscarded) {
          wrapperDiscarded(Ctx, *F, S, Out);
          continue;
        }
        if (!S.resultDiscarded || S.failure == 0 ||
            static_cast<FailureReport>(S.failure) == FailureReport::Exception)
          continue;
        // Binding, resetting and finalizing fail only on programming errors: not reported.
        if (S.kind == AccessKind::Bind || S.kind == AccessKind::Reset ||
            S.kind == AccessKind::Finalize || S.kind == AccessKind::None)
          continue;
        if (S.kind == AccessKind::Prepare &&
            (executionChecked(Ctx.model, *F, S.statementVar, S) || runDroppedAfter(*F, S)))
          continue;
        if (checkedByStatus(*F, S) || isRollback(effectiveSql(*F, S), S))
          continue;
        Finding Fd = finding(*F, S.loc);
        Fd.message = "the result of '" + S.api + "' is discarded: it reports failure through " +
                     failureWords(S.failure) + ", so a failed " +
                     (S.kind == AccessKind::Step ? "step" : "call") + " goes unnoticed";
        // A write that fails loses data; a read that fails shows up as missing rows (so
        // does a prepared SELECT: every use of its statement is a read that fails).
        std::string Text = effectiveSql(*F, S);
        gradeByWhatFails(Fd, effectiveSql(Ctx.model, *F, S), Text, *F, S, S);
        gradeEmptyCommit(Ctx.model, Fd, *F, S, Text, S);
        Fd.fingerprintParts = {S.api, S.sql};
        Out.push_back(std::move(Fd));
      }
  }

private:
  /// A project function's result dropped where that result is an access's failure report:
  /// the wrapper's caller is where the failure goes unnoticed.
  void wrapperDiscarded(const AnalysisContext &Ctx, const FunctionFact &F, const CallSite &S,
                        std::vector<Finding> &Out) const {
    for (const FunctionFact *G : Ctx.model.callees(F, S.id)) {
      CallChain Chain{{&F, &S}};
      std::set<const FunctionFact *> Seen;
      if (!returnsFailureOf(Ctx.model, *G, Chain, Seen, 0))
        continue;
      const CallSite &Access = *Chain.back().second;
      std::string Sql = chainSql(Chain, &Ctx.model);
      if (isRollback(Sql, Access))
        return;
      // The project's own statement class preparing itself (`MyQuery::prepare` returning
      // `QSqlQuery::prepare(sql)`): judged like the library's prepare, on the object.
      if (Chain.size() == 2 && Access.kind == AccessKind::Prepare &&
          Access.statementVar == "this" && executionChecked(Ctx.model, F, S.objectVar, S))
        return;
      Finding Fd = finding(F, S.loc);
      // Returned as is, or told by a status the function returns (`if (mysql_query(...)
      // != 0) return false;`).
      auto Told = [](const CallSite *C) { return C->resultVar.rfind("<outcome", 0) == 0; };
      bool Status = std::any_of(Chain.begin() + 1, Chain.end(),
                                [&](const auto &L) { return Told(L.second); });
      bool Logged = std::any_of(Chain.begin() + 1, Chain.end(), [&](const auto &L) {
        return L.second->resultVar == "<outcome-logged>";
      });
      // A helper that logs the failure where it sees it: this call goes on as if the write
      // worked, but the failure is not silent.
      Fd.message =
          "the result of '" + S.calleeName + "' is discarded: " +
          (Logged ? "it reports whether '" + Access.api +
                        "' failed and logs the failure itself, but this call goes on "
                        "as if it had worked"
           : Status
               ? "it reports whether '" + Access.api + "' failed, so a failed call goes unnoticed"
               : "it returns what '" + Access.api + "' reports, failure through " +
                     failureWords(Access.failure) + ", so a failed call goes unnoticed");
      for (size_t I = 1; I + 1 < Chain.size(); ++I)
        Fd.trace.push_back(
            {Chain[I].second->loc,
             (Told(Chain[I].second) ? "reports whether " : "returns the result of ") +
                 Chain[I].second->calleeName + (Told(Chain[I].second) ? " failed" : "")});
      Fd.trace.push_back({Access.loc, Told(&Access)
                                          ? "which tells whether " + Access.api + " failed here"
                                          : "which returns the result of " + Access.api + " here"});
      gradeByWhatFails(Fd, Sql, Sql, F, S, Access);
      gradeEmptyCommit(Ctx.model, Fd, F, S, Sql, Access);
      if (Logged)
        Fd.severity = std::min(Fd.severity, Severity::Low);
      Fd.fingerprintParts = {S.calleeName, Access.api, normalizeSql(Sql)};
      Out.push_back(std::move(Fd));
      return;
    }
  }
};

/// dynamic-sql judges where the text comes from, not that it was concatenated. A parameter
/// is followed to every caller; a parameter of a function nothing in the scanned code calls
/// (an entry point, a public API) can hold anything its callers send: SQL injection. Text
/// from a member, a global or a call riskgate cannot trace to a source is reported low, as
/// unknown; numbers formatted in are low; constants are nothing.
/// What the statement text at the end of a dynamic-sql path is sent to.
struct SinkTraits {
  bool local = false;  // an in-process engine, known
  bool schema = false; // CREATE, DROP or ALTER: takes no bound parameters
  /// SQL the access writes around the text it is handed (`"SELECT " + expr`): text a caller
  /// hands on whole is spliced into a statement, not run as one.
  bool spliced = false;
  std::string fix() const {
    return schema ? "a schema statement takes no bound parameters: quote the name as an "
                    "identifier (escapeIdentifier, PQescapeIdentifier) or pick it from the "
                    "program's own names"
                  : "bind it as a parameter";
  }
};

class DynamicSqlRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions())
      for (const CallSite &S : F->calls) {
        if (S.kind == AccessKind::None || S.sqlOrigin <= SqlOrigin::Constant)
          continue;
        std::set<const FunctionFact *> Seen;
        std::vector<TraceStep> Trace;
        Trace.push_back({S.loc, S.sqlParam >= 0 ? "which runs " + S.api + " with it here"
                                                : "where it goes into the SQL " + S.api + " runs"});
        EngineView Engine = engineOf(Ctx, *F, S);
        SinkTraits K;
        K.local = Engine.latency == Latency::InProcess && !Engine.unknown;
        K.schema = isSchemaStatement(S.sql.empty() ? S.sqlPrefix : S.sql);
        K.spliced = S.sqlParam < 0 && !S.sqlPrefix.empty();
        judge(Ctx, *F, S.loc, S.sqlOrigin, S.sqlParam >= 0, S.sqlTaint, S.api, K, Trace, Seen, 0,
              Out, S.sqlFormatParam >= 0);
      }
  }

private:
  /// Text built in F at Loc from (Origin, Taint) reaches the SQL of Api. Whole: the SQL is
  /// that text entire, handed down unchanged from here to the statement (a wrapper's SQL
  /// parameter), not spliced into SQL written around it.
  void judge(const AnalysisContext &Ctx, const FunctionFact &F, const SourceLoc &Loc,
             SqlOrigin Origin, bool Whole, const std::string &Taint, const std::string &Api,
             const SinkTraits &K, const std::vector<TraceStep> &Below,
             std::set<const FunctionFact *> &Seen, int Depth, std::vector<Finding> &Out,
             bool Format = false) const {
    if (Origin <= SqlOrigin::Constant)
      return;
    if (Origin == SqlOrigin::Integers) {
      report(F, Loc, Severity::Low,
             "SQL for '" + Api +
                 "' is built at run time with numbers formatted into it: use bound parameters "
                 "(the text changes with every value, so it is never reused)",
             Api, Taint, Below, Out);
      return;
    }
    // A parameter spliced in as a whole clause (`"... WHERE " + filter`): SQL by the
    // function's contract, written by its callers.
    bool Clause = Taint.rfind("clause ", 0) == 0;
    const std::string Bare = Clause ? Taint.substr(7) : Taint;
    // What a parameter object of the program's own class holds, read through its methods.
    bool State = Bare.rfind("state of ", 0) == 0;
    std::string Named = State ? Bare.substr(9) : Bare;
    int Param = paramNamed(F, Named);
    if (Param >= 0) {
      auto Callers = Ctx.model.callersOf(F);
      // A signal is no entry point: only the program emits it (Qt's own signals make no
      // connection), so with no emit in the scanned code its arguments are unknown.
      if (Callers.empty() && F.isSignalConnection()) {
        report(F, Loc, Severity::Low,
               "SQL for '" + Api + "' is built at run time from " + Bare + " of signal '" + F.name +
                   "', which nothing in the scanned code emits: riskgate cannot see what its "
                   "emitters send; if one can ever send outside data, " +
                   K.fix(),
               Api, Taint, Below, Out);
        return;
      }
      // A function stored in a function-pointer field: called through it, by code the scan
      // does not hold (another module, a plugin host).
      if (Callers.empty() && F.isSlotStore()) {
        report(F, Loc, Severity::Low,
               "SQL for '" + Api + "' is built at run time from " + Bare +
                   " of a function stored in '" + F.name +
                   "', which nothing in the scanned code calls through: riskgate cannot see what "
                   "its callers send; if one can ever send outside data, " +
                   K.fix(),
               Api, Taint, Below, Out);
        return;
      }
      if (Callers.empty() && Clause) {
        report(F, Loc, Severity::Low,
               "SQL for '" + Api + "' takes a whole clause from " + Named + " of '" + F.name +
                   "' (SQL its callers write), and nothing in the scanned code calls it: make "
                   "sure no caller builds that clause from outside data; values in it belong in "
                   "bound parameters",
               Api, Bare, Below, Out);
        return;
      }
      if (Callers.empty() && Whole) {
        report(F, Loc, Severity::Low,
               "'" + Api + "' runs SQL text that " + Named + " of '" + F.name +
                   (State ? "' supplies" : "' hands on") +
                   " whole, and nothing in the scanned code calls it: its callers "
                   "decide what runs; make sure none builds it from outside data",
               Api, Taint, Below, Out);
        return;
      }
      if (Callers.empty() && State) {
        report(F, Loc, Severity::Low,
               "SQL for '" + Api + "' is built at run time from what " + Named + " of '" + F.name +
                   "' holds (an object of the program's own class), and nothing in the scanned "
                   "code calls it: riskgate cannot see what the objects handed to it hold; if "
                   "one can ever hold outside data, " +
                   K.fix(),
               Api, Taint, Below, Out);
        return;
      }
      if (Callers.empty()) {
        report(F, Loc, Info.defaultSeverity,
               "SQL for '" + Api + "' is built at run time from " + Taint + " of '" + F.name +
                   "', which nothing in the scanned code calls (an entry point: its callers "
                   "can pass anything): SQL injection; " +
                   K.fix(),
               Api, Taint, Below, Out);
        return;
      }
      if (Depth > 6 || !Seen.insert(&F).second)
        return;
      for (const auto &[Caller, Site] : Callers) {
        if (static_cast<size_t>(Param) >= Site->argOrigins.size())
          continue;
        std::vector<TraceStep> Trace{{Site->loc, "passes the SQL to " + Site->calleeName}};
        Trace.insert(Trace.end(), Below.begin(), Below.end());
        // A printf-style format (`PExecute(const char *fmt, ...)` formatting it into its
        // buffer with vsnprintf): the SQL is the format and the values after it, so what
        // the caller passes there counts too; the worst of them is judged.
        size_t Pick = static_cast<size_t>(Param);
        auto Rank = [](uint8_t O) {
          auto V = static_cast<SqlOrigin>(O);
          return V == SqlOrigin::FormatOf ? SqlOrigin::Passed : V;
        };
        // Not a value sqlite3_mprintf's quoting conversions escape (`'%q'`, %Q, %w).
        const std::string Fmt =
            static_cast<size_t>(Param) < Site->argStrings.size() ? Site->argStrings[Param] : "";
        if (Format)
          for (size_t I = Pick + 1; I < Site->argOrigins.size() && I < Site->argTaints.size();
               ++I) {
            char Conv = placeholderConversion(Fmt, I - static_cast<size_t>(Param) - 1);
            if (Conv == 'q' || Conv == 'Q' || Conv == 'w')
              continue;
            if (Rank(Site->argOrigins[I]) > Rank(Site->argOrigins[Pick]))
              Pick = I;
          }
        auto ArgOrigin = static_cast<SqlOrigin>(Site->argOrigins[Pick]);
        bool Passed = ArgOrigin == SqlOrigin::Passed;
        bool NextFormat = ArgOrigin == SqlOrigin::FormatOf;
        if (ArgOrigin == SqlOrigin::FormatOf)
          ArgOrigin = SqlOrigin::Strings; // the format is spliced with the other arguments
        // Still the whole statement: the caller hands its parameter on down a path that
        // keeps it whole, or hands one source's text (an input read, kept in a local) with
        // nothing around it to a statement that writes no SQL of its own around it.
        bool ArgWhole = Site->argTaints[Pick].rfind("whole ", 0) == 0;
        bool NextWhole = !Format && ((Whole && Passed) || (ArgWhole && !K.spliced));
        judge(Ctx, *Caller, Site->loc, Passed ? SqlOrigin::Strings : ArgOrigin, NextWhole,
              Site->argTaints[Pick], Api, K, Trace, Seen, Depth + 1, Out, NextFormat);
      }
      Seen.erase(&F);
      return;
    }
    // One source's text, handed on unchanged: the whole statement at the access itself; in
    // a caller, only if every function between kept it whole (a helper that splices the
    // text it is given into its own SQL does not).
    if (Taint.rfind("whole ", 0) == 0)
      return judge(Ctx, F, Loc, Origin, Depth == 0 || Whole, Taint.substr(6), Api, K, Below, Seen,
                   Depth, Out, Format);
    if (Taint.rfind("input from '", 0) == 0) {
      // Read from outside the program: spliced in, injection; the whole statement, the
      // program runs whatever the input says: the user's own SQL from a file, an editor or
      // a drop (low, said), a client's from the network (as severe as injection).
      bool Network =
          Taint.find("'recv") != std::string::npos || Taint.find("'QUrl") != std::string::npos;
      if (Whole && Network) {
        report(F, Loc, Info.defaultSeverity,
               "'" + Api + "' runs SQL text read whole from " + Taint.substr(11) +
                   ", a client's input: whoever sends it runs any statement",
               Api, Taint, Below, Out);
        return;
      }
      // What the person at the keyboard typed into the program's own window, spliced into
      // SQL for a database in their own process: it reaches nothing they could not open
      // anyway. A quote in it still breaks the statement: said, at low.
      if (!Whole && K.local && typedByTheUser(Taint)) {
        report(F, Loc, Severity::Low,
               "SQL for '" + Api + "' is built at run time from " + Taint +
                   ", what the user types, for an in-process database: not an injection "
                   "across a trust boundary, but a quote in the text breaks the statement; " +
                   K.fix(),
               Api, Taint, Below, Out);
        return;
      }
      report(F, Loc, Whole ? Severity::Low : Info.defaultSeverity,
             Whole ? "'" + Api + "' runs SQL text read whole from " + Taint.substr(11) +
                         ": if that input is not the user's own SQL, it runs anything"
                   : "SQL for '" + Api + "' is built at run time from " + Taint +
                         " (outside the program): SQL injection; " + K.fix(),
             Api, Taint, Below, Out);
      return;
    }
    std::string From = Bare.empty() ? std::string("strings made at run time") : Bare;
    report(F, Loc, Severity::Low,
           "SQL for '" + Api + "' is built at run time from " + From +
               ", which riskgate cannot trace to a source: if it can ever hold outside data, " +
               K.fix(),
           Api, Taint, Below, Out);
  }

  void report(const FunctionFact &F, const SourceLoc &Loc, Severity Sev, std::string Message,
              const std::string &Api, const std::string &Taint, std::vector<TraceStep> Trace,
              std::vector<Finding> &Out) const {
    for (const Finding &O : Out)
      if (O.rule == Info.id && O.loc == Loc && O.message == Message)
        return; // one call site reached along several paths
    Finding Fd = finding(F, Loc);
    Fd.severity = Sev;
    Fd.message = std::move(Message);
    if (!Trace.empty() && Trace.back().loc == Loc)
      Trace.pop_back(); // reported at the statement itself: no note to point back at it
    Fd.trace = std::move(Trace);
    Fd.fingerprintParts = {Api, Taint};
    Out.push_back(std::move(Fd));
  }
};

} // namespace

std::unique_ptr<Rule> createUncheckedResultRule(const RuleInfo &Info) {
  return std::make_unique<UncheckedResultRule>(Info);
}
std::unique_ptr<Rule> createDynamicSqlRule(const RuleInfo &Info) {
  return std::make_unique<DynamicSqlRule>(Info);
}

} // namespace riskgate
