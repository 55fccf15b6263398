// weft::thread_specific in the pass-through build: a value per real thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE

// A `thread_local T` that can be a member or a local: each thread sees its own T, made
// on its first use (a copy of the initial value, or T{}) and destroyed when the thread
// exits.
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

  T& get() {
    // Keyed by an id, not the address: a later object at the same address starts afresh.
    thread_local std::unordered_map<std::uint64_t, T> values;
    auto it = values.find(id_);
    if (it == values.end()) it = made(values);
    return it->second;
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
  static std::uint64_t next_id() noexcept {
    static std::atomic<std::uint64_t> last{0};
    return last.fetch_add(1, std::memory_order_relaxed) + 1;
  }
  // This thread's value, made in place in `values`, as a thread_local's: one constructor
  // call and, at the thread's exit, one destructor call; a T that cannot be moved works.
  template <class Values>
  typename Values::iterator made(Values& values) const {
    if constexpr (std::is_copy_constructible_v<T>) {
      if (initial_) return values.try_emplace(id_, *initial_).first;
    }
    if constexpr (std::is_default_constructible_v<T>) {
      return values.try_emplace(id_).first;
    } else {
      return values.try_emplace(id_, *initial_).first;  // made with an initial value: the only constructor it has
    }
  }

  const std::uint64_t id_ = next_id();
  std::optional<T> initial_;
};

WEFT_END_NAMESPACE
