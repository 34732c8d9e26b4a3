// Facts: what the AST says about one translation unit, as plain data.
//
// The facts stage (analyzer/facts) is the only code that sees the Clang AST. Everything it
// learns is written into these structures, which the fact index stores, the program model
// links across translation units and the rules read. Nothing here depends on Clang.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace riskgate {

/// File contents that differ from the disk for one revision (nullopt: absent there).
using Overlay = std::map<std::string, std::optional<std::string>>;

struct SourceLoc {
  std::string file; // absolute, normalized path
  unsigned line = 0;
  unsigned column = 0; // 1-based, in bytes (as Clang counts)

  bool valid() const { return line != 0; }
  bool operator==(const SourceLoc &O) const {
    return file == O.file && line == O.line && column == O.column;
  }
  bool operator<(const SourceLoc &O) const;
};

/// What a library call does, as described by a rule pack (docs/rule-packs.md).
enum class AccessKind : uint8_t {
  None,       // not a data access (a plain call)
  Query,      // one round trip that runs a statement and returns its result
  Execute,    // runs an already prepared statement
  Step,       // advances over rows already produced (cursor iteration)
  Prepare,    // compiles a statement
  Bind,       // binds a parameter of a prepared statement
  Reset,      // resets a prepared statement for another execution
  Finalize,   // destroys a prepared statement
  TxnBegin,   // opens a transaction
  TxnEnd,     // commits or rolls back
  Remote,     // any other network round trip
  CacheRead,  // a cache lookup
  CacheWrite, // a cache fill
  Iterate,    // a standard algorithm that calls its callable once per element
  Indirect,   // a call through a type-erased callable (std::function)
  Connect,    // opens a connection; its driver argument names the engine (Qt SQL, SOCI)
  Wait,       // blocks the thread for a time or an event (sleep, condition wait, poll)
  Status,     // reads how the statement's last execution went (lastError, isActive)
  Lookup,     // looks a key up in a container (map::find, QHash::value): a cache, if kept
  Insert,     // stores into a container (map::insert, operator[], QCache::insert)
};

enum class Latency : uint8_t { None, InProcess, Network };

const char *accessKindName(AccessKind K);
std::optional<AccessKind> parseAccessKind(const std::string &Name);
const char *latencyName(Latency L);

/// True for the kinds that cost a round trip every time they run.
inline bool isRoundTrip(AccessKind K) {
  return K == AccessKind::Query || K == AccessKind::Execute || K == AccessKind::Remote;
}

enum class LoopKind : uint8_t { For, RangeFor, While, Do, Algorithm };

/// How a string argument was built: from literals only, with integers formatted in, or
/// with other strings (parameters, members, input).
/// For call arguments only: Passed, a parameter of the calling function handed on whole
/// (through conversions); FormatOf, text a printf-style function made with a parameter of
/// the calling function as its format (`sqlite3_vmprintf(fmt, args)`), which starts as
/// that format does.
enum class SqlOrigin : uint8_t { Unknown, Constant, Integers, Strings, Passed, FormatOf };
const char *loopKindName(LoopKind K);

/// A variable mentioned in a loop's exit condition.
struct ConditionVar {
  std::string var;                 // variable key (see CallSite::resultVar)
  bool comparedToConstant = false; // e.g. `attempts < 3`
};

struct LoopFact {
  int id = 0;
  int parent = -1; // enclosing loop in the same function, or -1
  LoopKind kind = LoopKind::For;
  SourceLoc loc;
  std::string label;         // "for", "while", "std::for_each", ...
  bool hasIncrement = false; // a for loop with an increment expression
  /// Variables the loop's exit depends on: its condition, and the conditions of
  /// `if (...) break;` / `return` statements directly in its body.
  std::vector<ConditionVar> conditionVars;
  /// Macro names spelled in those conditions (SQLITE_BUSY, ...).
  std::vector<std::string> conditionMacros;
  /// The constant trip count, when the loop header makes it obvious.
  std::optional<int64_t> tripCount;
  /// Deliberate chunking: a for loop striding by more than one, or a range-for over a
  /// collection of collections (each iteration handles a batch).
  bool chunked = false;
  /// The loop runs only when a database schema is upgraded: it sits under a check of a
  /// schema version (`if (dbversion < 12)`) or in a function named for migration.
  bool upgradeOnly = false;
  /// Variables that change from one iteration to the next (assigned, incremented,
  /// declared from changing values, passed by non-const reference, the loop variable).
  std::vector<std::string> modifiedVars;
};

