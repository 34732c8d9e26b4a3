// Rules: detectors over the program model. A rule never sees the AST.
#pragma once

#include "core/Diagnostics.h"
#include "packs/RulePack.h"
#include "program/ProgramModel.h"

#include <memory>
#include <string>
#include <vector>

namespace riskgate {

struct RuleInfo {
  std::string id;
  Severity defaultSeverity;
  std::string maturity;
  std::string summary;
};

class SqlSchema;
struct EngineMap;

/// A hot entry point: [[clang::annotate("riskgate:hot")]] or a name matching one of Globs.
bool isHotFunction(const FunctionFact &F, const std::vector<std::string> &Globs);

struct AnalysisContext {
  const ProgramModel &model;
  const PackSet &packs;
  std::vector<std::string> hotGlobs; // from .riskgate.yaml: qualified-name globs
  SqlSchema *schema = nullptr;       // --schema / schema: files; null without
  size_t *sqlSkipped = nullptr;      // queries in a dialect the planner could not read

  /// A hot entry point: [[clang::annotate("riskgate:hot")]] or a configured glob.
  bool isHot(const FunctionFact &F) const;

  /// Which engines the program's connect calls open, built on first use (LoopContext.cpp).
  mutable std::shared_ptr<const EngineMap> engines;
};

class Rule {
public:
  virtual ~Rule() = default;
  virtual const RuleInfo &info() const = 0;
  virtual void run(const AnalysisContext &Ctx, std::vector<Finding> &Out) const = 0;
};

/// The common part of every rule: the registry entry it was created from.
class RuleWithInfo : public Rule {
public:
  explicit RuleWithInfo(const RuleInfo &Info) : Info(Info) {}
  const RuleInfo &info() const override { return Info; }

protected:
  /// A finding of this rule at Loc, in F, at the rule's default severity.
  Finding finding(const FunctionFact &F, const SourceLoc &Loc) const {
    Finding Fd;
    Fd.rule = Info.id;
    Fd.severity = Info.defaultSeverity;
    Fd.loc = Loc;
    Fd.function = F.name;
    return Fd;
  }

  RuleInfo Info;
};

/// Every rule in Rules.def, in its order.
const std::vector<RuleInfo> &ruleInfos();
std::vector<std::unique_ptr<Rule>> createRules();

/// The documentation page of a rule, relative to the repository root.
std::string ruleDocPath(const std::string &Id);

} // namespace riskgate
