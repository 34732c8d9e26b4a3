#include "config/Config.h"

#include "packs/PackParser.h"
#include "rules/Rule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace riskgate {

std::optional<ProjectConfig> parseConfig(const std::string &Path, const std::string &Text,
                                         PackError &Error) {
  ProjectConfig C;
  C.path = Path;
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  C.dir = Dir.str().str();
  PackParser P(Path, Text, Error);
  bool Ok = P.forEachTopLevelKey(
      [&](const std::string &Key, llvm::yaml::Node *KeyNode, llvm::yaml::Node *Value) {
        if (Key == "hot")
          return P.scalarList(Value, C.hot);
        if (Key == "cache-apis")
          return P.scalarList(Value, C.cacheApis);
        if (Key == "exclude")
          return P.scalarList(Value, C.exclude);
        if (Key == "schema")
          return P.scalarList(Value, C.schema);
        if (Key == "packs") {
          auto *Map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(Value);
          if (!Map) {
            P.fail(Value, "'packs' maps pack names to on or off");
            return false;
          }
          for (auto &KV : *Map) {
            std::string Name, V;
            if (!P.scalar(KV.getKey(), Name) || !P.scalar(KV.getValue(), V))
              return false;
            C.packNames.push_back(P.where(KV.getKey()));
            C.packNames.back().message = Name;
            if (V == "off" || V == "false" || V == "no")
              C.disabledPacks.push_back(Name);
            else if (V != "on" && V != "true" && V != "yes") {
              P.fail(KV.getValue(), "expected on or off, got '" + V + "'");
              return false;
            }
          }
          return true;
        }
        if (Key == "apis") {
          auto *Seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(Value);
          if (!Seq) {
            P.fail(Value, "'apis' must be a list of API entries (the rule pack schema)");
            return false;
          }
          for (auto &Item : *Seq) {
            ApiEntry A;
            if (!P.parseApi(&Item, A))
              return false;
            C.apis.push_back(std::move(A));
          }
          return true;
        }
        if (Key == "rules") {
          auto *Map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(Value);
          if (!Map) {
            P.fail(Value, "'rules' maps rule ids to on, off, or {enabled: ..., severity: ...}");
            return false;
          }
          for (auto &KV : *Map) {
            std::string Id;
            if (!P.scalar(KV.getKey(), Id))
              return false;
            const auto &Infos = ruleInfos();
            if (std::none_of(Infos.begin(), Infos.end(),
                             [&](const RuleInfo &I) { return I.id == Id; })) {
              P.fail(KV.getKey(), "unknown rule '" + Id + "' (see 'riskgate rules')");
              return false;
            }
            RuleSetting S;
            auto Flag = [&](llvm::yaml::Node *N, bool &Out) {
              std::string V;
              if (!P.scalar(N, V))
                return false;
              if (V == "on" || V == "true" || V == "yes")
                Out = true;
              else if (V == "off" || V == "false" || V == "no")
                Out = false;
              else {
                P.fail(N, "expected on or off, got '" + V + "'");
                return false;
              }
              return true;
            };
            if (auto *M = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(KV.getValue())) {
              for (auto &F : *M) {
                std::string Field;
                if (!P.scalar(F.getKey(), Field))
                  return false;
                if (Field == "enabled") {
                  if (!Flag(F.getValue(), S.enabled))
                    return false;
                } else if (Field == "severity") {
                  std::string V;
                  if (!P.scalar(F.getValue(), V))
                    return false;
                  S.severity = parseSeverity(V);
                  if (!S.severity) {
                    P.fail(F.getValue(),
                           "unknown severity '" + V + "' (expected low, medium, high or critical)");
                    return false;
                  }
                } else {
                  P.fail(F.getKey(),
                         "unknown key '" + Field + "' for a rule (expected enabled, severity)");
                  return false;
                }
              }
            } else if (!Flag(KV.getValue(), S.enabled)) {
              return false;
            }
            C.rules[Id] = S;
          }
          return true;
        }
        P.fail(KeyNode, "unknown key '" + Key +
                            "' (expected rules, hot, cache-apis, apis, exclude, schema, packs)");
        return false;
      });
  if (!Ok)
    return std::nullopt;
  return C;
}

