#include "core/Facts.h"

#include <tuple>

namespace riskgate {

bool SourceLoc::operator<(const SourceLoc &O) const {
  return std::tie(file, line, column) < std::tie(O.file, O.line, O.column);
}

namespace {
struct KindName {
  AccessKind kind;
  const char *name;
};
constexpr KindName KindNames[] = {
    {AccessKind::None, "none"},
    {AccessKind::Query, "query"},
    {AccessKind::Execute, "execute"},
    {AccessKind::Step, "step"},
    {AccessKind::Prepare, "prepare"},
    {AccessKind::Bind, "bind"},
    {AccessKind::Reset, "reset"},
    {AccessKind::Finalize, "finalize"},
    {AccessKind::TxnBegin, "txn-begin"},
    {AccessKind::TxnEnd, "txn-end"},
    {AccessKind::Remote, "remote"},
    {AccessKind::CacheRead, "cache-read"},
    {AccessKind::CacheWrite, "cache-write"},
    {AccessKind::Iterate, "iterate"},
    {AccessKind::Indirect, "indirect-call"},
};
} // namespace

const char *accessKindName(AccessKind K) {
  for (const auto &E : KindNames)
    if (E.kind == K)
      return E.name;
  return "none";
}

std::optional<AccessKind> parseAccessKind(const std::string &Name) {
  for (const auto &E : KindNames)
    if (E.kind != AccessKind::None && Name == E.name)
      return E.kind;
  return std::nullopt;
}

const char *latencyName(Latency L) {
  switch (L) {
  case Latency::None:
    return "none";
  case Latency::InProcess:
    return "in-process";
  case Latency::Network:
    return "network";
  }
  return "none";
}

const char *loopKindName(LoopKind K) {
  switch (K) {
  case LoopKind::For:
    return "for";
  case LoopKind::RangeFor:
    return "range-for";
  case LoopKind::While:
    return "while";
  case LoopKind::Do:
    return "do";
  case LoopKind::Algorithm:
    return "algorithm";
  }
  return "for";
}

bool FunctionFact::loopWithin(int Inner, int Outer) const {
  for (int L = Inner; L >= 0 && L < static_cast<int>(loops.size()); L = loops[L].parent)
    if (L == Outer)
      return true;
  return false;
}

} // namespace riskgate
