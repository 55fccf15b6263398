#include "api/crash_guard.hpp"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <mutex>

#include "api/last_report.hpp"
#include "api/recording.hpp"
#include "api/rerun_command.hpp"
#include "fiber/sanitizers.hpp"

namespace weft::inline sim_v1::detail {

namespace {

constexpr int guarded[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
struct sigaction previous[std::size(guarded)];
// The handlers are the process's: installed by the first guard of any thread, restored
// by the last.
std::mutex handlers_mutex;
int process_depth = 0;
// The alternate stack the handlers run on is the thread's, allocated at its first guard
// and kept until it ends: every explore() makes a guard, and allocating (and clearing) 64
// KiB each time was most of the fixed cost of a call.
constexpr std::size_t handler_stack_size = 64 * 1024;
thread_local int thread_depth = 0;
thread_local std::unique_ptr<char[]> thread_handler_stack;
thread_local stack_t thread_previous_stack{};
char token_text[1 << 20];
// crash_guard::found's summary, NUL-terminated; empty when none. One per process: were
// two OS threads exploring at once, a crash would say the summary of the one that found
// a failure last.
char found_text[1 << 16];

void say(const char* text) noexcept {
  for (std::size_t left = strlen(text); left > 0;) {
    const ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

// A crash can reach both the signal handler and a sanitizer's death callback (ASan
// reports a SIGSEGV, then dies): the token is said once.
volatile sig_atomic_t crash_said = 0;

const char* what_crashed(int signal) noexcept {
  switch (signal) {
    case SIGSEGV: return "crashed (SIGSEGV, a bad memory access)";
    case SIGABRT: return "crashed (SIGABRT, abort() or a failed assert())";
    case SIGBUS: return "crashed (SIGBUS)";
    case SIGFPE: return "crashed (SIGFPE, an arithmetic error)";
    case SIGILL: return "crashed (SIGILL)";
  }
  return "crashed (a signal)";
}

void say_number(std::uint64_t n) noexcept {
  char digits[24];
  char* first = digits + sizeof digits - 1;
  *first = '\0';
  do {
    *--first = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  say(first);
}

// If `address` lies in the guard region below a thread's stack, says that the thread
// overflowed it: the crash report alone would only say SIGSEGV.
void say_if_overflow(const execution& ex, const void* address) noexcept {
  const execution::overflow_site site = ex.overflow_at(address);
  if (site.thread == no_thread) return;
  say("\nweft: stack overflow in t");
  say_number(site.thread);
  say(" (");
  if (*site.name != '\0') {
    say(site.name);
  } else if (site.thread == 0) {
    say("main");
  } else {
    say("thread-");
    say_number(site.thread);
  }
  say("): its stack is ");
  say_number(site.stack_size / 1024);
  say(" KiB; raise options::stack_size or WEFT_STACK_SIZE");
}

// Says that the process `what` ("crashed (SIGSEGV...)") inside `ex`, and the token that
// replays the schedule up to there.
void say_replay(const execution& ex, const char* what) noexcept {
  recorded_schedule header = header_of(ex.config());
  header.choice_count = ex.choices().count();
  header.choice_digest = ex.choices().digest();
  const auto& deviations = ex.choices().deviations();
  const std::size_t length =
      encode_token_into(header, deviations.data(), deviations.size(), token_text, sizeof token_text - 1);
  token_text[length] = '\0';
  say("\nweft: the process ");
  say(what);
  say(" inside a simulated execution. The schedule up to the crash replays with\n  WEFT_REPLAY=");
  say(length > 0 ? token_text : "(too long to print)");
  say(rerun_command_tail());
  say("\n(or weft::replay(token, body)); run that under a debugger to stop at the crash.\n");
}

// What crash_guard::found kept, if anything: before the crash's own token, which is the
// last one said (weft-run reads the last).
void say_found_before() noexcept {
  if (found_text[0] == '\0') return;
  say("\nweft: found before this crash, and lost if not said here: ");
  say(found_text);
}

void on_sanitizer_death() {
  const execution* ex = execution::current();
  if (ex == nullptr || crash_said != 0) return;
  crash_said = 1;
  if (!claim_last_report()) return;
  say_found_before();
  say_replay(*ex, "was stopped by a sanitizer (its report is above)");
}

void on_crash(int signal, siginfo_t* info, void*) {
  if (const execution* ex = execution::current(); ex != nullptr && crash_said == 0 && claim_last_report()) {
    crash_said = 1;
    // A fault's address may be in a guard region; the fiber backend aborts when it finds
    // an overflow a red zone caught (fiber/stack_pool.hpp).
    say_found_before();
    say_if_overflow(*ex, signal == SIGSEGV || signal == SIGBUS ? info->si_addr : nullptr);
    say_replay(*ex, what_crashed(signal));
  }
  for (std::size_t i = 0; i < std::size(guarded); ++i) {
    if (guarded[i] == signal) ::sigaction(signal, &previous[i], nullptr);
  }
  // A fault the kernel raised happens again when the handler returns, for the previous
  // handler to see with its real address (ASan's, for one, reports it); a signal sent by
  // a call (abort(), kill) is sent again.
  if (info->si_code <= 0) ::raise(signal);
}

}  // namespace

crash_guard::crash_guard() {
  // The alternate stack is per OS thread: each exploring thread gets its own, and gives
  // back the one it had (ASan's, for one, which ASan unmaps when the thread ends).
  if (thread_depth++ == 0) {
    if (!thread_handler_stack) thread_handler_stack = std::make_unique_for_overwrite<char[]>(handler_stack_size);
    stack_t alternate{};
    alternate.ss_sp = thread_handler_stack.get();
    alternate.ss_size = handler_stack_size;
    ::sigaltstack(&alternate, &thread_previous_stack);
  }
  const std::lock_guard lock(handlers_mutex);
  if (process_depth++ > 0) return;
  struct sigaction action {};
  action.sa_sigaction = &on_crash;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < std::size(guarded); ++i) ::sigaction(guarded[i], &action, &previous[i]);
  sanitizers::on_death(&on_sanitizer_death);
}

crash_guard::~crash_guard() {
  if (--thread_depth == 0) {
    ::sigaltstack(&thread_previous_stack, nullptr);
  }
  const std::lock_guard lock(handlers_mutex);
  if (--process_depth > 0) return;
  found_text[0] = '\0';
  sanitizers::on_death(nullptr);
  for (std::size_t i = 0; i < std::size(guarded); ++i) ::sigaction(guarded[i], &previous[i], nullptr);
}

void crash_guard::found(const std::string& summary) noexcept {
  const std::size_t length = std::min(summary.size(), sizeof found_text - 1);
  std::memcpy(found_text, summary.data(), length);
  found_text[length] = '\0';
}

}  // namespace weft::inline sim_v1::detail
