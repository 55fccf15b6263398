// weft::async_mutex: a mutex a task may hold across co_await.
//
//   weft::async_mutex m;
//   auto held = co_await m.lock();   // empty when the task was asked to stop first
//   if (!held) co_return;
//   ...                              // co_awaits allowed while held
//   // released when `held` goes out of scope: no co_await needed to unlock
//
// Unlike a weft::mutex (whose co_await the lock-across-await check reports), it belongs
// to no thread: whoever holds the guard owns it. Under the simulator it is a binary
// semaphore, and reports show its waits as acquires of that semaphore.
#pragma once

#include <source_location>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/async/detail/blocking_await.hpp>
#include <weft/semaphore.hpp>

WEFT_BEGIN_NAMESPACE

class async_mutex {
 public:
  // Owns the mutex while engaged; releases it when destroyed or on unlock(). Keep it in
  // a variable: `co_await m.lock();` alone unlocks at once (clang warns; g++ 12 does not).
  class [[nodiscard]] guard {
   public:
    guard() noexcept = default;
    guard(guard&& other) noexcept : mutex_(std::exchange(other.mutex_, nullptr)) {}
    guard& operator=(guard&& other) noexcept {
      if (this != &other) {
        release();
        mutex_ = std::exchange(other.mutex_, nullptr);
      }
      return *this;
    }
    guard(const guard&) = delete;
    guard& operator=(const guard&) = delete;
    ~guard() { release(); }

    bool owns_lock() const noexcept { return mutex_ != nullptr; }
    explicit operator bool() const noexcept { return owns_lock(); }
    void unlock(std::source_location where = std::source_location::current()) {
      if (mutex_ != nullptr) std::exchange(mutex_, nullptr)->release(where);
    }

   private:
    friend class async_mutex;
    explicit guard(async_mutex* mutex) noexcept : mutex_(mutex) {}
    void release() noexcept {
#if WEFT_SIM
      // While a torn-down execution unwinds there is nothing to release: the next
      // execution starts the semaphore afresh.
      if (detail::stopping()) {
        mutex_ = nullptr;
        return;
      }
#endif
      unlock(std::source_location{});
    }

    async_mutex* mutex_ = nullptr;
  };

#if WEFT_SIM
  async_mutex(detail::call_site declared = {}) : units_(1, declared) {}
#else
  async_mutex() : units_(1) {}
#endif
  async_mutex(const async_mutex&) = delete;
  async_mutex& operator=(const async_mutex&) = delete;

  // co_await m.lock(): waits for the mutex; an engaged guard, or an empty one when the
  // awaiting task was asked to stop first.
  auto lock() {
    return detail::blocking_await([this](const detail::await_site& site) {
#if WEFT_SIM
      return units_.acquire(site.stop(), site.where) ? guard(this) : guard();
#else
      return units_.acquire(site.stop()) ? guard(this) : guard();
#endif
    });
  }
  // Takes the mutex if it is free, without waiting: an engaged guard, or an empty one.
  guard try_lock(std::source_location where = std::source_location::current()) {
#if WEFT_SIM
    return units_.try_acquire(where) ? guard(this) : guard();
#else
    (void)where;
    return units_.try_acquire() ? guard(this) : guard();
#endif
  }

 private:
  void release(std::source_location where) {
#if WEFT_SIM
    units_.release(1, where);
#else
    (void)where;
    units_.release();
#endif
  }

  binary_semaphore units_;
};

WEFT_END_NAMESPACE
