#include "core/Diagnostics.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace riskgate {

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Low:
    return "low";
  case Severity::Medium:
    return "medium";
  case Severity::High:
    return "high";
  case Severity::Critical:
    return "critical";
  }
  return "medium";
}

std::optional<Severity> parseSeverity(const std::string &Name) {
  for (Severity S : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    if (Name == severityName(S))
      return S;
  return std::nullopt;
}

Severity raise(Severity S) {
  return S == Severity::Critical ? S : static_cast<Severity>(static_cast<int>(S) + 1);
}

Severity lower(Severity S) {
  return S == Severity::Low ? S : static_cast<Severity>(static_cast<int>(S) - 1);
}

std::string stableHash(const std::vector<std::string> &Parts) {
  // FNV-1a, 64 bits, with a separator byte between parts so ("ab","c") != ("a","bc").
  uint64_t H = 0xcbf29ce484222325ULL;
  auto Mix = [&H](unsigned char C) {
    H ^= C;
    H *= 0x100000001b3ULL;
  };
  for (const std::string &P : Parts) {
    for (unsigned char C : P)
      Mix(C);
    Mix(0x1f);
  }
  static const char Hex[] = "0123456789abcdef";
  std::string Out(16, '0');
  for (int I = 15; I >= 0; --I, H >>= 4)
    Out[I] = Hex[H & 0xf];
  return Out;
}

void mergeSites(std::vector<Finding> &Findings) {
  std::map<std::tuple<std::string, unsigned, unsigned>, size_t> Primary;
  std::vector<Finding> Out;
  std::vector<size_t> Order(Findings.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  // The most severe first, so it becomes the site's primary; stable keeps rule order.
  std::stable_sort(Order.begin(), Order.end(),
                   [&](size_t A, size_t B) { return Findings[A].severity > Findings[B].severity; });
  std::vector<bool> Keep(Findings.size(), false);
  std::vector<std::vector<RelatedFinding>> Also(Findings.size());
  for (size_t I : Order) {
    Finding &F = Findings[I];
    auto Key = std::make_tuple(F.loc.file, F.loc.line, F.loc.column);
    auto [It, New] = Primary.emplace(Key, I);
    if (New)
      Keep[I] = true;
    else if (Findings[It->second].rule != F.rule)
      Also[It->second].push_back({F.rule, F.severity, F.message});
  }
  for (size_t I = 0; I < Findings.size(); ++I)
    if (Keep[I]) {
      Findings[I].also = std::move(Also[I]);
      Out.push_back(std::move(Findings[I]));
    }
  Findings = std::move(Out);
}

std::string messageWithAlso(const Finding &F) {
  if (F.also.empty())
    return F.message;
  std::string Out = F.message + " (also:";
  for (size_t I = 0; I < F.also.size(); ++I)
    Out += std::string(I ? ";" : "") + " " + F.also[I].rule + ", " +
           severityName(F.also[I].severity) + ": " + F.also[I].message;
  return Out + ")";
}

void finalizeFindings(std::vector<Finding> &Findings) {
  std::sort(Findings.begin(), Findings.end(), [](const Finding &A, const Finding &B) {
    return std::tie(A.loc, A.rule, A.message) < std::tie(B.loc, B.rule, B.message);
  });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [](const Finding &A, const Finding &B) {
                               return A.loc == B.loc && A.rule == B.rule;
                             }),
                 Findings.end());
  std::map<std::string, int> Seen;
  for (Finding &F : Findings) {
    std::vector<std::string> Parts{F.rule, F.function};
    Parts.insert(Parts.end(), F.fingerprintParts.begin(), F.fingerprintParts.end());
    std::string Base = stableHash(Parts);
    F.identity = Base;
    int N = Seen[Base]++;
    F.fingerprint = N == 0 ? Base : stableHash({Base, std::to_string(N)});
  }
}

std::string printable(const std::string &S) {
  static const char Hex[] = "0123456789abcdef";
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    unsigned char U = static_cast<unsigned char>(C);
    if (U < 0x20 || U == 0x7f) {
      Out += "\\x";
      Out += Hex[U >> 4];
      Out += Hex[U & 15];
    } else {
      Out += C;
    }
  }
  return Out;
}

unsigned jsonNesting(const std::string &Text) {
  unsigned Depth = 0, Deepest = 0;
  bool InString = false;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"')
      InString = true;
    else if (C == '[' || C == '{')
      Deepest = std::max(Deepest, ++Depth);
    else if ((C == ']' || C == '}') && Depth > 0)
      --Depth;
  }
  return Deepest;
}

} // namespace riskgate
