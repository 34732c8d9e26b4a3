#include "rules/Rule.h"

namespace riskgate {

#define RISKGATE_RULE(Id, Class, Sev, Maturity, Summary)                                           \
  std::unique_ptr<Rule> create##Class(const RuleInfo &Info);
#include "rules/Rules.def"
#undef RISKGATE_RULE

const std::vector<RuleInfo> &ruleInfos() {
  static const std::vector<RuleInfo> Infos = {
#define RISKGATE_RULE(Id, Class, Sev, Maturity, Summary) {Id, Severity::Sev, Maturity, Summary},
#include "rules/Rules.def"
#undef RISKGATE_RULE
  };
  return Infos;
}

std::vector<std::unique_ptr<Rule>> createRules() {
  std::vector<std::unique_ptr<Rule>> Rules;
  size_t I = 0;
#define RISKGATE_RULE(Id, Class, Sev, Maturity, Summary)                                           \
  Rules.push_back(create##Class(ruleInfos()[I++]));
#include "rules/Rules.def"
#undef RISKGATE_RULE
  return Rules;
}

bool isHotFunction(const FunctionFact &F, const std::vector<std::string> &Globs) {
  if (F.hot)
    return true;
  // Qt's per-cell and per-frame callbacks: a view calls a model's data() for every visible
  // cell and role on every repaint, a delegate's paint() and sizeHint() for every item.
  static const char *const PerPaint[] = {"@S@QAbstractItemModel@F@data#",
                                         "@S@QAbstractItemDelegate@F@paint#",
                                         "@S@QAbstractItemDelegate@F@sizeHint#",
                                         "@S@QWidget@F@paintEvent#", "@S@QGraphicsItem@F@paint#"};
  for (const std::string &Usr : F.overrides)
    for (const char *P : PerPaint)
      if (Usr.find(P) != std::string::npos)
        return true;
  for (const std::string &G : Globs)
    if (globMatch(G, F.name))
      return true;
  return false;
}

bool AnalysisContext::isHot(const FunctionFact &F) const { return isHotFunction(F, hotGlobs); }

std::string ruleDocPath(const std::string &Id) { return "docs/rules/" + Id + ".md"; }

} // namespace riskgate
