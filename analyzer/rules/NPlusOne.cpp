// n-plus-one: a round trip (query, statement execution, remote call) that runs once per
// iteration of a loop, directly or through any depth of calls. docs/rules/n-plus-one.md
#include "rules/LoopContext.h"
#include "rules/Rule.h"

#include <algorithm>
#include <map>
#include <optional>

namespace riskgate {
namespace {

std::string describe(const CallSite &Access, bool StepExecution) {
  if (StepExecution)
    return "a statement execution";
  switch (Access.kind) {
  case AccessKind::Query:
    return "a query";
  case AccessKind::Execute:
    return "a prepared statement";
  case AccessKind::Remote:
    return "a remote call";
  case AccessKind::Step:
    return "a statement execution";
  default:
    return "a data access";
  }
}

std::string normalizeSql(const std::string &Sql) {
  std::string Out;
  bool Space = false;
  for (char C : Sql) {
    if (C == ' ' || C == '\n' || C == '\t' || C == '\r') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

class NPlusOneRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions()) {
      if (F->isLambda)
        continue; // analyzed inlined into the function that runs it
      FunctionContext C(Ctx.model, Ctx.packs, *F);
      for (const ContextSite &S : C.sites())
        if (!S.loops.empty())
          check(Ctx, C, S, Out);
    }
  }

private:
  mutable std::map<const FunctionFact *, bool> UpgradeMemo; // reachedOnlyOnUpgrade's, per run
  // Members the program fills from a query's rows, computed once per run (a rule object
  // lives for one analysis).
  mutable std::optional<std::map<std::string, const FunctionFact *>> RowFilled;
  const std::map<std::string, const FunctionFact *> &rowFilled(const AnalysisContext &Ctx) const {
    if (!RowFilled)
      RowFilled = rowFilledMembers(Ctx.model, Ctx.packs);
    return *RowFilled;
  }

  /// Is the statement Site steps prepared inside Loop (one statement per iteration, each
  /// run once), rather than bound or reset there?
  static bool preparedInLoop(const FunctionFact &F, const CallSite &Site, const LoopRef &Loop) {
    for (const CallSite &O : F.calls)
      if (Loop.fn == &F && O.kind == AccessKind::Prepare && O.statementVar == Site.statementVar &&
          F.loopWithin(O.loop, Loop.id))
        return true;
    return false;
  }

