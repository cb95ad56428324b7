// @brief Runs a program in the background for end-to-end tests (the `starry` binary, ...).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace starry::testing {

class ChildProcess {
 public:
  // Starts argv with extra environment entries ("NAME=value"); stdout+stderr are captured.
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
  ~ChildProcess();  // SIGKILLs the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads output until a line containing `needle` arrives or the timeout passes; returns that
  // line ("" on timeout or exit).
  std::string WaitForLine(const std::string& needle, std::chrono::milliseconds timeout);
  void Signal(int sig);
  // Waits for exit (SIGKILL after the timeout); returns the exit code, 128+signal if killed.
  int Wait(std::chrono::milliseconds timeout);
  // All output read so far (Wait and WaitForLine read it).
  const std::string& output() const { return output_; }
  pid_t pid() const { return pid_; }

 private:
  bool ReadSome(std::chrono::milliseconds timeout);
  pid_t pid_ = -1;
  int fd_ = -1;
  int exit_code_ = -1;
  std::string output_;
  size_t scanned_ = 0;
};

struct RunResult {
  int exit_code = -1;
  std::string output;
};

// Runs to completion (killed after the timeout).
RunResult RunToEnd(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                   std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace starry::testing
