// Marks a hot entry point for riskgate (uncached-hot-path); nothing outside Clang.
#pragma once
#if defined(__clang__)
#define RISKGATE_HOT [[clang::annotate("riskgate:hot")]]
#else
#define RISKGATE_HOT
#endif