/// One call expression inside a function body.
struct CallSite {
  int id = 0;
  SourceLoc loc;
  std::string calleeUsr;        // stable cross-TU key of the callee, empty if unresolved
  std::string calleeName;       // qualified name, for messages and fingerprints
  int loop = -1;                // innermost enclosing loop, or -1
  bool inLoopCondition = false; // the call is part of its innermost loop's condition
  /// Loops (ids in this function) the call leaves right after it runs: it stands before a
  /// `return`, `throw`, `break` or [[noreturn]] call on its path, so it runs at most once
  /// per iteration of whatever encloses those loops, not once per iteration of them.
  std::vector<int> exitedLoops;
  bool virtualDispatch = false; // resolved through the class hierarchy at run time
  bool unresolved = false;      // function pointer, std::function, ...
  bool calleeIsLambda = false;  // a call of a lambda's body (inlined in traces)
  /// The call runs only on a schema upgrade: under a schema-version check, or in a function
  /// named for migration (what LoopFact::upgradeOnly says of a loop).
  bool upgradeOnly = false;
  /// The call runs at most once per run of the program: in the initializer of a static
  /// local (`static Model m(db);`), or under a test of a static local the branch sets
  /// (`static T *p = nullptr; if (!p) p = new T;`). Not a cost of each call of its function.
  bool runsOnce = false;
  /// The call stands on a path that leaves its function by an exception no handler of that
  /// function catches (before a `throw` or a [[noreturn]] call): the error path's cleanup,
  /// not a cost of each call of its function.
  bool leavesByException = false;
  /// The call stands on a path that leaves its function right after it (before a `return`,
  /// a `throw` or a [[noreturn]] call, or inside the `return` itself): nothing after it in
  /// the function follows it on that path (a COMMIT in `if (gone) { commit(); return; }`
  /// does not end the transaction the rest of the function runs in).
  bool leavesFunction = false;

  // Filled when the callee matches a rule pack's API.
  AccessKind kind = AccessKind::None;
  Latency latency = Latency::None;
  std::string pack;
  std::string api;
  std::string sql;       // constant SQL text when known
  std::string sqlPrefix; // otherwise its leading literal ("UPDATE users SET ... " + id)
  /// With sqlPrefix: the variable (key) that fills the text right after it, when it is one
  /// (`"DELETE FROM " + table`: table's key; a member: "this.name_").
  std::string sqlNext;
  /// Otherwise, when the SQL argument is what a call of a project function returns
  /// (`m_sql << index.creationQuery(table)`), that function's USR: the program model reads
  /// the text it returns (FunctionFact::returnedText).
  std::string sqlFrom;
  /// With no one constant text: each constant text the SQL may be, when it is one of several
  /// (`upgrade ? "ALTER ..." : "CREATE ..."`, `kSchema[i]` of a constant array of literals).
  std::vector<std::string> sqlCandidates;
  std::string statementVar; // variable key of the statement handle argument
  /// Variable key of the object a member call is made on (`q` in `q.prepare(...)`, "this"
  /// for a call on the enclosing object), empty for other calls.
  std::string objectVar;
  std::string resultVar; // variable key the call's result is stored into ("<return>":
                         // the function returns it)
  uint8_t failure = 0;   // FailureReport of the API (packs/RulePack.h)
  /// A round trip that reads a cache (1: Redis GET) or fills one (2: SET), by its command.
  uint8_t cacheRole = 0;
  /// The call is tested by an `if` with no `else` that leaves when the test says so
  /// (`if (!known(id)) return;`): -1 when it leaves the function, a loop's id when it goes
  /// on to that loop's next iteration (`continue`), -2 when it is no such test.
  int guardsExit = -2;

  // Data flow, for the rules that compare calls and iterations.
  bool resultDiscarded = false;     // the value is dropped (a statement of its own, or cleared)
  std::vector<std::string> argVars; // variables the arguments (and the object) read
  /// The variables each argument reads, in order (the object not included): what a caller
  /// hands each parameter, for evidence that follows a collection into its callee.
  std::vector<std::vector<std::string>> argVarsEach;
  std::string argsText; // the arguments' source text, whitespace folded
  int seq = 0;          // order of evaluation within the function
  /// "i3.0/i7.1": which arm of which if statements. An if that asks only whether a
  /// transaction is open (`if (!db->inTransaction())`) is "tN": either way a transaction is
  /// open afterwards, so where transactions begin and end its arms count as unconditional.
  std::string branch;
  SqlOrigin sqlOrigin = SqlOrigin::Unknown; // how the SQL argument was built
  std::string sqlTaint;                     // the non-constant piece: "parameter 'name'"
  int sqlParam = -1;                        // the SQL argument is this parameter of the function
  int sqlFormatParam = -1; // the SQL was made by a printf-style call with this parameter as format
  std::vector<uint8_t> argOrigins;     // SqlOrigin of each argument (for SQL passed through)
  std::vector<std::string> argStrings; // constant text of each argument, when known
  /// Otherwise, for an argument built from a literal and more (`"RELEASE " + name`), its
  /// leading literal: enough to tell a write or a transaction by its first keyword. Empty
  /// when unknown; as long as argStrings when any argument has one, else empty.
  std::vector<std::string> argPrefixes;
  /// For an argument that is what a call of a project function returns, that function's
  /// USR (see sqlFrom). Empty, or as long as argStrings.
  std::vector<std::string> argFroms;
  std::vector<std::string> argTaints;
  /// One character per argument: '0' a constant that is false (`false`, `0`, `nullptr`, a
  /// default argument of those), '1' a constant that is true, '?' anything else. Empty when
  /// no argument is such a constant. With FunctionFact::paramTests, the branches of the
  /// callee this call cannot take (`save(false)` never runs `if (updateDb) write();`).
  std::string argTruth;
};