bool ConfigSet::discover(const std::vector<std::string> &Files, PackError &Error,
                         const Overlay *Pinned, const std::string &PinnedRoot) {
  std::string Root = PinnedRoot.empty() || PinnedRoot.back() == '/' ? PinnedRoot : PinnedRoot + "/";
  // The configuration's text, or nullopt when there is none.
  auto Read = [&](const std::string &Candidate, std::optional<std::string> &Text) -> bool {
    if (Pinned && !Root.empty() && Candidate.compare(0, Root.size(), Root) == 0) {
      auto It = Pinned->find(Candidate);
      if (It != Pinned->end()) {
        Text = It->second;
        return true;
      }
    }
    if (!llvm::sys::fs::exists(Candidate)) {
      Text = std::nullopt;
      return true;
    }
    auto Buf = llvm::MemoryBuffer::getFile(Candidate);
    if (!Buf) {
      Error = {Candidate, 0, 0, "cannot read: " + Buf.getError().message()};
      return false;
    }
    Text = (*Buf)->getBuffer().str();
    return true;
  };
  std::map<std::string, const ProjectConfig *> Loaded; // config path -> config
  for (const std::string &F : Files) {
    llvm::SmallString<256> Dir(F);
    llvm::sys::path::remove_filename(Dir);
    std::vector<std::string> Visited;
    const ProjectConfig *Found = nullptr;
    for (std::string D = Dir.str().str(); !D.empty();) {
      auto Known = ByDir.find(D);
      if (Known != ByDir.end()) {
        Found = Known->second;
        break;
      }
      Visited.push_back(D);
      std::string Candidate = D + "/.riskgate.yaml";
      std::optional<std::string> Text;
      if (!Read(Candidate, Text))
        return false;
      if (Text) {
        auto It = Loaded.find(Candidate);
        if (It == Loaded.end()) {
          auto C = parseConfig(Candidate, *Text, Error);
          if (!C)
            return false;
          Configs.push_back(std::make_unique<ProjectConfig>(std::move(*C)));
          It = Loaded.emplace(Candidate, Configs.back().get()).first;
        }
        Found = It->second;
        break;
      }
      llvm::StringRef Parent = llvm::sys::path::parent_path(D);
      if (Parent == D)
        break;
      D = Parent.str();
    }
    for (const std::string &V : Visited)
      ByDir[V] = Found;
  }
  return true;
}

bool ConfigSet::useFile(const std::string &Path, PackError &Error) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  auto Buf = llvm::MemoryBuffer::getFile(Abs);
  if (!Buf) {
    Error = {Path, 0, 0, "cannot read the configuration: " + Buf.getError().message()};
    return false;
  }
  auto C = parseConfig(Abs.str().str(), (*Buf)->getBuffer().str(), Error);
  if (!C)
    return false;
  Configs.clear();
  ByDir.clear();
  Configs.push_back(std::make_unique<ProjectConfig>(std::move(*C)));
  Forced = Configs.back().get();
  return true;
}

const ProjectConfig *ConfigSet::forFile(const std::string &File) const {
  if (Forced)
    return Forced;
  llvm::SmallString<256> Dir(File);
  llvm::sys::path::remove_filename(Dir);
  for (std::string D = Dir.str().str(); !D.empty();) {
    auto It = ByDir.find(D);
    if (It != ByDir.end())
      return It->second;
    for (const auto &C : Configs)
      if (C->dir == D)
        return C.get();
    llvm::StringRef Parent = llvm::sys::path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent.str();
  }
  return nullptr;
}

std::optional<RulePack> ConfigSet::projectPack() const {
  RulePack P;
  P.name = "project";
  P.description = "project APIs from .riskgate.yaml";
  for (const auto &C : Configs) {
    P.path = C->path;
    P.apis.insert(P.apis.end(), C->apis.begin(), C->apis.end());
    for (const std::string &Name : C->cacheApis) {
      ApiEntry A;
      A.name = Name;
      A.kind = AccessKind::CacheRead;
      P.apis.push_back(A);
    }
  }
  if (P.apis.empty())
    return std::nullopt;
  return P;
}

std::vector<std::string> ConfigSet::disabledPacks() const {
  std::vector<std::string> Out;
  for (const auto &C : Configs)
    Out.insert(Out.end(), C->disabledPacks.begin(), C->disabledPacks.end());
  return Out;
}

std::vector<std::string> ConfigSet::hotGlobs() const {
  std::vector<std::string> Out;
  for (const auto &C : Configs)
    Out.insert(Out.end(), C->hot.begin(), C->hot.end());
  return Out;
}

Severity rebased(const std::string &Rule, Severity Found, Severity Base) {
  const auto &Infos = ruleInfos();
  auto It =
      std::find_if(Infos.begin(), Infos.end(), [&](const RuleInfo &I) { return I.id == Rule; });
  if (It == Infos.end())
    return Base;
  int Shifted =
      static_cast<int>(Found) + static_cast<int>(Base) - static_cast<int>(It->defaultSeverity);
  return static_cast<Severity>(
      std::clamp(Shifted, static_cast<int>(Severity::Low), static_cast<int>(Severity::Critical)));
}

void ConfigSet::apply(std::vector<Finding> &Findings) const {
  if (Configs.empty())
    return;
  std::vector<Finding> Kept;
  for (Finding &F : Findings) {
    const ProjectConfig *C = forFile(F.loc.file);
    if (C) {
      auto R = C->rules.find(F.rule);
      if (R != C->rules.end()) {
        if (!R->second.enabled)
          continue;
        if (R->second.severity)
          F.severity = rebased(F.rule, F.severity, *R->second.severity);
      }
      std::string Rel = F.loc.file.compare(0, C->dir.size() + 1, C->dir + "/") == 0
                            ? F.loc.file.substr(C->dir.size() + 1)
                            : F.loc.file;
      if (std::any_of(C->exclude.begin(), C->exclude.end(), [&](const std::string &G) {
            return globMatch(G, Rel) ||
                   (llvm::sys::path::is_absolute(G) && globMatch(G, F.loc.file));
          }))
        continue;
    }
    Kept.push_back(std::move(F));
  }
  Findings = std::move(Kept);
}

} // namespace riskgate
