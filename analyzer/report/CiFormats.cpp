// Reports for CI systems: SARIF (GitHub code scanning), GitHub workflow annotations,
// GitLab Code Quality. Facts about each format: docs/output.md.
#include "report/Report.h"
#include "report/SourceLines.h"
#include "rules/Rule.h"
#include "rules/RuleDocs.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>

namespace riskgate {

unsigned utf16Column(const std::string &Line, unsigned ByteColumn) {
  unsigned Units = 0;
  for (size_t I = 0; I + 1 < ByteColumn && I < Line.size(); ++I) {
    unsigned char C = static_cast<unsigned char>(Line[I]);
    if ((C & 0xC0) == 0x80)
      continue; // continuation byte
    Units += (C >= 0xF0) ? 2 : 1;
  }
  // Past the end of the text (or an empty line): keep the distance in bytes.
  if (ByteColumn > Line.size() + 1)
    Units += ByteColumn - 1 - static_cast<unsigned>(Line.size());
  return Units + 1;
}

std::string githubEscapeData(const std::string &S) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else
      Out += C;
  }
  return Out;
}

std::string githubEscapeProperty(const std::string &S) {
  std::string Out;
  for (char C : githubEscapeData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

namespace {

const char *sarifLevel(Severity S) {
  switch (S) {
  case Severity::Critical:
  case Severity::High:
    return "error";
  case Severity::Medium:
    return "warning";
  case Severity::Low:
    return "note";
  }
  return "warning";
}

std::string uriEscape(const std::string &Path) {
  std::string Out;
  static const char Hex[] = "0123456789ABCDEF";
  for (unsigned char C : Path) {
    if (isalnum(C) || C == '/' || C == '-' || C == '_' || C == '.' || C == '~')
      Out += static_cast<char>(C);
    else {
      Out += '%';
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

} // namespace

void writeSarif(const ScanReport &R, llvm::raw_ostream &OS) {
  using namespace llvm::json;
  SourceLines Lines;
  std::map<std::string, size_t> RuleIndex;
  Array Rules;
  for (const RuleInfo &I : ruleInfos()) {
    RuleIndex[I.id] = Rules.size();
    std::string Doc = ruleDocPath(I.id);
    std::string HelpUri;
    if (!R.docsUrl.empty()) {
      HelpUri = R.docsUrl;
      size_t At = HelpUri.find("{rule}");
      if (At != std::string::npos)
        HelpUri.replace(At, 6, I.id);
      else
        HelpUri += (HelpUri.back() == '/' ? "" : "/") + I.id + ".md";
    }
    Rules.push_back(Object{
        {"id", I.id},
        {"name", I.id},
        {"shortDescription", Object{{"text", I.summary}}},
        {"fullDescription",
         Object{{"text", I.summary + ". Reported in the function that holds "
                                     "the loop, with the call chain to the access."}}},
        // The rule's whole page, compiled in: code scanning shows it without a link
        // into riskgate's repository.
        {"help",
         Object{{"text", ruleDoc(I.id) ? std::string(ruleDoc(I.id))
                                       : "See " + Doc +
                                             " in the riskgate "
                                             "repository."},
                {"markdown", ruleDoc(I.id) ? std::string(ruleDoc(I.id)) : "See `" + Doc + "`."}}},
        {"defaultConfiguration", Object{{"level", sarifLevel(I.defaultSeverity)}}},
        {"properties",
         Object{{"maturity", I.maturity}, {"defaultSeverity", severityName(I.defaultSeverity)}}}});
    if (!HelpUri.empty())
      Rules.back().getAsObject()->try_emplace("helpUri", HelpUri);
  }
  auto Physical = [&](const SourceLoc &L) {
    Object Region{{"startLine", static_cast<int64_t>(std::max(1u, L.line))}};
    Region["startColumn"] =
        static_cast<int64_t>(std::max(1u, utf16Column(Lines.line(L.file, L.line), L.column)));
    std::string Rel = displayPath(L.file, R.rootDir);
    Object Artifact{{"uri", uriEscape(Rel)}};
    if (Rel != L.file)
      Artifact["uriBaseId"] = "%SRCROOT%";
    return Object{{"artifactLocation", std::move(Artifact)}, {"region", std::move(Region)}};
  };
  Array Results;
  auto AddResult = [&](const Finding &F, bool Suppressed) {
    Object Res;
    Res["ruleId"] = F.rule;
    if (RuleIndex.count(F.rule))
      Res["ruleIndex"] = static_cast<int64_t>(RuleIndex[F.rule]);
    Res["level"] = sarifLevel(F.severity);
    Res["message"] = Object{{"text", messageWithAlso(F)}};
    Res["locations"] = Array{Object{{"physicalLocation", Physical(F.loc)}}};
    Array Related, FlowLocations;
    int64_t Id = 1;
    for (const TraceStep &T : F.trace) {
      Related.push_back(Object{{"id", Id++},
                               {"physicalLocation", Physical(T.loc)},
                               {"message", Object{{"text", T.message}}}});
      FlowLocations.push_back(
          Object{{"location", Object{{"physicalLocation", Physical(T.loc)},
                                     {"message", Object{{"text", T.message}}}}}});
    }
    if (!Related.empty()) {
      Res["relatedLocations"] = std::move(Related);
      Res["codeFlows"] =
          Array{Object{{"threadFlows", Array{Object{{"locations", std::move(FlowLocations)}}}}}};
    }
    // riskgate's own fingerprint survives line moves; GitHub matches alerts on
    // primaryLocationLineHash, so it is derived from the same value.
    Res["partialFingerprints"] =
        Object{{"riskgate/v1", F.fingerprint}, {"primaryLocationLineHash", F.fingerprint + ":1"}};
    Object Props{{"severity", severityName(F.severity)}, {"function", F.function}};
    if (!F.status.empty()) {
      Props["status"] = F.status;
      Res["baselineState"] = F.status == "introduced" ? "new" : "unchanged";
    }
    Res["properties"] = std::move(Props);
    if (Suppressed) {
      Object S{{"kind", "inSource"}, {"status", "accepted"}};
      if (!F.justification.empty())
        S["justification"] = F.justification;
      Res["suppressions"] = Array{std::move(S)};
    }
    Results.push_back(std::move(Res));
  };
  for (const Finding &F : R.findings)
    if (F.status != "fixed") // gone from the code: nothing to point at
      AddResult(F, false);
  for (const Finding &F : R.suppressed)
    AddResult(F, true);

  Object RunProps;
  if (R.diff) {
    Array Explanation;
    for (const std::string &E : R.diff->score.explanation)
      Explanation.push_back(E);
    RunProps["score"] = Object{{"value", R.diff->score.value},
                               {"grade", gradeName(R.diff->score.grade)},
                               {"explanation", std::move(Explanation)}};
    RunProps["introduced"] = static_cast<int64_t>(R.diff->introduced);
    RunProps["preexisting"] = static_cast<int64_t>(R.diff->preexisting);
    RunProps["fixed"] = static_cast<int64_t>(R.diff->fixed);
    RunProps["change"] = R.diff->description;
  }
  RunProps["gateFailed"] = tripsGate(R);
  std::string Root = R.rootDir.empty() ? "/" : R.rootDir;
  if (Root.back() != '/')
    Root += '/';
  Object Run{
      {"tool", Object{{"driver", Object{{"name", "riskgate"},
                                        {"version", RISKGATE_VERSION},
                                        {"semanticVersion", RISKGATE_VERSION},
                                        {"rules", std::move(Rules)}}}}},
      {"originalUriBaseIds", Object{{"%SRCROOT%", Object{{"uri", "file://" + uriEscape(Root)}}}}},
      {"columnKind", "utf16CodeUnits"},
      {"results", std::move(Results)},
      {"properties", std::move(RunProps)}};
  Array Notifications;
  for (const ToolError &E : R.errors) {
    ErrorPlace P = placeOf(E);
    Object N{{"level", "error"},
             {"descriptor", Object{{"id", "riskgate-parse"}}},
             {"message", Object{{"text", displayPath(P.file, R.rootDir) + ": " + P.text}}}};
    if (P.line)
      N["locations"] = Array{Object{{"physicalLocation", Physical({P.file, P.line, P.column})}}};
    Notifications.push_back(std::move(N));
  }
  for (const NotSeenItem &N : notSeen(R))
    Notifications.push_back(Object{{"level", "note"},
                                   {"descriptor", Object{{"id", "riskgate-not-seen/" + N.id}}},
                                   {"message", Object{{"text", "not seen: " + N.text}}}});
  Run["invocations"] = Array{Object{{"executionSuccessful", R.errors.empty()},
                                    {"toolExecutionNotifications", std::move(Notifications)}}};
  Object Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", Value(std::move(Log))) << "\n";
}

void writeGithubAnnotations(const ScanReport &R, llvm::raw_ostream &OS) {
  std::vector<const Finding *> Rows;
  for (const Finding &F : R.findings)
    if (R.diff ? F.status == "introduced" : true)
      Rows.push_back(&F);
  std::stable_sort(Rows.begin(), Rows.end(),
                   [](const Finding *A, const Finding *B) { return A->severity > B->severity; });
  std::map<std::string, int> PerLevel;
  int Dropped = 0;
  for (const Finding *F : Rows) {
    std::string Level = F->severity >= Severity::High     ? "error"
                        : F->severity == Severity::Medium ? "warning"
                                                          : "notice";
    if (PerLevel[Level]++ >= 10) { // GitHub shows 10 annotations per level and step
      ++Dropped;
      continue;
    }
    std::string Message = messageWithAlso(*F);
    for (const TraceStep &T : F->trace)
      Message += "\n  " + displayPath(T.loc.file, R.rootDir) + ":" + std::to_string(T.loc.line) +
                 ": " + T.message;
    OS << "::" << Level << " file=" << githubEscapeProperty(displayPath(F->loc.file, R.rootDir))
       << ",line=" << F->loc.line << ",col=" << F->loc.column << ",title="
       << githubEscapeProperty("riskgate " + F->rule + " (" + severityName(F->severity) + ")")
       << "::" << githubEscapeData(Message) << "\n";
  }
  if (Dropped)
    OS << "::notice title=riskgate::" << Dropped
       << " more findings are not annotated (GitHub shows 10 per level); see the job summary\n";
}

void writeGitlab(const ScanReport &R, llvm::raw_ostream &OS) {
  using namespace llvm::json;
  Array Issues;
  for (const Finding &F : R.findings) {
    if (F.status == "fixed")
      continue;
    const char *Sev = F.severity == Severity::Critical ? "blocker"
                      : F.severity == Severity::High   ? "critical"
                      : F.severity == Severity::Medium ? "major"
                                                       : "minor";
    Issues.push_back(Object{
        {"description", messageWithAlso(F)},
        {"check_name", F.rule},
        {"fingerprint", F.fingerprint},
        {"severity", Sev},
        {"location", Object{{"path", displayPath(F.loc.file, R.rootDir)},
                            {"lines", Object{{"begin", static_cast<int64_t>(F.loc.line)}}}}}});
  }
  OS << llvm::formatv("{0:2}", Value(std::move(Issues))) << "\n";
}

} // namespace riskgate
