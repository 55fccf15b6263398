// Under the simulator: a spawned task runs on a simulated thread of its own.
#pragma once

#include <memory>
#include <source_location>
#include <stop_token>

#include <weft/async/detail/outcome.hpp>
#include <weft/async/task.hpp>
#include <weft/detail/sim/task.hpp>
#include <weft/detail/sim/task_core.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// What a join handle and the thread running its task share. Both run in one execution,
// one at a time, so plain fields are enough.
template <class T>
struct spawned : spawned_task<T> {
  using spawned_task<T>::spawned_task;
  bool finished = false;
  bool dropped = false;  // the join handle is gone: nobody will await the task
  thread_handle thread;
};

template <class T>
struct task_runner {
  using state = spawned<T>;

  // Starts `body` on a new simulated task (not a scheduling point: it runs from the
  // caller's next one). Outside an execution throws weft::usage_error.
  static std::shared_ptr<state> start(weft::task<T> body, std::source_location where) {
    auto s = std::make_shared<state>(std::move(body), where);
    s->thread = spawn_task(make_task([s] { run(*s); }), where);
    task_started(s->stop, s->thread.index);
    return s;
  }

  // Blocks until the task has ended (a join of its thread: it waits only if the task runs).
  static void wait(state& s, std::source_location where) { join(s.thread, where); }

  // The join handle is dropped: the task runs on, detached. An exception it ended with,
  // or ends with later, is reported (it would otherwise be lost).
  static void drop(state& s) noexcept {
    // An earlier execution's, or this one being torn down: nothing left to report to.
    if (execution_generation() != s.thread.generation || stopping()) return;
    s.dropped = true;
    if (s.finished && s.result.error) lost_task_error(s.result.error, s.thread.index, s.spawned_at);
    try {
      detach(s.thread, s.spawned_at);
    } catch (...) {
      // Recording the detach allocates; out of memory it is left joinable, and the
      // body's end reports the task if it is still pending.
    }
  }

 private:
  static void run(state& s) {
    s.run();
    // The teardown's unwinding, or an error nobody will await: it escapes the task, and
    // the execution reports it.
    if (s.result.error && (execution_unwinding() || s.dropped)) std::rethrow_exception(s.result.error);
    s.finished = true;
  }
};

}  // namespace detail
WEFT_END_NAMESPACE
