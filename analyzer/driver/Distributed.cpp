#include "driver/Distributed.h"

#include "index/FactIndex.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>

namespace riskgate {

namespace {

/// Writes Text to Path through a temporary file renamed into place: a reader (or a remote
/// cache) never sees half a facts file.
bool writeAtomically(const std::string &Path, const std::string &Text, std::string &Error) {
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (auto EC = llvm::sys::fs::create_directories(Dir)) {
      Error = Dir.str().str() + ": cannot create the folder: " + EC.message();
      return false;
    }
  std::string Tmp = Path + ".tmp." + std::to_string(llvm::sys::Process::getProcessId());
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Tmp, EC, llvm::sys::fs::OF_None);
    if (EC) {
      Error = Path + ": cannot write the facts file: " + EC.message();
      return false;
    }
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      Error = Path + ": cannot write the facts file: " + OS.error().message();
      OS.clear_error();
      llvm::sys::fs::remove(Tmp);
      return false;
    }
  }
  if (auto EC = llvm::sys::fs::rename(Tmp, Path)) {
    Error = Path + ": cannot write the facts file: " + EC.message();
    llvm::sys::fs::remove(Tmp);
    return false;
  }
  return true;
}

} // namespace

bool parseShard(const std::string &Text, ShardSpec &Out, std::string &Error) {
  auto [I, N] = llvm::StringRef(Text).split('/');
  unsigned Index = 0, Count = 0;
  if (I.getAsInteger(10, Index) || N.getAsInteger(10, Count) || Count == 0 || Index == 0 ||
      Index > Count || Count > 100000) {
    Error = "--shard takes I/N with 1 <= I <= N (the I-th of N parts), got '" + Text + "'";
    return false;
  }
  Out = {Index, Count};
  return true;
}

std::vector<std::string> shardUnits(const std::vector<std::string> &Units, ShardSpec S) {
  std::vector<std::pair<uint64_t, std::string>> Sized;
  for (const std::string &U : Units) {
    uint64_t Size = 0;
    llvm::sys::fs::file_size(U, Size);
    Sized.emplace_back(Size, U);
  }
  // Largest first, then by path: the same order on every machine that sees the same tree.
  std::sort(Sized.begin(), Sized.end(), [](const auto &A, const auto &B) {
    return A.first != B.first ? A.first > B.first : A.second < B.second;
  });
  std::vector<uint64_t> Load(S.count, 0);
  std::vector<std::string> Mine;
  for (const auto &[Size, Unit] : Sized) {
    size_t Lightest = std::min_element(Load.begin(), Load.end()) - Load.begin();
    Load[Lightest] += std::max<uint64_t>(Size, 1);
    if (Lightest + 1 == S.index)
      Mine.push_back(Unit);
  }
  std::sort(Mine.begin(), Mine.end());
  return Mine;
}

