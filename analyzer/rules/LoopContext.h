// A function as the rules see it: its call sites with the loops around each, lambda bodies
// inlined where the function calls them (a lambda passed to std::for_each runs inside the
// algorithm's loop), and the questions every loop rule asks about that context.
#pragma once

#include "core/Diagnostics.h"
#include "packs/RulePack.h"
#include "program/ProgramModel.h"

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

  /// True if L is a retry loop around S: S's result decides when L ends, L iterates over
  /// no collection, and it is bounded by a retry code or a constant attempt count.
  bool isRetryLoop(const ContextSite &S, const LoopRef &L) const;

  /// Severity moved by the loop context (docs/scoring.md): up when L walks another
  /// query's rows or sits inside another loop, down when its trip count is small.
  Severity adjust(Severity Base, const ContextSite &S, size_t LoopIndex,
                  const std::string &Statement, std::vector<std::string> *Why) const;

  /// "loop here" note for L.
  TraceStep loopNote(const LoopRef &L, const std::string &Statement) const;

private:
  void inline_(const FunctionFact &F, const std::vector<LoopRef> &Outer, int Depth);

  const ProgramModel &Model;
  const PackSet &Packs;
  const FunctionFact &Root;
  std::vector<ContextSite> Sites;
};

} // namespace riskgate
