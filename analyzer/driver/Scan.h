// The pipeline end to end: compile inputs -> facts (through the index) -> program model
// -> rules -> findings. The scan and diff commands and the tests all go through it.
#pragma once

#include "config/Config.h"
#include "core/Diagnostics.h"
#include "facts/ExtractRunner.h"
#include "frontend/CompileDb.h"
#include "index/FactIndex.h"
#include "packs/RulePack.h"
#include "program/ProgramModel.h"
#include "report/Report.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace riskgate {

struct ScanOptions {
  std::string buildDir;                              // -p
  std::vector<std::string> files;                    // FILE...; empty: every database entry
  std::optional<std::vector<std::string>> fixedArgs; // flags after `--`
  std::vector<std::string>
      packsDirs; // --packs-dir: packs added to (or, by name, replacing) the built-in ones
  bool noBuiltinPacks = false; // --no-builtin-packs: only the packs of packsDirs
  std::vector<std::string> extraArgsBefore, extraArgs,
      removeArgs;                    // --extra-arg[-before], --remove-arg
  std::vector<std::string> excludes; // --exclude: path globs (relative to rootDir) not analyzed
  std::string configFile;            // --config: this configuration for every file
  std::string resourceDir;           // --resource-dir
  std::string cacheDir;              // --cache; empty: next to the database
  bool noCache = false;              // --no-cache
  unsigned jobs = 0;                 // -j; 0: the machine's cores
  /// --unit-timeout / --unit-memory: per-unit limits, each unit in a process of its own
  /// (unset: none, or 300 s and 4096 MiB in untrusted mode; 0: no limit).
  std::optional<unsigned> unitSeconds, unitMegabytes;
  bool progress = false;
  std::optional<Severity> failOn = Severity::High;
  std::string rootDir;            // report paths relative to it; the checkout in untrusted mode
  bool untrusted = false;         // --untrusted: the flag allowlist for code from strangers
  std::string baselineFile;       // --baseline: findings recorded there count as preexisting
  std::vector<std::string> rules; // --rules: only these (empty: all)
  std::vector<std::string> schemaFiles; // --schema: .sql files or migration folders
  /// Untrusted diff: the .riskgate.yaml files inside rootDir as the base revision has them
  /// (absent: no configuration there). Never the pull request's own.
  std::optional<Overlay> configOverlay;
  /// analyze: the program's facts come from these facts files (or folders of them), written
  /// by `riskgate extract`; no compile database is read and nothing is parsed.
  std::vector<std::string> factsInputs;
  /// diff --facts: the compile database is read too, for the units the facts lack and for
  /// the base revision of the units the change touches (parsed; the rest reuse the facts).
  bool factsWithDatabase = false;
};

/// A private folder (mode 0700) removed with everything in it when the run ends.
class PrivateDir {
public:
  PrivateDir() = default;
  PrivateDir(const PrivateDir &) = delete;
  PrivateDir &operator=(const PrivateDir &) = delete;
  ~PrivateDir();
  bool create(std::string &Error);
  const std::string &path() const { return Path; }

private:
  std::string Path;
};

/// What every analysis needs once: packs, resource directory, compile inputs, index.
struct Pipeline {
  PrivateDir privateCache; // untrusted mode's index: outside the checkout, this run's only
  PackSet packs;
  std::string resourceDir;
  CompileInputs inputs;
  std::unique_ptr<FactIndex> index;
  unsigned jobs = 1;
  unsigned unitSeconds = 0, unitMegabytes = 0; // per-unit limits (0: none)
  bool progress = false;
  SanitizePolicy policy;
  ConfigSet configs;                    // .riskgate.yaml files found above the analyzed files
  std::vector<std::string> rules;       // only these rules (empty: all)
  std::vector<std::string> schemaFiles; // resolved .sql files, in the order applied
  std::vector<std::string> warnings;
  std::vector<std::string> excludes; // --exclude globs, relative to rootDir
  std::string rootDir;
  std::set<std::string> indexOnly; // units read from the index only (a scan of some files)
  /// analyze: every unit's facts, read from facts files (the units in inputs.files are
  /// taken from here instead of being parsed), with the flags their extraction dropped.
  std::optional<std::vector<TuFacts>> preloaded;
  std::set<std::string> preloadedDropped, preloadedUnknown;
  std::set<std::string> staleUnits; // preloaded units whose inputs differ from the files here
  /// Does an --exclude glob match Path (relative to rootDir when inside it)?
  bool excluded(const std::string &Path) const;
};

