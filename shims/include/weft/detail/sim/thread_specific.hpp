// weft::thread_specific in the simulated build: one value per simulated thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <weft/detail/sim/thread_core.hpp>

WEFT_BEGIN_NAMESPACE

// What a `thread_local T` is to real threads, for simulated ones: every simulated thread
// sees its own T, made on its first use (a copy of the initial value, or T{}), destroyed
// when the thread finishes, the newest first. (A plain thread_local is shared by every
// simulated thread: they all run on one OS thread.) Outside an exploration there is one
// value, the host's.
template <class T>
class thread_specific {
 public:
  thread_specific()
    requires std::is_default_constructible_v<T>
  = default;
  explicit thread_specific(T initial)
    requires std::is_copy_constructible_v<T>
      : initial_(std::move(initial)) {}
  thread_specific(const thread_specific&) = delete;
  thread_specific& operator=(const thread_specific&) = delete;
  ~thread_specific() { detail::forget_thread_exit(this); }

  // The calling thread's value. Not a scheduling point: nobody else can see it.
  T& get() {
    if (!detail::simulating()) {
      if (!host_) host_ = made();
      return *host_;
    }
    if (const std::uint64_t generation = detail::execution_generation(); generation != generation_) {
      values_.clear();  // an earlier execution's: its threads are gone
      generation_ = generation;
    }
    const detail::thread_index thread = detail::current_thread();
    if (thread >= values_.size()) values_.resize(thread + 1);
    if (!values_[thread]) {
      values_[thread] = made();
      detail::at_thread_exit(&destroy_value, this);
    }
    return *values_[thread];
  }
  T& operator*() { return get(); }
  T* operator->() { return &get(); }
  operator T&() { return get(); }
  thread_specific& operator=(const T& value) {
    get() = value;
    return *this;
  }
  thread_specific& operator=(T&& value) {
    get() = std::move(value);
    return *this;
  }

 private:
  // A value made in place, as a thread_local's: one constructor call and, later, one
  // destructor call per thread, and a T that cannot be moved works.
  std::unique_ptr<T> made() const {
    if constexpr (std::is_copy_constructible_v<T>) {
      if (initial_) return std::make_unique<T>(*initial_);
    }
    if constexpr (std::is_default_constructible_v<T>) {
      return std::make_unique<T>();
    } else {
      return std::make_unique<T>(*initial_);  // made with an initial value: the only constructor it has
    }
  }
  static void destroy_value(void* self, detail::thread_index thread) {
    auto& values = static_cast<thread_specific*>(self)->values_;
    if (thread < values.size()) values[thread].reset();
  }

  std::optional<T> initial_;
  std::vector<std::unique_ptr<T>> values_;  // by simulated thread
  std::uint64_t generation_ = 0;
  std::unique_ptr<T> host_;
};

WEFT_END_NAMESPACE
