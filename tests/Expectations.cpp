#include "Expectations.h"

#include <fstream>
#include <regex>
#include <sstream>

namespace riskgate::test {

std::vector<Expectation> parseExpectations(const std::string &File,
                                           std::vector<std::string> &Problems) {
  std::vector<Expectation> Out;
  std::ifstream In(File);
  std::string Line;
  static const std::regex Marker(R"(//\s*expect(-note|-error)?(@[+-]\d+)?:(.*)$)");
  static const std::regex FindingBody(
      R"(^\s*([a-z0-9-]+)\s+(low|medium|high|critical)\s*(\{\{(.*)\}\})?\s*$)");
  static const std::regex TextBody(R"(^\s*\{\{(.*)\}\}\s*$)");
  for (unsigned N = 1; std::getline(In, Line); ++N) {
    std::smatch M;
    if (!std::regex_search(Line, M, Marker))
      continue;
    Expectation E;
    E.file = File;
    E.line = N;
    if (M[2].matched)
      E.line = static_cast<unsigned>(static_cast<int>(N) + std::stoi(M[2].str().substr(1)));
    std::string Body = M[3].str();
    std::smatch B;
    if (!M[1].matched) {
      if (!std::regex_match(Body, B, FindingBody)) {
        Problems.push_back(File + ":" + std::to_string(N) +
                           ": malformed expectation, want 'expect: <rule> <severity> {{text}}'");
        continue;
      }
      E.kind = Expectation::Finding;
      E.rule = B[1];
      E.severity = B[2];
      E.text = B[4];
    } else {
      if (!std::regex_match(Body, B, TextBody)) {
        Problems.push_back(File + ":" + std::to_string(N) +
                           ": malformed expectation, want 'expect-note: {{text}}'");
        continue;
      }
      E.kind = M[1] == "-note" ? Expectation::Note : Expectation::Error;
      E.text = B[1];
    }
    Out.push_back(E);
  }
  return Out;
}

namespace {
std::string where(const std::string &File, unsigned Line) {
  return File + ":" + std::to_string(Line);
}
} // namespace

std::string verify(std::vector<Expectation> Expected, const std::vector<Finding> &Merged,
                   const std::vector<ToolError> &Errors) {
  std::ostringstream Problems;
  // A site's one diagnostic carries the other rules that fired there (mergeSites): each is
  // matched against its own expectation, at the same place.
  std::vector<Finding> Findings;
  for (const Finding &F : Merged) {
    Findings.push_back(F);
    for (const RelatedFinding &A : F.also) {
      Finding R;
      R.rule = A.rule;
      R.severity = A.severity;
      R.loc = F.loc;
      R.message = A.message;
      Findings.push_back(std::move(R));
    }
  }
  for (const Finding &F : Findings) {
    Expectation *Match = nullptr;
    for (Expectation &E : Expected)
      if (E.kind == Expectation::Finding && !E.matched && E.file == F.loc.file &&
          E.line == F.loc.line && E.rule == F.rule && E.severity == severityName(F.severity) &&
          F.message.find(E.text) != std::string::npos) {
        Match = &E;
        break;
      }
    if (Match) {
      ++Match->matched;
    } else {
      Problems << "unexpected finding at " << where(F.loc.file, F.loc.line) << ": " << F.rule << " "
               << severityName(F.severity) << " {{" << F.message << "}}\n";
      for (const TraceStep &T : F.trace)
        Problems << "    note at " << where(T.loc.file, T.loc.line) << ": " << T.message << "\n";
    }
    for (const TraceStep &T : F.trace) {
      bool Found = false;
      for (Expectation &E : Expected)
        if (E.kind == Expectation::Note && E.file == T.loc.file && E.line == T.loc.line &&
            T.message.find(E.text) != std::string::npos) {
          ++E.matched;
          Found = true;
        }
      if (!Found)
        Problems << "unexpected trace note at " << where(T.loc.file, T.loc.line) << ": {{"
                 << T.message << "}} (of the finding at " << where(F.loc.file, F.loc.line) << ")\n";
    }
  }
  for (const ToolError &Err : Errors) {
    bool Found = false;
    for (Expectation &E : Expected)
      if (E.kind == Expectation::Error && Err.message.find(E.text) != std::string::npos &&
          Err.message.find(":" + std::to_string(E.line) + ":") != std::string::npos) {
        ++E.matched;
        Found = true;
      }
    if (!Found)
      Problems << "unexpected error in " << Err.file << ": " << Err.message << "\n";
  }
  for (const Expectation &E : Expected)
    if (!E.matched)
      Problems << "expected but not found at " << where(E.file, E.line) << ": "
               << (E.kind == Expectation::Finding ? E.rule + " " + E.severity + " "
                   : E.kind == Expectation::Note  ? std::string("note ")
                                                  : std::string("error "))
               << "{{" << E.text << "}}\n";
  return Problems.str();
}

} // namespace riskgate::test
