#include "api/crash_guard.hpp"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <iterator>

#include "api/recording.hpp"

namespace weft::inline sim_v1::detail {

namespace {

constexpr int guarded[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
struct sigaction previous[std::size(guarded)];
int depth = 0;
alignas(16) char handler_stack[64 * 1024];
char token_text[1 << 20];

void say(const char* text) noexcept {
  for (std::size_t left = strlen(text); left > 0;) {
    const ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

const char* signal_name(int signal) noexcept {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV, a bad memory access";
    case SIGABRT: return "SIGABRT, abort() or a failed assert()";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE, an arithmetic error";
    case SIGILL: return "SIGILL";
  }
  return "a signal";
}

void on_crash(int signal) {
  if (const execution* ex = execution::current()) {
    recorded_schedule header = header_of(ex->config());
    header.choice_count = ex->choices().count();
    header.choice_digest = ex->choices().digest();
    const auto& deviations = ex->choices().deviations();
    const std::size_t length = encode_token_into(header, deviations.data(), deviations.size(), token_text,
                                                 sizeof token_text - 1);
    token_text[length] = '\0';
    say("\nweft: the process crashed (");
    say(signal_name(signal));
    say(") inside a simulated execution. The schedule up to the crash replays with\n  WEFT_REPLAY=");
    say(length > 0 ? token_text : "(too long to print)");
    say("\n(or weft::replay(token, body)); run that under a debugger to stop at the crash.\n");
  }
  for (std::size_t i = 0; i < std::size(guarded); ++i) {
    if (guarded[i] == signal) ::sigaction(signal, &previous[i], nullptr);
  }
  ::raise(signal);
}

}  // namespace

crash_guard::crash_guard() {
  if (depth++ > 0) return;
  stack_t alternate{};
  alternate.ss_sp = handler_stack;
  alternate.ss_size = sizeof handler_stack;
  ::sigaltstack(&alternate, nullptr);
  struct sigaction action {};
  action.sa_handler = &on_crash;
  action.sa_flags = SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < std::size(guarded); ++i) ::sigaction(guarded[i], &action, &previous[i]);
}

crash_guard::~crash_guard() {
  if (--depth > 0) return;
  for (std::size_t i = 0; i < std::size(guarded); ++i) ::sigaction(guarded[i], &previous[i], nullptr);
}

}  // namespace weft::inline sim_v1::detail