ExtractOutcome runExtract(const ExtractCommand &C) {
  ExtractOutcome O;
  ScanOptions SO = C.scan;
  // An extraction is a build action: it reads its inputs and writes its facts, never a fact
  // index next to the database, unless --cache names one.
  if (SO.cacheDir.empty())
    SO.noCache = true;
  Pipeline P;
  if (!preparePipeline(SO, P, O.fatal)) {
    O.warnings = P.warnings;
    return O;
  }
  O.warnings = P.warnings;
  std::vector<std::string> Files = P.inputs.files;
  if (C.shard)
    Files = shardUnits(Files, *C.shard);
  O.units = Files.size();
  if (!C.outputFile.empty() && Files.size() != 1) {
    O.fatal = "-o writes the facts of one unit, and " + std::to_string(Files.size()) +
              " units are to be extracted; use --output-dir DIR";
    return O;
  }
  const std::string &Root = SO.rootDir;
  for (const std::string &F : Files)
    if (pathUnderRoot(F, Root).empty()) {
      O.fatal = F + ": outside the root " + Root +
                " (--root): a facts file names its unit relative to the root";
      return O;
    }
  ExtractOptions EO;
  EO.jobs = P.jobs;
  EO.resourceDir = P.resourceDir;
  EO.index = P.index.get();
  EO.progress = P.progress;
  EO.policy = P.policy;
  EO.unitSeconds = P.unitSeconds;
  EO.unitMegabytes = P.unitMegabytes;
  ExtractResult R = runExtraction(P.inputs, Files, P.packs, EO);
  O.stats = R.stats;
  for (size_t I = 0; I < Files.size(); ++I) {
    UnitFactsFile U;
    U.facts = std::move(R.units[I]);
    if (U.facts.mainFile.empty())
      U.facts.mainFile = Files[I];
    U.droppedFlags = std::move(R.unitDroppedFlags[I]);
    U.unknownFlags = std::move(R.unitUnknownFlags[I]);
    U.packsHash = P.packs.contentHash();
    std::vector<std::string> Inputs = U.facts.includedFiles;
    Inputs.push_back(U.facts.mainFile);
    for (const std::string &In : Inputs)
      if (auto Buf = llvm::MemoryBuffer::getFile(In))
        U.inputHashes[In] = contentHashOf((*Buf)->getBuffer().str());
    O.errors.insert(O.errors.end(), U.facts.errors.begin(), U.facts.errors.end());
    std::string Path = !C.outputFile.empty()
                           ? C.outputFile
                           : C.outputDir + "/" + pathUnderRoot(Files[I], Root) + ".facts";
    if (!writeAtomically(Path, encodeFactsFile(U, Root), O.fatal))
      return O;
    ++O.written;
  }
  return O;
}

