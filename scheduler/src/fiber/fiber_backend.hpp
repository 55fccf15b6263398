// The fiber backend: every simulated thread a fiber (a Boost.Context fcontext) on the OS
// thread that runs the execution, with a stack from a pool kept across executions. A
// switch is a user-space jump (fiber/context.hpp); the code under test shares that OS
// thread's thread-locals, errno and pthread_self.
//
// Fibers are reused: a fiber whose thread finished parks, and the next thread created runs
// on it, in this execution or the next. Making a fiber (taking a stack, building its first
// frame) and ending one cost as much as a short thread's whole life in a small test, and a
// body that starts threads one after another needs only as many fibers as it has threads
// alive at once. A fiber never returns from its start function: it ends by departing to
// the host (context_switcher::depart), and its stack then goes back to the pool.
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
  // Ends every parked fiber (each departs to the host, its stack back to the pool).
  // Called on the OS thread that used it, outside any execution.
  ~fiber_backend() override;
  fiber_backend(const fiber_backend&) = delete;
  fiber_backend& operator=(const fiber_backend&) = delete;

  // Whether its stacks are the size one made for `stack_size` would hand out.
  bool serves(std::size_t stack_size) const noexcept { return stacks_.serves(stack_size); }

  void create(thread_index index, thread_index creator, thread_body& body) override;
  void transfer(thread_index from, thread_index to) override { switch_now(from, to); }
  // transfer(), inline: what the scheduler core calls at its points (execution.hpp).
  void switch_now(thread_index from, thread_index to) {
    if (from != host) check_red_zone(from);
    running_ = to;
    switcher_.transfer(context(from), context(to));
  }
  void abandon(thread_index dead) noexcept override;
  void end_run() noexcept override {}
  // Also, for a stack with a red zone: the size of thread `index`'s stack if its red zone
  // check found an overflow (whatever `address`), or if `index` runs and `address` lies
  // below its stack in its block or its red zone was touched.
  std::size_t overflowed(thread_index index, const void* address) const noexcept override;
  int kernel_thread(thread_index) const noexcept override { return 0; }
  std::optional<pthread_t> os_thread(thread_index) const noexcept override { return std::nullopt; }

 private:
  // A fiber: it runs one thread, parks, runs the next one it is given, and so on.
  struct slot {
    fiber_context context;
    boost::context::stack_context stack{};  // from stacks_, while the fiber lives
    fiber_backend* owner = nullptr;
    thread_index index = host;    // the thread it runs (or ran last, while parked)
    thread_body* body = nullptr;  // what runs that thread
    bool parked = false;          // its thread finished; it waits in idle_ for the next one
    bool quitting = false;        // resumed only to end (~fiber_backend)
    // Its thread's creator's when the thread was created, what the thread starts with (a
    // fiber kept for its next thread would otherwise hand on what its last thread left,
    // such as a rounding mode set and never restored). Where the switch's frame keeps
    // the words (frame_keeps_control_words) they are set there instead.
    control_words inherited;
  };
  fiber_context& context(thread_index index) noexcept { return index == host ? host_ : by_index_[index]->context; }
  // Makes a fiber in `made` (a slot without one): it runs the thread the slot names,
  // parks, and runs the next thread it is given when resumed, until it is told to quit.
  // Throws what stack_pool::allocate throws.
  void make_fiber(slot& made, thread_index creator);
  // What a slot's fiber runs (`argument` is the slot): one thread after another, parked
  // in between, until it is told to quit.
  static void run_slot(void* argument) noexcept;
  // Ends the process with SIGABRT, for the crash guard to report as thread `index`'s
  // stack overflow, if the red zone below its stack (if it has one) was touched. Called
  // on that thread's context, before it lets another run on what the overflow wrote.
  void check_red_zone(thread_index index) noexcept {
    if (by_index_[index]->context.red_zone) [[unlikely]] check_touched_red_zone(index);
  }
  void check_touched_red_zone(thread_index index) noexcept;
  // Whether an overflow of `stack`, the running fiber's, could fault at `address`.
  bool below_running_stack(const fiber_context& stack, const void* address) const noexcept;

  stack_pool stacks_;
  context_switcher switcher_;
  fiber_context host_;
  std::vector<std::unique_ptr<slot>> slots_;  // every slot, kept across runs
  // The slot of each thread of the current run (a finished thread's may run another now).
  std::vector<slot*> by_index_;
  std::vector<slot*> idle_;     // parked fibers, the latest to finish last
  std::vector<slot*> unused_;   // slots whose fiber was buried: no fiber, no stack
  thread_index running_ = host;
  thread_index overflowed_ = host;  // the thread whose red zone check failed, if one did
};

}  // namespace weft::detail
