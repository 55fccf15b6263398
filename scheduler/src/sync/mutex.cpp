// weft::mutex, recursive_mutex and shared_mutex in the simulated build.
#include <weft/detail/sim/mutex_core.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "report/naming.hpp"
#include "sync/object_entry.hpp"

namespace weft::inline sim_v1::detail {

namespace {
// Outside an execution there is one thread of control; it owns under this index.
constexpr thread_index host_owner = no_thread - 1;

std::string label(const sim_object& object) { return object_label(object.kind(), object.id()); }
}  // namespace

bool mutex_core::refresh(std::source_location where) noexcept {
  switch (enter(object_, where)) {
    case sim_object::touch::known: return true;
    case sim_object::touch::broken: return false;
    case sim_object::touch::first: break;
  }
  if (owner_ == host_owner || readers_ > 0) {
    // Left locked by the code around weft::explore: no simulated thread can unlock it.
    execution::current()->fail(
        failure_kind::misuse,
        label(object_) + " was locked outside weft::explore (before the exploration began) and is "
                         "still locked: no simulated thread can unlock it",
        where);
    return false;
  }
  owner_ = no_thread;
  depth_ = 0;
  waiters_ = wait_queue{};
  return true;
}

mutex_core::~mutex_core() {
  execution* ex = execution::current();
  if (ex == nullptr || !object_.live()) return;
  if (!ex->stopping() && (owner_ != no_thread || readers_ > 0 || waiters_.head != no_thread)) {
    std::string message = label(object_) + " destroyed while ";
    if (owner_ != no_thread) {
      message += "locked by " + thread_label(owner_);
    } else if (readers_ > 0) {
      message += "locked shared";
    } else {
      message += thread_label(waiters_.head) + " waits to lock it";
    }
    ex->fail(failure_kind::misuse, message + ": destroying a mutex in use is undefined behaviour",
             std::source_location{});
    ex->wait_for_teardown();  // its users are unwound (and leave it) while it still exists
  }
  ex->abandon(waiters_);
}

bool mutex_core::acquire_or_wait(op what, std::source_location where, virtual_time deadline,
                                 wake_reason* gave_up) {
  execution& ex = *execution::current();
  const thread_index me = ex.running();
  if (owner_ == me) {
    if (recursive()) {
      ++depth_;
      return true;
    }
    ex.fail(failure_kind::misuse,
            thread_label(me) + " locks " + label(object_) +
                " again while holding it: a non-recursive mutex deadlocks (undefined behaviour)",
            where);
    ex.abort_if_stopping();
    return false;
  }
  while (owner_ != no_thread || readers_ > 0) {
    if (!ex.in_queue(me)) ex.enqueue(waiters_);
    const wake_reason woke = ex.sleep(what, target_of(&object_), where, owner_, true, wait_limits{deadline});
    if (woke == wake_reason::timed_out || woke == wake_reason::torn_down) {
      if (ex.in_queue(me)) ex.dequeue(waiters_, me);
      if (gave_up != nullptr) *gave_up = woke;
      return false;
    }
  }
  if (ex.in_queue(me)) ex.dequeue(waiters_, me);
  take(where);
  return true;
}

void mutex_core::take(std::source_location where) {
  execution& ex = *execution::current();
  owner_ = ex.running();
  depth_ = 1;
  // Taking it, however (lock, a try that succeeds, a wait that ends), acquires what
  // unlocks and a shared_mutex's unlock_shareds released.
  if (ex.tracked()) ex.memory().acquire_exclusive(owner_, object_.id());
  ex.acquired(object_, where, hold::exclusive);
  ex.set_queue_runnable(waiters_, false);
}

void mutex_core::lock_outside(std::source_location where) {
  if (report_foreign_use(object_, "lock", where)) return;
  if ((owner_ == host_owner && !recursive()) || readers_ > 0) {
    throw usage_error("weft: a weft mutex locked again outside weft::explore (or locked while held "
                      "shared) would deadlock");
  }
  owner_ = host_owner;
  ++depth_;
}

void mutex_core::lock(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) [[unlikely]] return lock_outside(where);
  if (!met_already(object_) && !refresh(where)) {
    ex->abort_if_stopping();
    return;
  }
  ex->about_to_lock(&owner_);  // not chosen while another thread owns it: it would only block
  ex->point_then(op::lock, target_of(&object_), where, &mutex_core::lock_after_point, this);
}

