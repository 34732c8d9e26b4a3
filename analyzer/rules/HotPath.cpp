// uncached-hot-path: a hot entry point runs a query whose inputs are the same on every
// request, with no cache lookup on the way. docs/rules/uncached-hot-path.md
#include "rules/LoopContext.h"
#include "rules/Rule.h"

#include <set>

namespace riskgate {
namespace {

/// A step that runs a statement prepared in the same function (sqlite's prepare/step), not
/// a read of rows already received (PQgetvalue).
bool executingStep(const FunctionFact &F, const CallSite &S) {
  if (S.kind != AccessKind::Step || S.statementVar.empty())
    return false;
  for (const CallSite &O : F.calls)
    if (O.kind == AccessKind::Prepare && O.statementVar == S.statementVar)
      return true;
  return false;
}

bool runsStatement(const FunctionFact &F, const CallSite &S) {
  if (S.cacheRole != 0)
    return false; // the cache itself (a Redis GET or SET)
  return S.kind == AccessKind::Query || S.kind == AccessKind::Execute ||
         S.kind == AccessKind::Remote || executingStep(F, S);
}

bool reachedRead(const ReachedAccess &A) {
  const CallSite &S = accessSite(A);
  return runsStatement(*A.accessFunction, S) && !isWriteSql(effectiveSql(*A.accessFunction, S));
}

/// Variables of F that carry request data: its parameters and whatever is computed from
/// them (the def-use pairs of the facts, to a fixed point).
std::set<std::string> requestData(const FunctionFact &F) {
  std::set<std::string> Out(F.dataParams.begin(), F.dataParams.end());
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Var, From] : F.varDeps)
      if (Out.count(From) && Out.insert(Var).second)
        Changed = true;
  }
  return Out;
}

class UncachedHotPathRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions()) {
      if (F->isLambda || !Ctx.isHot(*F))
        continue;
      FunctionContext C(Ctx.model, Ctx.packs, *F);
      for (const ContextSite &S : C.sites()) {
        const CallSite &Site = *S.site;
        if (Site.runsOnce || Site.leavesByException)
          continue; // a static's set-up, or an error path's cleanup: not once per request
        std::set<std::string> Request = requestData(*S.owner);
        bool PerRequest = false;
        for (const std::string &V : Site.argVars)
          if (Request.count(V))
            PerRequest = true;
        if (PerRequest)
          continue;
        if (cacheLookup(Ctx.model, *S.owner, Site))
          continue; // queried on a miss
        std::vector<TraceStep> Chain;
        std::vector<std::string> Names;
        Latency Lat;
        // Every kind that runs a statement counts: a query, a prepared statement's
        // execution (Qt's exec(), SQLiteCpp's exec), a step of sqlite's prepare/step.
        if (runsStatement(*S.owner, Site)) {
          if (isWriteSql(effectiveSql(*S.owner, Site)))
            continue;
          Names.push_back(Site.api);
          Names.push_back(Site.sql);
          Lat = Site.latency;
        } else if (Site.kind == AccessKind::None) {
          const ReachedAccess *A = bestReached(Ctx.model, *S.owner, Site, reachedRead);
          if (!A)
            continue;
          // A cache checked anywhere on the way to the query counts too.
          bool Cached = false;
          for (const auto &[Fn, Hop] : Ctx.model.chainThrough(*S.owner, Site, *A))
            if (Fn != S.owner && cacheLookup(Ctx.model, *Fn, *Hop))
              Cached = true;
          if (Cached)
            continue;
          chainNotes(Ctx.model, *S.owner, Site, *A, Chain, Names);
          Lat = accessSite(*A).latency;
        } else {
          continue;
        }
        Finding Fd = finding(*F, Site.loc);
        Severity Base =
            Lat == Latency::Network ? Info.defaultSeverity : lower(Info.defaultSeverity);
        Fd.severity = S.loops.empty() ? Base : raise(Base);
        Fd.message =
            "hot entry point '" + F->name + "' runs " +
            (Chain.empty() ? "'" + Site.api + "'" : "a query through '" + Site.calleeName + "'") +
            " with the same inputs on every request and no cache in front of it: cache "
            "the result";
        Fd.trace.push_back({F->loc, "hot entry point"});
        Fd.trace.insert(Fd.trace.end(), Chain.begin(), Chain.end());
        Fd.fingerprintParts = Names;
        Fd.fingerprintParts.push_back(Site.argsText);
        Out.push_back(std::move(Fd));
      }
    }
  }
};

} // namespace

std::unique_ptr<Rule> createUncachedHotPathRule(const RuleInfo &Info) {
  return std::make_unique<UncachedHotPathRule>(Info);
}

} // namespace riskgate
