// Untrusted mode's file system: a stranger's source may name any path in `#include` or
// `#embed`; only the checkout and the system folders can be read (docs/security.md).
#pragma once

#include "llvm/Support/VirtualFileSystem.h"

#include <string>
#include <vector>

namespace riskgate {

/// The folders untrusted code may read besides its checkout: the system include folders,
/// the compiler's own installation folders (the driver finds libstdc++ there) and Clang's
/// resource directory.
std::vector<std::string> systemReadableFolders(const std::string &ResourceDir);

/// Wraps Base so that files whose real path (symlinks resolved) lies outside Allowed look
/// absent: opening or asking about them fails with "no such file", and nothing of their
/// content or existence reaches a diagnostic.
llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
confinedFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Base,
                   std::vector<std::string> Allowed);

} // namespace riskgate
