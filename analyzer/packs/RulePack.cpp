#include "packs/RulePack.h"

#include "core/Diagnostics.h"
#include "packs/EmbeddedPacks.h"
#include "packs/PackParser.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <algorithm>
#include <map>
#include <set>

namespace riskgate {

std::string PackError::str() const {
  std::string S = file;
  if (line) {
    S += ":" + std::to_string(line);
    if (column)
      S += ":" + std::to_string(column);
  }
  return S + ": " + message;
}

bool globMatch(const std::string &Pattern, const std::string &Text) {
  // Iterative '*' matching with backtracking to the last star.
  size_t P = 0, T = 0, Star = std::string::npos, Mark = 0;
  while (T < Text.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      Mark = T;
    } else if (P < Pattern.size() && Pattern[P] == Text[T]) {
      ++P;
      ++T;
    } else if (Star != std::string::npos) {
      P = Star + 1;
      T = ++Mark;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

std::optional<RulePack> parseRulePack(const std::string &Path, const std::string &Text,
                                      PackError &Error) {
  auto Pack = PackParser(Path, Text, Error).parse();
  if (!Pack)
    return Pack;
  // One entry per API (overloads told apart by arity): a second would silently lose.
  std::map<std::pair<std::string, int>, unsigned> First;
  for (const ApiEntry &A : Pack->apis) {
    auto [It, New] = First.emplace(std::make_pair(A.name, A.arity), A.line);
    if (!New) {
      Error = {Path, A.line, 0,
               "duplicate entry for '" + A.name + "' (first at line " + std::to_string(It->second) +
                   "); overloads are told apart by 'arity:'"};
      return std::nullopt;
    }
  }
  return Pack;
}

void PackSet::add(RulePack Pack) {
  size_t PI = Packs.size();
  for (size_t AI = 0; AI < Pack.apis.size(); ++AI) {
    if (Pack.apis[AI].name.find('*') == std::string::npos)
      Exact.emplace(Pack.apis[AI].name, std::make_pair(PI, AI));
    else
      Globs.emplace_back(PI, AI);
  }
  std::vector<std::string> Parts{Hash, Pack.name};
  for (const ApiEntry &A : Pack.apis)
    Parts.push_back(A.name + "|" + accessKindName(A.kind) + "|" + latencyName(A.latency) + "|" +
                    std::to_string(A.sqlArg.index) + "|" + std::to_string(A.statementArg.index) +
                    "|" + std::to_string(A.arity) + (A.sqlStream ? "|stream" : ""));
  for (const std::string &H : Pack.headers)
    Parts.push_back("h:" + H);
  for (const std::string &R : Pack.retryCodes)
    Parts.push_back("r:" + R);
  Hash = stableHash(Parts);
  Packs.push_back(std::move(Pack));
}

static bool headerMatches(const RulePack &Pack, const std::string &DeclFile) {
  if (Pack.headers.empty())
    return true;
  for (const std::string &H : Pack.headers) {
    // "sqlite3.h" matches .../sqlite3.h; "pqxx/" matches any file under a pqxx directory.
    if (!H.empty() && H.front() == '*') { // a glob over the whole path: "*.grpc.pb.h"
      if (globMatch(H, DeclFile))
        return true;
    } else if (!H.empty() && H.back() == '/') {
      if (DeclFile.find("/" + H) != std::string::npos)
        return true;
    } else if (DeclFile == H || (DeclFile.size() > H.size() &&
                                 DeclFile.compare(DeclFile.size() - H.size(), H.size(), H) == 0 &&
                                 DeclFile[DeclFile.size() - H.size() - 1] == '/')) {
      return true;
    }
  }
  return false;
}

std::optional<PackSet::Match> PackSet::match(const std::string &QualifiedName,
                                             const std::string &DeclFile, int Arity) const {
  auto ArityOk = [Arity](const ApiEntry &A) {
    return A.arity < 0 || Arity < 0 || A.arity == Arity;
  };
  auto Range = Exact.equal_range(QualifiedName);
  for (auto It = Range.first; It != Range.second; ++It) {
    const RulePack &P = Packs[It->second.first];
    if (headerMatches(P, DeclFile) && ArityOk(P.apis[It->second.second]))
      return Match{&P, &P.apis[It->second.second]};
  }
  for (const auto &[PI, AI] : Globs) {
    const RulePack &P = Packs[PI];
    if (globMatch(P.apis[AI].name, QualifiedName) && headerMatches(P, DeclFile) &&
        ArityOk(P.apis[AI]))
      return Match{&P, &P.apis[AI]};
  }
  return std::nullopt;
}

void PackSet::disable(const std::vector<std::string> &Names) {
  if (Names.empty())
    return;
  std::vector<RulePack> Old = std::move(Packs);
  Packs.clear();
  Exact.clear();
  Globs.clear();
  Hash.clear();
  for (RulePack &P : Old)
    if (std::find(Names.begin(), Names.end(), P.name) == Names.end())
      add(std::move(P));
}

bool PackSet::isRetryCode(const std::string &MacroName) const {
  for (const RulePack &P : Packs)
    if (std::find(P.retryCodes.begin(), P.retryCodes.end(), MacroName) != P.retryCodes.end())
      return true;
  return false;
}

namespace {
/// Every *.yaml of Dir, sorted, as (path, text).
bool readPackDir(const std::string &Dir, std::vector<std::pair<std::string, std::string>> &Sources,
                 PackError &Error) {
  std::error_code EC;
  std::vector<std::string> Files;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".yaml"))
      Files.push_back(It->path());
  if (EC) {
    Error = {Dir, 0, 0, "cannot read rule pack directory: " + EC.message()};
    return false;
  }
  std::sort(Files.begin(), Files.end());
  for (const std::string &F : Files) {
    auto Buf = llvm::MemoryBuffer::getFile(F);
    if (!Buf) {
      Error = {F, 0, 0, "cannot read: " + Buf.getError().message()};
      return false;
    }
    Sources.emplace_back(F, (*Buf)->getBuffer().str());
  }
  return true;
}
} // namespace

bool loadPacks(const std::string &Dir, PackSet &Out, PackError &Error) {
  if (Dir.empty())
    return loadPacks(std::vector<std::string>{}, true, Out, Error);
  return loadPacks(std::vector<std::string>{Dir}, false, Out, Error);
}

bool loadPacks(const std::vector<std::string> &Dirs, bool Builtin, PackSet &Out, PackError &Error) {
  std::vector<RulePack> Builtins;
  if (Builtin)
    for (const EmbeddedPack &P : embeddedPacks()) {
      auto Pack = parseRulePack(P.path, P.content, Error);
      if (!Pack)
        return false;
      Builtins.push_back(std::move(*Pack));
    }
  std::vector<std::pair<std::string, std::string>> Sources; // path, text
  for (const std::string &Dir : Dirs)
    if (!readPackDir(Dir, Sources, Error))
      return false;
  std::map<std::string, std::string> Seen; // name -> path, among the directories' packs
  std::vector<RulePack> Added;
  for (const auto &[Path, Text] : Sources) {
    auto Pack = parseRulePack(Path, Text, Error);
    if (!Pack)
      return false;
    auto [It, New] = Seen.emplace(Pack->name, Path);
    if (!New) {
      Error = {Path, 0, 0, "duplicate pack name '" + Pack->name + "' (also in " + It->second + ")"};
      return false;
    }
    Added.push_back(std::move(*Pack));
  }
  for (RulePack &P : Builtins)
    if (!Seen.count(P.name)) // a directory's pack of the same name replaces the built-in one
      Out.add(std::move(P));
  for (RulePack &P : Added)
    Out.add(std::move(P));
  return true;
}

} // namespace riskgate
