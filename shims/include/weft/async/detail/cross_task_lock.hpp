// A lock for state that tasks share inside weft's own async machinery (a task group, a
// race of when_any), held only for a few plain reads and writes.
//
// On the pass-through build tasks run on threads of their own: a std::mutex. Under the
// simulator one task runs at a time and nothing done under this lock is a scheduling
// point: no lock at all (a weft mutex would add scheduling points of weft's own to every
// exploration and report).
#pragma once

#include <mutex>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class cross_task_lock {
 public:
#if WEFT_SIM
  struct held {
    ~held() {}  // user-provided: a held lock is a used variable
  };
  held hold() noexcept { return {}; }
#else
  using held = std::unique_lock<std::mutex>;
  held hold() { return held(mutex_); }

 private:
  std::mutex mutex_;
#endif
};

}  // namespace detail
WEFT_END_NAMESPACE
