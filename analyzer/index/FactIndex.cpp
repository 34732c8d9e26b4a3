#include "index/FactIndex.h"

#include "core/Diagnostics.h"
#include "index/FactsFile.h"
#include "index/Statement.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <set>

namespace riskgate {

using index::Use;

namespace {

const char *const Schema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units(file TEXT NOT NULL, variant TEXT NOT NULL, command_hash TEXT NOT NULL,
                   seq INTEGER NOT NULL, packs TEXT NOT NULL, PRIMARY KEY(file, variant));
CREATE TABLE unit_inputs(unit TEXT NOT NULL, variant TEXT NOT NULL, input TEXT NOT NULL,
                         content_hash TEXT NOT NULL, mtime INTEGER, size INTEGER,
                         PRIMARY KEY(unit, variant, input));
CREATE TABLE functions(unit TEXT NOT NULL, variant TEXT NOT NULL, ord INTEGER NOT NULL,
                       usr TEXT NOT NULL, name TEXT NOT NULL, file TEXT NOT NULL, line INTEGER,
                       col INTEGER, end_line INTEGER, is_lambda INTEGER, hot INTEGER,
                       overrides TEXT, flow TEXT, PRIMARY KEY(unit, variant, ord));
CREATE TABLE loops(unit TEXT NOT NULL, variant TEXT NOT NULL, fn INTEGER NOT NULL,
                   id INTEGER NOT NULL, parent INTEGER, kind INTEGER, file TEXT, line INTEGER,
                   col INTEGER, label TEXT, has_increment INTEGER, trip_count INTEGER,
                   condition_vars TEXT, condition_macros TEXT, modified_vars TEXT,
                   PRIMARY KEY(unit, variant, fn, id));
CREATE TABLE sites(unit TEXT NOT NULL, variant TEXT NOT NULL, fn INTEGER NOT NULL,
                   id INTEGER NOT NULL, file TEXT, line INTEGER, col INTEGER, callee_usr TEXT,
                   callee_name TEXT, loop INTEGER, flags INTEGER, kind INTEGER,
                   latency INTEGER, pack TEXT, api TEXT, sql_text TEXT, statement_var TEXT,
                   result_var TEXT, failure INTEGER, flow TEXT,
                   PRIMARY KEY(unit, variant, fn, id));
CREATE TABLE overrides(unit TEXT NOT NULL, variant TEXT NOT NULL, fn INTEGER NOT NULL,
                       base TEXT NOT NULL);
-- The program's call graph, read without loading every unit (a diff's slice).
CREATE INDEX sites_callee ON sites(callee_usr);
CREATE INDEX sites_kind ON sites(kind);
CREATE INDEX functions_usr ON functions(usr);
CREATE INDEX functions_name ON functions(name);
CREATE INDEX overrides_base ON overrides(base);
)sql";
std::string join(const std::vector<std::string> &V) {
  std::string S;
  for (const std::string &E : V)
    S += (S.empty() ? "" : "\n") + E;
  return S;
}

std::vector<std::string> split(const std::string &S) {
  std::vector<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  llvm::StringRef(S).split(Parts, '\n', -1, false);
  for (llvm::StringRef P : Parts)
    Out.push_back(P.str());
  return Out;
}

bool exec(sqlite3 *Db, const char *Sql, std::string *Error = nullptr) {
  char *Msg = nullptr;
  int Rc = sqlite3_exec(Db, Sql, nullptr, nullptr, &Msg);
  if (Rc != SQLITE_OK && Error)
    *Error = Msg ? Msg : sqlite3_errstr(Rc);
  sqlite3_free(Msg);
  return Rc == SQLITE_OK;
}

/// "size mtime inode" of a plain file; empty when it cannot be read.
std::string fileStamp(const std::string &Path) {
  struct stat St;
  if (::lstat(Path.c_str(), &St) != 0 || !S_ISREG(St.st_mode))
    return {};
  return std::to_string(St.st_size) + " " +
         std::to_string(static_cast<int64_t>(St.st_mtim.tv_sec) * 1000000000 + St.st_mtim.tv_nsec) +
         " " + std::to_string(St.st_ino);
}

void removeDatabaseFiles(const std::string &Path) {
  for (const char *Suffix : {"", "-wal", "-shm", "-journal", ".checked"})
    llvm::sys::fs::remove(Path + Suffix);
}