/// Loads packs, the compile database and the index. On failure Fatal holds one line.
bool preparePipeline(const ScanOptions &Options, Pipeline &P, std::string &Fatal);

/// One revision of the program analyzed: its facts, model and findings.
struct RevisionAnalysis {
  std::vector<TuFacts> units;
  std::unique_ptr<ProgramModel> model;
  std::vector<Finding> findings; // fingerprinted, not yet suppressed
  ExtractStats extract;
  std::set<std::string> droppedFlags;
  std::set<std::string> unknownFlags; // GCC-only flags dropped (--stats lists them)
  double modelSeconds = 0, rulesSeconds = 0;
  std::vector<std::string> warnings; // schema statements skipped
  size_t sqlSkipped = 0;
};

/// How the pipeline extracts one revision's units (Over: that revision's contents).
ExtractOptions extractOptions(const Pipeline &P, const Overlay *Over);

/// Analyzes Files as they are on disk, with Files' contents replaced by Overlay. Ready: units
/// of this revision already extracted (a diff's slice), moved in instead of extracted again.
std::unique_ptr<RevisionAnalysis> analyzeRevision(Pipeline &P,
                                                  const std::vector<std::string> &Files,
                                                  const Overlay *Over,
                                                  ExtractResult *Ready = nullptr);

/// Reads a file as the revision sees it: the overlay first, then the disk.
std::optional<std::string> readRevisionFile(const std::string &Path, const Overlay *Over);

/// Applies `riskgate-ignore(rule): reason`, `NOLINT(riskgate-rule)` and
/// `NOLINTNEXTLINE(riskgate-rule)` comments: moves silenced findings to Suppressed and adds a
/// warning for each suppression that gives no reason.
/// Used, when given, receives the (file, line) of every suppression comment that silenced a
/// finding.
void applySuppressions(std::vector<Finding> &Findings, std::vector<Finding> &Suppressed,
                       std::vector<std::string> &Warnings, const Overlay *Over,
                       const std::string &RootDir,
                       std::set<std::pair<std::string, unsigned>> *Used = nullptr);

/// The text of the comments of a C/C++ source, one entry per source line a comment covers
/// (a lexer: string, character and raw string literals are skipped, so a marker quoted in
/// a string is not a comment).
std::vector<std::pair<unsigned, std::string>> commentLines(const std::string &Text);

/// Suppression comments (`riskgate-ignore(...)`, `NOLINT(riskgate-...)`,
/// `NOLINTNEXTLINE(riskgate-...)`) in the C/C++ files of Files that silenced nothing, among
/// those naming a rule that ran (RulesRun; empty: all) and that the file's configuration does
/// not switch off. NOLINTBEGIN/END regions are not judged.
std::vector<UnusedSuppression> unusedSuppressions(
    const std::vector<std::string> &Files, const std::set<std::pair<std::string, unsigned>> &Used,
    const std::vector<std::string> &RulesRun, const ConfigSet *Configs, const Overlay *Over);

/// A baseline file (riskgate baseline write): fingerprints of accepted findings.
struct Baseline {
  struct Entry {
    std::string fingerprint, rule, function, file;
    unsigned line = 0;
  };
  std::string path;
  std::vector<Entry> entries;
};
/// Does a suppression comment on Line (the finding's line when SameLine, else the line
/// above) silence Rule? Sets Reason and Form (the comment as written). A total parser.
bool suppresses(const std::string &Line, const std::string &Rule, bool SameLine,
                std::string &Reason, std::string &Form);

/// Parses a baseline's text (Path names it in messages).
bool parseBaseline(const std::string &Path, const std::string &Text, Baseline &Out,
                   std::string &Error);
/// Over: read the baseline as that revision has it (untrusted mode: the base's).
bool readBaseline(const std::string &Path, Baseline &Out, std::string &Error,
                  const Overlay *Over = nullptr);
bool writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                   const std::string &RootDir, std::string &Error);
/// Marks findings recorded in B as preexisting; warns about entries no longer found among
/// All (every finding of the analyzed code, shown or not).
void applyBaseline(std::vector<Finding> &Findings, const std::vector<Finding> &All,
                   const Baseline &B, std::vector<std::string> &Warnings);

struct ScanOutcome {
  ScanReport report;
  std::string fatal;                 // riskgate could not do its job: exit 2
  std::vector<std::string> warnings; // one line each, printed on stderr
};

ScanOutcome runScan(const ScanOptions &Options);

/// 0: below the gate; 1: the gate tripped; 2: riskgate could not do its job, or a
/// translation unit failed to parse.
int exitCodeFor(const ScanOutcome &O);

} // namespace riskgate
