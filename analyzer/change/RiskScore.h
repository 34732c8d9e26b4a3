// The diff's risk score: a documented, deterministic function of its findings and of how
// far the change reaches (docs/scoring.md).
#pragma once

#include "report/Report.h"

namespace riskgate {

/// Points per finding by status and severity, caps, and grade thresholds: see
/// docs/scoring.md for the reasons. Never lowered by adding a finding or a reach entry.
RiskScore computeRiskScore(const std::vector<Finding> &Findings,
                           const std::vector<ReachEntry> &Reach, const std::string &RootDir);

} // namespace riskgate
