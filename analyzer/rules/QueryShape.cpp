// Queries whose work is repeated for nothing: loop-invariant-query, prepare-in-loop,
// repeated-query. docs/rules/<id>.md
#include "rules/LoopContext.h"
#include "rules/Rule.h"

#include <algorithm>
#include <map>

namespace riskgate {
namespace {

bool reachedQuery(const ReachedAccess &A) {
  const CallSite &S = accessSite(A);
  const std::string Sql = effectiveSql(*A.accessFunction, S);
  return (S.kind == AccessKind::Query || S.kind == AccessKind::Execute ||
          S.kind == AccessKind::Remote) &&
         !isWriteSql(Sql) && !isTxnBeginSql(Sql) && !isTxnEndSql(Sql);
}

/// A read query run by the site directly, or through its callees: the chain's notes.
bool readQuery(const AnalysisContext &Ctx, const ContextSite &S, std::vector<TraceStep> &Chain,
               std::vector<std::string> &Names, Latency &Lat) {
  const CallSite &Site = *S.site;
  if (Site.kind == AccessKind::Query || Site.kind == AccessKind::Remote) {
    const std::string Sql = effectiveSql(*S.owner, Site);
    if (isWriteSql(Sql) || isTxnBeginSql(Sql) || isTxnEndSql(Sql))
      return false;
    Names.push_back(Site.api);
    Names.push_back(Sql);
    Lat = Site.latency;
    return true;
  }
  if (Site.kind != AccessKind::None)
    return false;
  const ReachedAccess *A = bestReached(Ctx.model, *S.owner, Site, reachedQuery);
  if (!A)
    return false;
  chainNotes(Ctx.model, *S.owner, Site, *A, Chain, Names);
  Lat = accessSite(*A).latency;
  return true;
}

class LoopInvariantQueryRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions()) {
      if (F->isLambda)
        continue;
      FunctionContext C(Ctx.model, Ctx.packs, *F);
      for (const ContextSite &S : C.sites()) {
        if (S.loops.empty())
          continue;
        auto LoopIndex = C.repeatingLoop(S);
        if (!LoopIndex)
          continue;
        const LoopRef &L = S.loops[*LoopIndex];
        std::vector<TraceStep> Chain;
        std::vector<std::string> Names;
        Latency Lat = Latency::None;
        if (!readQuery(Ctx, S, Chain, Names, Lat) || !C.invariantIn(S, L))
          continue;
        Finding Fd = finding(*F, S.site->loc);
        Fd.severity = C.adjust(Lat == Latency::Network ? Severity::Medium : Severity::Low, S,
                               *LoopIndex, "", nullptr, hotReaches(Ctx, *F));
        Fd.message =
            (Chain.empty() ? "'" + S.site->api + "'" : "call to '" + S.site->calleeName + "'") +
            " runs the same query with the same arguments on every iteration of a loop: "
            "nothing it reads changes in the loop; run it once before the loop";
        Fd.trace.push_back(C.loopNote(L, ""));
        Fd.trace.insert(Fd.trace.end(), Chain.begin(), Chain.end());
        Fd.fingerprintParts = Names;
        Fd.fingerprintParts.push_back(S.site->argsText);
        Out.push_back(std::move(Fd));
      }
    }
  }
};

class PrepareInLoopRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions()) {
      if (F->isLambda)
        continue;
      FunctionContext C(Ctx.model, Ctx.packs, *F);
      for (const ContextSite &S : C.sites()) {
        if (S.site->kind != AccessKind::Prepare || S.loops.empty())
          continue;
        auto LoopIndex = C.repeatingLoop(S);
        if (!LoopIndex)
          continue;
        const LoopRef &L = S.loops[*LoopIndex];
        // The SQL must not change: constant text, or built from nothing the loop changes.
        // Made of constants is not one constant: `stmts[i]` picks another text each time.
        bool SqlInvariant = (S.site->sqlOrigin == SqlOrigin::Constant && !S.site->sql.empty()) ||
                            C.invariantIn(S, L);
        if (!SqlInvariant)
          continue;
        Finding Fd = finding(*F, S.site->loc);
        // In process, compiling a statement costs microseconds: the loop's cost is the N+1
        // beside it, so the loop context does not raise this one. A multi-engine library's
        // prepare (Qt's) is judged by the driver the program opens.
        EngineView Engine = libraryEngine(Ctx, *S.owner, *S.site);
        bool Local = Engine.latency == Latency::InProcess && !Engine.unknown;
        Fd.severity =
            Local ? Info.defaultSeverity
                  : C.adjust(Info.defaultSeverity, S, *LoopIndex, "", nullptr, hotReaches(Ctx, *F));
        Fd.message = "'" + S.site->api +
                     "' compiles the same statement on every iteration of a "
                     "loop: prepare it once before the loop, then bind and reset it inside";
        Fd.trace.push_back(C.loopNote(L, ""));
        Fd.fingerprintParts = {S.site->api, S.site->sql};
        Out.push_back(std::move(Fd));
      }
    }
  }
};

