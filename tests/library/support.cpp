#include "support.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace library_test {

namespace {

std::string quoted(const std::string &text) {
    std::string result = "'";
    for (const char c : text) {
        if (c == '\'') {
            result += "'\\''";
        } else {
            result += c;
        }
    }
    return result + "'";
}

std::string read_all(const std::filesystem::path &path) {
    std::ifstream file{path, std::ios::binary};
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace

pyhost::sink recorder::sink() {
    return [this](std::string_view written) {
        const std::lock_guard lock{mutex_};
        writes_.emplace_back(written);
        threads_.push_back(std::this_thread::get_id());
    };
}

std::vector<std::string> recorder::writes() const {
    const std::lock_guard lock{mutex_};
    return writes_;
}

std::string recorder::text() const {
    const std::lock_guard lock{mutex_};
    std::string all;
    for (const auto &written : writes_) {
        all += written;
    }
    return all;
}

std::vector<std::thread::id> recorder::threads() const {
    const std::lock_guard lock{mutex_};
    return threads_;
}

temporary_folder::temporary_folder() {
    auto pattern = (std::filesystem::temp_directory_path() / "pyhost-library-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
}

temporary_folder::~temporary_folder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path temporary_folder::write(const std::filesystem::path &name,
                                              const std::string &text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream{file, std::ios::binary} << text;
    return file;
}

python_run run_python(const std::vector<std::string> &arguments,
                      const std::filesystem::path &folder) {
    const temporary_folder outputs;
    std::string command = "cd " + quoted(folder.string()) +
                          " && env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 " +
                          quoted(PYHOST_TEST_PYTHON);
    for (const auto &argument : arguments) {
        command += " " + quoted(argument);
    }
    command += " >" + quoted((outputs.path() / "out").string()) + " 2>" +
               quoted((outputs.path() / "err").string());
    const int status = std::system(command.c_str());
    python_run result;
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_all(outputs.path() / "out");
    result.err = read_all(outputs.path() / "err");
    return result;
}

std::string describe(const pyhost::outcome &ended) {
    return ended.summary() + "\n" + ended.traceback();
}

} // namespace library_test
