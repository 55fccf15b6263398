// std::lock_guard, std::unique_lock, std::scoped_lock and std::shared_lock for weft's
// mutexes, specialized so that reports name the user's line.
//
// The primary templates would call m.lock() from inside <mutex>, and the
// std::source_location default argument of weft's lock() would then point into the
// standard library. These specializations have the same interface as the standard ones
// but take the location as a defaulted constructor argument, which is evaluated where
// the user wrote `std::lock_guard g(m);` (class template argument deduction still goes
// through the primary template's guides). The standard allows specializing its class
// templates for program-defined types when the specialization meets the original's
// requirements; these do.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <shared_mutex>
#include <source_location>
#include <system_error>
#include <type_traits>
#include <utility>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

template <class Mutex>
class located_lock_guard {
 public:
  using mutex_type = Mutex;
  explicit located_lock_guard(Mutex& m, std::source_location where = std::source_location::current())
      : mutex_(m), where_(where) {
    mutex_.lock(where);
  }
  located_lock_guard(Mutex& m, std::adopt_lock_t,
                     std::source_location where = std::source_location::current()) noexcept
      : mutex_(m), where_(where) {}
  ~located_lock_guard() { mutex_.unlock(where_); }
  located_lock_guard(const located_lock_guard&) = delete;
  located_lock_guard& operator=(const located_lock_guard&) = delete;

 private:
  Mutex& mutex_;
  std::source_location where_;
};

template <class Mutex>
class located_scoped_lock {
 public:
  using mutex_type = Mutex;
  explicit located_scoped_lock(Mutex& m, std::source_location where = std::source_location::current())
      : mutex_(m), where_(where) {
    mutex_.lock(where);
  }
  located_scoped_lock(std::adopt_lock_t, Mutex& m,
                      std::source_location where = std::source_location::current()) noexcept
      : mutex_(m), where_(where) {}
  ~located_scoped_lock() { mutex_.unlock(where_); }
  located_scoped_lock(const located_scoped_lock&) = delete;
  located_scoped_lock& operator=(const located_scoped_lock&) = delete;

 private:
  Mutex& mutex_;
  std::source_location where_;
};

// The state and checks unique_lock and shared_lock share; Ops says how to lock.
template <class Mutex, class Ops>
class located_movable_lock {
 public:
  using mutex_type = Mutex;

  located_movable_lock() noexcept = default;
  explicit located_movable_lock(Mutex& m, std::source_location where = std::source_location::current())
      : mutex_(&m), where_(where) {
    Ops::lock(m, where);
    owns_ = true;
  }
  located_movable_lock(Mutex& m, std::defer_lock_t,
                       std::source_location where = std::source_location::current()) noexcept
      : mutex_(&m), where_(where) {}
  located_movable_lock(Mutex& m, std::try_to_lock_t,
                       std::source_location where = std::source_location::current())
      : mutex_(&m), owns_(Ops::try_lock(m, where)), where_(where) {}
  located_movable_lock(Mutex& m, std::adopt_lock_t,
                       std::source_location where = std::source_location::current()) noexcept
      : mutex_(&m), owns_(true), where_(where) {}
  template <class Rep, class Period>
  located_movable_lock(Mutex& m, const std::chrono::duration<Rep, Period>& d,
                       std::source_location where = std::source_location::current())
      : mutex_(&m), owns_(m.try_lock_for(d, where)), where_(where) {}
  template <class Clock, class Duration>
  located_movable_lock(Mutex& m, const std::chrono::time_point<Clock, Duration>& t,
                       std::source_location where = std::source_location::current())
      : mutex_(&m), owns_(m.try_lock_until(t, where)), where_(where) {}
  ~located_movable_lock() {
    if (owns_) Ops::unlock(*mutex_, where_);
  }

