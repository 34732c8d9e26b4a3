// .riskgate.yaml: a project's configuration, found from each analyzed file upward like
// .clang-tidy (docs/configuration.md).
#pragma once

#include "core/Diagnostics.h"
#include "core/Facts.h"
#include "packs/RulePack.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace riskgate {

struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity; // override of the finding's severity
};

struct ProjectConfig {
  std::string path; // the file
  std::string dir;  // its directory: exclude globs are relative to it
  std::map<std::string, RuleSetting> rules;
  std::vector<std::string> hot;           // qualified-name globs of hot entry points
  std::vector<std::string> cacheApis;     // qualified names (globs) of cache lookups
  std::vector<ApiEntry> apis;             // project APIs, in the pack schema
  std::vector<std::string> exclude;       // path globs, relative to dir
  std::vector<std::string> schema;        // .sql files, folders or globs, relative to dir
  std::vector<std::string> disabledPacks; // packs: {name: off}
  std::vector<PackError> packNames;       // every name under packs:, where it stands
};

/// Parses one configuration; unknown keys, unknown rule ids and bad values are errors with
/// file, line and column.
std::optional<ProjectConfig> parseConfig(const std::string &Path, const std::string &Text,
                                         PackError &Error);

/// A configured severity is the rule's base: a finding the rule raised or lowered from its
/// default moves by as many levels from Base (n-plus-one set to medium: a finding the context
/// raised to critical becomes high; one lowered to low stays low).
Severity rebased(const std::string &Rule, Severity Found, Severity Base);

/// The configurations that apply to a set of files.
class ConfigSet {
public:
  /// Finds the nearest .riskgate.yaml above each file. False with Error on a bad one.
  /// With Pinned, a configuration inside PinnedRoot that Pinned names is read from it
  /// (nullopt: none there), not from the disk: untrusted mode pins every configuration the
  /// change touched to its base revision.
  bool discover(const std::vector<std::string> &Files, PackError &Error,
                const Overlay *Pinned = nullptr, const std::string &PinnedRoot = "");

  /// --config FILE: that configuration for every file, none discovered. False with Error
  /// when it cannot be read or is malformed.
  bool useFile(const std::string &Path, PackError &Error);

  /// The configuration nearest to File, or null.
  const ProjectConfig *forFile(const std::string &File) const;

  /// Project APIs and cache APIs of every configuration, as one pack.
  std::optional<RulePack> projectPack() const;

  /// Packs some configuration turns off.
  std::vector<std::string> disabledPacks() const;

  /// Hot-entry globs of every configuration.
  std::vector<std::string> hotGlobs() const;

  /// Applies each finding's configuration: drops disabled rules and excluded paths,
  /// overrides severities. Counts what was excluded.
  void apply(std::vector<Finding> &Findings) const;

  const std::vector<std::unique_ptr<ProjectConfig>> &configs() const { return Configs; }

private:
  std::vector<std::unique_ptr<ProjectConfig>> Configs;
  std::map<std::string, const ProjectConfig *> ByDir; // directory -> nearest config
  const ProjectConfig *Forced = nullptr;              // --config
};

} // namespace riskgate
