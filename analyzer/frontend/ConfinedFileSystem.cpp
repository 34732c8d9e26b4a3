#include "frontend/ConfinedFileSystem.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace riskgate {
namespace {

bool under(llvm::StringRef Path, llvm::StringRef Dir) {
  Dir = Dir.rtrim('/');
  return Path == Dir ||
         (Path.starts_with(Dir) && Path.size() > Dir.size() && Path[Dir.size()] == '/');
}

class ConfinedFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  ConfinedFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Base,
                     std::vector<std::string> Allowed)
      : ProxyFileSystem(std::move(Base)), Allowed(std::move(Allowed)) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &Path) override {
    auto S = ProxyFileSystem::status(Path);
    // Folders may be looked at (the driver walks them to find its installation); files
    // must live inside the allowed folders.
    if (S && !S->isDirectory() && !allowed(Path))
      return std::make_error_code(std::errc::no_such_file_or_directory);
    return S;
  }
  bool exists(const llvm::Twine &Path) override { return bool(status(Path)); }
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    if (!allowed(Path))
      return std::make_error_code(std::errc::no_such_file_or_directory);
    return ProxyFileSystem::openFileForRead(Path);
  }

private:
  bool allowed(const llvm::Twine &Path) {
    llvm::SmallString<256> Abs;
    Path.toVector(Abs);
    if (llvm::sys::path::is_relative(Abs)) {
      auto Cwd = getCurrentWorkingDirectory();
      if (!Cwd)
        return false;
      llvm::SmallString<256> Joined(*Cwd);
      llvm::sys::path::append(Joined, Abs);
      Abs = Joined;
    }
    llvm::SmallString<256> Real;
    if (getRealPath(Abs, Real))
      return false; // cannot be resolved: not read
    for (const std::string &Dir : Allowed)
      if (under(Real, Dir))
        return true;
    return false;
  }

  std::vector<std::string> Allowed;
};

} // namespace

std::vector<std::string> systemReadableFolders(const std::string &ResourceDir) {
  std::vector<std::string> Out = {
      "/usr/include",     "/usr/local/include",        "/usr/lib/gcc",
      "/usr/lib/llvm-19", "/usr/lib/x86_64-linux-gnu", "/usr/share/clang"};
  llvm::SmallString<256> Real;
  if (!ResourceDir.empty() && !llvm::sys::fs::real_path(ResourceDir, Real))
    Out.push_back(Real.str().str());
  return Out;
}

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
confinedFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Base,
                   std::vector<std::string> Allowed) {
  std::vector<std::string> Real;
  for (const std::string &A : Allowed) {
    llvm::SmallString<256> R;
    Real.push_back(llvm::sys::fs::real_path(A, R) ? A : R.str().str());
  }
  return llvm::makeIntrusiveRefCnt<ConfinedFileSystem>(std::move(Base), std::move(Real));
}

} // namespace riskgate
