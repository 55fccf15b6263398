#include "api/rerun_command.hpp"

#include <cstring>

#include <weft/explore.hpp>

namespace weft::inline sim_v1::detail {

namespace {

// Written by the thread that sets a scope, read by a signal handler or the watchdog:
// a tail is set before an exploration starts and cleared after it ends.
char tail_text[512];

void set_tail(const char* text) noexcept {
  std::strncpy(tail_text, text, sizeof tail_text - 1);
  tail_text[sizeof tail_text - 1] = '\0';
}

}  // namespace

const char* rerun_command_tail() noexcept { return tail_text; }

rerun_command_scope::rerun_command_scope(std::string_view tail) {
  std::memcpy(previous_, tail_text, sizeof previous_);
  const std::size_t length = tail.size() < sizeof tail_text - 1 ? tail.size() : 0;  // too long: none
  std::memcpy(tail_text, tail.data(), length);
  tail_text[length] = '\0';
}

rerun_command_scope::~rerun_command_scope() { set_tail(previous_); }

}  // namespace weft::detail
