// The awaitable behind weft's async operations: the wait happens in await_resume.
#pragma once

#include <coroutine>
#include <utility>

#include <weft/async/task.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// Calls `wait(site)` when awaited, with the site the awaiting task's promise bound (its
// stop token and the co_await's line), and returns what it returns. Under the simulator
// the wait is a scheduling point of the task's simulated thread; on the pass-through
// build it blocks the thread that runs the task. Outside a weft::task (no site bound):
// no stop token, no line.
template <class Wait>
class blocking_await {
 public:
  explicit blocking_await(Wait wait) : wait_(std::move(wait)) {}
  void bind(const await_site& site) { site_ = site; }
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  decltype(auto) await_resume() { return wait_(site_); }

 private:
  Wait wait_;
  await_site site_;
};

}  // namespace detail
WEFT_END_NAMESPACE