void mutex_core::lock_after_point(void* self, std::source_location where) {
  mutex_core& m = *static_cast<mutex_core*>(self);
  execution& ex = *execution::current();
  ex.about_to_lock(nullptr);
  if (m.owner_ == no_thread && m.readers_ == 0 && !ex.stopping()) [[likely]] {
    // Free: taken at once, without acquire_or_wait's frame (most locks in a test).
    m.take(where);
    return;
  }
  if ((ex.stopping() || !m.acquire_or_wait(op::lock, where)) && m.object_.intact()) {
    m.owner_ = ex.running();  // torn down: let the caller's unlock find it held
    m.depth_ = 1;
  }
}

bool mutex_core::try_lock(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "try_lock", where)) return true;
    if ((owner_ == host_owner && !recursive()) || readers_ > 0) return false;
    owner_ = host_owner;
    ++depth_;
    return true;
  }
  if (!met_already(object_) && !refresh(where)) {
    ex->abort_if_stopping();
    return false;
  }
  ex->point(op::try_lock, target_of(&object_), where);
  if (ex->stopping()) return false;  // the mutex may be gone (destroyed at the point)
  const thread_index me = ex->running();
  if (owner_ == me && recursive()) {
    ++depth_;
    return true;
  }
  const bool locked = owner_ == no_thread && readers_ == 0;
  ex->attempted(locked);
  if (!locked) return false;
  take(where);
  return true;
}

bool mutex_core::try_lock_until(virtual_time deadline, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "try_lock", where)) return true;
    if (try_lock(where)) return true;
    if (deadline <= 0) return false;
    throw usage_error("weft: try_lock_for/try_lock_until outside weft::explore on a locked mutex would wait for "
                      "time to pass, and there is no clock outside an exploration");
  }
  if (!met_already(object_) && !refresh(where)) {
    ex->abort_if_stopping();
    return false;
  }
  ex->point(op::try_lock, target_of(&object_), where);
  wake_reason gave_up = wake_reason::notified;
  if (ex->stopping() || acquire_or_wait(op::try_lock, where, deadline, &gave_up)) return true;
  if (gave_up == wake_reason::torn_down && object_.intact()) {
    owner_ = ex->running();
    depth_ = 1;
    return true;
  }
  return false;
}

void mutex_core::unlock_outside(std::source_location where) {
  if (report_foreign_use(object_, "unlock", where)) return;
  if (owner_ != host_owner) throw usage_error("weft: unlock outside weft::explore of a weft mutex that is not locked");
  if (--depth_ == 0) owner_ = no_thread;
}

void mutex_core::unlock_not_held(std::source_location where) {
  execution& ex = *execution::current();
  if (ex.stopping()) return;
  const thread_index me = ex.running();
  const std::string unlocks = thread_label(me) + " unlocks " + label(object_);
  ex.fail(failure_kind::misuse,
          owner_ != no_thread ? unlocks + ", which t" + std::to_string(owner_) + " holds"
          : readers_ > 0      ? unlocks + ", which is held shared, not exclusively (a shared lock is released "
                                          "with unlock_shared)"
                              : unlocks + ", which is not locked",
          where);
}

void mutex_core::unlock(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) [[unlikely]] return unlock_outside(where);
  if (!met_already(object_) && !refresh(where)) return;
  ex->note(op::unlock, target_of(&object_), where);
  if (owner_ != ex->running()) [[unlikely]] return unlock_not_held(where);
  if (--depth_ > 0) return;
  owner_ = no_thread;
  ex->released(object_);
  ex->set_queue_runnable(waiters_, true);
}

std::uint32_t mutex_core::release_for_wait() noexcept {
  const std::uint32_t depth = depth_;
  depth_ = 0;
  owner_ = no_thread;
  execution& ex = *execution::current();
  ex.released(object_);
  if (ex.tracked()) ex.memory().release(ex.running(), object_.id());
  ex.set_queue_runnable(waiters_, true);
  // Once woken, the waiter's next step relocks: not chosen while another thread owns it.
  ex.about_to_lock(&owner_);
  return depth;
}

