#include "report/Report.h"

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

bool tripsGate(const ScanReport &R) {
  if (!R.failOn)
    return false;
  for (const Finding &F : R.findings)
    if (F.severity >= *R.failOn)
      return true;
  return false;
}

namespace {

/// Source lines for carets, read once per file.
class SourceLines {
public:
  std::string line(const std::string &File, unsigned Line) {
    auto It = Files.find(File);
    if (It == Files.end()) {
      std::vector<std::string> Lines;
      if (auto Buf = llvm::MemoryBuffer::getFile(File)) {
        llvm::StringRef Text = (*Buf)->getBuffer();
        while (!Text.empty()) {
          auto [Head, Tail] = Text.split('\n');
          Lines.push_back(Head.rtrim('\r').str());
          Text = Tail;
        }
      }
      It = Files.emplace(File, std::move(Lines)).first;
    }
    return Line >= 1 && Line <= It->second.size() ? It->second[Line - 1] : std::string();
  }

private:
  std::map<std::string, std::vector<std::string>> Files;
};

void printSnippet(llvm::raw_ostream &OS, SourceLines &Src, const SourceLoc &L) {
  std::string Text = Src.line(L.file, L.line);
  if (Text.empty())
    return;
  std::string Num = std::to_string(L.line);
  OS << llvm::format("%5s", Num.c_str()) << " | " << Text << "\n";
  std::string Pad;
  for (unsigned I = 1; I < L.column && I - 1 < Text.size(); ++I)
    Pad += Text[I - 1] == '\t' ? '\t' : ' ';
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
    bool Error = R.failOn && F.severity >= *R.failOn;
    std::string Where = displayPath(F.loc.file, R.rootDir) + ":" + std::to_string(F.loc.line) +
                        ":" + std::to_string(F.loc.column) + ": ";
    colored(OS, Color, llvm::raw_ostream::SAVEDCOLOR, true, Where);
    colored(OS, Color, Error ? llvm::raw_ostream::RED : llvm::raw_ostream::MAGENTA, true,
            Error ? "error: " : "warning: ");
    colored(OS, Color, llvm::raw_ostream::SAVEDCOLOR, true,
            "[" + std::string(severityName(F.severity)) + "] " + F.message + " [" + F.rule +
                "]");
    OS << "\n";
    printSnippet(OS, Src, F.loc);
    for (const TraceStep &T : F.trace) {
      colored(OS, Color, llvm::raw_ostream::SAVEDCOLOR, true,
              displayPath(T.loc.file, R.rootDir) + ":" + std::to_string(T.loc.line) + ":" +
                  std::to_string(T.loc.column) + ": ");
      colored(OS, Color, llvm::raw_ostream::CYAN, true, "note: ");
      OS << T.message << "\n";
      printSnippet(OS, Src, T.loc);
    }
  }
  for (const ToolError &E : R.errors)
    OS << displayPath(E.file, R.rootDir) << ": error: " << E.message << " [riskgate-parse]\n";
  for (const std::string &D : R.droppedFlags)
    OS << "riskgate: note: dropped compiler flag '" << D << "' (it could run code)\n";

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
  OS << " in " << R.stats.units << (R.stats.units == 1 ? " unit" : " units");
  if (!R.errors.empty())
    OS << ", " << R.stats.failed << " with errors";
  OS << "; gate ";
  if (!R.failOn)
    OS << "off";
  else
    OS << (tripsGate(R) ? "FAILED" : "passed") << " (fail-on " << severityName(*R.failOn)
       << ")";
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
    Findings.push_back(std::move(O));
  }
  Array Errors;
  for (const ToolError &E : R.errors)
    Errors.push_back(Object{{"file", displayPath(E.file, R.rootDir)}, {"message", E.message}});
  Object Root{{"tool", Object{{"name", "riskgate"}, {"version", RISKGATE_VERSION}}},
              {"findings", std::move(Findings)},
              {"errors", std::move(Errors)}};
  OS << llvm::formatv("{0:2}", Value(std::move(Root))) << "\n";
}

void writeStats(const RunStatistics &S, llvm::raw_ostream &OS) {
  OS << "riskgate statistics:\n"
     << "  units:            " << S.units << " (" << S.parsed << " parsed, " << S.reused
     << " reused from the index, " << S.failed << " with errors)\n"
     << "  functions:        " << S.functions << "\n"
     << "  call edges:       " << S.callEdges << " (" << S.virtualCalls
     << " virtual call sites)\n"
     << "  unresolved calls: " << S.unresolvedCalls
     << " (function pointers, std::function)\n"
     << llvm::format("  time:             %.3fs extract, %.3fs model, %.3fs rules, %.3fs total\n",
                     S.extractSeconds, S.modelSeconds, S.rulesSeconds, S.totalSeconds);
}

} // namespace riskgate