  located_movable_lock(const located_movable_lock&) = delete;
  located_movable_lock& operator=(const located_movable_lock&) = delete;
  located_movable_lock(located_movable_lock&& other) noexcept
      : mutex_(std::exchange(other.mutex_, nullptr)),
        owns_(std::exchange(other.owns_, false)),
        where_(other.where_) {}
  located_movable_lock& operator=(located_movable_lock&& other) noexcept {
    if (owns_) Ops::unlock(*mutex_, where_);
    mutex_ = std::exchange(other.mutex_, nullptr);
    owns_ = std::exchange(other.owns_, false);
    where_ = other.where_;
    return *this;
  }

  void lock(std::source_location where = std::source_location::current()) {
    check_can_lock();
    Ops::lock(*mutex_, where);
    owns_ = true;
    where_ = where;
  }
  bool try_lock(std::source_location where = std::source_location::current()) {
    check_can_lock();
    owns_ = Ops::try_lock(*mutex_, where);
    where_ = where;
    return owns_;
  }
  template <class Rep, class Period>
  bool try_lock_for(const std::chrono::duration<Rep, Period>& d,
                    std::source_location where = std::source_location::current()) {
    check_can_lock();
    owns_ = mutex_->try_lock_for(d, where);
    where_ = where;
    return owns_;
  }
  template <class Clock, class Duration>
  bool try_lock_until(const std::chrono::time_point<Clock, Duration>& t,
                      std::source_location where = std::source_location::current()) {
    check_can_lock();
    owns_ = mutex_->try_lock_until(t, where);
    where_ = where;
    return owns_;
  }
  void unlock(std::source_location where = std::source_location::current()) {
    if (!owns_) throw std::system_error(std::make_error_code(std::errc::operation_not_permitted));
    Ops::unlock(*mutex_, where);
    owns_ = false;
  }

  void swap(located_movable_lock& other) noexcept {
    std::swap(mutex_, other.mutex_);
    std::swap(owns_, other.owns_);
    std::swap(where_, other.where_);
  }
  Mutex* release() noexcept {
    owns_ = false;
    return std::exchange(mutex_, nullptr);
  }
  Mutex* mutex() const noexcept { return mutex_; }
  bool owns_lock() const noexcept { return owns_; }
  explicit operator bool() const noexcept { return owns_; }

 private:
  void check_can_lock() const {
    if (mutex_ == nullptr) throw std::system_error(std::make_error_code(std::errc::operation_not_permitted));
    if (owns_) throw std::system_error(std::make_error_code(std::errc::resource_deadlock_would_occur));
  }

  Mutex* mutex_ = nullptr;
  bool owns_ = false;
  std::source_location where_{};
};

struct exclusive_ops {
  template <class M> static void lock(M& m, std::source_location w) { m.lock(w); }
  template <class M> static bool try_lock(M& m, std::source_location w) { return m.try_lock(w); }
  template <class M> static void unlock(M& m, std::source_location w) { m.unlock(w); }
};

struct shared_ops {
  template <class M> static void lock(M& m, std::source_location w) { m.lock_shared(w); }
  template <class M> static bool try_lock(M& m, std::source_location w) { return m.try_lock_shared(w); }
  template <class M> static void unlock(M& m, std::source_location w) { m.unlock_shared(w); }
};

template <class Mutex>
using located_unique_lock = located_movable_lock<Mutex, exclusive_ops>;
template <class Mutex>
using located_shared_lock = located_movable_lock<Mutex, shared_ops>;

// Whether the standard lock types are specialized for Mutex (WEFT_DETAIL_LOCATED_LOCKS).
template <class Mutex>
struct has_located_locks : std::false_type {};

