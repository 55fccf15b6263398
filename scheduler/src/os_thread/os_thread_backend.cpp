#include "os_thread/os_thread_backend.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <system_error>

#include <weft/errors.hpp>

#include "fiber/sanitizers.hpp"

namespace weft::inline sim_v1::detail {

namespace {

// Below each OS thread's stack, as below a fiber's (fiber/stack_pool.hpp).
constexpr std::size_t guard_bytes = std::size_t{64} << 10;
constexpr std::size_t signal_stack_bytes = std::size_t{64} << 10;

// The last of an OS thread's C++ thread_locals to be destroyed, being the first made:
// finishes the simulated thread after the code under test's thread_local destructors
// have run as part of it, and hands the baton on.
struct departure {
  os_thread_backend::lane* lane = nullptr;
  stack_t previous_signal_stack{};
  ~departure() {
    if (lane == nullptr) return;
    // The thread's previous alternate stack goes back before it ends: a sanitizer that
    // made one unmaps what it finds installed.
    ::sigaltstack(&previous_signal_stack, nullptr);
    os_thread_backend::lane& me = *lane;
    const thread_index next = me.body->leave(me.index);
    // The rest of this OS thread's exit (the C library's own cleanup) runs alongside the
    // next simulated thread: none of it may reach the simulator.
    me.body->detach_context();
    me.owner->context(next).turn.give();
  }
};
thread_local departure leaving;

void learn_stack(os_thread_backend::lane& me) noexcept {
  pthread_attr_t attributes;
  if (pthread_getattr_np(pthread_self(), &attributes) != 0) return;
  void* lowest = nullptr;
  std::size_t size = 0;
  std::size_t guard = 0;
  if (pthread_attr_getstack(&attributes, &lowest, &size) == 0 && pthread_attr_getguardsize(&attributes, &guard) == 0) {
    me.stack_bottom = static_cast<const char*>(lowest);
    me.guard_size = guard;
  }
  pthread_attr_destroy(&attributes);
}

void* lane_main(void* argument) {
  auto& me = *static_cast<os_thread_backend::lane*>(argument);
  learn_stack(me);
  me.kernel_id.store(static_cast<int>(::gettid()), std::memory_order_relaxed);
  stack_t alternate{};
  alternate.ss_sp = me.signal_stack.get();
  alternate.ss_size = signal_stack_bytes;
  ::sigaltstack(&alternate, &leaving.previous_signal_stack);
  leaving.lane = &me;
  me.turn.take();
  me.body->entered(me.index);
  me.body->run_function(me.index);
  return nullptr;
}

}  // namespace

os_thread_backend::~os_thread_backend() { end_run(); }

// A new OS thread needs nothing of its creator.
void os_thread_backend::create(thread_index index, thread_index, thread_body& body) {
  while (lanes_.size() <= index) lanes_.push_back(std::make_unique<lane>());
  lane& made = *lanes_[index];
  made.owner = this;
  made.index = index;
  made.body = &body;
  made.abandoned = false;
  made.stack_bottom = nullptr;
  made.guard_size = 0;
  made.kernel_id.store(0, std::memory_order_relaxed);
  // Not zeroed: a signal handler touches only the pages it uses, and each page written
  // costs weft-run's forked executions a fault.
  if (!made.signal_stack) made.signal_stack = std::make_unique_for_overwrite<char[]>(signal_stack_bytes);
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, stack_size_);
  pthread_attr_setguardsize(&attributes, guard_bytes);
  const int error = real::create_thread(&made.handle, &attributes, &lane_main, &made);
  pthread_attr_destroy(&attributes);
  if (error != 0) {
    // EAGAIN: a limit on threads or on memory (ulimit -u, kernel.threads-max, the stacks'
    // memory); the execution ends with this error, not with a failure of the code.
    const auto live = std::count_if(lanes_.begin(), lanes_.end(), [](const auto& l) { return l->alive; });
    throw resource_error("weft: the system refused an OS thread for simulated thread t" + std::to_string(index) +
                         " (" + std::system_category().message(error) + ") with " + std::to_string(live) +
                         " OS threads live, each with a stack of " + std::to_string(stack_size_ >> 10) +
                         " KiB: run fewer simulated threads at once, lower options::stack_size / "
                         "WEFT_STACK_SIZE (OS threads get at least 8 MiB), or raise the system's limit "
                         "on threads (ulimit -u, kernel.threads-max)");
  }
  made.alive = true;
}

void os_thread_backend::transfer(thread_index from, thread_index to) {
  // Both looked up before giving: once `to` runs, the host may replace an abandoned
  // `from`'s lane (abandon()).
  baton& mine = context(from).turn;
  context(to).turn.give();
  mine.take();
}

void os_thread_backend::abandon(thread_index dead) noexcept {
  lane& grave = *lanes_[dead];
  if (grave.abandoned) return;
  grave.abandoned = true;
  // Parked for good on its baton, which must therefore outlive the backend: its lane is
  // left to it (and LeakSanitizer told so).
  real::detach_thread(grave.handle);
  grave.alive = false;
  sanitizers::keep_for_ever(lanes_[dead].release());
  lanes_[dead] = std::make_unique<lane>();
}

void os_thread_backend::end_run() noexcept {
  for (const auto& each : lanes_) {
    if (!each->alive) continue;
    real::join_thread(each->handle);
    each->alive = false;
  }
}

std::size_t os_thread_backend::overflowed(thread_index index, const void* address) const noexcept {
  if (index >= lanes_.size() || lanes_[index]->stack_bottom == nullptr) return 0;
  const lane& stack = *lanes_[index];
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  const auto bottom = reinterpret_cast<std::uintptr_t>(stack.stack_bottom);
  return at < bottom && at >= bottom - stack.guard_size ? stack_size_ : 0;
}

int os_thread_backend::kernel_thread(thread_index index) const noexcept {
  return index < lanes_.size() ? lanes_[index]->kernel_id.load(std::memory_order_relaxed) : 0;
}

void os_thread_backend::forget_calling_thread() noexcept { leaving.lane = nullptr; }

}  // namespace weft::detail
