// A function as the rules see it: its call sites with the loops around each, lambda bodies
// inlined where the function calls them (a lambda passed to std::for_each runs inside the
// algorithm's loop), and the questions every loop rule asks about that context.
#pragma once

#include "core/Diagnostics.h"
#include "packs/RulePack.h"
#include "program/ProgramModel.h"
#include "rules/Rule.h"
#include "sql/Schema.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace riskgate {

struct LoopRef {
  const FunctionFact *fn = nullptr;
  int id = -1;
  bool operator==(const LoopRef &O) const { return fn == O.fn && id == O.id; }
  const LoopFact &fact() const { return fn->loops[id]; }
};

struct ContextSite {
  const FunctionFact *owner = nullptr; // the function or inlined lambda holding the call
  const CallSite *site = nullptr;
  std::vector<LoopRef> loops; // innermost first, across inlined lambdas
};

class FunctionContext {
public:
  FunctionContext(const ProgramModel &Model, const PackSet &Packs, const FunctionFact &Root);

  const FunctionFact &root() const { return Root; }
  const std::vector<ContextSite> &sites() const { return Sites; }

  static bool within(const ContextSite &S, const LoopRef &L);

  /// The innermost loop around S in which S's statement is bound, reset or prepared again,
  /// i.e. the loop whose every iteration is a new execution of the statement.
  const LoopRef *reexecutingLoop(const ContextSite &S) const;

  /// True if L iterates over rows another statement produced: it steps a cursor (a step
  /// call on a statement that is not re-armed inside L) other than ExceptStatement.
  bool walksRows(const LoopRef &L, const std::string &ExceptStatement) const;

  /// For a range-for over the rows a query returned (`auto rows = db.query(...); for (auto
  /// &row : rows)`, a pqxx::result, a wrapper's vector of rows): the call that ran it.
  const CallSite *rowsQuery(const LoopRef &L) const;

  /// For a loop over a local the function filled from another query's rows before it
  /// (`while (q.next()) ids << q.value(0).toInt(); for (int i = 0; i < ids.count(); ++i)`):
  /// the call that ran that query (else the step that walked it).
  const CallSite *filledFromRows(const LoopRef &L) const;

  /// True if every query whose rows L walks (rowsQuery, filledFromRows, or the cursor a
  /// step in L's condition advances) has complete known text that returns at most one row
  /// (atMostOneRow): L runs at most once, whatever it calls.
  bool walksOneRow(const LoopRef &L) const;

  /// True if L is a retry loop around S: S's result decides when L ends, L iterates over
  /// no collection, and it is bounded by a retry code or a constant attempt count.
  bool isRetryLoop(const ContextSite &S, const LoopRef &L) const;

  /// Severity moved by the loop context (docs/scoring.md): up when L walks another
  /// query's rows, sits inside another loop, or a hot entry point reaches the function;
  /// down when its trip count is small.
  /// With NestingNeedsSize (an in-process engine, where a call costs microseconds), the
  /// nesting counts only when some loop around S is shown table-sized (SizedLoop: it walks
  /// a query's rows or a member filled from them).
  Severity adjust(Severity Base, const ContextSite &S, size_t LoopIndex,
                  const std::string &Statement, std::vector<std::string> *Why,
                  bool HotReaches = false, bool NestingNeedsSize = false,
                  bool SizedLoop = false) const;

  /// "loop here" note for L.
  TraceStep loopNote(const LoopRef &L, const std::string &Statement) const;

  /// Index in S.loops of the loop that repeats S: the innermost that is not a retry loop
  /// around S nor a walk of a query's only row (walksOneRow). Nullopt when there is none.
  std::optional<size_t> repeatingLoop(const ContextSite &S) const;

  /// L (a `while` or `for` loop; a range-for walks its range one element at a time) takes a
  /// collection in parts, and S sends one part per pass: a loop inside L walks
  /// the collection L tests in its condition and fills a variable S's arguments are built
  /// from (`while (offset < rows.size()) { for (i = offset; i < rows.size() && ...; ++i)
  /// buf << rows[i]; run(buf.str()); }`). Deliberate batching, like LoopFact::chunked.
  bool sendsBatch(const ContextSite &S, const LoopRef &L) const;

  /// A call in L (or in a function L calls directly) blocks on a timer or an event every
  /// pass: L is a service loop (a poller, a scheduler tick, a worker waiting for jobs).
  /// Returns the waiting call, or null.
  const CallSite *pacingWait(const LoopRef &L) const;

  /// A transaction is open around L: begun before L in L's function and not ended, or held
  /// by every caller of the root function.
  bool transactionAround(const LoopRef &L) const;

  /// True if nothing S's arguments read changes from one iteration of L to the next.
  bool invariantIn(const ContextSite &S, const LoopRef &L) const;

private:
  void inline_(const FunctionFact &F, const std::vector<LoopRef> &Outer, int Depth);

  const ProgramModel &Model;
  const PackSet &Packs;
  const FunctionFact &Root;
  std::vector<ContextSite> Sites;
};

