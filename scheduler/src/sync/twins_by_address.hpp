// Simulated objects standing for memory the code under test owns, found by address: the
// twin of a pthread mutex under weft::interpose, of an object a weft::atomic_ref refers to.
//
// Such an object is met first when it is used (libstdc++ never calls pthread_mutex_init
// for a std::mutex; a static initializer fills it): its simulated twin is made then, and
// lives until the owner erases it (pthread_*_destroy) or until the next execution's first
// use of the table.
// Addresses are reused (a mutex on the stack of a function called twice), which is
// harmless where the twin of an idle object is an idle object; owners for which it is not
// erase the stale twin. Only the running simulated thread touches a table, so no lock
// guards it.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include <weft/detail/sim/thread_core.hpp>

namespace weft::inline sim_v1::detail {

template <class Twin>
class twins_by_address {
 public:
  // The twin of `object` in the running execution, or nullptr if it has none yet.
  Twin* find(const void* object) {
    forget_other_executions();
    const auto found = twins_.find(object);
    return found == twins_.end() ? nullptr : found->second.get();
  }
  // The twin of `object`, made by make() at its first use in the running execution.
  template <class Make>
  Twin& get(const void* object, Make&& make) {
    if (Twin* known = find(object)) return *known;
    return *twins_.emplace(object, make()).first->second;
  }
  void erase(const void* object) {
    forget_other_executions();
    twins_.erase(object);
  }
  // Gives `object` no twin, as erase() does, but keeps the old one alive until the
  // execution ends: a thread may hold it between its lookup and its scheduling point.
  void retire(const void* object) {
    forget_other_executions();
    const auto found = twins_.find(object);
    if (found == twins_.end()) return;
    retired_.push_back(std::move(found->second));
    twins_.erase(found);
  }

 private:
  // Twins of an earlier execution are stale: dropped at the first use in a new one.
  void forget_other_executions() {
    const std::uint64_t now = execution_generation();
    if (now == generation_) return;
    twins_.clear();
    retired_.clear();
    generation_ = now;
  }

  std::uint64_t generation_ = 0;
  std::unordered_map<const void*, std::unique_ptr<Twin>> twins_;
  std::vector<std::unique_ptr<Twin>> retired_;
};

}  // namespace weft::detail
