// weft::mutex, recursive_mutex and shared_mutex in the simulated build.
#pragma once

#include <source_location>

#include <weft/detail/sim/locks.hpp>
#include <weft/detail/sim/mutex_core.hpp>

WEFT_BEGIN_NAMESPACE

class condition_variable;

// Every lock and try_lock is a scheduling point; unlock never switches threads (it only
// matters to threads that will lock next, and they get their turn at their own points).
template <detail::object_kind Kind>
class basic_mutex {
 public:
  basic_mutex(std::source_location declared = std::source_location::current()) noexcept
      : core_(Kind, declared) {}
  basic_mutex(const basic_mutex&) = delete;
  basic_mutex& operator=(const basic_mutex&) = delete;

  void lock(std::source_location where = std::source_location::current()) { core_.lock(where); }
  bool try_lock(std::source_location where = std::source_location::current()) {
    return core_.try_lock(where);
  }
  void unlock(std::source_location where = std::source_location::current()) noexcept {
    core_.unlock(where);
  }

 private:
  friend class condition_variable;
  detail::mutex_core core_;
};

using mutex = basic_mutex<detail::object_kind::mutex>;
using recursive_mutex = basic_mutex<detail::object_kind::recursive_mutex>;

WEFT_END_NAMESPACE

WEFT_DETAIL_LOCATED_LOCKS(weft::mutex)
WEFT_DETAIL_LOCATED_LOCKS(weft::recursive_mutex)
