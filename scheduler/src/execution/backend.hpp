// What runs an execution's simulated threads.
//
// The scheduler core (execution.cpp) decides which simulated thread runs; a backend
// makes exactly that one run and keeps every other one suspended. Two implement it:
//  - fiber/fiber_backend.hpp: fibers on the OS thread that called execution::run (fast;
//    the code under test shares that thread's thread-locals);
//  - os_thread/os_thread_backend.hpp: one real OS thread per simulated thread, all but
//    one parked (thread_local, errno and pthread_self are per thread, as unmodified
//    code expects).
// The core names contexts by thread index; `host` is the context that called run(). At
// its scheduling points the core switches the fiber backend inline (execution.hpp,
// switch_to: a frame between a point and the jump is one more return the processor may
// mispredict after a switch), every other backend through transfer().
#pragma once

#include <pthread.h>

#include <cstddef>
#include <optional>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

class execution_backend {
 public:
  static constexpr thread_index host = no_thread;

  // The core's side: what a simulated thread runs, on its own context.
  class thread_body {
   public:
    // The three calls a thread's context makes, in this order, on that context.
    // First, when it starts.
    virtual void entered(thread_index index) noexcept = 0;
    // Runs thread `index`'s function and its exit hooks.
    virtual void run_function(thread_index index) noexcept = 0;
    // Last: finishes the thread and returns the context to resume next (`host` when the
    // run is over). Nothing of the thread's may run after it (a backend whose threads
    // have thread_local destructors runs them before it).
    virtual thread_index leave(thread_index index) noexcept = 0;
    // After leave(), by a backend whose context goes on running code of its own (an OS
    // thread's exit): nothing that runs on this context from now on is simulated.
    virtual void detach_context() noexcept = 0;

   protected:
    ~thread_body() = default;
  };

  virtual ~execution_backend() = default;

  // Makes thread `index` (0 for the first of a run, then 1, 2, ...) ready to be resumed
  // for the first time, when it will make the calls of thread_body on its own context.
  // `creator` is the running context. Throws weft::resource_error when the system
  // refuses a stack or an OS thread (its message names the limit and what to change),
  // std::bad_alloc.
  virtual void create(thread_index index, thread_index creator, thread_body& body) = 0;
  // Suspends `from`, which must be the running context, and resumes `to`. Returns when
  // another context transfers back to `from`.
  virtual void transfer(thread_index from, thread_index to) = 0;
  // `dead` is suspended and will never be resumed nor unwound (it waits inside a
  // destructor): its stack is kept for the rest of the process. Called by the host.
  virtual void abandon(thread_index dead) noexcept = 0;
  // The run is over: every thread has finished or been abandoned. Called by the host.
  virtual void end_run() noexcept = 0;
  // For the crash handler (async-signal-safe, allocates nothing): the size of thread
  // `index`'s stack if `address` lies in the guard region below it, else 0. `address`
  // is null for a signal that has none (SIGABRT): nonzero then only for a thread whose
  // overflow the backend found itself.
  virtual std::size_t overflowed(thread_index index, const void* address) const noexcept = 0;
  // The kernel's id of the OS thread that runs thread `index`, or 0 if it is the host's.
  // Read by the watchdog from its own thread while `index` runs.
  virtual int kernel_thread(thread_index index) const noexcept = 0;
  // The pthread_t of the OS thread that runs thread `index` (which has been created), or
  // nullopt if it runs on the host's (fibers).
  virtual std::optional<pthread_t> os_thread(thread_index index) const noexcept = 0;

 protected:
  execution_backend() = default;
  execution_backend(const execution_backend&) = delete;
  execution_backend& operator=(const execution_backend&) = delete;
};

}  // namespace weft::detail
