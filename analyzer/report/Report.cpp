#include "report/Report.h"

#include "report/SourceLines.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace riskgate {

std::string displayPath(const std::string &Path, const std::string &Root) {
  if (!Root.empty() && Path.size() > Root.size() + 1 && Path.compare(0, Root.size(), Root) == 0 &&
      Path[Root.size()] == '/')
    return Path.substr(Root.size() + 1);
  return Path;
}

const char *gradeName(Grade G) {
  switch (G) {
  case Grade::None:
    return "none";
  case Grade::Low:
    return "low";
  case Grade::Medium:
    return "medium";
  case Grade::High:
    return "high";
  case Grade::Critical:
    return "critical";
  }
  return "none";
}

std::optional<Grade> parseGrade(const std::string &Name) {
  for (Grade G : {Grade::None, Grade::Low, Grade::Medium, Grade::High, Grade::Critical})
    if (Name == gradeName(G))
      return G;
  return std::nullopt;
}

bool tripsGate(const ScanReport &R) {
  if (R.diff)
    return R.diff->failOn && R.diff->score.grade >= *R.diff->failOn;
  if (!R.failOn)
    return false;
  for (const Finding &F : R.findings)
    if (F.severity >= *R.failOn && F.status != "preexisting") // baselined findings never gate
      return true;
  return false;
}

namespace {

void printSnippet(llvm::raw_ostream &OS, SourceLines &Src, const SourceLoc &L) {
  std::string Raw = Src.line(L.file, L.line);
  if (Raw.empty())
    return;
  std::string Num = std::to_string(L.line);
  // Tabs kept for the caret's alignment; every other control character made visible.
  std::string Text, Pad;
  for (size_t I = 0; I < Raw.size(); ++I) {
    std::string Shown = Raw[I] == '\t' ? std::string("\t") : printable(std::string(1, Raw[I]));
    Text += Shown;
    if (I + 1 < L.column)
      Pad += Raw[I] == '\t' ? std::string("\t") : std::string(Shown.size(), ' ');
  }
  OS << llvm::format("%5s", Num.c_str()) << " | " << Text << "\n";
  OS << "      | " << Pad << "^\n";
}

void colored(llvm::raw_ostream &OS, bool Color, llvm::raw_ostream::Colors C, bool Bold,
             const std::string &Text) {
  if (Color)
    OS.changeColor(C, Bold);
  OS << Text;
  if (Color)
    OS.resetColor();
}

} // namespace