void mutex_core::reacquire_after_wait(std::uint32_t depth, std::source_location where) {
  execution& ex = *execution::current();
  ex.about_to_lock(nullptr);
  // The relock is an operation on the mutex like any lock: it races with other lockers.
  ex.note(op::lock, target_of(&object_), where);
  if (!object_.intact()) return;  // destroyed while its holder waited: a misuse, reported
  if (ex.stopping() || !acquire_or_wait(op::lock, where)) {
    if (!object_.intact()) return;
    owner_ = ex.running();
  }
  depth_ = depth;
}

void mutex_core::lock_shared(std::source_location where) { lock_shared_until(no_deadline, where); }

bool mutex_core::lock_shared_until(virtual_time deadline, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "lock_shared", where)) return true;
    if (owner_ == host_owner) {
      if (deadline != no_deadline) return false;
      throw usage_error("weft: lock_shared outside weft::explore on a shared_mutex locked exclusively would deadlock");
    }
    ++readers_;
    return true;
  }
  if (!met_already(object_) && !refresh(where)) {
    ex->abort_if_stopping();
    return false;
  }
  ex->about_to_lock(&owner_);  // as lock(): blocked while another thread owns it
  ex->point(op::lock_shared, target_of(&object_), where);
  ex->about_to_lock(nullptr);
  const thread_index me = ex->running();
  if (!ex->stopping() && owner_ == me) {
    ex->fail(failure_kind::misuse,
             thread_label(me) + " calls lock_shared on " + label(object_) +
                 ", which it holds exclusively: this deadlocks (undefined behaviour)",
             where);
    ex->abort_if_stopping();
  }
  while (!ex->stopping() && owner_ != no_thread) {
    if (!ex->in_queue(me)) ex->enqueue(waiters_);
    const wake_reason woke = ex->sleep(op::lock_shared, target_of(&object_), where, owner_, true, wait_limits{deadline});
    if (woke == wake_reason::torn_down) break;
    if (woke == wake_reason::timed_out) {
      if (ex->in_queue(me)) ex->dequeue(waiters_, me);
      return false;
    }
  }
  if (!object_.intact()) return false;
  if (ex->in_queue(me)) ex->dequeue(waiters_, me);
  ++readers_;
  if (!ex->stopping()) ex->acquired(object_, where, hold::shared);
  return true;
}

bool mutex_core::try_lock_shared(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "try_lock_shared", where)) return true;
    if (owner_ == host_owner) return false;
    ++readers_;
    return true;
  }
  if (!met_already(object_) && !refresh(where)) {
    ex->abort_if_stopping();
    return false;
  }
  ex->point(op::try_lock_shared, target_of(&object_), where);
  if (ex->stopping()) return false;  // the mutex may be gone (destroyed at the point)
  ex->attempted(owner_ == no_thread);
  if (owner_ != no_thread) return false;
  ++readers_;
  if (ex->tracked()) ex->memory().acquire(ex->running(), object_.id());  // what unlocks released
  ex->acquired(object_, where, hold::shared);
  return true;
}

void mutex_core::unlock_shared(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    if (report_foreign_use(object_, "unlock_shared", where)) return;
    if (readers_ == 0) throw usage_error("weft: unlock_shared outside weft::explore of a shared_mutex nobody holds shared");
    --readers_;
    return;
  }
  if (!met_already(object_) && !refresh(where)) return;
  ex->note(op::unlock_shared, target_of(&object_), where);
  if (readers_ == 0) {
    if (!ex->stopping()) {
      ex->fail(failure_kind::misuse,
               thread_label(ex->running()) + " calls unlock_shared on " + label(object_) +
                   ", which no thread holds shared",
               where);
    }
    return;
  }
  ex->released(object_);
  if (--readers_ == 0) ex->set_queue_runnable(waiters_, true);
}

bool mutex_core::held_by_running_thread() const noexcept {
  const execution* ex = execution::current();
  return ex != nullptr && object_.live() && owner_ == ex->running();
}

}  // namespace weft::detail
