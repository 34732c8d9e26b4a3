#include "rules/LoopContext.h"

#include <algorithm>

namespace riskgate {

namespace {
bool rearms(AccessKind K) {
  return K == AccessKind::Bind || K == AccessKind::Reset || K == AccessKind::Prepare;
}
constexpr int64_t SmallTripCount = 10;
} // namespace

FunctionContext::FunctionContext(const ProgramModel &Model, const PackSet &Packs,
                                 const FunctionFact &Root)
    : Model(Model), Packs(Packs), Root(Root) {
  inline_(Root, {}, 0);
}

void FunctionContext::inline_(const FunctionFact &F, const std::vector<LoopRef> &Outer,
                              int Depth) {
  for (const CallSite &S : F.calls) {
    std::vector<LoopRef> Loops;
    for (int L = S.loop; L >= 0; L = F.loops[L].parent)
      Loops.push_back({&F, L});
    Loops.insert(Loops.end(), Outer.begin(), Outer.end());
    if (S.calleeIsLambda) {
      const FunctionFact *Body = Model.function(S.calleeUsr);
      if (Body && Depth < 8)
        inline_(*Body, Loops, Depth + 1);
      continue;
    }
    Sites.push_back({&F, &S, std::move(Loops)});
  }
}

bool FunctionContext::within(const ContextSite &S, const LoopRef &L) {
  return std::find(S.loops.begin(), S.loops.end(), L) != S.loops.end();
}

const LoopRef *FunctionContext::reexecutingLoop(const ContextSite &S) const {
  if (S.site->kind != AccessKind::Step || S.site->statementVar.empty())
    return nullptr;
  for (const LoopRef &L : S.loops)
    for (const ContextSite &O : Sites)
      if (rearms(O.site->kind) && O.site->statementVar == S.site->statementVar && within(O, L))
        return &L;
  return nullptr;
}

bool FunctionContext::walksRows(const LoopRef &L, const std::string &ExceptStatement) const {
  for (const ContextSite &S : Sites) {
    if (S.site->kind != AccessKind::Step || !within(S, L))
      continue;
    const std::string &Stmt = S.site->statementVar;
    if (!ExceptStatement.empty() && Stmt == ExceptStatement)
      continue;
    bool Rearmed = false;
    for (const ContextSite &O : Sites)
      if (rearms(O.site->kind) && O.site->statementVar == Stmt && within(O, L))
        Rearmed = true;
    if (!Rearmed)
      return true;
  }
  return false;
}

bool FunctionContext::isRetryLoop(const ContextSite &S, const LoopRef &L) const {
  const LoopFact &LF = L.fact();
  if (LF.kind == LoopKind::RangeFor || LF.kind == LoopKind::Algorithm)
    return false;
  bool Innermost = !S.loops.empty() && S.loops.front() == L;
  bool Controls = (Innermost && S.site->inLoopCondition);
  if (!S.site->resultVar.empty())
    for (const ConditionVar &V : LF.conditionVars)
      if (V.var == S.site->resultVar)
        Controls = true;
  if (!Controls)
    return false;
  for (const std::string &M : LF.conditionMacros)
    if (Packs.isRetryCode(M))
      return true;
  // Otherwise every other variable deciding the exit must be a bounded attempt counter or
  // the result of a call made in the loop: nothing walks a collection.
  for (const ConditionVar &V : LF.conditionVars) {
    if (V.comparedToConstant)
      continue;
    bool IsResult = false;
    for (const ContextSite &O : Sites)
      if (within(O, L) && !O.site->resultVar.empty() && O.site->resultVar == V.var)
        IsResult = true;
    if (!IsResult)
      return false;
  }
  return true;
}

Severity FunctionContext::adjust(Severity Base, const ContextSite &S, size_t LoopIndex,
                                 const std::string &Statement,
                                 std::vector<std::string> *Why) const {
  const LoopRef &L = S.loops[LoopIndex];
  Severity Sev = Base;
  if (walksRows(L, Statement)) {
    Sev = raise(Sev);
    if (Why)
      Why->push_back("the loop walks the rows of another query");
  }
  if (LoopIndex + 1 < S.loops.size()) {
    Sev = raise(Sev);
    if (Why)
      Why->push_back("the loop is nested in another loop");
  }
  const auto &Trip = L.fact().tripCount;
  if (Trip && *Trip <= SmallTripCount) {
    Sev = lower(Sev);
    if (Why)
      Why->push_back("the loop runs at most " + std::to_string(*Trip) + " times");
  }
  return Sev;
}

TraceStep FunctionContext::loopNote(const LoopRef &L, const std::string &Statement) const {
  const LoopFact &LF = L.fact();
  std::string Msg = "loop here";
  if (LF.kind == LoopKind::Algorithm)
    Msg += " (" + LF.label + ")";
  if (walksRows(L, Statement))
    Msg += ", over the rows of another query";
  return {LF.loc, Msg};
}

} // namespace riskgate
