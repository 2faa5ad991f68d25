// Runs the real `liveframe` binary for CLI tests and captures what it prints.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace liveframe::test {

struct CliResult {
  int exit_code = -1;
  std::string out, err;
  // The error output's lines (a one-line error has exactly one).
  int errLines() const {
    int lines = 0;
    for (char c : err) lines += c == '\n';
    return lines;
  }
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `arguments` is shell text (quote what needs it).
inline CliResult runCli(const std::string& arguments, const std::filesystem::path& scratch) {
  const auto out = scratch / "cli.out", err = scratch / "cli.err";
  const std::string command = std::string(LIVEFRAME_CLI) + " " + arguments + " >" + out.string() +
                              " 2>" + err.string() + " </dev/null";
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

// A failure the way every command reports one: exit `code`, exactly one line on stderr,
// "liveframe: error: ..." containing `needle`.
inline void expectOneLineError(const CliResult& r, int code, const std::string& needle) {
  EXPECT_EQ(r.exit_code, code) << r.err;
  EXPECT_EQ(r.errLines(), 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(r.err.rfind("liveframe: error: ", 0), 0u) << r.err;
}

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace liveframe::test
