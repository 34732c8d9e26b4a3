// The fact index read as a program's shape: which units are current, and who calls,
// defines and overrides a function, answered by indexed lookups without loading every
// unit's facts. A diff's slice (change/Slice.cpp) is built from these.
#include "index/FactIndex.h"
#include "index/Statement.h"

#include <algorithm>

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
  struct Input {
    std::string path, hash;
    std::optional<std::pair<int64_t, int64_t>> stamp;
  };
  // (unit, variant) -> inputs; unit -> variants with the wanted key, newest first.
  std::map<std::pair<std::string, std::string>, std::vector<Input>> Stored;
  std::map<std::string, std::vector<std::string>> Candidates;
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
  {
    Use Q(prepare("SELECT unit, variant, input, content_hash, mtime, size FROM unit_inputs"));
    if (!Q)
      return false;
    int Rc;
    while ((Rc = Q.step()) == SQLITE_ROW) {
      if (!Candidates.count(Q.col(0)))
        continue;
      Input In{Q.col(2), Q.col(3), std::nullopt};
      if (!Q.isNull(4) && !Q.isNull(5))
        In.stamp = std::make_pair(Q.num(4), Q.num(5));
      Stored[{Q.col(0), Q.col(1)}].push_back(std::move(In));
    }
    if (Rc != SQLITE_DONE)
      return false;
  }
  std::map<std::string, std::optional<std::pair<int64_t, int64_t>>> OnDisk;
  auto Unchanged = [&](const Input &In) {
    auto It = OnDisk.find(In.path);
    if (It == OnDisk.end())
      It = OnDisk.emplace(In.path, stampOf(In.path)).first;
    if (In.stamp && It->second && *In.stamp == *It->second)
      return true;
    return contentHash(In.path, nullptr) == In.hash;
  };
  for (const auto &[Unit, List] : Candidates)
    for (const std::string &Variant : List) {
      auto It = Stored.find({Unit, Variant});
      if (It == Stored.end() || !std::all_of(It->second.begin(), It->second.end(), Unchanged))
        continue;
      Variants[Unit] = Variant;
      std::vector<std::string> &Paths = Inputs[Unit];
      Paths.push_back(Unit);
      for (const Input &In : It->second)
        if (In.path != Unit)
          Paths.push_back(In.path);
      break;
    }
  return true;
}

std::vector<FactIndex::StoredFunction>
FactIndex::storedFunctions(const char *Sql, const std::string *Arg, std::optional<int64_t> Kind) {
  std::lock_guard<std::mutex> Lock(Mutex);
  std::vector<StoredFunction> Out;
  if (Broken)
    return Out;
  Use Q(prepare(Sql));
  if (!Q)
    return Out;
  if (Arg)
    Q.text(1, *Arg);
  if (Kind)
    Q.integer(1, *Kind);
  while (Q.step() == SQLITE_ROW)
    Out.push_back({Q.col(0), Q.col(1), Q.col(2), Q.col(3)});
  return Out;
}

std::vector<FactIndex::StoredFunction> FactIndex::callersOf(const std::string &Usr) {
  return storedFunctions("SELECT DISTINCT s.unit, s.variant, f.usr, f.name FROM sites s JOIN functions f "
                         "ON f.unit=s.unit AND f.variant=s.variant AND f.ord=s.fn "
                         "WHERE s.callee_usr=?",
                         &Usr);
}

std::vector<FactIndex::StoredFunction> FactIndex::definitionsOf(const std::string &Usr) {
  return storedFunctions("SELECT unit, variant, usr, name FROM functions WHERE usr=?", &Usr);
}

std::vector<FactIndex::StoredFunction> FactIndex::overridersOf(const std::string &Base) {
  return storedFunctions("SELECT o.unit, o.variant, f.usr, f.name FROM overrides o JOIN functions f "
                         "ON f.unit=o.unit AND f.variant=o.variant AND f.ord=o.fn "
                         "WHERE o.base=?",
                         &Base);
}

std::vector<FactIndex::StoredFunction> FactIndex::functionsWithSite(AccessKind Kind,
                                                                    bool InLoop) {
  return storedFunctions(
      InLoop
          ? "SELECT DISTINCT s.unit, s.variant, f.usr, f.name FROM sites s JOIN functions f "
            "ON f.unit=s.unit AND f.variant=s.variant AND f.ord=s.fn "
            "WHERE s.kind=? AND s.loop>=0"
          : "SELECT DISTINCT s.unit, s.variant, f.usr, f.name FROM sites s JOIN functions f "
            "ON f.unit=s.unit AND f.variant=s.variant AND f.ord=s.fn WHERE s.kind=?",
      nullptr, static_cast<int64_t>(Kind));
}

bool FactIndex::loadStored(const std::string &File, const std::string &Variant, TuFacts &Out) {
  std::lock_guard<std::mutex> Lock(Mutex);
  return !Broken && loadVariant(File, Variant, Out);
}

} // namespace riskgate
