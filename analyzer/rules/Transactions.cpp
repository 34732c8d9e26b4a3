// write-loop-without-transaction: rows written one per loop iteration with no transaction
// around the loop (in the function or in every caller), and transactions opened and
// committed inside every iteration. docs/rules/write-loop-without-transaction.md
#include "rules/LoopContext.h"
#include "rules/Rule.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace riskgate {
namespace {

/// The write S leads to, read by the SQL its chain runs: a wrapper's statement is the text
/// the nearest caller on the chain passes (`exec("INSERT ...")`, `run("DELETE ... " + id)`).
/// The most expensive such access, then the shortest chain; null when none writes.
const ReachedAccess *reachedWrite(const ProgramModel &M, const FunctionFact &F, const CallSite &S,
                                  std::string &Sql) {
  const ReachedAccess *Best = nullptr;
  for (const FunctionFact *G : M.callees(F, S.id))
    for (const ReachedAccess &A : M.summary(*G).roundTrips) {
      const CallSite &Acc = accessSite(A);
      if ((!isRoundTrip(Acc.kind) && Acc.kind != AccessKind::Step) || !M.reachesThrough(*G, S, A))
        continue;
      std::string Text = chainSql(M.chainThrough(F, S, A), &M);
      if (!isWriteSql(Text))
        continue;
      if (Best) {
        const CallSite &B = accessSite(*Best);
        if (Acc.latency != B.latency ? Acc.latency < B.latency : A.depth >= Best->depth)
          continue;
      }
      Best = &A;
      Sql = std::move(Text);
    }
  return Best;
}

/// Does any function on the chain to the access open a transaction of its own?
bool chainOpensTransaction(const ProgramModel &M, const FunctionFact &F, const CallSite &S,
                           const ReachedAccess &A) {
  for (const auto &[Fn, Site] : M.chainThrough(F, S, A))
    if (Fn != &F && transactionOpenAt(*Fn, Site->seq, &M))
      return true;
  return false;
}

/// The loop that repeats S, or one around it, runs only on a schema upgrade.
bool upgradeOnly(const ContextSite &S, size_t From) {
  for (size_t I = From; I < S.loops.size(); ++I)
    if (S.loops[I].fact().upgradeOnly)
      return true;
  return false;
}

class WriteLoopRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

private:
  mutable std::map<const FunctionFact *, bool> UpgradeMemo; // reachedOnlyOnUpgrade's, per run
  // Members the program fills from a query's rows, computed once per run.
  mutable std::optional<std::map<std::string, const FunctionFact *>> RowFilled;
  const std::map<std::string, const FunctionFact *> &rowFilled(const AnalysisContext &Ctx) const {
    if (!RowFilled)
      RowFilled = rowFilledMembers(Ctx.model, Ctx.packs);
    return *RowFilled;
  }

