#pragma once

// What the library's tests share: sinks that record, temporary folders, and python3 itself as the
// oracle. Plain C++ and the library's public headers only, as an application has them.

#include <pyhost/interpreter.hpp>

#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace library_test {

/// A sink that keeps each write apart, and the threads that made them.
class recorder {
  public:
    pyhost::sink sink();
    std::vector<std::string> writes() const;
    std::string text() const;
    std::vector<std::thread::id> threads() const;

  private:
    mutable std::mutex mutex_;
    std::vector<std::string> writes_;
    std::vector<std::thread::id> threads_;
};

/// A folder of the test's own, removed with everything in it at the end.
class temporary_folder {
  public:
    temporary_folder();
    ~temporary_folder();
    temporary_folder(const temporary_folder &) = delete;
    temporary_folder &operator=(const temporary_folder &) = delete;

    const std::filesystem::path &path() const { return path_; }
    /// Writes `text` to `name` in the folder (its parent folders made), and returns its path.
    std::filesystem::path write(const std::filesystem::path &name, const std::string &text) const;

  private:
    std::filesystem::path path_;
};

/// How python3 ended.
struct python_run {
    int status = -1;
    std::string out;
    std::string err;
};

/// The python3 whose libpython the library embeds, run with `arguments` in `folder`, with an
/// environment of PATH and LC_ALL=C.UTF-8 alone.
python_run run_python(const std::vector<std::string> &arguments,
                      const std::filesystem::path &folder);

/// The outcome's text for a failed check: its summary and traceback.
std::string describe(const pyhost::outcome &ended);

} // namespace library_test