void writeText(const ScanReport &R, llvm::raw_ostream &OS, bool Color) {
  SourceLines Src;
  std::map<Severity, unsigned> Counts;
  for (const Finding &F : R.findings) {
    ++Counts[F.severity];
    bool Fixed = F.status == "fixed";
    bool Error =
        !Fixed && (R.diff ? F.status == "introduced" && tripsGate(R)
                          : R.failOn && F.severity >= *R.failOn && F.status != "preexisting");
    std::string Where = printable(displayPath(F.loc.file, R.rootDir)) + ":" +
                        std::to_string(F.loc.line) + ":" + std::to_string(F.loc.column) + ": ";
    colored(OS, Color, llvm::raw_ostream::SAVEDCOLOR, true, Where);
    colored(OS, Color,
            Fixed   ? llvm::raw_ostream::GREEN
            : Error ? llvm::raw_ostream::RED
                    : llvm::raw_ostream::MAGENTA,
            true,
            Fixed   ? "note: "
            : Error ? "error: "
                    : "warning: ");
    std::string Tag = severityName(F.severity);
    if (!F.status.empty())
      Tag += ", " + F.status;
    colored(OS, Color, llvm::raw_ostream::SAVEDCOLOR, true,
            "[" + Tag + "] " + printable(messageWithAlso(F)) + " [" + F.rule + "]");
    OS << "\n";
    if (Fixed) // the location is in the base revision: no snippet from today's file
      continue;
    printSnippet(OS, Src, F.loc);
    for (const TraceStep &T : F.trace) {
      colored(OS, Color, llvm::raw_ostream::SAVEDCOLOR, true,
              printable(displayPath(T.loc.file, R.rootDir)) + ":" + std::to_string(T.loc.line) +
                  ":" + std::to_string(T.loc.column) + ": ");
      colored(OS, Color, llvm::raw_ostream::CYAN, true, "note: ");
      OS << printable(T.message) << "\n";
      printSnippet(OS, Src, T.loc);
    }
  }
  for (const UnusedSuppression &U : R.unusedSuppressions) {
    colored(OS, Color, llvm::raw_ostream::SAVEDCOLOR, true,
            printable(displayPath(U.loc.file, R.rootDir)) + ":" + std::to_string(U.loc.line) + ":" +
                std::to_string(U.loc.column) + ": ");
    colored(OS, Color, llvm::raw_ostream::CYAN, true, "note: ");
    OS << "'" << printable(U.form)
       << "' suppresses nothing: no finding of that rule on this line or the next "
          "[riskgate-unused-suppression]\n";
  }
  for (const ToolError &E : R.errors)
    OS << toolErrorLine(E, R.rootDir) << "\n";
  for (const std::string &D : R.droppedFlags)
    OS << "riskgate: note: dropped compiler flag '" << printable(D) << "'\n";
  if (auto Missing = notSeen(R); !Missing.empty()) {
    OS << "riskgate: not seen: ";
    for (size_t I = 0; I < Missing.size(); ++I)
      OS << (I ? "; " : "") << Missing[I].text;
    OS << "\n";
  }

  if (R.diff) {
    const DiffSummary &D = *R.diff;
    if (!D.reach.empty()) {
      OS << "Reach of the change:\n";
      for (const ReachEntry &E : D.reach) {
        OS << "  " << E.function << " (" << displayPath(E.loc.file, R.rootDir) << ":" << E.loc.line
           << "): " << E.callSites << (E.callSites == 1 ? " call site" : " call sites");
        if (E.fromLoop)
          OS << ", called from a loop";
        if (E.fromHot)
          OS << ", reached from a hot entry point";
        OS << "\n";
      }
    }
    OS << "Risk score: " << D.score.value << "/100, grade " << gradeName(D.score.grade) << "\n";
    for (const std::string &E : D.score.explanation)
      OS << "  " << E << "\n";
    OS << D.introduced << " introduced, " << D.preexisting << " preexisting, " << D.fixed
       << " fixed";
    if (D.hiddenPreexisting)
      OS << " (" << D.hiddenPreexisting
         << " preexisting outside the changed functions not shown; --all shows them)";
    if (D.programUnits)
      OS << "\nPreexisting findings counted in the " << D.sliceUnits << " of " << D.programUnits
         << " units the change can affect (--whole-program counts every unit's).";
  } else {
    OS << R.findings.size() << (R.findings.size() == 1 ? " finding" : " findings");
    if (!R.findings.empty()) {
      OS << " (";
      bool First = true;
      for (auto It = Counts.rbegin(); It != Counts.rend(); ++It) {
        OS << (First ? "" : ", ") << It->second << " " << severityName(It->first);
        First = false;
      }
      OS << ")";
    }
  }
  OS << " in " << R.stats.units << (R.stats.units == 1 ? " unit" : " units");
  if (!R.errors.empty())
    OS << ", " << R.stats.failed << " with errors";
  if (!R.suppressed.empty())
    OS << ", " << R.suppressed.size() << " suppressed";
  OS << "; gate ";
  if (R.diff) {
    if (!R.diff->failOn)
      OS << "off";
    else
      OS << (tripsGate(R) ? "FAILED" : "passed") << " (grade " << gradeName(R.diff->score.grade)
         << ", fail-on " << gradeName(*R.diff->failOn) << ")";
  } else if (!R.failOn) {
    OS << "off";
  } else {
    OS << (tripsGate(R) ? "FAILED" : "passed") << " (fail-on " << severityName(*R.failOn) << ")";
  }
  OS << "\n";
}

