#include "api/watchdog.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/blocking_call.hpp"
#include "api/last_report.hpp"
#include "api/recording.hpp"
#include "api/rerun_command.hpp"
#include "execution/execution.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

namespace {

using clock = std::chrono::steady_clock;

}  // namespace

struct stall_watch {
  progress_beacon beacon;
  double seconds = 0;
  std::string found;  // under the watchdog's mutex
  const execution* last_seen = nullptr;
  std::uint64_t last_progress = 0;
  clock::time_point since = clock::now();
};

namespace {

// The kernel's view of an OS thread: 'R' while it runs, 'S' or 'D' while it sleeps in a
// system call (a futex, I/O); '?' if unknown. Read with open and read, not a stream: the
// stalled thread may hold the C library's list of streams (fflush(NULL) waiting for a
// stream a parked thread locked), which opening a stream waits for.
char kernel_state(int os_thread) {
  const std::string path = "/proc/self/task/" + std::to_string(os_thread) + "/stat";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return '?';
  char buffer[512];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  ::close(fd);
  const std::string line(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  const auto close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ? '?' : line[close + 2];
}

// Everything the watchdog can say about `ex`, stalled for `seconds`. Reads the execution
// while its OS thread is stuck (the beacon's guard keeps the execution alive).
std::string describe_stall(const execution& ex, const stall_watch& w) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g", w.seconds);
  std::string text = "\nweft: stall: no scheduling point for " + std::string(seconds) +
                     " s of wall-clock time (options::stall_timeout / WEFT_STALL_TIMEOUT).\n";
  const thread_index t = ex.running();
  if (t < ex.thread_count()) {
    const activity& last = ex.doing(t);
    text += "  " + thread_label(t) + " (" + ex.thread_name(t) + ")";
    const int os_thread = ex.kernel_thread(t) != 0 ? ex.kernel_thread(t) : w.beacon.os_thread;
    const std::string call = blocking_call(os_thread);
    if (kernel_state(os_thread) == 'R') {
      text += " runs without reaching a scheduling point: an endless loop, or a spin on a plain variable instead "
              "of a weft::atomic?";
    } else if (!call.empty()) {
      text += " is blocked outside weft, in the system call " + call + ": weft does not simulate it.";
    } else {
      text += " is blocked outside weft: in a std::mutex, std::future::get, a real sleep or I/O that weft does not "
              "simulate?";
    }
    if (last.what == op::start) {
      text += "\n  It has made no weft operation yet.\n";
    } else {
      std::string operation(op_name(last.what));
      const std::string object = object_label(last.kind, last.object);
      if (!object.empty()) operation += " " + object;
      text += "\n  Its last weft operation: " + operation + " at " + place_label(last.where) + "\n";
    }
  }
  if (ex.failed()) {
    text += "  It stalled while the execution was torn down after a failure: " +
            std::string(to_string(ex.failure().kind)) + ": " + ex.failure().message + "\n";
  }
  if (!w.found.empty()) text += "  Found before this stall: " + w.found + "\n";
  recorded_schedule schedule = header_of(ex.config());
  schedule.failure = static_cast<std::uint8_t>(ex.failed() ? ex.failure().kind : failure_kind::stall);
  schedule.choice_count = ex.choices().count();
  schedule.choice_digest = ex.choices().digest();
  schedule.deviations.assign(ex.choices().deviations().begin(), ex.choices().deviations().end());
  // weft::replay is for a body explore() was given: not under a test runner's or weft-run's
  // command (the tail), which says how to replay there.
  const bool by_command = *rerun_command_tail() != '\0';
  text += "The schedule up to the stall replays with\n  WEFT_REPLAY=" + encode_token(schedule) + rerun_command_tail() +
          (by_command ? "\n" : "\n(or weft::replay(token, body)). ") +
          "The stuck thread can be neither resumed nor unwound: the process exits with status 124.\n";
  return text;
}

// Says `text`, unless another worker of the exploration claimed the report that ends the
// process (last_report.hpp), and ends the process with status 124.
[[noreturn]] void end_process(const std::string& text) {
  // stdout may hold a test runner's lines; flush it unless the stuck thread holds its lock.
  if (::ftrylockfile(stdout) == 0) {
    std::fflush(stdout);
    ::funlockfile(stdout);
  }
  if (!claim_last_report()) ::_exit(124);  // another worker of the exploration says its report
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::_exit(124);
}

// One per process (a forked child makes its own: threads do not survive fork). Never
// destroyed: its thread sleeps between checks until the process ends.
class watchdog {
 public:
  static watchdog& instance() {
    static std::mutex creating;
    static watchdog* current = nullptr;
    const std::lock_guard hold(creating);
    if (current == nullptr || current->pid_ != ::getpid()) current = new watchdog();
    return *current;
  }

  void add(stall_watch* w) {
    const std::lock_guard hold(mutex_);
    watches_.push_back(w);
    wake_.notify_one();
  }
  void remove(stall_watch* w) {
    const std::lock_guard hold(mutex_);
    std::erase(watches_, w);
  }
  void found(stall_watch* w, std::string summary) {
    const std::lock_guard hold(mutex_);
    w->found = std::move(summary);
  }

 private:
  watchdog() : pid_(::getpid()) { std::thread([this] { loop(); }).detach(); }

  [[noreturn]] void loop() {
    std::unique_lock hold(mutex_);
    for (;;) {
      if (watches_.empty()) {
        wake_.wait(hold);
        continue;
      }
      double shortest = watches_.front()->seconds;
      for (const stall_watch* w : watches_) shortest = std::min(shortest, w->seconds);
      const auto tick = std::chrono::duration<double>(std::clamp(shortest / 4, 0.005, 0.5));
      wake_.wait_for(hold, tick);
      for (stall_watch* w : watches_) check(*w);
    }
  }

  static void check(stall_watch& w) {
    const clock::time_point now = clock::now();
    const std::lock_guard hold(w.beacon.guard);
    const execution* ex = w.beacon.running.load(std::memory_order_acquire);
    const std::uint64_t progress = ex == nullptr ? 0 : ex->progress();
    if (ex == nullptr || ex != w.last_seen || progress != w.last_progress) {
      // Between executions (the host's own work is not watched), or moving.
      w.last_seen = ex;
      w.last_progress = progress;
      w.since = now;
      return;
    }
    if (now - w.since >= std::chrono::duration<double>(w.seconds)) end_process(describe_stall(*ex, w));
  }

  const pid_t pid_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<stall_watch*> watches_;
};

}  // namespace

stall_guard::stall_guard(double seconds) {
  if (seconds <= 0 || this_thread_beacon() != nullptr) return;
  watch_ = new stall_watch();
  watch_->seconds = seconds;
  watch_->beacon.os_thread = static_cast<int>(::gettid());
  this_thread_beacon() = &watch_->beacon;
  watchdog::instance().add(watch_);
}

stall_guard::~stall_guard() {
  if (watch_ == nullptr) return;
  watchdog::instance().remove(watch_);
  this_thread_beacon() = nullptr;
  delete watch_;
}

void stall_guard::found(std::string summary) {
  if (watch_ != nullptr) watchdog::instance().found(watch_, std::move(summary));
}

}  // namespace weft::inline sim_v1::detail
