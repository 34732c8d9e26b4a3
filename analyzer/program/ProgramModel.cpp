#include "program/ProgramModel.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <deque>
#include <tuple>

namespace riskgate {

namespace {
constexpr size_t MaxEntriesPerSummary = 64;

bool rearms(AccessKind K) {
  return K == AccessKind::Bind || K == AccessKind::Reset || K == AccessKind::Prepare;
}

bool sameAccess(const ReachedAccess &A, const ReachedAccess &B) {
  return A.accessFunction == B.accessFunction && A.accessSite == B.accessSite;
}

/// "Class" of a method "Class::method"; empty for a free function or a lambda.
std::string classOf(const FunctionFact &F) {
  size_t At = F.name.rfind("::");
  return F.isLambda || At == std::string::npos ? std::string() : F.name.substr(0, At);
}

/// "member" of "this.member"; empty for any other key.
std::string memberOf(const std::string &Key) {
  if (Key.rfind("this.", 0) != 0 || Key.find('.', 5) != std::string::npos)
    return {};
  return Key.substr(5);
}
} // namespace

ProgramModel::ProgramModel(const std::vector<TuFacts> &Units) {
  for (const TuFacts &U : Units)
    for (const FunctionFact &F : U.functions)
      if (ByUsr.emplace(F.usr, &F).second)
        Functions.push_back(&F);
  // Deterministic order whatever the order units were parsed in.
  std::sort(Functions.begin(), Functions.end(),
            [](const FunctionFact *A, const FunctionFact *B) { return A->usr < B->usr; });
  for (size_t I = 0; I < Functions.size(); ++I) {
    IndexOf[Functions[I]] = I;
    for (const std::string &O : Functions[I]->overrides)
      Overriders[O].push_back(Functions[I]);
  }
  Stats.functions = Functions.size();
  for (const FunctionFact *F : Functions)
    if (std::string Class = classOf(*F); !Class.empty())
      for (const CallSite &S : F->calls)
        if (std::string Member = memberOf(S.statementVar); rearms(S.kind) && !Member.empty())
          RearmedMembers.insert(Class + "::" + Member);

  Callees.resize(Functions.size());
  for (size_t I = 0; I < Functions.size(); ++I) {
    const FunctionFact &F = *Functions[I];
    Callees[I].resize(F.calls.size());
    for (const CallSite &S : F.calls) {
      if (S.unresolved) {
        ++Stats.unresolvedCalls;
        continue;
      }
      if (S.kind != AccessKind::None || S.calleeUsr.empty())
        continue;
      auto &Out = Callees[I][S.id];
      if (const FunctionFact *Def = function(S.calleeUsr))
        Out.push_back(Def);
      if (S.virtualDispatch) {
        ++Stats.virtualCalls;
        auto It = Overriders.find(S.calleeUsr);
        if (It != Overriders.end())
          for (const FunctionFact *O : It->second)
            if (std::find(Out.begin(), Out.end(), O) == Out.end())
              Out.push_back(O);
        // Through a function-pointer field nothing in the scan stores a function in: a
        // call riskgate cannot follow, and says so.
        if (Out.empty() && S.calleeUsr.rfind(FunctionFact::SlotStorePrefix, 0) == 0)
          ++Stats.unresolvedCalls;
      }
      Stats.callEdges += Out.size();
    }
  }
  CallerSites.resize(Functions.size());
  for (size_t I = 0; I < Functions.size(); ++I)
    for (size_t S = 0; S < Callees[I].size(); ++S)
      for (const FunctionFact *G : Callees[I][S])
        CallerSites[IndexOf.at(G)].emplace_back(I, static_cast<int>(S));
  computeSummaries();
}

const FunctionFact *ProgramModel::function(const std::string &Usr) const {
  auto It = ByUsr.find(Usr);
  return It == ByUsr.end() ? nullptr : It->second;
}

const std::vector<const FunctionFact *> &ProgramModel::callees(const FunctionFact &F,
                                                               int Site) const {
  static const std::vector<const FunctionFact *> None;
  auto It = IndexOf.find(&F);
  if (It == IndexOf.end() || Site < 0 || static_cast<size_t>(Site) >= Callees[It->second].size())
    return None;
  return Callees[It->second][Site];
}

const FunctionSummary &ProgramModel::summary(const FunctionFact &F) const {
  static const FunctionSummary Empty;
  auto It = IndexOf.find(&F);
  return It == IndexOf.end() ? Empty : Summaries[It->second];
}

bool ProgramModel::stepReexecutes(const FunctionFact &F, const CallSite &Site, int Loop) {
  if (Site.kind != AccessKind::Step || Site.statementVar.empty())
    return false;
  for (const CallSite &O : F.calls) {
    if (!rearms(O.kind) || O.statementVar != Site.statementVar)
      continue;
    if (Loop < 0 || F.loopWithin(O.loop, Loop))
      return true;
  }
  return false;
}

bool ProgramModel::siteRunsThrough(const FunctionFact &G, const CallSite &Site,
                                   const CallSite &Call) {
  if (Call.argTruth.empty() || G.paramTests.empty() || Site.branch.empty())
    return true;
  llvm::StringRef Path(Site.branch);
  while (!Path.empty()) {
    auto [Arm, Rest] = Path.split('/');
    Path = Rest;
    auto [If, Which] = Arm.rsplit('.');
    for (const ParamTest &T : G.paramTests) {
      if (T.ifId != If || T.param < 0 || static_cast<size_t>(T.param) >= Call.argTruth.size())
        continue;
      char Truth = Call.argTruth[T.param];
      if (Truth == '?')
        continue;
      bool Value = (Truth == '1') != T.negated;
      if (T.conjunct ? !Value && Which == "0" : Which != (Value ? "0" : "1"))
        return false;
    }
  }
  return true;
}

bool ProgramModel::reachesThrough(const FunctionFact &G, const CallSite &Call,
                                  const ReachedAccess &A) const {
  if (Call.argTruth.empty() || G.paramTests.empty())
    return true;
  auto It = IndexOf.find(&G);
  if (It == IndexOf.end())
    return true;
  for (const CallSite &S : G.calls) {
    if (!siteRunsThrough(G, S, Call))
      continue;
    if (A.accessFunction == &G && A.accessSite == S.id)
      return true;
    for (const FunctionFact *H : Callees[It->second][S.id])
      for (const ReachedAccess &E : Summaries[IndexOf.at(H)].roundTrips)
        if (sameAccess(E, A))
          return true;
  }
  return false;
}

bool ProgramModel::drainsMemberStatement(const FunctionFact &F, const CallSite &S) const {
  if (S.kind != AccessKind::Step || S.loop < 0)
    return false;
  std::string Member = memberOf(S.statementVar), Class = classOf(F);
  return !Member.empty() && !Class.empty() && RearmedMembers.count(Class + "::" + Member);
}

void ProgramModel::computeSummaries() {
  const size_t N = Functions.size();
  Summaries.assign(N, {});
  std::vector<std::vector<size_t>> Callers(N);
  for (size_t I = 0; I < N; ++I)
    for (const auto &SiteCallees : Callees[I])
      for (const FunctionFact *G : SiteCallees) {
        size_t J = IndexOf.at(G);
        if (Callers[J].empty() || Callers[J].back() != I)
          Callers[J].push_back(I);
      }

  std::deque<size_t> Work;
  std::vector<bool> Queued(N, true);
  for (size_t I = 0; I < N; ++I)
    Work.push_back(I);
  const size_t Limit = 64 * (N + 1);
  while (!Work.empty() && Stats.summaryIterations < Limit) {
    size_t I = Work.front();
    Work.pop_front();
    Queued[I] = false;
    ++Stats.summaryIterations;
    const FunctionFact &F = *Functions[I];

    std::vector<ReachedAccess> Next;
    auto Offer = [&Next](const ReachedAccess &A) {
      for (ReachedAccess &E : Next)
        if (sameAccess(E, A)) {
          if (A.depth < E.depth)
            E = A;
          return;
        }
      Next.push_back(A);
    };
    for (const CallSite &S : F.calls) {
      // What runs once per program (a static local's set-up) or only on the way out by an
      // exception is not a cost of each call: callers' loops and hot paths do not pay it.
      if (S.runsOnce || S.leavesByException)
        continue;
      if (isRoundTrip(S.kind) || stepReexecutes(F, S, -1) || drainsMemberStatement(F, S))
        Offer({&F, S.id, 0, -1, nullptr});
      for (const FunctionFact *G : Callees[I][S.id])
        for (const ReachedAccess &E : Summaries[IndexOf.at(G)].roundTrips)
          if (reachesThrough(*G, S, E))
            Offer({E.accessFunction, E.accessSite, E.depth + 1, S.id, G});
    }
    std::sort(Next.begin(), Next.end(), [](const ReachedAccess &A, const ReachedAccess &B) {
      return std::make_tuple(A.depth, A.accessFunction->usr, A.accessSite, A.viaSite) <
             std::make_tuple(B.depth, B.accessFunction->usr, B.accessSite, B.viaSite);
    });
    if (Next.size() > MaxEntriesPerSummary)
      Next.resize(MaxEntriesPerSummary);

    auto &Cur = Summaries[I].roundTrips;
    bool Changed = Cur.size() != Next.size();
    for (size_t K = 0; !Changed && K < Cur.size(); ++K)
      Changed = !sameAccess(Cur[K], Next[K]) || Cur[K].depth != Next[K].depth;
    if (!Changed)
      continue;
    Cur = std::move(Next);
    for (size_t C : Callers[I])
      if (!Queued[C]) {
        Queued[C] = true;
        Work.push_back(C);
      }
  }
}

std::vector<std::pair<const FunctionFact *, const CallSite *>>
ProgramModel::chain(const FunctionFact &F, const CallSite &Site,
                    const ReachedAccess &Access) const {
  std::vector<std::pair<const FunctionFact *, const CallSite *>> Out;
  Out.emplace_back(&F, &Site);
  const ReachedAccess *Cur = &Access;
  // No depth limit: every step's depth is one less than the last, so the walk ends.
  while (Cur && Cur->depth > 0 && Cur->viaCallee) {
    const FunctionFact *G = Cur->viaCallee;
    const ReachedAccess *Inner = nullptr;
    for (const ReachedAccess &E : summary(*G).roundTrips)
      if (sameAccess(E, *Cur)) {
        Inner = &E;
        break;
      }
    if (!Inner || Inner->depth >= Cur->depth)
      break;
    const FunctionFact *Holder = Inner->depth == 0 ? Inner->accessFunction : G;
    int SiteId = Inner->depth == 0 ? Inner->accessSite : Inner->viaSite;
    if (SiteId >= 0 && static_cast<size_t>(SiteId) < Holder->calls.size())
      Out.emplace_back(Holder, &Holder->calls[SiteId]);
    Cur = Inner;
  }
  return Out;
}

} // namespace riskgate

namespace riskgate {
std::vector<std::pair<const FunctionFact *, const CallSite *>>
ProgramModel::chainThrough(const FunctionFact &F, const CallSite &S, const ReachedAccess &A) const {
  ReachedAccess Via = A;
  Via.depth += 1;
  Via.viaSite = S.id;
  Via.viaCallee = nullptr;
  for (const FunctionFact *G : callees(F, S.id))
    for (const ReachedAccess &E : summary(*G).roundTrips)
      if (&E == &A)
        Via.viaCallee = G;
  return chain(F, S, Via);
}

std::vector<std::pair<const FunctionFact *, const CallSite *>>
ProgramModel::callersOf(const FunctionFact &F) const {
  std::vector<std::pair<const FunctionFact *, const CallSite *>> Out;
  auto It = IndexOf.find(&F);
  if (It == IndexOf.end())
    return Out;
  for (const auto &[Caller, Site] : CallerSites[It->second])
    Out.emplace_back(Functions[Caller], &Functions[Caller]->calls[Site]);
  return Out;
}
} // namespace riskgate