/// True if F is a hot entry point or one reaches it through calls.
bool hotReaches(const AnalysisContext &Ctx, const FunctionFact &F);

/// The engine an access runs on. A pack that opens connections by driver name (Qt SQL's
/// addDatabase("QSQLITE")) gets its latency from the drivers the program passes: those
/// in the access's own file if it opens any, else those of the whole program. Where no
/// constant driver decides it, `unknown` is set and the pack's latency stands.
struct EngineView {
  Latency latency = Latency::None;
  bool unknown = false;
};
EngineView engineOf(const AnalysisContext &Ctx, const FunctionFact &Fn, const CallSite &Access);

/// The engine that runs Access's library, whatever Access's own kind: for a call the pack
/// marks in-process (a prepare) of a multi-engine library (Qt SQL), the engine of the
/// drivers the program opens, as engineOf gives a round trip of that library.
EngineView libraryEngine(const AnalysisContext &Ctx, const FunctionFact &Fn,
                         const CallSite &Access);

/// Words for an access's cost in messages: "network round trip", "in-process database
/// call", or, when the engine is chosen at run time, a sentence that says so.
std::string latencyWords(const EngineView &E);

/// What a function does to the transaction it runs in, computed from its body (the calls on
/// every path, in order): pack transaction APIs, BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE as SQL
/// text, and calls of functions with those effects, to any depth. So a helper `beginTxn()`,
/// a class whose constructor begins, and its `Commit()` are transactions, with no
/// configuration.
enum class TxnEffect { None, Begins, Ends, BeginsAndEnds };
TxnEffect transactionEffect(const ProgramModel &M, const FunctionFact &F);
/// The effect of one call: its own (an API, SQL text) or its callee's (M may be null).
TxnEffect callTransactionEffect(const ProgramModel *M, const FunctionFact &F, const CallSite &S);

/// Is a transaction open at sequence point Seq of F (begun before, not yet ended)? With a
/// model, calls of functions that begin or end one count too.
bool transactionOpenAt(const FunctionFact &F, int Seq, const ProgramModel *M = nullptr);

/// Every caller of F calls it inside a transaction (its own, or its callers').
bool transactionHeldByCallers(const ProgramModel &M, const FunctionFact &F);

/// F runs only on a schema upgrade: it has callers, and every call of it is under a
/// schema-version check or in migration code, directly or through callers that are
/// themselves reached only so (`if (dbversion < 2) CheckAndUpdateDeviceOrder();`). Memo keeps
/// the answers of one rule's run.
bool reachedOnlyOnUpgrade(const ProgramModel &M, const FunctionFact &F,
                          std::map<const FunctionFact *, bool> &Memo, int Depth = 0);

/// A cache in front of Site (a data access, or a call that leads to one) in Fn: a lookup in
/// a container Fn's object, a static or a global keeps, before Site, and an insert into the
/// same container after it (the miss path fills it); or a memo slot: the entry a subscript
/// finds or makes (`auto &cols = known_[table];`), tested by an `if` Site is under and filled
/// after Site. Returns the lookup.
const CallSite *cacheLookup(const ProgramModel &M, const FunctionFact &Fn, const CallSite &Site);

/// An in-memory gate before Site in Fn: a call that looks up a container the object, a
/// static or a global keeps (directly or two calls deep), that reaches no data access, and
/// whose result decides an early exit (`if (GetNotifications(id).empty()) return;`,
/// `if (!m_known.count(id)) continue;`). What follows runs only for what the container
/// holds. The lookup must be keyed by an argument (a check with no argument, such as
/// `if (!service) return;`, answers alike for every element). With InLoop >= 0 the gate must
/// sit inside that loop of Fn (a test before the loop gates the whole loop, not each
/// element). A container that Root (the function
/// holding the loop) fills itself is no gate: it holds what Root loaded, every element.
/// Container gets the container's name.
const CallSite *gateLookup(const ProgramModel &M, const FunctionFact &Fn, const CallSite &Site,
                           int InLoop, const FunctionFact &Root, std::string &Container);

/// Member containers the program fills from the rows of a query: a method inserts into the
/// member inside a loop over a query's rows, or assigns it from a local filled that way
/// (`for (auto &row : rows) tmp[id] = ...; m_states = tmp;`). Keyed "Class::member", each
/// with the function that fills it. Evidence that a loop over the member is table-sized.
std::map<std::string, const FunctionFact *> rowFilledMembers(const ProgramModel &M,
                                                             const PackSet &Packs);
/// The members of its function's class that loop L walks ("Class::member"): the range of a
/// range-for, or what an iterator loop's condition compares against.
std::vector<std::string> walkedMembers(const LoopRef &L);

/// Where the collection loop L walks comes from input, in words ("the request 'req'",
/// "input read by 'QIODevice::readAll'"), or empty. The collection is a range-for's range or
/// what the loop's exit compares against, followed back through the values it is computed
/// from in L's function. Its size is the client's choice: evidence that the loop can be as
/// large as the data.
std::string inputSizedLoop(const LoopRef &L);