bool loadFactsFiles(const std::vector<std::string> &Inputs, const std::string &Root,
                    std::vector<UnitFactsFile> &Out, std::vector<std::string> &Warnings,
                    std::string &Fatal) {
  std::vector<std::string> Paths;
  for (const std::string &In : Inputs) {
    if (!llvm::sys::fs::is_directory(In)) {
      if (!llvm::sys::fs::exists(In)) {
        Fatal = In + ": no such facts file or folder";
        return false;
      }
      Paths.push_back(In);
      continue;
    }
    size_t Before = Paths.size();
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(In, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(".facts") &&
          It->type() != llvm::sys::fs::file_type::directory_file)
        Paths.push_back(It->path());
    if (EC) {
      Fatal = In + ": cannot read the folder: " + EC.message();
      return false;
    }
    if (Paths.size() == Before)
      Warnings.push_back(In + ": no .facts files in this folder");
  }
  if (Paths.empty()) {
    Fatal = "no facts files to analyze (give the .facts files or folders 'riskgate extract' "
            "wrote)";
    return false;
  }
  // Every copy of every unit first; which one stays is decided by content, never by the
  // order of Inputs: the copy that matches the files here, then the smallest content hash.
  struct Copy {
    std::string hash, path; // hash: of the facts' encoding, for a unit given more than once
    UnitFactsFile facts;
  };
  std::map<std::string, std::vector<Copy>> Copies;
  std::map<std::string, std::string> PacksOf; // packs hash -> the first file (by name) with it
  auto Add = [&](Copy C) {
    auto [It, New] = PacksOf.emplace(C.facts.packsHash, C.path);
    if (!New)
      It->second = std::min(It->second, C.path);
    std::string Unit = C.facts.facts.mainFile;
    Copies[Unit].push_back(std::move(C));
  };
  for (const std::string &Path : Paths) {
    auto Buf = llvm::MemoryBuffer::getFile(Path);
    if (!Buf) {
      Fatal = Path + ": cannot read the facts file: " + Buf.getError().message();
      return false;
    }
    llvm::StringRef Bytes = (*Buf)->getBuffer();
    if (Bytes.starts_with(llvm::StringRef("SQLite format 3\0", 16))) {
      // A fact index (scan's, or extract --cache's): every unit as the files here are now.
      // riskgate-ignore(n-plus-one): one schema check per index named on the command line
      auto Index = FactIndex::openForReading(Path, Fatal);
      if (!Index)
        return false;
      size_t Outdated = 0;
      std::vector<FactIndex::CurrentUnit> Units;
      if (!Index->loadCurrent(Units, Outdated, Fatal))
        return false;
      for (FactIndex::CurrentUnit &Unit : Units) {
        UnitFactsFile U;
        U.facts = std::move(Unit.facts);
        U.packsHash = std::move(Unit.packsHash);
        U.inputHashes = std::move(Unit.inputHashes);
        // Through the facts file's reader: every check it makes holds for an index's facts.
        Copy C{{}, Path, {}};
        if (!decodeFactsFile(Path + " (" + U.facts.mainFile + ")", encodeFactsFile(U, Root), Root,
                             C.facts, Fatal))
          return false;
        Add(std::move(C));
      }
      if (Outdated)
        Warnings.push_back(Path + ": " + std::to_string(Outdated) +
                           (Outdated == 1 ? " unit holds" : " units hold") +
                           " facts of other contents than the files here only: left out (a "
                           "scan or an extract with --cache refreshes the index)");
      continue;
    }
    Copy C{{}, Path, {}};
    if (!decodeFactsFile(Path, Bytes.str(), Root, C.facts, Fatal))
      return false;
    Add(std::move(C));
  }
  if (Copies.empty()) {
    Fatal = "no units to analyze in the facts given (an index whose units all hold other "
            "contents than the files here?): nothing would be checked";
    return false;
  }
  if (PacksOf.size() > 1) {
    Fatal = PacksOf.begin()->second + " and " + std::next(PacksOf.begin())->second +
            ": facts extracted with different rule packs or configurations; extract every "
            "unit with the same ones";
    return false;
  }
  // Facts of another revision of a file describe lines that are not there.
  std::map<std::string, std::string> HashOnDisk;
  auto StaleInput = [&](const UnitFactsFile &U) -> std::string {
    for (const auto &[Path, Hash] : U.inputHashes) {
      auto It = HashOnDisk.find(Path);
      if (It == HashOnDisk.end())
        It = HashOnDisk.emplace(Path, fileContentHash(Path)).first;
      if (It->second != Hash)
        return Path;
    }
    return {};
  };
  for (auto &[Unit, List] : Copies) {
    for (Copy &C : List) {
      C.facts.staleInput = StaleInput(C.facts);
      // Only a unit given more than once needs telling its copies apart: by their facts, not
      // by the dropped-flag notes a fact index does not keep (the same unit from a facts
      // file and from an index is one unit).
      if (List.size() > 1) {
        UnitFactsFile Bare = C.facts;
        Bare.droppedFlags.clear();
        Bare.unknownFlags.clear();
        Bare.staleInput.clear();
        C.hash = contentHashOf(encodeFactsFile(Bare, Root));
      }
    }
    std::sort(List.begin(), List.end(), [](const Copy &A, const Copy &B) {
      bool AStale = !A.facts.staleInput.empty(), BStale = !B.facts.staleInput.empty();
      return AStale != BStale ? BStale : A.hash != B.hash ? A.hash < B.hash : A.path < B.path;
    });
    std::set<std::string> Texts;
    std::vector<std::string> Names;
    for (const Copy &C : List)
      if (Texts.insert(C.hash).second)
        Names.push_back(C.path);
    if (Texts.size() > 1) { // the same unit extracted twice with the same result is harmless
      std::sort(Names.begin(), Names.end());
      std::string Listed;
      for (const std::string &N : Names)
        Listed += (Listed.empty() ? "" : ", ") + N;
      Warnings.push_back(Unit + ": facts given " + std::to_string(Texts.size()) +
                         " times and they differ (" + Listed + "): using " +
                         (List.front().facts.staleInput.empty()
                              ? "the copy that matches the files here"
                              : "one of them (none matches the files here)"));
    }
    for (auto C = std::next(List.begin()); C != List.end(); ++C)
      if (C->hash == List.front().hash) {
        List.front().facts.droppedFlags.insert(C->facts.droppedFlags.begin(),
                                               C->facts.droppedFlags.end());
        List.front().facts.unknownFlags.insert(C->facts.unknownFlags.begin(),
                                               C->facts.unknownFlags.end());
      }
    Out.push_back(std::move(List.front().facts));
  }
  return true;
}

} // namespace riskgate
