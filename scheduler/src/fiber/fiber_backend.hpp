// The fiber backend: every simulated thread a Boost.Context fiber on the OS thread that
// runs the execution, with a stack from a pool kept across executions. A switch is a
// user-space jump (fiber/context.hpp); the code under test shares that OS thread's
// thread-locals, errno and pthread_self.
#pragma once

#include <memory>
#include <vector>

#include "execution/backend.hpp"
#include "fiber/context.hpp"
#include "fiber/stack_pool.hpp"

namespace weft::inline sim_v1::detail {

class fiber_backend final : public execution_backend {
 public:
  explicit fiber_backend(std::size_t stack_size) : stacks_(stack_size) {}

  // Whether its stacks are the size one made for `stack_size` would hand out.
  bool serves(std::size_t stack_size) const noexcept { return stacks_.serves(stack_size); }

  void create(thread_index index, thread_index creator, thread_body& body) override;
  void transfer(thread_index from, thread_index to) override;
  void abandon(thread_index dead) noexcept override;
  void end_run() noexcept override {}
  std::size_t overflowed(thread_index index, const void* address) const noexcept override;
  int kernel_thread(thread_index) const noexcept override { return 0; }
  std::optional<pthread_t> os_thread(thread_index) const noexcept override { return std::nullopt; }

 private:
  fiber_context& context(thread_index index) noexcept { return index == host ? host_ : *contexts_[index]; }

  stack_pool stacks_;
  context_switcher switcher_;
  fiber_context host_;
  // By thread index; kept across runs (a finished fiber's context is empty).
  std::vector<std::unique_ptr<fiber_context>> contexts_;
};

}  // namespace weft::detail
