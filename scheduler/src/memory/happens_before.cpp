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
  for (std::size_t t = 0; t < threads_used_; ++t) {
    threads_[t].clock.clear();
    threads_[t].released_by_fence.clear();
    threads_[t].acquired_relaxed.clear();
    finished_[t].clear();
  }
  for (std::size_t o = 0; o < objects_used_; ++o) {
    objects_[o].clear();
    released_to_writers_[o].clear();
  }
  threads_used_ = 0;
  objects_used_ = 0;
}

void happens_before::grow_threads(std::size_t count) {
  if (threads_.size() < count) {
    threads_.resize(count);
    finished_.resize(count);
  }
  // A thread's first step is 1: 0 means "nothing of it".
  for (std::size_t t = threads_used_; t < count; ++t) threads_[t].clock.tick(static_cast<thread_index>(t));
  threads_used_ = count;
}

void happens_before::grow_objects(std::size_t count) {
  if (objects_.size() < count) {
    objects_.resize(count);
    released_to_writers_.resize(count);
  }
  objects_used_ = count;
}

void happens_before::thread_started(thread_index child, thread_index parent) {
  thread_clocks& started = of(child);
  if (parent == no_thread) return;
  started.clock.join(of(parent).clock);  // of(child) made room for both
  step(parent);
}

void happens_before::thread_finished(thread_index t) {
  const vector_clock& final_clock = of(t).clock;  // first: of() may grow finished_
  finished_[t].assign(final_clock);
}

void happens_before::joined(thread_index joiner, thread_index joined) {
  if (joined < threads_used_) of(joiner).clock.join(finished_[joined]);
}

void happens_before::synchronize(thread_index t, std::uint32_t object) {
  vector_clock& published = object_clock(object);
  thread_clocks& me = of(t);
  me.clock.join(published);
  published.join(me.clock);
  step(t);
}

void happens_before::release_into(thread_index t, vector_clock& given) {
  given.join(of(t).clock);
  step(t);
}

void happens_before::release_to_writers(thread_index t, std::uint32_t object) {
  object_clock(object);  // makes room
  released_to_writers_[object].join(of(t).clock);
  step(t);
}

void happens_before::acquire_from_receivers(thread_index t, std::uint32_t object) {
  object_clock(object);  // makes room
  of(t).clock.join(released_to_writers_[object]);
}

void happens_before::acquire_exclusive(thread_index t, std::uint32_t object) {
  vector_clock& mine = of(t).clock;
  mine.join(object_clock(object));
  mine.join(released_to_writers_[object]);
}

void happens_before::take(thread_index t, const vector_clock& released, std::memory_order order) {
  thread_clocks& me = of(t);
  if (acquires(order)) {
    me.clock.join(released);
  } else {
    me.acquired_relaxed.join(released);
  }
}

const vector_clock& happens_before::publishes(thread_index t, std::memory_order order) {
  thread_clocks& me = of(t);
  return releases(order) ? me.clock : me.released_by_fence;
}

void happens_before::fence(thread_index t, std::memory_order order, vector_clock* at_fence) {
  thread_clocks& me = of(t);
  if (acquires(order)) me.clock.join(me.acquired_relaxed);
  if (releases(order)) me.released_by_fence = me.clock;
  if (at_fence != nullptr) at_fence->assign(me.clock);
  step(t);
}

}  // namespace weft::detail