/// Is the thing at Path (if any) a plain file, not a symlink, a folder or a device?
/// Absent counts as plain: it will be created.
bool plainOrAbsent(const std::string &Path, std::string &Why) {
  for (const char *Suffix : {"", "-wal", "-shm"}) {
    std::string P = Path + Suffix;
    struct stat St;
    if (::lstat(P.c_str(), &St) != 0)
      continue;
    if (S_ISLNK(St.st_mode)) {
      Why = P + " is a symbolic link";
      return false;
    }
    if (!S_ISREG(St.st_mode)) {
      Why = P + " is not a regular file";
      return false;
    }
  }
  return true;
}

/// Removes the temporary files of riskgate processes that died while creating an index.
void removeStaleTemporaries(const std::string &Path) {
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  std::string Prefix = llvm::sys::path::filename(Path).str() + ".tmp.";
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir.empty() ? "." : Dir.str(), EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (!Name.starts_with(Prefix))
      continue;
    llvm::StringRef Pid = Name.drop_front(Prefix.size()).take_while(llvm::isDigit);
    long long N = 0;
    if (Pid.empty() || Pid.getAsInteger(10, N) || N <= 0 || N > INT32_MAX)
      continue;
    if (::kill(static_cast<pid_t>(N), 0) != 0 && errno == ESRCH)
      llvm::sys::fs::remove(It->path());
  }
}

/// Creates an empty index at Path atomically: built under a temporary name (mode 0600,
/// removed if a signal ends the run), then linked into place, which fails if another
/// process got there first (its index is then used). Replace: a corrupt index is there and
/// is replaced by a rename instead.
bool createFresh(const std::string &Path, bool Replace, std::string &Error) {
  std::string Tmp = Path + ".tmp." + std::to_string(llvm::sys::Process::getProcessId());
  removeDatabaseFiles(Tmp);
  llvm::sys::RemoveFileOnSignal(Tmp);
  auto Cleanup = [&] {
    removeDatabaseFiles(Tmp);
    llvm::sys::DontRemoveFileOnSignal(Tmp);
  };
  int Fd = ::open(Tmp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (Fd < 0) {
    Error = Tmp + ": cannot create the fact index: " + std::strerror(errno);
    Cleanup();
    return false;
  }
  ::close(Fd);
  sqlite3 *Db = nullptr;
  if (sqlite3_open_v2(Tmp.c_str(), &Db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, nullptr) !=
      SQLITE_OK) {
    Error = Tmp + ": cannot create the fact index: " + sqlite3_errmsg(Db);
    sqlite3_close(Db);
    Cleanup();
    return false;
  }
  // WAL is a property of the file: set here, no reader ever has to switch it.
  std::string Init = std::string("PRAGMA journal_mode=WAL;") + Schema +
                     "INSERT INTO meta VALUES('schema_version','" +
                     std::to_string(FactIndex::SchemaVersion) + "');" +
                     "INSERT INTO meta VALUES('tool','riskgate " RISKGATE_VERSION "');";
  // riskgate-ignore(dynamic-sql): the schema version is riskgate's own constant
  bool Ok = exec(Db, Init.c_str(), &Error);
  sqlite3_close(Db);
  if (!Ok) {
    Error = Tmp + ": cannot create the fact index: " + Error;
    Cleanup();
    return false;
  }
  std::error_code EC;
  if (Replace) {
    for (const char *Suffix : {"-wal", "-shm", "-journal"})
      llvm::sys::fs::remove(Path + Suffix);
    EC = llvm::sys::fs::rename(Tmp, Path);
  } else if (::link(Tmp.c_str(), Path.c_str()) != 0 && errno != EEXIST) {
    EC = std::error_code(errno, std::generic_category());
  }
  Cleanup(); // the link, if made, keeps the file
  if (EC) {
    Error = Path + ": cannot create the fact index: " + EC.message();
    return false;
  }
  return true;
}

// Every row of one unit (?1), of one variant (?2) or of all (?2 NULL).
const char *const UnitDeletes[] = {
    "DELETE FROM unit_inputs WHERE unit=?1 AND (?2 IS NULL OR variant=?2)",
    "DELETE FROM functions WHERE unit=?1 AND (?2 IS NULL OR variant=?2)",
    "DELETE FROM loops WHERE unit=?1 AND (?2 IS NULL OR variant=?2)",
    "DELETE FROM sites WHERE unit=?1 AND (?2 IS NULL OR variant=?2)",
    "DELETE FROM overrides WHERE unit=?1 AND (?2 IS NULL OR variant=?2)",
    "DELETE FROM units WHERE file=?1 AND (?2 IS NULL OR variant=?2)"};

// How many variants of one unit are kept (the base and head of a diff, and a few more).
constexpr int VariantsKept = 4;

constexpr int64_t InLoopCondition = 1, VirtualDispatch = 2, Unresolved = 4, CalleeIsLambda = 8,
                  UpgradeOnly = 16, RunsOnce = 32, LeavesByException = 64;

std::string encodeFunctionFlow(const FunctionFact &F) {
  return llvm::formatv("{0}", llvm::json::Value(functionFlowJson(F)));
}

/// A flow column read back: false for text that is not a JSON object.
template <typename Fact, typename Reader>
bool decodeFlow(const std::string &Text, Fact &Out, Reader Read) {
  if (jsonNesting(Text) > MaxJsonNesting)
    return false;
  auto V = llvm::json::parse(Text);
  if (!V) {
    llvm::consumeError(V.takeError());
    return false;
  }
  const auto *O = V->getAsObject();
  if (!O)
    return false;
  Read(*O, Out);
  return true;
}

bool decodeFunctionFlow(const std::string &Text, FunctionFact &F) {
  return decodeFlow(Text, F, readFunctionFlow);
}

std::string encodeSiteFlow(const CallSite &S) {
  return llvm::formatv("{0}", llvm::json::Value(siteFlowJson(S)));
}

bool decodeSiteFlow(const std::string &Text, CallSite &S) {
  return decodeFlow(Text, S, readSiteFlow);
}

} // namespace

