// An awaitable of some other library: it suspends and keeps the coroutine, as an event
// loop would, for whoever resumes (or destroys) it later.
#pragma once

#include <coroutine>
#include <vector>

namespace weft_test {

struct foreign_awaitable {
  std::vector<std::coroutine_handle<>>& kept;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> suspended) { kept.push_back(suspended); }
  void await_resume() const noexcept {}
};

}  // namespace weft_test
