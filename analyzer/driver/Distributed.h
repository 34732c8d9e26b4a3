// The pipeline split in two for distributed engines: `riskgate extract` (one or a shard of
// translation units to facts files, the map step, run as build actions or CI jobs) and
// `riskgate analyze` (the whole-program steps over the merged facts, the reduce step; it
// goes through runScan with ScanOptions::factsInputs). docs/scaling.md.
#pragma once

#include "driver/Scan.h"
#include "index/FactsFile.h"

#include <optional>
#include <string>
#include <vector>

namespace riskgate {

/// `--shard I/N`: the I-th of N parts of the compile database (1-based).
struct ShardSpec {
  unsigned index = 1, count = 1;
};
bool parseShard(const std::string &Text, ShardSpec &Out, std::string &Error);

/// The units of shard S: a stable partition of Units balanced by their size in bytes (the
/// largest first, each to the lightest shard so far; ties go by path). Every unit is in
/// exactly one shard, and every shard computes the same partition from the same tree.
std::vector<std::string> shardUnits(const std::vector<std::string> &Units, ShardSpec S);

struct ExtractCommand {
  ScanOptions scan;       // -p, files, `--` flags, packs, configuration, limits, --root
  std::string outputFile; // -o: the facts of the one unit extracted
  std::string outputDir;  // --output-dir: DIR/<unit relative to the root>.facts
  std::optional<ShardSpec> shard;
};

struct ExtractOutcome {
  std::string fatal; // riskgate could not do its job: exit 2
  std::vector<std::string> warnings;
  std::vector<ToolError> errors; // parse errors, recorded in the facts files too
  ExtractStats stats;
  size_t units = 0, written = 0;
};

/// Extracts and writes the facts files. A unit that fails to parse still gets its facts file
/// (with the errors in it, so that analyze reports them); only what keeps a facts file from
/// being written is fatal.
ExtractOutcome runExtract(const ExtractCommand &C);

/// Reads the facts files named by Inputs (files, or folders searched for *.facts) with paths
/// resolved against Root, in an order that does not depend on Inputs' order: one unit per
/// file path, duplicates with the same facts dropped, duplicates with different facts
/// resolved to the same one whatever the order (with a warning). False with Fatal on a
/// file that is not a facts file of this riskgate, or on no facts file at all.
bool loadFactsFiles(const std::vector<std::string> &Inputs, const std::string &Root,
                    std::vector<UnitFactsFile> &Out, std::vector<std::string> &Warnings,
                    std::string &Fatal);

} // namespace riskgate