std::unique_ptr<FactIndex> FactIndex::open(const std::string &Path, std::string &Warning,
                                           std::string &Error, bool Stamp) {
  // Whatever goes wrong here costs speed, never the analysis: one warning, then riskgate
  // runs without the index. Error stays empty.
  (void)Error;
  auto Without = [&](const std::string &Why) -> std::unique_ptr<FactIndex> {
    Warning = Why + "; running without the fact index (every unit is parsed)";
    return nullptr;
  };
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (auto EC = llvm::sys::fs::create_directories(Dir))
      return Without(Dir.str().str() + ": cannot create the fact index directory: " + EC.message());
  std::string Why;
  if (!plainOrAbsent(Path, Why))
    return Without(Why + ", not opened");
  removeStaleTemporaries(Path);
  if (!llvm::sys::fs::exists(Path) && !createFresh(Path, false, Why))
    return Without(Why);
  std::unique_ptr<FactIndex> Index(new FactIndex());
  Index->Path = Path;
  Index->Stamp = Stamp;
  InitResult R = Index->init(Path, Why);
  if (R == InitResult::Ok)
    return Index;
  if (R == InitResult::Busy)
    return Without(Path + ": " + Why);
  // Corrupt, or another schema version: rebuilt once.
  Index.reset();
  std::string RebuildError;
  if (!createFresh(Path, true, RebuildError))
    return Without(Path + ": " + Why + "; " + RebuildError);
  Warning = Path + ": " + Why + "; rebuilding the fact index";
  Index.reset(new FactIndex());
  Index->Path = Path;
  Index->Stamp = Stamp;
  std::string Again;
  if (Index->init(Path, Again) != InitResult::Ok) {
    Warning.clear();
    return Without(Path + ": " + Why + "; after rebuilding: " + Again);
  }
  return Index;
}

