#pragma once
#include <vector>

namespace riskgate {
struct EmbeddedPack {
  const char *path;    // as in the source tree: rules/<name>.yaml
  const char *content; // the YAML text
};
/// The rules/*.yaml files compiled into the binary (scripts/embed-packs.cmake).
const std::vector<EmbeddedPack> &embeddedPacks();
} // namespace riskgate
