// The whole-program model: functions from every translation unit linked by USR, a call
// graph that resolves virtual calls through the class hierarchy, and per-function
// summaries of the data accesses each function may reach, computed to a fixed point.
#pragma once

#include "core/Facts.h"

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace riskgate {

/// A data access a function reaches, directly or through calls.
struct ReachedAccess {
  const FunctionFact *accessFunction = nullptr; // where the access is
  int accessSite = -1;                          // its CallSite id there
  int depth = 0;                                // calls between here and the access
  int viaSite = -1;                             // the call in this function that leads there
  const FunctionFact *viaCallee = nullptr;      // the function that call reaches
};

struct FunctionSummary {
  /// Round trips (query, execute, remote, and statement executions) this function may
  /// cause each time it runs, each with its shortest chain, keyed by access identity.
  /// Calls that run once per program or only on a path leaving by an exception add none.
  std::vector<ReachedAccess> roundTrips;
};

struct ProgramStats {
  size_t functions = 0;
  size_t callEdges = 0;
  size_t unresolvedCalls = 0;
  size_t virtualCalls = 0;
  size_t summaryIterations = 0;
};

class ProgramModel {
public:
  explicit ProgramModel(const std::vector<TuFacts> &Units);

  const std::vector<const FunctionFact *> &functions() const { return Functions; }
  const FunctionFact *function(const std::string &Usr) const;

  /// Every definition a call site may run: the callee's own, plus each override defined
  /// in the program when the call dispatches virtually.
  const std::vector<const FunctionFact *> &callees(const FunctionFact &F, int Site) const;

  const FunctionSummary &summary(const FunctionFact &F) const;

  /// True if the step at Site re-executes its statement: the same function binds, resets or
  /// prepares that statement within Loop (or anywhere in F when Loop is -1).
  static bool stepReexecutes(const FunctionFact &F, const CallSite &Site, int Loop);

  /// The chain from a call site in F down to an access, as (function, site) pairs; the
  /// first is (F, Site), the last is the access itself.
  std::vector<std::pair<const FunctionFact *, const CallSite *>>
  chain(const FunctionFact &F, const CallSite &Site, const ReachedAccess &Access) const;

  /// The chain from call site S in F down to A, an entry of the summary of one of S's
  /// callees: (F, S) first, the access last.
  std::vector<std::pair<const FunctionFact *, const CallSite *>>
  chainThrough(const FunctionFact &F, const CallSite &S, const ReachedAccess &A) const;

  /// Can Site, a call in G, run when G is called through Call? Not when it stands in an arm
  /// of an if on a parameter Call passes as a constant that rules the arm out
  /// (`save(p, false)` never reaches `if (updateDb) write(p);`).
  static bool siteRunsThrough(const FunctionFact &G, const CallSite &Site, const CallSite &Call);

  /// Does a call of G through Call reach A, an entry of G's summary, by a call of G that
  /// Call lets run?
  bool reachesThrough(const FunctionFact &G, const CallSite &Call, const ReachedAccess &A) const;

  /// Every call site in the program that may run F.
  std::vector<std::pair<const FunctionFact *, const CallSite *>>
  callersOf(const FunctionFact &F) const;

  const ProgramStats &stats() const { return Stats; }

  /// What each function does to the transaction it runs in (rules/LoopContext.cpp,
  /// transactionEffect), kept once computed: the rules ask it of the same helpers for every
  /// call of them. The rules of one analysis run one after another, on one thread.
  std::map<const FunctionFact *, int> &transactionEffects() const { return TxnEffects; }

private:
  mutable std::map<const FunctionFact *, int> TxnEffects;
  void computeSummaries();
  /// A step in a loop of F on a statement its object holds (`while (sqlite3_step(mStmt) ==
  /// SQLITE_ROW)`) that another method of the class prepares, binds or resets: F runs to
  /// the end a statement made elsewhere (a provider's `prepareSql()` then `processSql()`),
  /// one execution per call. A single step (a cursor's `next()`) is not.
  bool drainsMemberStatement(const FunctionFact &F, const CallSite &S) const;

  std::vector<const FunctionFact *> Functions;
  std::unordered_map<std::string, const FunctionFact *> ByUsr;
  std::unordered_map<std::string, std::vector<const FunctionFact *>> Overriders;
  std::unordered_map<const FunctionFact *, size_t> IndexOf;
  // Callees per function, per site.
  std::vector<std::vector<std::vector<const FunctionFact *>>> Callees;
  std::vector<FunctionSummary> Summaries;
  std::vector<std::vector<std::pair<size_t, int>>> CallerSites; // per callee: (caller, site)
  std::set<std::string> RearmedMembers; // "Class::member": statements a method re-arms
  ProgramStats Stats;
};

} // namespace riskgate
