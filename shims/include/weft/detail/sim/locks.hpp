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

#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <source_location>
#include <system_error>
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

}  // namespace detail
WEFT_END_NAMESPACE

// Specializes the standard lock types for one weft mutex type. A macro because the
// three specializations are identical for every mutex type and must be spelled out.
#define WEFT_DETAIL_LOCATED_LOCKS(Mutex)                                                  \
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