void writeJson(const ScanReport &R, llvm::raw_ostream &OS) {
  using namespace llvm::json;
  auto LocFields = [&](Object &O, const SourceLoc &L) {
    O["file"] = displayPath(L.file, R.rootDir);
    O["line"] = static_cast<int64_t>(L.line);
    O["column"] = static_cast<int64_t>(L.column);
  };
  Array Findings;
  for (const Finding &F : R.findings) {
    Object O;
    O["rule"] = F.rule;
    O["severity"] = severityName(F.severity);
    LocFields(O, F.loc);
    O["function"] = F.function;
    O["message"] = F.message;
    Array Trace;
    for (const TraceStep &T : F.trace) {
      Object S;
      LocFields(S, T.loc);
      S["message"] = T.message;
      Trace.push_back(std::move(S));
    }
    O["trace"] = std::move(Trace);
    O["fingerprint"] = F.fingerprint;
    if (!F.status.empty())
      O["status"] = F.status;
    if (!F.also.empty()) {
      Array Also;
      for (const RelatedFinding &A : F.also)
        Also.push_back(Object{
            {"rule", A.rule}, {"severity", severityName(A.severity)}, {"message", A.message}});
      O["also"] = std::move(Also);
    }
    Findings.push_back(std::move(O));
  }
  Array Errors;
  for (const ToolError &E : R.errors) {
    ErrorPlace P = placeOf(E);
    Object O{{"unit", displayPath(E.file, R.rootDir)},
             {"file", displayPath(P.file, R.rootDir)},
             {"message", P.text}};
    if (P.line) {
      O["line"] = static_cast<int64_t>(P.line);
      O["column"] = static_cast<int64_t>(P.column);
    }
    Errors.push_back(std::move(O));
  }
  Object Root{{"tool", Object{{"name", "riskgate"}, {"version", RISKGATE_VERSION}}},
              {"findings", std::move(Findings)},
              {"errors", std::move(Errors)},
              {"suppressed", static_cast<int64_t>(R.suppressed.size())}};
  Object NotSeen;
  for (const NotSeenItem &N : notSeen(R))
    NotSeen[N.id] = Object{{"count", static_cast<int64_t>(N.count)}, {"message", N.text}};
  Root["notSeen"] = std::move(NotSeen);
  Array Unused;
  for (const UnusedSuppression &U : R.unusedSuppressions)
    Unused.push_back(Object{{"file", displayPath(U.loc.file, R.rootDir)},
                            {"line", static_cast<int64_t>(U.loc.line)},
                            {"column", static_cast<int64_t>(U.loc.column)},
                            {"suppression", U.form}});
  Root["unusedSuppressions"] = std::move(Unused);
  if (R.diff) {
    const DiffSummary &D = *R.diff;
    Array Explanation;
    for (const std::string &E : D.score.explanation)
      Explanation.push_back(E);
    Root["score"] = Object{{"value", D.score.value},
                           {"grade", gradeName(D.score.grade)},
                           {"explanation", std::move(Explanation)}};
    Array Reach;
    for (const ReachEntry &E : D.reach) {
      Object O;
      O["function"] = E.function;
      LocFields(O, E.loc);
      O["callSites"] = static_cast<int64_t>(E.callSites);
      O["fromLoop"] = E.fromLoop;
      O["fromHotEntryPoint"] = E.fromHot;
      Reach.push_back(std::move(O));
    }
    Root["reach"] = std::move(Reach);
    Array Files;
    for (const std::string &F : D.changedFiles)
      Files.push_back(F);
    Root["change"] = Object{{"description", D.description},
                            {"files", std::move(Files)},
                            {"introduced", static_cast<int64_t>(D.introduced)},
                            {"preexisting", static_cast<int64_t>(D.preexisting)},
                            {"fixed", static_cast<int64_t>(D.fixed)},
                            {"preexistingNotShown", static_cast<int64_t>(D.hiddenPreexisting)}};
    if (D.programUnits)
      Root["change"].getAsObject()->try_emplace(
          "slice", Object{{"units", static_cast<int64_t>(D.sliceUnits)},
                          {"programUnits", static_cast<int64_t>(D.programUnits)}});
    Root["gate"] =
        Object{{"failOn", D.failOn ? gradeName(*D.failOn) : "none"}, {"failed", tripsGate(R)}};
  }
  OS << llvm::formatv("{0:2}", Value(std::move(Root))) << "\n";
}

std::string plural(size_t N, const std::string &One, const std::string &Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many.empty() ? One + "s" : Many);
}

