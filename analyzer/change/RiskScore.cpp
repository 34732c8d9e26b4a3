#include "change/RiskScore.h"

#include <algorithm>

namespace riskgate {

namespace {
// An introduced finding costs what its severity says; one high finding alone makes the
// grade high (25 points).
int introducedPoints(Severity S) {
  switch (S) {
  case Severity::Low:
    return 3;
  case Severity::Medium:
    return 10;
  case Severity::High:
    return 25;
  case Severity::Critical:
    return 40;
  }
  return 0;
}
// A preexisting finding in a touched function weighs a tenth (rounded down, so a low one
// adds nothing): the change did not cause it, but it is where the change works.
int preexistingPoints(Severity S) { return introducedPoints(S) / 10; }

constexpr int PreexistingCap = 10;      // preexisting findings alone stay below the high grade
constexpr int ReachCap = 10;            // and so does reach alone, and both together (20 < 25)
constexpr int NothingIntroducedCap = 9; // a change that introduces nothing grades low at most
constexpr int LoopReachPoints = 2;
constexpr int HotReachPoints = 3;

Grade gradeFor(int Score) {
  if (Score >= 40)
    return Grade::Critical;
  if (Score >= 25)
    return Grade::High;
  if (Score >= 10)
    return Grade::Medium;
  if (Score >= 1)
    return Grade::Low;
  return Grade::None;
}

Grade gradeOf(Severity S) {
  switch (S) {
  case Severity::Low:
    return Grade::Low;
  case Severity::Medium:
    return Grade::Medium;
  case Severity::High:
    return Grade::High;
  case Severity::Critical:
    return Grade::Critical;
  }
  return Grade::None;
}
} // namespace

RiskScore computeRiskScore(const std::vector<Finding> &Findings,
                           const std::vector<ReachEntry> &Reach, const std::string &RootDir) {
  RiskScore R;
  int Introduced = 0, Preexisting = 0, ReachSum = 0;
  Grade Floor = Grade::None;
  std::vector<std::string> Lines;
  auto Where = [&RootDir](const Finding &F) {
    return displayPath(F.loc.file, RootDir) + ":" + std::to_string(F.loc.line);
  };
  for (const Finding &F : Findings) {
    if (F.status == "introduced") {
      int P = introducedPoints(F.severity);
      Introduced += P;
      Floor = std::max(Floor, gradeOf(F.severity));
      Lines.push_back("+" + std::to_string(P) + " introduced " + severityName(F.severity) + " " +
                      F.rule + " in " + F.function + " (" + Where(F) + ")");
    }
  }
  int PreexistingRaw = 0;
  for (const Finding &F : Findings) {
    if (F.status != "preexisting")
      continue;
    int P = preexistingPoints(F.severity);
    PreexistingRaw += P;
    Lines.push_back("+" + std::to_string(P) + " preexisting " + severityName(F.severity) + " " +
                    F.rule + " in " + F.function + " (" + Where(F) +
                    "), a tenth of its weight: the change did not introduce it");
  }
  Preexisting = std::min(PreexistingRaw, PreexistingCap);
  if (PreexistingRaw > PreexistingCap)
    Lines.push_back("-" + std::to_string(PreexistingRaw - PreexistingCap) +
                    " preexisting findings count for at most " + std::to_string(PreexistingCap));
  int ReachRaw = 0;
  for (const ReachEntry &E : Reach) {
    if (E.fromLoop) {
      ReachRaw += LoopReachPoints;
      Lines.push_back("+" + std::to_string(LoopReachPoints) + " changed " + E.function +
                      " is called from a loop");
    }
    if (E.fromHot) {
      ReachRaw += HotReachPoints;
      Lines.push_back("+" + std::to_string(HotReachPoints) + " changed " + E.function +
                      " is reached from a hot entry point");
    }
  }
  ReachSum = std::min(ReachRaw, ReachCap);
  if (ReachRaw > ReachCap)
    Lines.push_back("-" + std::to_string(ReachRaw - ReachCap) + " reach counts for at most " +
                    std::to_string(ReachCap));
  int Total = Introduced + Preexisting + ReachSum;
  if (Introduced == 0 && Total > NothingIntroducedCap) {
    Lines.push_back("-" + std::to_string(Total - NothingIntroducedCap) +
                    " the change introduces nothing: at most " +
                    std::to_string(NothingIntroducedCap) + " (low)");
    Total = NothingIntroducedCap;
  }
  if (Total > 100) {
    Lines.push_back("-" + std::to_string(Total - 100) + " the score is at most 100");
    Total = 100;
  }
  R.value = Total;
  R.grade = gradeFor(Total);
  Lines.push_back("= " + std::to_string(Total) + ": grade " + gradeName(R.grade) +
                  " (none 0, low 1-9, medium 10-24, high 25-39, critical 40+)");
  if (Floor > R.grade) {
    R.grade = Floor;
    Lines.push_back(std::string("grade raised to ") + gradeName(Floor) +
                    ": an introduced finding is " + gradeName(Floor));
  }
  R.explanation = std::move(Lines);
  return R;
}

} // namespace riskgate
