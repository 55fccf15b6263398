#include "memory/happens_before.hpp"

namespace weft::inline sim_v1::detail {

namespace {

bool acquires(std::memory_order order) noexcept {
  return order == std::memory_order_acquire || order == std::memory_order_consume ||
         order == std::memory_order_acq_rel || order == std::memory_order_seq_cst;
}

bool releases(std::memory_order order) noexcept {
  return order == std::memory_order_release || order == std::memory_order_acq_rel ||
         order == std::memory_order_seq_cst;
}

}  // namespace

void happens_before::reset() {
  threads_.clear();
  finished_.clear();
  objects_.clear();
}

happens_before::thread_clocks& happens_before::of(thread_index t) {
  if (threads_.size() <= t) threads_.resize(t + 1);
  thread_clocks& clocks = threads_[t];
  if (clocks.clock[t] == 0) clocks.clock.tick(t);  // a thread's first step is 1: 0 is "none"
  return clocks;
}

vector_clock& happens_before::object_clock(std::uint32_t object) {
  if (objects_.size() <= object) objects_.resize(object + 1);
  return objects_[object];
}

void happens_before::thread_started(thread_index child, thread_index parent) {
  if (parent == no_thread) return;
  const vector_clock parents = of(parent).clock;
  of(child).clock.join(parents);
  step(parent);
}

void happens_before::thread_finished(thread_index t) {
  if (finished_.size() <= t) finished_.resize(t + 1);
  finished_[t] = of(t).clock;
}

void happens_before::joined(thread_index joiner, thread_index joined) {
  if (joined < finished_.size()) of(joiner).clock.join(finished_[joined]);
}

void happens_before::synchronize(thread_index t, std::uint32_t object) {
  vector_clock& published = object_clock(object);
  thread_clocks& me = of(t);
  me.clock.join(published);
  published.join(me.clock);
  step(t);
}

void happens_before::release(thread_index t, std::uint32_t object) {
  object_clock(object).join(of(t).clock);
  step(t);
}

void happens_before::atomic_load(thread_index t, std::uint32_t object, std::memory_order order) {
  const vector_clock& published = object_clock(object);
  thread_clocks& me = of(t);
  if (acquires(order)) {
    me.clock.join(published);
  } else {
    me.acquired_relaxed.join(published);
  }
}

void happens_before::atomic_store(thread_index t, std::uint32_t object, std::memory_order order) {
  thread_clocks& me = of(t);
  vector_clock& published = object_clock(object);
  // A store that is not a read-modify-write ends the release sequence before it.
  published = releases(order) ? me.clock : me.released_by_fence;
  step(t);
}

void happens_before::atomic_read_modify_write(thread_index t, std::uint32_t object, std::memory_order order) {
  atomic_load(t, object, order);
  thread_clocks& me = of(t);
  // It continues the release sequence it read from, and heads its own if it releases.
  object_clock(object).join(releases(order) ? me.clock : me.released_by_fence);
  step(t);
}

void happens_before::fence(thread_index t, std::memory_order order) {
  thread_clocks& me = of(t);
  if (acquires(order)) me.clock.join(me.acquired_relaxed);
  if (releases(order)) me.released_by_fence = me.clock;
  step(t);
}

}  // namespace weft::detail
