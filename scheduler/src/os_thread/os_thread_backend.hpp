// The OS-thread backend: every simulated thread a real OS thread, exactly one of which
// runs at any time; the others are parked on their batons (os_thread/baton.hpp).
//
// Code not written for weft keeps what it expects of a thread: its own thread_locals
// (libstdc++'s call_once state among them), errno, pthread_self, std::this_thread::get_id.
// A switch is a futex handoff (microseconds, where a fiber switch takes nanoseconds), and
// the scheduler core switches only when the strategy picks another thread.
//
// A simulated thread's OS thread is made when the simulated thread is, and joined when
// the run ends: thread_locals start fresh in every execution, as they would in a
// program run again. Its C++ thread_local destructors run before it finishes in the
// simulation (the backend's own thread_local, made first, is destroyed last and leaves).
// An abandoned thread stays parked for the rest of the process.
#pragma once

#include <pthread.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include "execution/backend.hpp"
#include "os_thread/baton.hpp"

namespace weft::inline sim_v1::detail {

class os_thread_backend final : public execution_backend {
 public:
  // Each OS thread gets a stack of `stack_size` bytes and a guard region below it.
  explicit os_thread_backend(std::size_t stack_size) noexcept : stack_size_(stack_size) {}
  ~os_thread_backend() override;

  std::size_t stack_size() const noexcept { return stack_size_; }

  void create(thread_index index, thread_index creator, thread_body& body) override;
  void transfer(thread_index from, thread_index to) override;
  void abandon(thread_index dead) noexcept override;
  void end_run() noexcept override;
  std::size_t overflowed(thread_index index, const void* address) const noexcept override;
  int kernel_thread(thread_index index) const noexcept override;
  std::optional<pthread_t> os_thread(thread_index index) const noexcept override { return lanes_[index]->handle; }

  // In the child of a fork() the calling simulated thread made: its OS thread ends as a
  // plain one (its exit hands no baton to threads the child does not have).
  static void forget_calling_thread() noexcept;

  // What one OS thread is to the backend; public for its start routine.
  struct lane {
    os_thread_backend* owner = nullptr;
    thread_index index = 0;
    thread_body* body = nullptr;
    baton turn;
    pthread_t handle{};
    bool alive = false;  // made and not yet joined or detached
    bool abandoned = false;
    std::atomic<int> kernel_id{0};  // gettid() once it has started
    // Its stack's lowest usable byte and the guard region's size below it, known once
    // it has started (the crash handler reads them).
    const char* stack_bottom = nullptr;
    std::size_t guard_size = 0;
    // The alternate stack its crash handler runs on (a stack overflow leaves none).
    std::unique_ptr<char[]> signal_stack;
  };
  lane& context(thread_index index) noexcept { return index == host ? host_ : *lanes_[index]; }

 private:
  std::size_t stack_size_;
  lane host_;
  std::vector<std::unique_ptr<lane>> lanes_;  // by thread index; kept across runs
};

}  // namespace weft::detail
