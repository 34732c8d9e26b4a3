// unchecked-db-result and dynamic-sql: how a data-access call's inputs and outputs are
// handled. docs/rules/<id>.md
#include "rules/LoopContext.h"
#include "rules/Rule.h"

#include <set>

namespace riskgate {
namespace {

const char *failureWords(uint8_t F) {
  switch (static_cast<FailureReport>(F)) {
  case FailureReport::ReturnCode:
    return "a return code";
  case FailureReport::NullPointer:
    return "a null pointer";
  case FailureReport::ResultStatus:
    return "the result's status";
  case FailureReport::FalseValue:
    return "a false return";
  default:
    return "its return value";
  }
}

/// A prepare whose failure shows in the execution that follows: the same statement run
/// later in the function with its result looked at (Qt's `q.prepare(...); if (!q.exec())`,
/// where a failed prepare makes exec fail too). A step is not enough: `while (step == ROW)`
/// ends as quietly on a failed prepare as on an empty result.
bool checkedLater(const FunctionFact &F, const CallSite &Prepare) {
  if (Prepare.statementVar.empty())
    return false;
  for (const CallSite &O : F.calls)
    if (O.seq > Prepare.seq && O.statementVar == Prepare.statementVar && !O.resultDiscarded &&
        (O.kind == AccessKind::Execute || O.kind == AccessKind::Query))
      return true;
  return false;
}

class UncheckedResultRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions())
      for (const CallSite &S : F->calls) {
        if (!S.resultDiscarded || S.failure == 0 ||
            static_cast<FailureReport>(S.failure) == FailureReport::Exception)
          continue;
        // Binding, resetting and finalizing fail only on programming errors: not reported.
        if (S.kind == AccessKind::Bind || S.kind == AccessKind::Reset ||
            S.kind == AccessKind::Finalize || S.kind == AccessKind::None)
          continue;
        if (S.kind == AccessKind::Prepare && checkedLater(*F, S))
          continue;
        Finding Fd = finding(*F, S.loc);
        Fd.message = "the result of '" + S.api + "' is discarded: it reports failure through " +
                     failureWords(S.failure) + ", so a failed " +
                     (S.kind == AccessKind::Step ? "step" : "call") + " goes unnoticed";
        // A write that fails loses data; a read that fails shows up as missing rows.
        // (A prepare stays: every use of its statement after a failure is broken.)
        if (S.kind != AccessKind::Prepare && isReadSql(S.sql) && Fd.severity > Severity::Low) {
          Fd.severity = Severity::Low;
          Fd.message += " (a read: it would show as missing rows)";
        }
        Fd.fingerprintParts = {S.api, S.sql};
        Out.push_back(std::move(Fd));
      }
  }
};

std::string paramName(const std::string &Key) { return Key.substr(0, Key.find('#')); }

class DynamicSqlRule : public RuleWithInfo {
public:
  using RuleWithInfo::RuleWithInfo;

  void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const override {
    for (const FunctionFact *F : Ctx.model.functions())
      for (const CallSite &S : F->calls) {
        if (S.kind == AccessKind::None || S.sqlOrigin <= SqlOrigin::Constant)
          continue;
        if (S.sqlParam >= 0) {
          // The SQL is the wrapper's parameter: judge it where callers build it.
          std::set<const FunctionFact *> Seen;
          std::vector<TraceStep> Trace{{S.loc, "which runs " + S.api + " with it here"}};
          fromCallers(Ctx, *F, S.sqlParam, S, Trace, Seen, 0, Out);
          continue;
        }
        report(*F, S.loc, S.sqlOrigin, S.sqlTaint, S.api, {}, Out);
      }
  }

private:
  void fromCallers(const AnalysisContext &Ctx, const FunctionFact &G, int Param,
                   const CallSite &Access, const std::vector<TraceStep> &Below,
                   std::set<const FunctionFact *> &Seen, int Depth,
                   std::vector<Finding> &Out) const {
    if (Depth > 4 || !Seen.insert(&G).second)
      return;
    for (const auto &[Caller, Site] : Ctx.model.callersOf(G)) {
      if (Param < 0 || static_cast<size_t>(Param) >= Site->argOrigins.size())
        continue;
      auto Origin = static_cast<SqlOrigin>(Site->argOrigins[Param]);
      const std::string &Taint = Site->argTaints[Param];
      std::vector<TraceStep> Trace{{Site->loc, "passes the SQL to " + Site->calleeName}};
      Trace.insert(Trace.end(), Below.begin(), Below.end());
      // Passed straight through from the caller's own parameter: go up once more.
      if (Taint.rfind("parameter '", 0) == 0 && Origin == SqlOrigin::Strings) {
        std::string Name = Taint.substr(11, Taint.size() - 12);
        int Index = -1;
        for (size_t I = 0; I < Caller->params.size(); ++I)
          if (paramName(Caller->params[I]) == Name)
            Index = static_cast<int>(I);
        if (Index >= 0 && !Ctx.model.callersOf(*Caller).empty()) {
          fromCallers(Ctx, *Caller, Index, Access, Trace, Seen, Depth + 1, Out);
          continue;
        }
      }
      if (Origin <= SqlOrigin::Constant)
        continue;
      report(*Caller, Site->loc, Origin, Taint, Access.api, Trace, Out);
    }
  }

  void report(const FunctionFact &F, const SourceLoc &Loc, SqlOrigin Origin,
              const std::string &Taint, const std::string &Api, std::vector<TraceStep> Trace,
              std::vector<Finding> &Out) const {
    Finding Fd = finding(F, Loc);
    if (Origin == SqlOrigin::Integers) {
      Fd.severity = Severity::Low;
      Fd.message =
          "SQL for '" + Api +
          "' is built at run time with numbers formatted into it: "
          "use bound parameters (the text changes with every value, so it is never reused)";
    } else {
      Fd.severity = Info.defaultSeverity;
      Fd.message = "SQL for '" + Api + "' is built at run time from " +
                   (Taint.empty() ? std::string("non-constant strings") : Taint) +
                   ": SQL injection; use bound parameters";
    }
    Fd.trace = std::move(Trace);
    Fd.fingerprintParts = {Api, Taint};
    Out.push_back(std::move(Fd));
  }
};

} // namespace

std::unique_ptr<Rule> createUncheckedResultRule(const RuleInfo &Info) {
  return std::make_unique<UncheckedResultRule>(Info);
}
std::unique_ptr<Rule> createDynamicSqlRule(const RuleInfo &Info) {
  return std::make_unique<DynamicSqlRule>(Info);
}

} // namespace riskgate
