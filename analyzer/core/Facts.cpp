#include "core/Facts.h"

#include "llvm/Support/JSON.h"

#include <tuple>

namespace riskgate {

bool SourceLoc::operator<(const SourceLoc &O) const {
  return std::tie(file, line, column) < std::tie(O.file, O.line, O.column);
}

namespace {
struct KindName {
  AccessKind kind;
  const char *name;
};
constexpr KindName KindNames[] = {
    {AccessKind::None, "none"},
    {AccessKind::Query, "query"},
    {AccessKind::Execute, "execute"},
    {AccessKind::Step, "step"},
    {AccessKind::Prepare, "prepare"},
    {AccessKind::Bind, "bind"},
    {AccessKind::Reset, "reset"},
    {AccessKind::Finalize, "finalize"},
    {AccessKind::TxnBegin, "txn-begin"},
    {AccessKind::TxnEnd, "txn-end"},
    {AccessKind::Remote, "remote"},
    {AccessKind::CacheRead, "cache-read"},
    {AccessKind::CacheWrite, "cache-write"},
    {AccessKind::Iterate, "iterate"},
    {AccessKind::Indirect, "indirect-call"},
    {AccessKind::Connect, "connect"},
    {AccessKind::Wait, "wait"},
    {AccessKind::Status, "status"},
    {AccessKind::Lookup, "lookup"},
    {AccessKind::Insert, "insert"},
};
} // namespace

const char *accessKindName(AccessKind K) {
  for (const auto &E : KindNames)
    if (E.kind == K)
      return E.name;
  return "none";
}

std::optional<AccessKind> parseAccessKind(const std::string &Name) {
  for (const auto &E : KindNames)
    if (E.kind != AccessKind::None && Name == E.name)
      return E.kind;
  return std::nullopt;
}

const char *latencyName(Latency L) {
  switch (L) {
  case Latency::None:
    return "none";
  case Latency::InProcess:
    return "in-process";
  case Latency::Network:
    return "network";
  }
  return "none";
}

const char *loopKindName(LoopKind K) {
  switch (K) {
  case LoopKind::For:
    return "for";
  case LoopKind::RangeFor:
    return "range-for";
  case LoopKind::While:
    return "while";
  case LoopKind::Do:
    return "do";
  case LoopKind::Algorithm:
    return "algorithm";
  }
  return "for";
}

bool FunctionFact::loopWithin(int Inner, int Outer) const {
  for (int L = Inner; L >= 0 && L < static_cast<int>(loops.size()); L = loops[L].parent)
    if (L == Outer)
      return true;
  return false;
}

namespace {
void fix(std::string &S) {
  if (!llvm::json::isUTF8(S))
    S = llvm::json::fixUTF8(S);
}
void fix(std::vector<std::string> &V) {
  for (std::string &S : V)
    fix(S);
}
} // namespace

void makeTextValidUtf8(TuFacts &U) {
  for (FunctionFact &F : U.functions) {
    fix(F.name);
    fix(F.usr);
    fix(F.overrides);
    fix(F.params);
    fix(F.dataParams);
    fix(F.requestParams);
    fix(F.returnedText);
    for (auto &[A, B] : F.varDeps) {
      fix(A);
      fix(B);
    }
    for (auto &A : F.assignments)
      fix(A.first);
    for (ExitGuard &G : F.exitGuards)
      fix(G.var);
    for (auto &T : F.branchTests)
      fix(T.first);
    for (LoopFact &L : F.loops) {
      fix(L.label);
      fix(L.conditionMacros);
      fix(L.modifiedVars);
      for (ConditionVar &V : L.conditionVars)
        fix(V.var);
    }
    for (CallSite &C : F.calls) {
      for (std::string *S : {&C.calleeUsr, &C.calleeName, &C.pack, &C.api, &C.sql, &C.sqlPrefix,
                             &C.statementVar, &C.objectVar, &C.resultVar, &C.argsText, &C.branch,
                             &C.sqlTaint, &C.sqlFrom, &C.sqlNext})
        fix(*S);
      fix(C.argVars);
      for (std::vector<std::string> &L : C.argVarsEach)
        fix(L);
      fix(C.argStrings);
      fix(C.argPrefixes);
      fix(C.argFroms);
      fix(C.argTaints);
    }
  }
  for (ToolError &E : U.errors)
    fix(E.message);
}

} // namespace riskgate