FactIndex::InitResult FactIndex::init(const std::string &P, std::string &Why) {
  auto Busy = [&](int Rc) {
    return Rc == SQLITE_BUSY || Rc == SQLITE_LOCKED || (Rc & 0xff) == SQLITE_BUSY ||
           (Rc & 0xff) == SQLITE_LOCKED;
  };
  // NOFOLLOW: a symlink put there between the check and the open is refused too.
  int Rc = sqlite3_open_v2(P.c_str(), &Db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, nullptr);
  if (Rc != SQLITE_OK) {
    Why = std::string("cannot open the fact index: ") + sqlite3_errmsg(Db);
    return InitResult::Busy; // not ours to replace
  }
  sqlite3_busy_timeout(Db, 30000);
  // Read before anything is written: a file that is not ours is never switched to WAL.
  sqlite3_stmt *S = nullptr;
  Rc = sqlite3_prepare_v2(Db, "SELECT value FROM meta WHERE key='schema_version'", -1, &S, nullptr);
  if (Rc != SQLITE_OK) {
    Why = std::string("not a riskgate fact index (") + sqlite3_errmsg(Db) + ")";
    sqlite3_finalize(S);
    return Busy(Rc) ? InitResult::Busy : InitResult::Replace;
  }
  Rc = sqlite3_step(S);
  std::string Version = Rc == SQLITE_ROW && sqlite3_column_text(S, 0)
                            ? reinterpret_cast<const char *>(sqlite3_column_text(S, 0))
                            : "";
  sqlite3_finalize(S);
  if (Rc != SQLITE_ROW && Rc != SQLITE_DONE) {
    Why = std::string("the fact index is corrupt (") + sqlite3_errmsg(Db) + ")";
    return Busy(Rc) ? InitResult::Busy : InitResult::Replace;
  }
  if (Version != std::to_string(SchemaVersion)) {
    Why = Version.empty()
              ? "not a riskgate fact index"
              : "fact index schema version " + Version + " is not " + std::to_string(SchemaVersion);
    return InitResult::Replace;
  }
  // quick_check answers with rows: "ok", or what is wrong. The answer is what counts. It
  // reads the whole file, so it is skipped when the file's stamp (size, modification time,
  // inode) is the one a riskgate process recorded when it closed the index it found sound.
  std::string Now = fileStamp(P);
  auto Recorded = llvm::MemoryBuffer::getFile(P + ".checked");
  if (Now.empty() || !Recorded || (*Recorded)->getBuffer() != Now) {
    S = nullptr;
    Rc = sqlite3_prepare_v2(Db, "PRAGMA quick_check(1)", -1, &S, nullptr);
    std::string Check;
    if (Rc == SQLITE_OK) {
      Rc = sqlite3_step(S);
      if (Rc == SQLITE_ROW && sqlite3_column_text(S, 0))
        Check = reinterpret_cast<const char *>(sqlite3_column_text(S, 0));
    }
    sqlite3_finalize(S);
    if (Busy(Rc)) {
      Why = "the fact index is busy";
      return InitResult::Busy;
    }
    if (Check != "ok") {
      Why = "the fact index is corrupt (" +
            (Check.empty() ? std::string(sqlite3_errmsg(Db)) : printable(Check)) + ")";
      return InitResult::Replace;
    }
  }
  Checked = true;
  std::string Err;
  if (!exec(Db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", &Err)) {
    Why = "cannot use the fact index (" + Err + ")";
    return InitResult::Busy;
  }
  return InitResult::Ok;
}

FactIndex::~FactIndex() {
  for (auto &[Sql, S] : Statements)
    sqlite3_finalize(S);
  if (Db)
    sqlite3_close(Db);
  if (!Checked || Broken || !Stamp)
    return;
  // The file as this process leaves it (its last writes checkpointed at close) is one a
  // checked index became through riskgate's own writes: the next open need not check it.
  std::string Now = fileStamp(Path);
  if (Now.empty())
    return;
  std::string Tmp =
      Path + ".tmp." + std::to_string(llvm::sys::Process::getProcessId()) + ".checked";
  int Fd = ::open(Tmp.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (Fd < 0)
    return;
  bool Written = ::write(Fd, Now.data(), Now.size()) == static_cast<ssize_t>(Now.size());
  ::close(Fd);
  if (!Written || ::rename(Tmp.c_str(), (Path + ".checked").c_str()) != 0)
    ::unlink(Tmp.c_str());
}

sqlite3_stmt *FactIndex::prepare(const char *Sql) {
  auto It = Statements.find(Sql);
  if (It != Statements.end())
    return It->second;
  sqlite3_stmt *S = nullptr;
  if (sqlite3_prepare_v2(Db, Sql, -1, &S, nullptr) != SQLITE_OK) {
    fail("prepare");
    return nullptr;
  }
  Statements[Sql] = S;
  return S;
}

void FactIndex::fail(const char *What) {
  if (Broken)
    return;
  Broken = true;
  llvm::errs() << "riskgate: warning: " << Path << ": fact index " << What
               << " failed: " << sqlite3_errmsg(Db) << "; continuing without it\n";
}

std::string FactIndex::contentHash(const std::string &File, const Overlay *Files) {
  if (Files) {
    auto O = Files->find(File);
    if (O != Files->end())
      return O->second ? stableHash({*O->second}) : "missing";
  }
  auto It = HashCache.find(File);
  if (It != HashCache.end())
    return It->second;
  // The stamp is taken before the contents are read: a write in between leaves a stamp that
  // no longer matches, never a stamp that vouches for contents it did not see.
  StampCache[File] = stampOf(File);
  std::string H = fileContentHash(File);
  HashCache[File] = H;
  return H;
}

std::string FactIndex::commandHash(const std::vector<std::string> &Command,
                                   const std::string &Packs) {
  std::vector<std::string> Parts{"riskgate " RISKGATE_VERSION,
                                 "schema " + std::to_string(SchemaVersion), Packs};
  Parts.insert(Parts.end(), Command.begin(), Command.end());
  return stableHash(Parts);
}

bool FactIndex::load(const std::string &File, const std::vector<std::string> &Command,
                     const std::string &PacksHash, TuFacts &Out, const Overlay *Files) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Broken)
    return false;
  std::vector<std::string> Variants;
  {
    Use Q(prepare("SELECT variant FROM units WHERE file=? AND command_hash=? ORDER BY seq DESC"));
    if (!Q)
      return false;
    Q.text(1, File).text(2, commandHash(Command, PacksHash));
    while (Q.step() == SQLITE_ROW)
      Variants.push_back(Q.col(0));
  }
  std::string Variant;
  for (const std::string &V : Variants) {
    Use Q(prepare("SELECT input, content_hash FROM unit_inputs WHERE unit=? AND variant=?"));
    if (!Q)
      return false;
    Q.text(1, File).text(2, V);
    bool Any = false, Same = true;
    int Rc;
    while ((Rc = Q.step()) == SQLITE_ROW) {
      Any = true;
      if (contentHash(Q.col(0), Files) != Q.col(1)) {
        Same = false;
        break;
      }
    }
    if (Same && Any && (Rc == SQLITE_DONE || Rc == SQLITE_ROW)) {
      Variant = V;
      break;
    }
  }
  return !Variant.empty() && loadVariant(File, Variant, Out);
}

