// The narrow interface between weft's coroutines (weft/async/) and the simulator.
//
// Under the simulator a spawned task runs on a simulated thread of its own, marked as a
// task: its co_awaits are that thread's scheduling points, and reports call it a task.
#pragma once

#include <exception>
#include <source_location>
#include <stop_token>

#include <weft/detail/sim/thread_core.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// Starts a simulated thread that runs a task (weft::spawn): as spawn(), but a task still
// pending when the body returns is a leaked_task. Outside an execution throws
// weft::usage_error. Takes ownership of `body` in every case.
thread_handle spawn_task(const task& body, std::source_location where);
// Called at every co_await of a weft::task, before the awaited operation: fails the
// execution with lock_across_await (and throws execution_aborted) when the running
// thread holds a weft mutex and options::check_lock_across_await is on. Outside an
// execution: nothing.
void awaiting(std::source_location where);
// Lets the exploration request_stop() on the stop source of task `task` (its thread)
// when options::cancel_tasks is on; reports then name the task. Outside an execution:
// nothing.
void task_started(const std::stop_source& source, thread_index task) noexcept;
// A task (thread `task`) ended with `error`, and the handle that could have awaited it
// is dropped at `where`: fails the execution with that exception. `task` is no_thread
// for a child of a task_group destroyed without wait(). Never throws.
void lost_task_error(std::exception_ptr error, thread_index task, std::source_location where) noexcept;

}  // namespace detail
WEFT_END_NAMESPACE