std::vector<NotSeenItem> notSeen(const ScanReport &R) {
  std::vector<NotSeenItem> Out;
  const RunStatistics &S = R.stats;
  if (S.failed)
    Out.push_back({"unitsWithErrors", S.failed,
                   plural(S.failed, "unit") + " with parse errors (analyzed as far as Clang got)"});
  if (S.partial && !S.programWide)
    Out.push_back({"unitsOutsideIndex", 0,
                   "the rest of the program (no fact index: callees in other units are not "
                   "followed; a scan without FILE, with the index, sees them)"});
  else if (S.outsideIndex)
    Out.push_back({"unitsOutsideIndex", S.outsideIndex,
                   plural(S.outsideIndex, "other unit") +
                       " not in the fact index (calls into them are not followed; a scan "
                       "without FILE fills the index)"});
  if (S.sqlSkipped)
    Out.push_back({"sqlNotPlanned", S.sqlSkipped,
                   plural(S.sqlSkipped, "query", "queries") +
                       " not planned (another SQL dialect, or text riskgate could not read)"});
  if (S.unresolvedCalls)
    Out.push_back({"unresolvedCalls", S.unresolvedCalls,
                   plural(S.unresolvedCalls, "indirect call") +
                       " not resolved (function pointers, std::function): what they run is "
                       "not followed"});
  return Out;
}

ErrorPlace placeOf(const ToolError &E) {
  ErrorPlace P;
  P.file = E.file;
  P.text = E.message;
  // "path:12:5: text": the last ":N:N: " before the text, so that a path holding ':' stays whole.
  llvm::StringRef M(E.message);
  for (size_t At = M.find(": "); At != llvm::StringRef::npos; At = M.find(": ", At + 1)) {
    llvm::StringRef Head = M.take_front(At);
    auto [Rest, Col] = Head.rsplit(':');
    auto [File, Line] = Rest.rsplit(':');
    unsigned L = 0, C = 0;
    if (File.empty() || Line.getAsInteger(10, L) || Col.getAsInteger(10, C) || L == 0)
      continue;
    P.file = File.str();
    P.line = L;
    P.column = C;
    P.text = M.drop_front(At + 2).str();
    break;
  }
  return P;
}

std::string toolErrorLine(const ToolError &E, const std::string &Root) {
  ErrorPlace P = placeOf(E);
  std::string Out = printable(displayPath(P.file, Root));
  if (P.line)
    Out += ":" + std::to_string(P.line) + ":" + std::to_string(P.column);
  Out += ": error: " + printable(P.text);
  if (displayPath(P.file, Root) != displayPath(E.file, Root))
    Out += " (while parsing " + printable(displayPath(E.file, Root)) + ")";
  return Out + " [riskgate-parse]";
}

void writeStats(const RunStatistics &S, llvm::raw_ostream &OS) {
  OS << "riskgate statistics:\n"
     << "  units:            " << S.units
     << (S.programUnits
             ? " of " + std::to_string(S.programUnits) + " (the slice the change can affect)"
             : std::string())
     << " ("
     << (S.fromFacts && !S.parsed
             ? "read from facts files"
             : std::to_string(S.parsed) + " parsed, " + std::to_string(S.reused) +
                   (S.fromFacts ? " read from facts files or the index" : " reused from the index"))
     << ", " << S.failed << " with errors)\n"
     << "  shared prefixes:  " << S.sharedPrefixes << " (" << S.sharedUnits
     << " units parsed over one, " << S.unsharedUnits << " parsed again on their own)\n"
     << "  functions:        " << S.functions << "\n"
     << "  call edges:       " << S.callEdges << " (" << S.virtualCalls << " virtual call sites)\n"
     << "  unresolved calls: " << S.unresolvedCalls << " (function pointers, std::function)\n"
     << "  SQL not planned:  " << S.sqlSkipped << " (another dialect, not translated)\n"
     << "  flags dropped:    " << S.unknownFlags.size()
     << " (not Clang flags; the units were parsed without them)\n";
  for (const std::string &F : S.unknownFlags)
    OS << "    " << printable(F) << "\n";
  OS << llvm::format("  time:             %.3fs extract, %.3fs model, %.3fs rules, %.3fs total\n",
                     S.extractSeconds, S.modelSeconds, S.rulesSeconds, S.totalSeconds);
}

} // namespace riskgate