/// The same evidence through the callers, for a loop over a collection its function is
/// handed as a parameter (the collection itself, not a key it is looked up by): some caller
/// passes, for that parameter, the rows of a query it ran, a member filled from rows, input
/// or a request's data, directly or through its own parameters (to three callers up). In words
/// ("'songs', which 'Scanner::run' passes from the rows of the query at scanner.cpp:12"), or empty.
std::string sizedByCallers(const ProgramModel &M, const LoopRef &L,
                           const std::map<std::string, const FunctionFact *> &RowFilled);

/// True if the chain goes through a batching helper: a function that buffers into its own
/// members and reaches the access only behind a condition (flush when full).
bool isBatchingChain(const std::vector<std::pair<const FunctionFact *, const CallSite *>> &Chain);

/// The index of F's parameter a taint names ("parameter 'sql'"), or -1.
int paramNamed(const FunctionFact &F, const std::string &Taint);

/// S in upper case (ASCII): SQL keywords compared without regard to case.
std::string upperCased(std::string S);

/// One statement per table: the statement the chain reaches names its table at run time,
/// and the loop hands it another table on every pass. Either the loop's own function builds
/// the text from the element of a range-for (`for (auto &t : tables) sql << "DELETE FROM " <<
/// t;`), or a method builds it from a member of its object and the loop calls it on each
/// element (`for (auto &table : m_tables) table->clear();`). The loop walks the schema's
/// tables, not rows. Returns what names the table, in words, or empty.
std::string
tablePerIteration(const std::vector<std::pair<const FunctionFact *, const CallSite *>> &Chain,
                  const LoopRef &Loop);

/// CREATE, ALTER or DROP, by the statement's first keyword.
bool isSchemaStatement(const std::string &Sql);
/// The schema catalog a query reads (`sqlite_master`, `information_schema.tables`,
/// `pg_catalog.pg_class`, a PRAGMA, SHOW or DESCRIBE): one row per table, column or index of
/// the schema, not the program's data. Empty when it reads none.
std::string catalogRead(const std::string &Sql);
/// SQL classification by its first keyword.
bool isWriteSql(const std::string &Sql);
/// SELECT, VALUES, or WITH ... that writes nothing. Empty or unknown SQL is not a read.
bool isReadSql(const std::string &Sql);
/// A SELECT that returns at most one row, read from its text alone: a top-level `LIMIT 1`
/// (or 0; MySQL's `LIMIT offset, 1` too), or a select list of aggregates only (COUNT, SUM,
/// AVG, one-argument MIN and MAX, ...; not windowed) with no GROUP BY and no UNION.
bool atMostOneRow(const std::string &Sql);
bool isTxnBeginSql(const std::string &Sql);
bool isTxnEndSql(const std::string &Sql);

/// Of several texts a statement may be (CallSite::sqlCandidates), the first, when every
/// rule that classifies by text would answer the same for each (the same first keyword,
/// DDL object, read or write, single row, catalog read); else empty: unknown.
std::string agreedSql(const std::vector<std::string> &Candidates);

/// The SQL a call runs: its own (one of its candidates when they agree), or for a
/// statement execution the SQL it was prepared with in the same function.
std::string effectiveSql(const FunctionFact &F, const CallSite &S);
/// The same, and for a statement a call made (`QSqlQuery q = prepared("INSERT ...")`, a
/// factory that prepares its parameter and returns the statement, through calls that return
/// what another returned), the SQL that call passes.
std::string effectiveSql(const ProgramModel &M, const FunctionFact &F, const CallSite &S);

/// The SQL at the end of a call chain (ProgramModel::chainThrough: the first call, ..., the
/// access last). Where the access's SQL is its function's parameter (a wrapper), it is the
/// constant text the nearest caller on the chain passes for it (or, for text built from a
/// literal and more, that literal: `run("RELEASE " + name)`), followed through wrappers of
/// any depth that hand it on whole or use it as a printf-style format.
std::string chainSql(const std::vector<std::pair<const FunctionFact *, const CallSite *>> &Chain,
                     const ProgramModel *M = nullptr);

/// A call that opens / closes a transaction: by API kind or by its SQL text.
bool opensTransaction(const FunctionFact &F, const CallSite &S);
bool closesTransaction(const FunctionFact &F, const CallSite &S);

/// A call that runs a write (INSERT, UPDATE, DELETE, REPLACE, UPSERT, MERGE).
bool isWriteAccess(const FunctionFact &F, const CallSite &S);

/// The site at which a reached access happens.
inline const CallSite &accessSite(const ReachedAccess &A) {
  return A.accessFunction->calls[A.accessSite];
}

/// The accesses reachable through a call site (every callee's summary), filtered, the most
/// expensive first then the shortest; null when none.
const ReachedAccess *bestReached(const ProgramModel &M, const FunctionFact &F, const CallSite &S,
                                 bool (*Filter)(const ReachedAccess &));

/// Trace notes for the chain from a call site down to an access, and the chain's names.
void chainNotes(const ProgramModel &M, const FunctionFact &F, const CallSite &S,
                const ReachedAccess &A, std::vector<TraceStep> &Trace,
                std::vector<std::string> &Names);

} // namespace riskgate