// std::scoped_lock of two or more weft mutexes: std::lock's deadlock avoidance as
// libstdc++ writes it (lock one, try the others in turn, and after a failed try unlock
// what it holds and start again from the mutex whose try failed), with every lock, try
// and unlock at the user's line. The primary template's did all three inside <mutex>.
template <class... Mutexes>
class located_multi_lock {
 public:
  explicit located_multi_lock(Mutexes&... ms, std::source_location where = std::source_location::current())
      : mutexes_{erase(ms)...}, where_(where) {
    lock_all();
  }
  located_multi_lock(std::adopt_lock_t, Mutexes&... ms,
                     std::source_location where = std::source_location::current()) noexcept
      : mutexes_{erase(ms)...}, where_(where) {}
  ~located_multi_lock() {
    for (const lockable& m : mutexes_) m.unlock(m.object, where_);
  }
  located_multi_lock(const located_multi_lock&) = delete;
  located_multi_lock& operator=(const located_multi_lock&) = delete;

 private:
  struct lockable {
    void* object;
    void (*lock)(void*, std::source_location);
    bool (*try_lock)(void*, std::source_location);
    void (*unlock)(void*, std::source_location);
  };
  template <class Mutex>
  static lockable erase(Mutex& m) noexcept {
    return {&m, [](void* o, std::source_location w) { static_cast<Mutex*>(o)->lock(w); },
            [](void* o, std::source_location w) { return static_cast<Mutex*>(o)->try_lock(w); },
            [](void* o, std::source_location w) { static_cast<Mutex*>(o)->unlock(w); }};
  }
  static constexpr std::size_t count = sizeof...(Mutexes);

  // Holds every mutex on return. Blocks in one lock() per round; a round whose try fails
  // gives back what it took. Throws what a lock or try throws, holding nothing then.
  void lock_all() {
    for (std::size_t first = 0;;) {
      mutexes_[first].lock(mutexes_[first].object, where_);
      std::size_t held = 1;
      try {
        while (held < count) {
          const lockable& next = mutexes_[(first + held) % count];
          if (!next.try_lock(next.object, where_)) break;
          ++held;
        }
      } catch (...) {
        unlock_from(first, held);
        throw;
      }
      if (held == count) return;
      unlock_from(first, held);
      first = (first + held) % count;
    }
  }
  // Unlocks `held` mutexes in turn from index `first` (wrapping around).
  void unlock_from(std::size_t first, std::size_t held) noexcept {
    for (std::size_t k = 0; k < held; ++k) {
      const lockable& m = mutexes_[(first + k) % count];
      m.unlock(m.object, where_);
    }
  }

  std::array<lockable, count> mutexes_;
  std::source_location where_;
};

}  // namespace detail
WEFT_END_NAMESPACE

// std::scoped_lock of two or more mutexes that are all weft's.
template <class... Mutexes>
  requires(sizeof...(Mutexes) > 1 && (weft::detail::has_located_locks<Mutexes>::value && ...))
class std::scoped_lock<Mutexes...> : public weft::detail::located_multi_lock<Mutexes...> {
 public:
  using weft::detail::located_multi_lock<Mutexes...>::located_multi_lock;
};

// Specializes the standard lock types for one weft mutex type. A macro because the
// three specializations are identical for every mutex type and must be spelled out.
#define WEFT_DETAIL_LOCATED_LOCKS(Mutex)                                                  \
  template <>                                                                             \
  struct weft::detail::has_located_locks<Mutex> : std::true_type {};                      \
  template <>                                                                             \
  class std::lock_guard<Mutex> : public weft::detail::located_lock_guard<Mutex> {        \
   public:                                                                                \
    using weft::detail::located_lock_guard<Mutex>::located_lock_guard;                    \
  };                                                                                      \
  template <>                                                                             \
  class std::unique_lock<Mutex> : public weft::detail::located_unique_lock<Mutex> {      \
   public:                                                                                \
    using weft::detail::located_unique_lock<Mutex>::located_movable_lock;                 \
  };                                                                                      \
  template <>                                                                             \
  class std::scoped_lock<Mutex> : public weft::detail::located_scoped_lock<Mutex> {      \
   public:                                                                                \
    using weft::detail::located_scoped_lock<Mutex>::located_scoped_lock;                  \
  };
