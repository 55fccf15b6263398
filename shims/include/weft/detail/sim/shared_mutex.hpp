// weft::shared_mutex in the simulated build.
#pragma once

#include <shared_mutex>
#include <source_location>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/locks.hpp>
#include <weft/detail/sim/mutex_core.hpp>

WEFT_BEGIN_NAMESPACE

class shared_mutex {
 public:
  shared_mutex(detail::call_site declared = {}) noexcept
      : core_(detail::object_kind::shared_mutex, declared) {}
  shared_mutex(const shared_mutex&) = delete;
  shared_mutex& operator=(const shared_mutex&) = delete;

  void lock(std::source_location where = std::source_location::current()) { core_.lock(where); }
  bool try_lock(std::source_location where = std::source_location::current()) {
    return core_.try_lock(where);
  }
  void unlock(std::source_location where = std::source_location::current()) {
    core_.unlock(where);
  }
  void lock_shared(std::source_location where = std::source_location::current()) {
    core_.lock_shared(where);
  }
  bool try_lock_shared(std::source_location where = std::source_location::current()) {
    return core_.try_lock_shared(where);
  }
  void unlock_shared(std::source_location where = std::source_location::current()) {
    core_.unlock_shared(where);
  }

 private:
  detail::mutex_core core_;
};

WEFT_END_NAMESPACE

WEFT_DETAIL_LOCATED_LOCKS(weft::shared_mutex)

template <>
class std::shared_lock<weft::shared_mutex>
    : public weft::detail::located_shared_lock<weft::shared_mutex> {
 public:
  using weft::detail::located_shared_lock<weft::shared_mutex>::located_movable_lock;
};