/// Two branch paths can both be taken on one run: no if statement sends them to
/// different arms.
bool onOnePath(const std::string &A, const std::string &B) {
  std::map<std::string, char> Arms;
  auto Add = [&Arms](const std::string &P, bool Check) {
    size_t Start = 0;
    while (Start < P.size()) {
      size_t End = P.find('/', Start);
      std::string Part =
          P.substr(Start, End == std::string::npos ? std::string::npos : End - Start);
      size_t Dot = Part.find('.');
      if (Dot != std::string::npos) {
        std::string Id = Part.substr(0, Dot);
        char Arm = Part[Dot + 1];
        auto It = Arms.find(Id);
        if (Check && It != Arms.end() && It->second != Arm)
          return false;
        Arms[Id] = Arm;
      }
      if (End == std::string::npos)
        break;
      Start = End + 1;
    }
    return true;
  };
  Add(A, false);
  return Add(B, true);
}

class RepeatedQueryRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions()) {
      if (F->isLambda)
        continue;
      const auto &Calls = F->calls;
      for (size_t I = 0; I < Calls.size(); ++I) {
        const CallSite &A = Calls[I];
        ContextSite SA{F, &A, {}};
        std::vector<TraceStep> ChainA;
        std::vector<std::string> NamesA;
        Latency Lat = Latency::None;
        if (A.calleeIsLambda || !readQuery(Ctx, SA, ChainA, NamesA, Lat))
          continue;
        // A call that also writes is not a read to reuse: running it again does something.
        if (A.kind == AccessKind::None && bestReached(Ctx.model, *F, A, [](const ReachedAccess &R) {
              return isWriteAccess(*R.accessFunction, accessSite(R)) ||
                     opensTransaction(*R.accessFunction, accessSite(R));
            }))
          continue;
        for (size_t J = I + 1; J < Calls.size(); ++J) {
          const CallSite &B = Calls[J];
          if (B.calleeName != A.calleeName || B.argsText != A.argsText || B.loop != A.loop ||
              B.seq <= A.seq || !onOnePath(A.branch, B.branch))
            continue;
          if (wroteBetween(Ctx, *F, A, B))
            break; // the data may have changed: B is not a repeat, and nor is anything after
          Finding Fd = finding(*F, B.loc);
          Fd.severity = Lat == Latency::Network ? Severity::Medium : Severity::Low;
          Fd.message = (ChainA.empty() ? "'" + B.api + "'" : "call to '" + B.calleeName + "'") +
                       " runs the same query with the same arguments as line " +
                       std::to_string(A.loc.line) +
                       ", with no write in between: keep the first "
                       "result";
          Fd.trace.push_back({A.loc, "first run here"});
          Fd.trace.insert(Fd.trace.end(), ChainA.begin(), ChainA.end());
          Fd.fingerprintParts = NamesA;
          Fd.fingerprintParts.push_back(A.argsText);
          Out.push_back(std::move(Fd));
          break; // one finding per first run
        }
      }
    }
  }

private:
  /// Between A and B: a write (directly or through a call), a transaction boundary, or an
  /// assignment to anything A's arguments read.
  static bool wroteBetween(const AnalysisContext &Ctx, const FunctionFact &F, const CallSite &A,
                           const CallSite &B) {
    for (const CallSite &W : F.calls) {
      if (W.seq <= A.seq || W.seq >= B.seq)
        continue;
      if (isWriteAccess(F, W) || opensTransaction(F, W) || closesTransaction(F, W) ||
          W.kind == AccessKind::Execute || W.kind == AccessKind::CacheWrite)
        return true;
      // The statement A runs was prepared again or bound anew: B runs another query, or the
      // same one with other values (`q.prepare(a); q.exec(); q.prepare(b); q.exec();`).
      // A statement handed to a helper counts the same (`run(q); q.prepare(b); run(q);`).
      if (!W.statementVar.empty() &&
          (W.kind == AccessKind::Prepare || W.kind == AccessKind::Bind ||
           W.kind == AccessKind::Reset) &&
          (W.statementVar == A.statementVar ||
           std::find(A.argVars.begin(), A.argVars.end(), W.statementVar) != A.argVars.end()))
        return true;
      if (W.kind == AccessKind::None && !W.calleeIsLambda) {
        // A project call in between: a write through it, or side effects riskgate cannot
        // see (a file written, a cache filled) unless all it does is read the database.
        if (bestReached(Ctx.model, F, W, [](const ReachedAccess &R) {
              const CallSite &S = accessSite(R);
              return isWriteAccess(*R.accessFunction, S) || S.kind == AccessKind::Execute;
            }))
          return true;
        if (!bestReached(Ctx.model, F, W, nullptr))
          return true;
      }
    }
    for (const auto &[Var, Seq] : F.assignments)
      if (Seq > A.seq && Seq < B.seq &&
          std::find(A.argVars.begin(), A.argVars.end(), Var) != A.argVars.end())
        return true;
    return false;
  }
};

} // namespace

std::unique_ptr<Rule> createLoopInvariantQueryRule(const RuleInfo &Info) {
  return std::make_unique<LoopInvariantQueryRule>(Info);
}
std::unique_ptr<Rule> createPrepareInLoopRule(const RuleInfo &Info) {
  return std::make_unique<PrepareInLoopRule>(Info);
}
std::unique_ptr<Rule> createRepeatedQueryRule(const RuleInfo &Info) {
  return std::make_unique<RepeatedQueryRule>(Info);
}

} // namespace riskgate
