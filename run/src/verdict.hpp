// How one child process's run of the program ended, as it tells the parent on a pipe:
// one line, "pass", or "fail KIND STEPS LINE TOKEN FILE" (the file last: it may hold
// spaces). A child that dies without a line crashed; its wait status says how.
#pragma once

#include <cstdint>
#include <string>

namespace weft::run {

struct verdict {
  bool failed = false;
  int kind = 0;             // the weft::failure_kind
  std::uint64_t steps = 0;  // of the failing run
  unsigned line = 0;        // where the failure was found
  std::string file;
  // Replays the run; for a crash, the token the child printed as it died (empty if it
  // printed none).
  std::string token;
  std::string crash;  // "was killed by signal 11 (Segmentation fault)", when it did

  bool same_failure_as(const verdict& other) const noexcept {
    return failed && other.failed && kind == other.kind && line == other.line && file == other.file &&
           crash == other.crash;
  }
};

std::string to_line(const verdict& v);
// Reads what a child wrote; `wait_status` (from waitpid) describes a child that wrote
// nothing.
verdict from_line(const std::string& text, int wait_status);
// The replay token in what a crashing or stalling execution printed on its way down
// ("WEFT_REPLAY=TOKEN", api/crash_guard.cpp and watchdog.cpp); empty if none. Not checked
// here: collect() decodes it before trusting it.
std::string printed_token(const std::string& output);

}  // namespace weft::run