  /// In process, what shows the loops around S (from LoopIndex out) table-sized, in words
  /// for the trace; empty when nothing does.
  std::string sizeEvidence(const AnalysisContext &Ctx, const FunctionContext &C,
                           const ContextSite &S, size_t LoopIndex) const {
    for (size_t I = LoopIndex; I < S.loops.size(); ++I) {
      if (const CallSite *Q = C.rowsQuery(S.loops[I]))
        return "the loop walks the rows of the query at line " + std::to_string(Q->loc.line);
      if (C.walksRows(S.loops[I], ""))
        return "the loop walks the rows of another query";
      for (const std::string &K : walkedMembers(S.loops[I]))
        if (auto It = rowFilled(Ctx).find(K); It != rowFilled(Ctx).end())
          return "the loop walks '" + K.substr(K.rfind("::") + 2) + "', which '" +
                 It->second->name + "' fills from the rows of a query";
      if (std::string In = inputSizedLoop(S.loops[I]); !In.empty())
        return "the loop walks " + In + ", as large as the client makes it";
      if (std::string By = sizedByCallers(Ctx.model, S.loops[I], rowFilled(Ctx)); !By.empty())
        return "the loop walks " + By;
    }
    if (hotReaches(Ctx, C.root()))
      return "a hot entry point reaches it";
    return {};
  }

public:
  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions()) {
      if (F->isLambda)
        continue;
      FunctionContext C(Ctx.model, Ctx.packs, *F);
      std::set<std::pair<const FunctionFact *, int>> PerIterationReported;
      for (const ContextSite &S : C.sites()) {
        if (S.loops.empty())
          continue;
        // A transaction opened and committed inside the loop: one commit per iteration.
        if (callTransactionEffect(&Ctx.model, *S.owner, *S.site) == TxnEffect::Begins) {
          const LoopRef &L = S.loops.front();
          bool Closed = false;
          for (const ContextSite &O : C.sites())
            if (FunctionContext::within(O, L) &&
                callTransactionEffect(&Ctx.model, *O.owner, *O.site) == TxnEffect::Ends)
              Closed = true;
          if (Closed && PerIterationReported.insert({L.fn, L.id}).second) {
            Finding Fd = finding(*F, S.site->loc);
            Fd.message = "a transaction is opened and committed on every iteration of a loop: "
                         "one commit (and one sync to disk) per row; open it once around the loop";
            Fd.trace.push_back(C.loopNote(L, ""));
            if (upgradeOnly(S, 0) || reachedOnlyOnUpgrade(Ctx.model, *F, UpgradeMemo)) {
              Fd.severity = Severity::Low;
              Fd.message += " (the loop runs only when the schema is upgraded)";
            }
            Fd.fingerprintParts = {"per-iteration", S.site->api};
            Out.push_back(std::move(Fd));
          }
          continue;
        }
        auto LoopIndex = C.repeatingLoop(S);
        if (!LoopIndex)
          continue;
        const LoopRef &L = S.loops[*LoopIndex];
        std::vector<TraceStep> Chain;
        std::vector<std::string> Names;
        std::string Sql;
        const FunctionFact *AccessFn = S.owner;
        const CallSite *Access = S.site;
        const ReachedAccess *Reached = nullptr;
        bool Runs = isRoundTrip(S.site->kind) || S.site->kind == AccessKind::Step;
        if (Runs)
          Sql = effectiveSql(Ctx.model, *S.owner, *S.site);
        if (Runs && isWriteSql(Sql)) {
          Names.push_back(S.site->api);
        } else if (S.site->kind == AccessKind::None) {
          const ReachedAccess *A = reachedWrite(Ctx.model, *S.owner, *S.site, Sql);
          if (!A)
            continue;
          Reached = A;
          AccessFn = A->accessFunction;
          Access = &accessSite(*A);
          if (isBatchingChain(Ctx.model.chainThrough(*S.owner, *S.site, *A)))
            continue;
          if (chainOpensTransaction(Ctx.model, *S.owner, *S.site, *A))
            continue; // the callee commits per call: its own finding where it loops, if any
          chainNotes(Ctx.model, *S.owner, *S.site, *A, Chain, Names);
        } else {
          continue;
        }
        // Covered: a transaction open around the loop, here or in every caller.
        int FirstInLoop = S.site->seq;
        for (const ContextSite &O : C.sites())
          if (FunctionContext::within(O, L) && O.owner == S.owner)
            FirstInLoop = std::min(FirstInLoop, O.site->seq);
        if (L.fn == S.owner && transactionOpenAt(*S.owner, FirstInLoop, &Ctx.model))
          continue;
        if (transactionOpenAt(*S.owner, S.site->seq, &Ctx.model))
          continue; // a transaction opened inside the iteration: reported at its BEGIN
        if (transactionHeldByCallers(Ctx.model, *F))
          continue;
        Finding Fd = finding(*F, S.site->loc);
        std::string Verb = Sql.substr(0, Sql.find_first_of(" \t\n"));
        // Several constant texts that all write: name each verb ("INSERT or UPDATE").
        if (Access->sql.empty() && Access->sqlCandidates.size() > 1) {
          std::vector<std::string> Verbs;
          for (const std::string &T : Access->sqlCandidates) {
            std::string K = firstSqlKeyword(T);
            if (!K.empty() && std::find(Verbs.begin(), Verbs.end(), K) == Verbs.end())
              Verbs.push_back(K);
          }
          if (Verbs.size() > 1) {
            Verb = Verbs.front();
            for (size_t I = 1; I < Verbs.size(); ++I)
              Verb += (I + 1 == Verbs.size() ? " or " : ", ") + Verbs[I];
          }
        }
        Fd.message =
            (Chain.empty() ? "'" + S.site->api + "'" : "call to '" + S.site->calleeName + "'") +
            " writes rows (" + Verb +
            ") one per iteration of a loop with no transaction "
            "around it: every row is its own commit";
        Fd.severity =
            C.adjust(Info.defaultSeverity, S, *LoopIndex, "", nullptr, hotReaches(Ctx, *F));
        // In process, a commit costs a sync to disk: a few per call cost little, a table's
        // worth is the incident. Without evidence the loop is table-sized, low, and said.
        std::string LowWhy;
        EngineView Engine = engineOf(Ctx, *AccessFn, *Access);
        if (Engine.latency == Latency::InProcess && !Engine.unknown &&
            Fd.severity > Severity::Low && sizeEvidence(Ctx, C, S, *LoopIndex).empty()) {
          Fd.severity = Severity::Low;
          LowWhy = "severity low: in process, over a collection nothing shows to be "
                   "table-sized (it is not the rows of a query, a member filled from them, nor "
                   "input), a few commits";
        }
        // One statement per table of the schema: a handful of commits, not one per row.
        std::vector<std::pair<const FunctionFact *, const CallSite *>> Path{{S.owner, S.site}};
        if (Reached)
          Path = Ctx.model.chainThrough(*S.owner, *S.site, *Reached);
        if (std::string Table = tablePerIteration(Path, L); !Table.empty()) {
          Fd.severity = Severity::Low;
          LowWhy = "severity low: one statement per table, its table named at run time by " +
                   Table + ", which changes on every pass";
        }
        if (upgradeOnly(S, *LoopIndex) || reachedOnlyOnUpgrade(Ctx.model, *F, UpgradeMemo)) {
          Fd.severity = Severity::Low;
          Fd.message += " (the loop runs only when the schema is upgraded: under a schema-version "
                        "check, in a migration function, or in a function called only from one)";
        }
        Fd.trace.push_back(C.loopNote(L, ""));
        if (!LowWhy.empty())
          Fd.trace.back().message += " (" + LowWhy + ")";
        Fd.trace.insert(Fd.trace.end(), Chain.begin(), Chain.end());
        Fd.fingerprintParts = Names;
        Fd.fingerprintParts.push_back(Sql);
        Out.push_back(std::move(Fd));
      }
    }
  }
};

} // namespace

std::unique_ptr<Rule> createWriteLoopRule(const RuleInfo &Info) {
  return std::make_unique<WriteLoopRule>(Info);
}

} // namespace riskgate
