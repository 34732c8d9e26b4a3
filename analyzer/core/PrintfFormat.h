// printf-style formats: which conversion takes which value. Read by the fact extractor
// (SQL text a format makes) and the rules (the values a caller formats into a wrapper's SQL).
#pragma once

#include <cstring>
#include <string>

namespace riskgate {

/// Walks a printf-style format's conversions, each with the values it takes: a `*` width or
/// precision takes one (an int) before the value itself. Calls Visit(value index, the
/// conversion letter or '*', the offset of its '%'); stops when Visit returns true.
template <typename Fn> void printfValues(const std::string &Fmt, Fn Visit) {
  size_t Value = 0;
  for (size_t I = 0; I < Fmt.size(); ++I) {
    if (Fmt[I] != '%')
      continue;
    if (I + 1 < Fmt.size() && Fmt[I + 1] == '%') {
      ++I;
      continue;
    }
    size_t J = I + 1; // flags, width, precision and length, then the conversion
    while (J < Fmt.size() && strchr("-+ #0123456789.*hlLjzt!,", Fmt[J])) {
      if (Fmt[J] == '*' && Visit(Value++, '*', I))
        return;
      ++J;
    }
    if (J >= Fmt.size() || Visit(Value++, Fmt[J], I))
      return;
    I = J;
  }
}

/// The conversion letter a printf-style format applies to value K (0-based): 's', 'd', 'q'
/// (sqlite3_mprintf's quoting conversions: q, Q, w), '*' for a width, or 0.
inline char placeholderConversion(const std::string &Fmt, size_t K) {
  char Conv = 0;
  printfValues(Fmt, [&](size_t V, char C, size_t) {
    if (V == K)
      Conv = C;
    return V >= K;
  });
  return Conv;
}

} // namespace riskgate