/// A variable read by the test of an `if` with no `else` that leaves (see
/// CallSite::guardsExit): what follows it runs only when the test lets it through.
struct ExitGuard {
  std::string var;
  int seq = 0;   // the order of evaluation at the test
  int loop = -1; // -1: it returns; a loop's id: it continues that loop
};

/// An `if` whose test is one of the function's parameters (`if (updateDb)`, `if (!quiet)`),
/// or has it as one of the `&&` terms of its test (`if (updateDb && dirty)`).
struct ParamTest {
  std::string ifId; // "iN", as in CallSite::branch
  int param = 0;    // the parameter's index
  bool negated = false;
  /// One term of a conjunction: a false term rules out the then arm; the else arm stays.
  bool conjunct = false;
};

struct FunctionFact {
  std::string usr;
  std::string name; // qualified, human readable
  SourceLoc loc;
  unsigned endLine = 0; // last line of the body, to tell which functions a diff touches
  bool isLambda = false;
  bool hot = false; // [[clang::annotate("riskgate:hot")]]
  /// USRs of every method this one overrides, transitively.
  std::vector<std::string> overrides;
  std::vector<LoopFact> loops;
  std::vector<CallSite> calls;
  std::vector<std::string> params;     // variable keys of the parameters, in order
  std::vector<std::string> dataParams; // the parameters that carry values, not services
  /// The parameters that hand in a request: a class named for one (`request`,
  /// `HttpRequest`), taken by const reference or pointer (`const Request &req`). What is
  /// computed from them is the client's to choose, sizes included.
  std::vector<std::string> requestParams;
  /// (variable, variable it is computed from): a small def-use graph for taint. A value
  /// read from outside the program (a file, a socket, a widget) is computed from
  /// "input:<function that read it>".
  std::vector<std::pair<std::string, std::string>> varDeps;
  /// (variable, seq): every assignment, in evaluation order.
  std::vector<std::pair<std::string, int>> assignments;
  /// The variables early exits test (`auto found = lookup(id); if (found.empty()) return;`).
  std::vector<ExitGuard> exitGuards;
  /// (variable, if id "iN"): the variables each `if` tests; a call site under that `if` has
  /// "iN.0" (then) or "iN.1" (else) in its branch path.
  std::vector<std::pair<std::string, std::string>> branchTests;
  /// The ifs that test a parameter: a caller passing a constant there takes one arm only.
  std::vector<ParamTest> paramTests;
  /// The variables its `return` statements return (`return query;`): a factory that makes
  /// a statement hands it to its caller.
  std::vector<std::string> returnedVars;
  /// The leading literal text its `return` statements hand back (`return "CREATE INDEX " +
  /// name;`, a local built from a literal), when every one that has such text starts with
  /// the same SQL keyword: a function that builds SQL for its caller to run.
  std::string returnedText;

  /// True if loop `Inner` is `Outer` or nested inside it.
  bool loopWithin(int Inner, int Outer) const;
  /// A Qt signal-slot connection the program makes (facts/Calls.cpp, recordConnection): it
  /// runs when the signal is emitted, with the signal's arguments as its parameters.
  bool isSignalConnection() const { return usr.rfind(SignalConnectionPrefix, 0) == 0; }
  static constexpr const char *SignalConnectionPrefix = "qt-connection:";
  /// A function stored in a function-pointer field (facts/Calls.cpp, recordSlotStore): a
  /// function of its own that overrides the field and calls the function stored, so a call
  /// through the field (`db->del_user(name)`) reaches every function ever stored in it.
  bool isSlotStore() const { return usr.rfind(SlotStorePrefix, 0) == 0; }
  static constexpr const char *SlotStorePrefix = "fn-slot:";
};

struct ToolError {
  std::string file;
  std::string message;
};

/// Everything one translation unit contributes.
struct TuFacts {
  std::string mainFile;
  std::vector<FunctionFact> functions;
  std::vector<std::string> includedFiles; // non-system headers, for the cache key
  std::vector<ToolError> errors;          // parse errors (the AST is used as far as it got)
};

/// Replaces invalid UTF-8 in every text a unit's facts took from its source (names, SQL,
/// argument text, messages; not file paths) by U+FFFD: a source file may hold any bytes, and
/// every report and the fact index are JSON.
void makeTextValidUtf8(TuFacts &U);

} // namespace riskgate