bool FactIndex::loadVariant(const std::string &File, const std::string &Variant, TuFacts &Out) {
  TuFacts Facts;
  Facts.mainFile = File;
  {
    Use Q(prepare("SELECT usr, name, file, line, col, is_lambda, hot, overrides, end_line, flow "
                  "FROM functions WHERE unit=? AND variant=? ORDER BY ord"));
    if (!Q)
      return false;
    Q.text(1, File).text(2, Variant);
    while (Q.step() == SQLITE_ROW) {
      FunctionFact F;
      F.usr = Q.col(0);
      F.name = Q.col(1);
      F.loc = {Q.col(2), static_cast<unsigned>(Q.num(3)), static_cast<unsigned>(Q.num(4))};
      F.isLambda = Q.num(5) != 0;
      F.hot = Q.num(6) != 0;
      F.overrides = split(Q.col(7));
      F.endLine = static_cast<unsigned>(Q.num(8));
      if (!decodeFunctionFlow(Q.col(9), F))
        return false;
      Facts.functions.push_back(std::move(F));
    }
  }
  {
    Use Q(prepare(
        "SELECT fn, id, parent, kind, file, line, col, label, has_increment, "
        "trip_count, condition_vars, condition_macros, modified_vars FROM loops WHERE unit=? AND "
        "variant=? ORDER BY fn, id"));
    if (!Q)
      return false;
    Q.text(1, File).text(2, Variant);
    while (Q.step() == SQLITE_ROW) {
      size_t Fn = Q.num(0);
      if (Fn >= Facts.functions.size())
        return false;
      LoopFact L;
      L.id = static_cast<int>(Q.num(1));
      L.parent = static_cast<int>(Q.num(2));
      L.kind = static_cast<LoopKind>(Q.num(3));
      L.loc = {Q.col(4), static_cast<unsigned>(Q.num(5)), static_cast<unsigned>(Q.num(6))};
      L.label = Q.col(7);
      L.hasIncrement = (Q.num(8) & 1) != 0;
      L.chunked = (Q.num(8) & 2) != 0;
      L.upgradeOnly = (Q.num(8) & 4) != 0;
      if (!Q.isNull(9))
        L.tripCount = Q.num(9);
      for (const std::string &V : split(Q.col(10)))
        L.conditionVars.push_back({V.substr(1), V[0] == 'c'});
      L.conditionMacros = split(Q.col(11));
      L.modifiedVars = split(Q.col(12));
      if (L.id != static_cast<int>(Facts.functions[Fn].loops.size()))
        return false;
      Facts.functions[Fn].loops.push_back(std::move(L));
    }
  }
  {
    Use Q(
        prepare("SELECT fn, id, file, line, col, callee_usr, callee_name, loop, flags, kind, "
                "latency, pack, api, sql_text, statement_var, result_var, failure, flow FROM sites "
                "WHERE unit=? AND variant=? ORDER BY fn, id"));
    if (!Q)
      return false;
    Q.text(1, File).text(2, Variant);
    while (Q.step() == SQLITE_ROW) {
      size_t Fn = Q.num(0);
      if (Fn >= Facts.functions.size())
        return false;
      CallSite S;
      S.id = static_cast<int>(Q.num(1));
      S.loc = {Q.col(2), static_cast<unsigned>(Q.num(3)), static_cast<unsigned>(Q.num(4))};
      S.calleeUsr = Q.col(5);
      S.calleeName = Q.col(6);
      S.loop = static_cast<int>(Q.num(7));
      int64_t Flags = Q.num(8);
      S.inLoopCondition = Flags & InLoopCondition;
      S.virtualDispatch = Flags & VirtualDispatch;
      S.unresolved = Flags & Unresolved;
      S.calleeIsLambda = Flags & CalleeIsLambda;
      S.upgradeOnly = Flags & UpgradeOnly;
      S.runsOnce = Flags & RunsOnce;
      S.leavesByException = Flags & LeavesByException;
      S.kind = static_cast<AccessKind>(Q.num(9));
      S.latency = static_cast<Latency>(Q.num(10));
      S.pack = Q.col(11);
      S.api = Q.col(12);
      S.sql = Q.col(13);
      S.statementVar = Q.col(14);
      S.resultVar = Q.col(15);
      S.failure = static_cast<uint8_t>(Q.num(16));
      // The rules read an argument's taint wherever they read its origin.
      if (!decodeSiteFlow(Q.col(17), S) || S.argTaints.size() != S.argOrigins.size())
        return false;
      if (S.id != static_cast<int>(Facts.functions[Fn].calls.size()))
        return false;
      Facts.functions[Fn].calls.push_back(std::move(S));
    }
  }
  {
    Use Q(prepare("SELECT input FROM unit_inputs WHERE unit=? AND variant=? AND input<>? "
                  "ORDER BY input"));
    if (!Q)
      return false;
    Q.text(1, File).text(2, Variant).text(3, File);
    while (Q.step() == SQLITE_ROW)
      Facts.includedFiles.push_back(Q.col(0));
  }
  Out = std::move(Facts);
  return true;
}