namespace riskgate {

namespace {
/// Text from the analyzed code or a path, in Markdown: one line, every ASCII punctuation
/// character backslash-escaped (GFM treats each literally), so nothing in it can open a
/// heading, a link, an image, HTML or a table cell.
std::string mdEscape(const std::string &S) {
  std::string Out;
  for (char C : printable(S)) {
    if (std::ispunct(static_cast<unsigned char>(C)))
      Out += '\\';
    Out += C;
  }
  return Out;
}

/// S as a code span that nothing inside can close: fenced with one backtick more than its
/// longest run of backticks, and on one line.
std::string mdCode(const std::string &Raw) {
  // A `|` ends a table cell even inside a code span unless escaped (GFM).
  std::string S;
  for (char C : printable(Raw))
    S += C == '|' ? std::string("\\|") : std::string(1, C);
  size_t Longest = 0, Run = 0;
  for (char C : S) {
    Run = C == '`' ? Run + 1 : 0;
    Longest = std::max(Longest, Run);
  }
  std::string Fence(Longest + 1, '`');
  bool Pad = !S.empty() && (S.front() == '`' || S.back() == '`');
  return Fence + (Pad ? " " : "") + S + (Pad ? " " : "") + Fence;
}
} // namespace

void writeMarkdown(const ScanReport &R, llvm::raw_ostream &OS) {
  auto Where = [&R](const SourceLoc &L) {
    return mdCode(displayPath(L.file, R.rootDir) + ":" + std::to_string(L.line));
  };
  auto Table = [&](const std::vector<const Finding *> &Rows, bool Traces) {
    OS << "| severity | rule | where | finding |\n|---|---|---|---|\n";
    for (const Finding *F : Rows)
      OS << "| " << severityName(F->severity) << " | `" << F->rule << "` | " << Where(F->loc)
         << " | " << mdEscape(messageWithAlso(*F)) << " |\n";
    if (!Traces)
      return;
    for (const Finding *F : Rows) {
      if (F->trace.empty())
        continue;
      OS << "\n<details><summary>Trace of " << Where(F->loc) << "</summary>\n\n";
      for (const TraceStep &T : F->trace)
        OS << "1. " << Where(T.loc) << " " << mdEscape(T.message) << "\n";
      OS << "\n</details>\n";
    }
  };
  std::vector<const Finding *> Introduced, Preexisting, Fixed;
  for (const Finding &F : R.findings)
    (F.status == "fixed"         ? Fixed
     : F.status == "preexisting" ? Preexisting
                                 : Introduced)
        .push_back(&F);
  bool Failed = tripsGate(R);
  OS << "## riskgate: ";
  if (R.diff)
    OS << "risk **" << gradeName(R.diff->score.grade) << "** (" << R.diff->score.value << "/100)";
  else
    OS << plural(R.findings.size(), "finding");
  OS << (Failed ? " :x: gate failed" : " :white_check_mark: gate passed") << "\n\n";
  if (R.diff)
    OS << mdEscape(R.diff->description) << "\n\n";
  if (!Introduced.empty()) {
    OS << "### " << (R.diff ? "Introduced by this change" : "Findings") << " (" << Introduced.size()
       << ")\n\n";
    Table(Introduced, true);
    OS << "\n";
  } else if (R.diff) {
    OS << "No new data-access risk.\n\n";
  }
  if (!Fixed.empty()) {
    OS << "### Fixed (" << Fixed.size() << ")\n\n";
    Table(Fixed, false);
    OS << "\n";
  }
  if (!Preexisting.empty()) {
    OS << "<details><summary>Preexisting in the changed functions (" << Preexisting.size()
       << ")</summary>\n\n";
    Table(Preexisting, false);
    OS << "\n</details>\n\n";
  }
  if (R.diff) {
    OS << "<details><summary>How the score adds up</summary>\n\n";
    for (const std::string &E : R.diff->score.explanation)
      OS << "- " << mdEscape(E) << "\n";
    for (const ReachEntry &E : R.diff->reach)
      OS << "- changed `" << E.function << "`: " << plural(E.callSites, "call site")
         << (E.fromLoop ? ", called from a loop" : "")
         << (E.fromHot ? ", reached from a hot entry point" : "") << "\n";
    OS << "\n</details>\n";
  }
  if (!R.suppressed.empty())
    OS << "\n" << plural(R.suppressed.size(), "finding") << " suppressed by comments.\n";
  if (auto Missing = notSeen(R); !Missing.empty()) {
    OS << "\n### Not seen\n\n";
    for (const NotSeenItem &N : Missing)
      OS << "- " << mdEscape(N.text) << "\n";
  }
  if (!R.errors.empty()) {
    OS << "\n**" << plural(R.errors.size(), "error") << "** while parsing:\n\n";
    for (const ToolError &E : R.errors)
      OS << "- " << mdEscape(toolErrorLine(E, R.rootDir)) << "\n";
  }
}

} // namespace riskgate
