// The fact index read as a program's shape: which units are current, and who calls,
// defines and overrides a function, answered by indexed lookups without loading every
// unit's facts. A diff's slice (change/Slice.cpp) is built from these.
#include "index/FactIndex.h"
#include "index/Statement.h"

#include <algorithm>
#include <unordered_map>

#include <sys/stat.h>

namespace riskgate {

using index::Use;

std::optional<std::pair<int64_t, int64_t>> FactIndex::stampOf(const std::string &File) {
  struct stat St;
  if (::stat(File.c_str(), &St) != 0)
    return std::nullopt;
  return std::make_pair(static_cast<int64_t>(St.st_mtim.tv_sec) * 1000000000 + St.st_mtim.tv_nsec,
                        static_cast<int64_t>(St.st_size));
}

bool FactIndex::currentVariants(const std::map<std::string, std::string> &Keys,
                                std::map<std::string, std::string> &Variants,
                                std::map<std::string, std::vector<std::string>> &Inputs) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Broken)
    return false;
  // unit -> its variants stored with the wanted key, newest first.
  std::unordered_map<std::string, std::vector<std::string>> Candidates;
  Candidates.reserve(Keys.size());
  {
    Use Q(prepare("SELECT file, variant, command_hash FROM units ORDER BY seq DESC"));
    if (!Q)
      return false;
    int Rc;
    while ((Rc = Q.step()) == SQLITE_ROW) {
      auto Key = Keys.find(Q.col(0));
      if (Key != Keys.end() && Key->second == Q.col(2))
        Candidates[Key->first].push_back(Q.col(1));
    }
    if (Rc != SQLITE_DONE)
      return false;
  }
  // Every candidate variant whose inputs are as on disk now, with those inputs. The rows come
  // in key order (unit, variant, input): one group per variant.
  std::unordered_map<std::string, std::optional<std::pair<int64_t, int64_t>>> OnDisk;
  OnDisk.reserve(Keys.size() * 3);
  auto Unchanged = [&](const std::string &Path, const std::string &Hash,
                       std::optional<std::pair<int64_t, int64_t>> Stamp) {
    auto It = OnDisk.find(Path);
    if (It == OnDisk.end())
      It = OnDisk.emplace(Path, stampOf(Path)).first;
    if (Stamp && It->second && *Stamp == *It->second)
      return true;
    return contentHash(Path, nullptr) == Hash;
  };
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> Valid;
  {
    Use Q(prepare("SELECT unit, variant, input, content_hash, mtime, size FROM unit_inputs "
                  "ORDER BY unit, variant"));
    if (!Q)
      return false;
    std::string Unit, Variant;
    bool Wanted = false, Ok = false;
    std::vector<std::string> Paths;
    auto Close = [&] {
      if (Wanted && Ok)
        Valid.emplace(std::make_pair(Unit, Variant), std::move(Paths));
      Paths.clear();
    };
    int Rc;
    while ((Rc = Q.step()) == SQLITE_ROW) {
      std::string U = Q.col(0), V = Q.col(1);
      if (U != Unit || V != Variant) {
        Close();
        Unit = std::move(U);
        Variant = std::move(V);
        auto C = Candidates.find(Unit);
        Wanted = C != Candidates.end() &&
                 std::find(C->second.begin(), C->second.end(), Variant) != C->second.end();
        Ok = true;
      }
      if (!Wanted || !Ok)
        continue;
      std::string Path = Q.col(2);
      std::optional<std::pair<int64_t, int64_t>> Stamp;
      if (!Q.isNull(4) && !Q.isNull(5))
        Stamp = std::make_pair(Q.num(4), Q.num(5));
      Ok = Unchanged(Path, Q.col(3), Stamp);
      Paths.push_back(std::move(Path));
    }
    Close();
    if (Rc != SQLITE_DONE)
      return false;
  }
  for (const auto &[Unit, List] : Candidates)
    for (const std::string &Variant : List) {
      auto It = Valid.find({Unit, Variant});
      if (It == Valid.end())
        continue;
      Variants[Unit] = Variant;
      std::vector<std::string> &Paths = Inputs[Unit];
      Paths.push_back(Unit);
      for (const std::string &In : It->second)
        if (In != Unit)
          Paths.push_back(In);
      break;
    }
  return true;
}

std::vector<FactIndex::StoredFunction>
FactIndex::storedFunctions(const char *Sql, const std::vector<std::string> &Texts,
                           std::optional<int64_t> Kind) {
  std::lock_guard<std::mutex> Lock(Mutex);
  std::vector<StoredFunction> Out;
  if (Broken)
    return Out;
  Use Q(prepare(Sql));
  if (!Q)
    return Out;
  int I = 0;
  for (const std::string &T : Texts)
    Q.text(++I, T);
  if (Kind)
    Q.integer(++I, *Kind);
  while (Q.step() == SQLITE_ROW)
    Out.push_back({Q.col(0), Q.col(1), Q.col(2), Q.col(3)});
  return Out;
}

// Each (unit, variant, fn) of a site joined with its function's USR and name.
#define RISKGATE_SITE_FUNCTIONS                                                                    \
  "SELECT DISTINCT s.unit, s.variant, f.usr, f.name FROM sites s JOIN functions f "                \
  "ON f.unit=s.unit AND f.variant=s.variant AND f.ord=s.fn "

std::vector<FactIndex::StoredFunction> FactIndex::callersOf(const std::string &Usr) {
  return storedFunctions(RISKGATE_SITE_FUNCTIONS "WHERE s.callee_usr=?1", {Usr});
}

std::vector<FactIndex::StoredFunction> FactIndex::definitionsOf(const std::string &Usr) {
  return storedFunctions("SELECT unit, variant, usr, name FROM functions WHERE usr=?1", {Usr});
}

std::vector<FactIndex::StoredFunction> FactIndex::overridersOf(const std::string &Base) {
  return storedFunctions(
      "SELECT o.unit, o.variant, f.usr, f.name FROM overrides o JOIN functions f "
      "ON f.unit=o.unit AND f.variant=o.variant AND f.ord=o.fn "
      "WHERE o.base=?1",
      {Base});
}

std::vector<FactIndex::StoredFunction> FactIndex::functionsWithSite(AccessKind Kind) {
  return storedFunctions(RISKGATE_SITE_FUNCTIONS "WHERE s.kind=?1", {}, static_cast<int64_t>(Kind));
}

std::vector<FactIndex::StoredFunction> FactIndex::methodsWithSiteInLoop(const std::string &Class,
                                                                        AccessKind Kind) {
  // The names from "Class::" up to, not including, "Class:;" (';' follows ':'): a range the
  // name index answers (`+s.kind` keeps the planner from starting at every site of Kind).
  return storedFunctions(RISKGATE_SITE_FUNCTIONS
                         "WHERE f.name >= ?1 AND f.name < ?2 AND +s.kind=?3 AND s.loop>=0",
                         {Class + "::", Class + ":;"}, static_cast<int64_t>(Kind));
}

#undef RISKGATE_SITE_FUNCTIONS

bool FactIndex::loadStored(const std::string &File, const std::string &Variant, TuFacts &Out) {
  std::lock_guard<std::mutex> Lock(Mutex);
  return !Broken && loadVariant(File, Variant, Out);
}

} // namespace riskgate