void FactIndex::store(const std::string &File, const std::vector<std::string> &Command,
                      const std::string &PacksHash, const TuFacts &Facts, const Overlay *Files) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Broken)
    return;
  std::vector<std::string> Inputs{File};
  Inputs.insert(Inputs.end(), Facts.includedFiles.begin(), Facts.includedFiles.end());
  std::vector<std::string> VariantParts;
  for (const std::string &In : Inputs)
    VariantParts.push_back(In + "=" + contentHash(In, Files));
  std::string Variant = stableHash(VariantParts);
  if (!exec(Db, "BEGIN IMMEDIATE")) {
    fail("write");
    return;
  }
  bool Ok = true;
  auto Check = [&Ok](int Rc) { Ok = Ok && (Rc == SQLITE_DONE || Rc == SQLITE_ROW); };
  for (const char *Sql : UnitDeletes) {
    Use Q(prepare(Sql));
    if (!Q) {
      Ok = false;
      break;
    }
    Check(Q.text(1, File).text(2, Variant).step());
  }
  if (Ok) {
    Use Q(prepare("INSERT INTO units(file, variant, command_hash, seq, packs) VALUES(?,?,?,"
                  "(SELECT COALESCE(MAX(seq), 0) + 1 FROM units), ?)"));
    Ok = Q && (Check(Q.text(1, File)
                         .text(2, Variant)
                         .text(3, commandHash(Command, PacksHash))
                         .text(4, PacksHash)
                         .step()),
               Ok);
  }
  for (const std::string &In : Inputs) {
    if (!Ok)
      break;
    Use Q(prepare("INSERT OR IGNORE INTO unit_inputs(unit, variant, input, content_hash, mtime, "
                  "size) VALUES(?,?,?,?,?,?)"));
    if (!Q) {
      Ok = false;
      break;
    }
    Q.text(1, File).text(2, Variant).text(3, In).text(4, contentHash(In, Files));
    // Contents given by an overlay (a revision's, not the disk's) carry no stamp.
    auto Stamp = StampCache.find(In);
    bool FromDisk = !(Files && Files->count(In)) && Stamp != StampCache.end() && Stamp->second;
    if (FromDisk)
      Q.integer(5, Stamp->second->first).integer(6, Stamp->second->second);
    else
      Q.null(5).null(6);
    Check(Q.step());
  }
  for (size_t Fn = 0; Ok && Fn < Facts.functions.size(); ++Fn) {
    const FunctionFact &F = Facts.functions[Fn];
    {
      Use Q(prepare("INSERT INTO functions VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)"));
      if (!Q) {
        Ok = false;
        break;
      }
      Q.text(1, File).text(2, Variant).integer(3, Fn).text(4, F.usr).text(5, F.name);
      Q.text(6, F.loc.file).integer(7, F.loc.line).integer(8, F.loc.column);
      Q.integer(9, F.endLine).integer(10, F.isLambda).integer(11, F.hot);
      Q.text(12, join(F.overrides)).text(13, encodeFunctionFlow(F));
      Check(Q.step());
    }
    for (const std::string &Base : F.overrides) {
      Use Q(prepare("INSERT INTO overrides VALUES(?,?,?,?)"));
      if (!Q) {
        Ok = false;
        break;
      }
      Check(Q.text(1, File).text(2, Variant).integer(3, Fn).text(4, Base).step());
    }
    for (const LoopFact &L : F.loops) {
      Use Q(prepare("INSERT INTO loops VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
      if (!Q) {
        Ok = false;
        break;
      }
      std::vector<std::string> Vars;
      for (const ConditionVar &V : L.conditionVars)
        Vars.push_back((V.comparedToConstant ? "c" : "v") + V.var);
      Q.text(1, File).text(2, Variant).integer(3, Fn).integer(4, L.id).integer(5, L.parent);
      Q.integer(6, static_cast<int>(L.kind)).text(7, L.loc.file).integer(8, L.loc.line);
      Q.integer(9, L.loc.column)
          .text(10, L.label)
          .integer(11, (L.hasIncrement ? 1 : 0) | (L.chunked ? 2 : 0) | (L.upgradeOnly ? 4 : 0));
      if (L.tripCount)
        Q.integer(12, *L.tripCount);
      else
        Q.null(12);
      Q.text(13, join(Vars)).text(14, join(L.conditionMacros)).text(15, join(L.modifiedVars));
      Check(Q.step());
    }
    for (const CallSite &S : F.calls) {
      Use Q(prepare("INSERT INTO sites VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
      if (!Q) {
        Ok = false;
        break;
      }
      int64_t Flags = (S.inLoopCondition ? InLoopCondition : 0) |
                      (S.virtualDispatch ? VirtualDispatch : 0) | (S.unresolved ? Unresolved : 0) |
                      (S.calleeIsLambda ? CalleeIsLambda : 0) | (S.upgradeOnly ? UpgradeOnly : 0) |
                      (S.runsOnce ? RunsOnce : 0) | (S.leavesByException ? LeavesByException : 0);
      Q.text(1, File).text(2, Variant).integer(3, Fn).integer(4, S.id).text(5, S.loc.file);
      Q.integer(6, S.loc.line).integer(7, S.loc.column).text(8, S.calleeUsr);
      Q.text(9, S.calleeName).integer(10, S.loop).integer(11, Flags);
      Q.integer(12, static_cast<int>(S.kind)).integer(13, static_cast<int>(S.latency));
      Q.text(14, S.pack).text(15, S.api).text(16, S.sql).text(17, S.statementVar);
      Q.text(18, S.resultVar).integer(19, S.failure).text(20, encodeSiteFlow(S));
      Check(Q.step());
    }
  }
  // Older variants beyond the newest few go.
  for (const char *Sql : UnitDeletes) {
    if (!Ok)
      break;
    Use Old(prepare("SELECT variant FROM units WHERE file=? ORDER BY seq DESC LIMIT -1 OFFSET ?"));
    std::vector<std::string> Stale;
    if (Old) {
      Old.text(1, File).integer(2, VariantsKept);
      while (Old.step() == SQLITE_ROW)
        Stale.push_back(Old.col(0));
    }
    for (const std::string &V : Stale) {
      Use Q(prepare(Sql));
      if (Q)
        Check(Q.text(1, File).text(2, V).step());
    }
  }
  if (!Ok || !exec(Db, "COMMIT")) {
    exec(Db, "ROLLBACK");
    fail("write");
  }
}

void FactIndex::prune(const std::vector<std::string> &Keep) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Broken)
    return;
  std::vector<std::string> Stored;
  {
    Use Q(prepare("SELECT DISTINCT file FROM units"));
    if (!Q)
      return;
    while (Q.step() == SQLITE_ROW)
      Stored.push_back(Q.col(0));
  }
  std::set<std::string> KeepSet(Keep.begin(), Keep.end());
  if (!exec(Db, "BEGIN IMMEDIATE")) {
    fail("prune");
    return;
  }
  bool Ok = true;
  for (const std::string &F : Stored) {
    if (KeepSet.count(F))
      continue;
    for (const char *Sql : UnitDeletes) {
      Use Q(prepare(Sql));
      Ok = Ok && Q && Q.text(1, F).null(2).step() == SQLITE_DONE;
    }
  }
  if (!Ok || !exec(Db, "COMMIT")) {
    exec(Db, "ROLLBACK");
    fail("prune");
  }
}

std::unique_ptr<FactIndex> FactIndex::openForReading(const std::string &Path, std::string &Error) {
  std::unique_ptr<FactIndex> I(new FactIndex());
  I->Path = Path;
  // A URI, so that sqlite writes nothing: read-only, and immutable (no -shm, no locks) when
  // no writer's journal is there. Characters a URI reserves are percent-encoded.
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  std::string Uri = "file:";
  for (unsigned char C : Abs.str()) {
    if (llvm::isAlnum(C) || C == '/' || C == '.' || C == '-' || C == '_')
      Uri += static_cast<char>(C);
    else
      Uri += llvm::formatv("%{0:X-2}", static_cast<unsigned>(C)).str();
  }
  Uri += llvm::sys::fs::exists(Path + "-wal") ? "?mode=ro" : "?mode=ro&immutable=1";
  if (sqlite3_open_v2(Uri.c_str(), &I->Db,
                      SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW,
                      nullptr) != SQLITE_OK) {
    Error = Path + ": cannot open the fact index: " + sqlite3_errmsg(I->Db);
    return nullptr;
  }
  sqlite3_busy_timeout(I->Db, 10000);
  std::string Version;
  sqlite3_stmt *Q = nullptr;
  int Rc = sqlite3_prepare_v2(I->Db, "SELECT value FROM meta WHERE key='schema_version'", -1, &Q,
                              nullptr);
  if (Rc == SQLITE_OK && sqlite3_step(Q) == SQLITE_ROW)
    if (const unsigned char *T = sqlite3_column_text(Q, 0))
      Version = reinterpret_cast<const char *>(T);
  std::string Why = sqlite3_errmsg(I->Db);
  sqlite3_finalize(Q);
  if (Version.empty()) {
    bool NoMeta = Rc != SQLITE_OK && llvm::StringRef(Why).starts_with("no such table");
    Error = Path + (NoMeta || Rc == SQLITE_OK ? ": not a riskgate fact index"
                                              : ": cannot read the fact index: " + Why);
    return nullptr;
  }
  if (Version != std::to_string(SchemaVersion)) {
    Error = Path + ": a fact index of another riskgate (schema " + Version + ", this one reads " +
            std::to_string(SchemaVersion) + "); extract the facts again";
    return nullptr;
  }
  return I;
}

bool FactIndex::loadCurrent(std::vector<CurrentUnit> &Out, size_t &Outdated, std::string &Error) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Outdated = 0;
  auto Failed = [&] {
    Error = Path + ": cannot read the fact index: " + sqlite3_errmsg(Db);
    return false;
  };
  // Every statement is stepped to its end: an error part-way is an error, never a shorter list.
  std::vector<std::string> Files;
  {
    Use Q(prepare("SELECT DISTINCT file FROM units ORDER BY file"));
    if (!Q)
      return Failed();
    int Rc;
    while ((Rc = Q.step()) == SQLITE_ROW)
      Files.push_back(Q.col(0));
    if (Rc != SQLITE_DONE)
      return Failed();
  }
  for (const std::string &File : Files) {
    std::vector<std::pair<std::string, std::string>> Variants; // (variant, packs)
    {
      Use Q(prepare("SELECT variant, packs FROM units WHERE file=? ORDER BY seq DESC"));
      if (!Q)
        return Failed();
      Q.text(1, File);
      int Rc;
      while ((Rc = Q.step()) == SQLITE_ROW)
        Variants.emplace_back(Q.col(0), Q.col(1));
      if (Rc != SQLITE_DONE)
        return Failed();
    }
    bool Found = false;
    for (const auto &[Variant, Packs] : Variants) {
      CurrentUnit U;
      bool Same = true;
      {
        Use Q(prepare("SELECT input, content_hash FROM unit_inputs WHERE unit=? AND variant=?"));
        if (!Q)
          return Failed();
        Q.text(1, File).text(2, Variant);
        int Rc = SQLITE_ROW;
        while (Same && (Rc = Q.step()) == SQLITE_ROW) {
          U.inputHashes[Q.col(0)] = Q.col(1);
          Same = contentHash(Q.col(0), nullptr) == Q.col(1);
        }
        if (Same && Rc != SQLITE_DONE)
          return Failed();
      }
      if (!Same || U.inputHashes.empty())
        continue;
      if (!loadVariant(File, Variant, U.facts)) {
        Error = Path + ": cannot read the facts of " + File + " from the fact index (damaged?)";
        return false;
      }
      U.packsHash = Packs;
      Out.push_back(std::move(U));
      Found = true;
      break;
    }
    Outdated += !Found;
  }
  return true;
}

std::vector<std::string> FactIndex::units() {
  std::lock_guard<std::mutex> Lock(Mutex);
  std::vector<std::string> Out;
  Use Q(prepare("SELECT DISTINCT file FROM units ORDER BY file"));
  if (Q)
    while (Q.step() == SQLITE_ROW)
      Out.push_back(Q.col(0));
  return Out;
}

} // namespace riskgate