  void check(const AnalysisContext &Ctx, const FunctionContext &C, const ContextSite &S,
             std::vector<Finding> &Out) const {
    const CallSite &Site = *S.site;
    std::vector<std::pair<const FunctionFact *, const CallSite *>> Chain;
    size_t LoopIndex = 0;
    bool StepExecution = false;

    if (isRoundTrip(Site.kind)) {
      Chain.emplace_back(S.owner, &Site);
    } else if (Site.kind == AccessKind::Step) {
      const LoopRef *L = C.reexecutingLoop(S);
      if (!L)
        return; // a cursor: iterating rows already produced
      LoopIndex = static_cast<size_t>(L - S.loops.data());
      StepExecution = true;
      Chain.emplace_back(S.owner, &Site);
    } else if (Site.kind == AccessKind::None) {
      const ReachedAccess *Best = bestReached(Ctx.model, *S.owner, Site, nullptr);
      if (!Best)
        return;
      Chain = Ctx.model.chainThrough(*S.owner, Site, *Best);
      if (isBatchingChain(Chain))
        return;
    } else {
      return;
    }

    // The loop that repeats the access: the innermost one that is not a retry loop
    // around this very call.
    if (!StepExecution) {
      auto Repeating = C.repeatingLoop(S);
      if (!Repeating)
        return;
      LoopIndex = *Repeating;
    } else if (S.loops[LoopIndex].fact().chunked || C.isRetryLoop(S, S.loops[LoopIndex])) {
      return; // a batch, or a step retried on BUSY/LOCKED after a reset
    }
    const CallSite &Access = *Chain.back().second;
    const FunctionFact &AccessFn = *Chain.back().first;
    const LoopRef &Loop = S.loops[LoopIndex];
    const std::string &Statement = StepExecution ? Site.statementVar : std::string();
    EngineView Engine = engineOf(Ctx, AccessFn, Access);

    // Rows written one per iteration inside a transaction: the recommended bulk pattern for
    // an in-process engine (nothing to report), still one round trip per row over a network.
    std::string Sql = chainSql(Chain, &Ctx.model);
    bool Write = (isRoundTrip(Access.kind) || Access.kind == AccessKind::Step) && isWriteSql(Sql);
    bool InTxn = Write && C.transactionAround(Loop);
    std::string Keyword = firstSqlKeyword(Sql);
    if (isTxnBeginSql(Sql) || isTxnEndSql(Sql) || Access.kind == AccessKind::TxnBegin ||
        Access.kind == AccessKind::TxnEnd)
      return; // a transaction per iteration is write-loop-without-transaction's finding
    bool Ddl = isSchemaStatement(Sql);
    // A read of the schema catalog per iteration: the loop walks tables or indexes, as many
    // as the schema has, not rows.
    std::string Catalog = Ddl || Write ? std::string() : catalogRead(Sql);
    bool Upgrade = false;
    for (size_t I = LoopIndex; I < S.loops.size(); ++I)
      Upgrade = Upgrade || S.loops[I].fact().upgradeOnly;
    // ... or the function holding the loop is only ever called on an upgrade.
    bool CalledOnUpgrade = !Upgrade && reachedOnlyOnUpgrade(Ctx.model, C.root(), UpgradeMemo);
    Upgrade = Upgrade || CalledOnUpgrade;
    if (InTxn && Engine.latency == Latency::InProcess && !Engine.unknown)
      return;
    const CallSite *Wait = C.pacingWait(Loop);
    const CallSite *Cache = nullptr;
    for (const auto &[Fn, At] : Chain)
      if (!Cache)
        Cache = cacheLookup(Ctx.model, *Fn, *At);
    // An in-memory gate on the way: it runs only for the elements a container admits.
    const CallSite *Gate = nullptr;
    const FunctionFact *GateFn = nullptr;
    std::string Gated;
    for (size_t I = 0; I < Chain.size() && !Gate && !Cache; ++I) {
      const FunctionFact &Fn = *Chain[I].first;
      if (I == 0 && Loop.fn != &Fn)
        continue; // the loop is in an enclosing function of an inlined lambda
      Gate = gateLookup(Ctx.model, Fn, *Chain[I].second, I == 0 ? Loop.id : -1, *Loop.fn, Gated);
      GateFn = Gate ? &Fn : nullptr;
    }

    Finding F;
    F.rule = Info.id;
    F.loc = Site.loc;
    F.function = C.root().name;
    Severity Base = Engine.latency == Latency::Network ? Severity::High : Severity::Medium;
    std::vector<std::string> Why{Engine.latency == Latency::Network
                                     ? "starts at high: a network round trip"
                                     : "starts at medium: an in-process call"};
    // A member the program fills from a query's rows is as large as that result.
    std::string Member;
    const FunctionFact *Filler = nullptr;
    for (size_t I = LoopIndex; I < S.loops.size() && !Filler; ++I)
      for (const std::string &K : walkedMembers(S.loops[I])) {
        auto It = rowFilled(Ctx).find(K);
        if (It != rowFilled(Ctx).end() && !Filler) {
          Member = K.substr(K.rfind("::") + 2);
          Filler = It->second;
        }
      }
    // A loop around it walks a collection taken from input: as large as the client makes it.
    // ... or through its callers: a collection handed in that some caller took from a
    // query's rows, input or a request.
    std::string Input;
    for (size_t I = LoopIndex; I < S.loops.size() && Input.empty(); ++I)
      Input = inputSizedLoop(S.loops[I]);
    std::string FromCallers;
    bool Local = Engine.latency == Latency::InProcess && !Engine.unknown;
    for (size_t I = LoopIndex;
         Local && I < S.loops.size() && Input.empty() && FromCallers.empty() && !Filler; ++I)
      FromCallers = sizedByCallers(Ctx.model, S.loops[I], rowFilled(Ctx));
    bool InProcess = Engine.latency == Latency::InProcess && !Engine.unknown;
    F.severity = C.adjust(Base, S, LoopIndex, Statement, &Why, hotReaches(Ctx, C.root()), InProcess,
                          Filler != nullptr || !Input.empty() || !FromCallers.empty());
    if (InTxn && F.severity > Severity::Medium) {
      F.severity = Severity::Medium;
      Why.push_back("at most medium: the rows are written inside a transaction");
    }
    const auto &Trip = Loop.fact().tripCount;
    std::string Table = Ddl || !Catalog.empty() ? std::string() : tablePerIteration(Chain, Loop);
    if ((Wait || Ddl || !Catalog.empty() || !Table.empty() || Upgrade || Trip || Cache || Gate) &&
        F.severity > Severity::Low) {
      F.severity = Severity::Low;
      Why.push_back(Cache              ? "low: behind a cache, it runs only on a miss"
                    : Gate             ? "low: only for the elements '" + Gated + "' holds"
                    : Wait             ? "low: a service loop"
                    : Upgrade          ? "low: schema upgrade code"
                    : Ddl              ? "low: a schema statement"
                    : !Catalog.empty() ? "low: a read of the schema catalog"
                    : !Table.empty()   ? "low: one statement per table"
                                       : "low: at most " + std::to_string(*Trip) +
                                           " iterations, a cost that does not grow with the data");
    }
    // A statement whose SQL riskgate cannot read (prepared elsewhere, passed in) executed
    // per iteration inside a transaction on an in-process engine: the bulk pattern if it
    // writes, an in-process read otherwise. Low either way, and said.
    bool UnknownSql = Sql.empty() && Access.sql.empty() && Access.sqlPrefix.empty();
    bool UnknownInTxn =
        UnknownSql && InProcess && F.severity > Severity::Low && C.transactionAround(Loop);
    if (UnknownInTxn) {
      F.severity = Severity::Low;
      Why.push_back("low: inside a transaction, in process, running SQL riskgate cannot read "
                    "here (the bulk pattern if it writes)");
    }
    // In process, a call costs microseconds (sqlite's own advice: many small queries are
    // efficient): the loop hurts when it is table-sized. With nothing to show that (no rows
    // of a query walked, no member filled from them, no input, no nesting in such a loop, no
    // hot entry point) the access is low, a read or a write: a write's commit per row outside
    // a transaction is write-loop-without-transaction's finding, graded the same way.
    bool Raised = std::any_of(Why.begin(), Why.end(),
                              [](const std::string &W) { return W.rfind("one level up", 0) == 0; });
    if (InProcess && !Raised && F.severity == Severity::Medium) {
      if (Filler) {
        Why.push_back("stays medium: over '" + Member + "', which '" + Filler->name +
                      "' fills from the rows of a query");
      } else if (!Input.empty()) {
        Why.push_back("stays medium: the loop walks " + Input +
                      ", as large as the client makes it");
      } else if (!FromCallers.empty()) {
        Why.push_back("stays medium: the loop walks " + FromCallers);
      } else {
        F.severity = Severity::Low;
        Why.push_back("one level down: in process, over a collection nothing shows to be "
                      "table-sized (it is not the rows of a query, a member filled from them, "
                      "nor input)");
      }
    }
    std::string What = describe(Access, StepExecution);
    if (Chain.size() == 1)
      F.message = "'" + Access.api + "' runs " + What + " (" + latencyWords(Engine) +
                  ") on every iteration of a loop";
    else
      F.message = "call to '" + Site.calleeName + "' runs " + What + " (" + Access.api + ", " +
                  latencyWords(Engine) + ") on every iteration of a loop";
    if (StepExecution)
      F.message += preparedInLoop(*S.owner, Site, Loop)
                       ? ": the statement is prepared again inside the loop"
                       : ": the statement is bound or reset again inside the loop";
    if (InTxn)
      F.message += "; inside a transaction, but still one round trip per row: send the rows "
                   "together (a multi-row INSERT, COPY, or pipelining)";
    if (Cache)
      F.message += "; it runs on a cache miss only (" + Cache->calleeName + " at line " +
                   std::to_string(Cache->loc.line) + ", filled after the access)";
    if (Gate)
      F.message += "; it runs only for the elements '" + Gated + "' holds ('" + Gate->calleeName +
                   "' at line " + std::to_string(Gate->loc.line) + " of '" + GateFn->name +
                   "' decides whether to go on)";
    if (Wait)
      F.message += "; the loop waits on every pass (" + Wait->calleeName +
                   "), so this runs once per tick or event, not once per row";
    if (Ddl)
      F.message +=
          "; a schema statement (" + Keyword + ") runs once per schema object, not per row";
    else if (!Catalog.empty())
      F.message += "; it reads the schema catalog (" + Catalog +
                   "), so the loop walks tables, columns or indexes, not rows";
    else if (!Table.empty())
      F.message += "; its table is named at run time by " + Table +
                   ", which changes on every pass: one statement per table, so the loop walks "
                   "the schema's tables, not rows";
    if (CalledOnUpgrade)
      F.message += "; '" + C.root().name +
                   "' is called only when the schema is upgraded (every call is under a "
                   "schema-version check or in migration code)";
    else if (Upgrade)
      F.message += "; the loop runs only when the schema is upgraded (under a schema-version "
                   "check, or in a migration function)";
    F.trace.push_back(C.loopNote(Loop, Statement));
    if (Why.size() > 1) { // the grade moved: say how, at the loop
      std::string &Note = F.trace.back().message;
      Note += " (severity " + std::string(severityName(F.severity)) + ":";
      for (size_t I = 0; I < Why.size(); ++I)
        Note += (I ? "; " : " ") + Why[I];
      Note += ")";
    }
    if (Wait)
      F.trace.push_back({Wait->loc, "the loop waits here on every pass"});
    for (size_t I = 0; I + 1 < Chain.size(); ++I) {
      const std::string &Static = Chain[I].second->calleeName;
      const std::string &Actual = Chain[I + 1].first->name;
      F.trace.push_back(
          {Chain[I].second->loc, "calls " + Static +
                                     (Actual != Static && !Chain[I + 1].first->isLambda
                                          ? ", which dispatches to " + Actual
                                          : std::string())});
    }
    if (Chain.size() > 1)
      F.trace.push_back({Access.loc, "which runs " + Access.api + " here"});
    // Identity: what a reviewer calls "the same problem": the loop (its kind), the call at
    // the loop site, the kind of access and its SQL; not the calls in between, so an edit
    // further down the chain keeps it (the function is added centrally).
    F.fingerprintParts = {Loop.fact().label, Chain.size() > 1 ? Site.calleeName : Access.api,
                          accessKindName(Access.kind),
                          normalizeSql(Sql.empty() ? Access.sql : Sql)};
    Out.push_back(std::move(F));
  }
};

} // namespace

std::unique_ptr<Rule> createNPlusOneRule(const RuleInfo &Info) {
  return std::make_unique<NPlusOneRule>(Info);
}

} // namespace riskgate
