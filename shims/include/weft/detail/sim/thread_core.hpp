// Spawning, joining and identifying simulated threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <source_location>
#include <string_view>

#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// A type-erased thread body. `run` is invoked once on the new thread; `destroy` is
// invoked exactly once afterwards, or instead of `run` if the execution is torn down
// before the thread ever ran. Each gets target(): the callable on the heap (`payload`),
// or, if `payload` is null, in `in_place`: a small trivially copyable callable (most
// lambdas) is copied with the task instead of allocated, an allocation a thread saved.
struct task {
  static constexpr std::size_t in_place_size = 32;
  void* payload;
  void (*run)(void* payload);
  void (*destroy)(void* payload) noexcept;
  // Mutable: the callable is the task's to run or destroy, whoever holds the task.
  alignas(alignof(std::max_align_t)) mutable unsigned char in_place[in_place_size];

  void* target() const noexcept { return payload != nullptr ? payload : static_cast<void*>(in_place); }
};

// Names a thread of one execution; stale once that execution ends.
struct thread_handle {
  thread_index index = no_thread;
  std::uint64_t generation = 0;
};

// Starts a simulated thread (a scheduling point). Outside an execution throws
// weft::usage_error. Takes ownership of `body` in every case.
thread_handle spawn(const task& body, std::source_location where);
// Blocks until the thread finishes. Joining oneself, a detached or already joined thread
// is misuse. `may_throw` is false when called from a destructor (jthread).
void join(thread_handle thread, std::source_location where, bool may_throw = true);
void detach(thread_handle thread, std::source_location where);
// Called by a thread object destroyed or overwritten while still joinable.
void destroyed_joinable(thread_handle thread) noexcept;

thread_index current_thread() noexcept;
void yield(std::source_location where);
// Blocks the running thread until virtual time reaches `deadline`: a scheduling point,
// then (if the deadline is in the future) a wait only the clock ends. With `stop`, a
// stop request ends it early; returns false then.
bool sleep_until(virtual_time deadline, std::source_location where, const std::stop_token* stop = nullptr);
void set_thread_name(std::string_view name);

// Runs run(object, thread) when the running simulated thread finishes, after its
// function returned or was unwound, the last registered first (as thread_local
// destructors). Requires a running execution.
void at_thread_exit(void (*run)(void* object, thread_index thread), void* object);
// Runs run(object, thread) when the running simulated thread finishes, after every
// at_thread_exit registration ran (its thread_specific values are gone), the first
// registered first (weft::notify_all_at_thread_exit's, promise::set_value_at_thread_exit's).
// Outside an execution throws weft::usage_error naming `caller`.
void after_thread_exit(void (*run)(void* object, thread_index thread), void* object, const char* caller);
// Drops every at_thread_exit registration for `object`. Outside an execution: nothing.
void forget_thread_exit(void* object) noexcept;
// Identifies the running execution (unique in the process); 0 outside one.
std::uint64_t execution_generation() noexcept;

}  // namespace detail
WEFT_END_NAMESPACE
