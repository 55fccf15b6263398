#include "memory/atomic_memory.hpp"

#include <algorithm>
#include <cstring>

namespace weft::inline sim_v1::detail {

void atomic_memory::reset(memory_mode mode, std::size_t bound) {
  mode_ = mode;
  bound_ = bound;
  for (std::size_t i = 0; i < used_; ++i) histories_[i].clear();
  used_ = 0;
  for (auto& sites : stale_sites_) sites.clear();
  std::fill(last_sc_fence_.begin(), last_sc_fence_.end(), 0);
  fenced_.clear();
  any_fence_ = false;
  sc_count_ = 0;
}

store_history& atomic_memory::touch(std::uint32_t location, const void* current, std::size_t size) {
  if (location >= used_) {
    if (histories_.size() <= location) histories_.resize(location + 1);
    used_ = location + 1;
  }
  store_history& h = histories_[location];
  if (h.empty()) {
    store_record& initial = h.at(h.insert(0, bound_));
    const auto* bytes = static_cast<const unsigned char*>(current);
    initial.value.assign(bytes, bytes + size);
  }
  return h;
}

std::uint64_t atomic_memory::sc_reference(thread_index t, std::memory_order order) {
  if (order == std::memory_order_seq_cst) return ++sc_count_;
  return t < last_sc_fence_.size() ? last_sc_fence_[t] : 0;
}

const vector_clock* atomic_memory::fenced_before(thread_index t, std::memory_order order) const {
  if (!any_fence_) return nullptr;
  if (order == std::memory_order_seq_cst) return &fenced_;
  if (t < last_sc_fence_.size() && last_sc_fence_[t] != 0) return &fenced_at_last_fence_[t];
  return nullptr;
}

std::size_t atomic_memory::floor(const store_history& h, thread_index t, std::uint64_t sc_ref,
                                 const vector_clock* fenced) const {
  if (mode_ != memory_mode::c11) return h.size();
  const vector_clock& now = clocks_.clock(t);
  for (std::size_t i = h.size(); i-- > 0;) {
    const store_record& r = h.at(i);
    if (r.writer == no_thread || r.observed.any_happens_before(now)) return i + 1;
    if (sc_ref != 0 && ((r.sc_index != 0 && r.sc_index < sc_ref) || (r.sc_read != 0 && r.sc_read < sc_ref))) {
      return i + 1;
    }
    if (fenced != nullptr && r.observed.any_happens_before(*fenced)) return i + 1;
  }
  return 0;
}

std::size_t atomic_memory::readable(thread_index t, std::uint32_t location, std::memory_order order,
                                    const void* current, std::size_t size, std::source_location where) {
  const store_history& h = touch(location, current, size);
  pending_sc_ = sc_reference(t, order);
  const std::size_t first = floor(h, t, pending_sc_, fenced_before(t, order));
  pending_floor_ = first == 0 ? 0 : first - 1;
  if (pending_floor_ + 1 < h.size()) {  // an older store is readable: unless this line just read one
    pending_site_ = {location, where.file_name(), where.line(), where.column()};
    if (stale_sites_.size() <= t) stale_sites_.resize(t + 1);
    if (std::erase(stale_sites_[t], pending_site_) > 0) pending_floor_ = h.size() - 1;
  }
  return h.size() - pending_floor_;
}

const store_record& atomic_memory::read(thread_index t, std::uint32_t location, std::memory_order order,
                                        std::size_t choice, void* out) {
  store_history& h = histories_[location];
  store_record& r = h.at(h.size() - 1 - choice);
  if (choice > 0) stale_sites_[t].push_back(pending_site_);
  if (order == std::memory_order_seq_cst && r.sc_read == 0) r.sc_read = pending_sc_;
  std::memcpy(out, r.value.data(), r.value.size());
  r.observed.set_once(t, clocks_.now(t).tick);
  clocks_.take(t, r.released, order);
  return r;
}

std::size_t atomic_memory::placements(thread_index t, std::uint32_t location, std::memory_order order,
                                      const void* current, std::size_t size) {
  const store_history& h = touch(location, current, size);
  pending_sc_ = sc_reference(t, order);
  const std::size_t first = floor(h, t, pending_sc_, fenced_before(t, order));
  places_.clear();
  places_.push_back(h.size());
  // Never between a read-modify-write and the store it read; with a full history, never
  // before the oldest (it would be forgotten at once).
  const std::size_t lowest = std::max<std::size_t>(first, h.size() >= bound_ ? 1 : 0);
  for (std::size_t p = h.size(); p-- > lowest;) {
    if (!h.at(p).read_modify_write) places_.push_back(p);
  }
  return places_.size();
}

bool atomic_memory::write(thread_index t, std::uint32_t location, std::memory_order order, std::size_t choice,
                          const void* value, std::source_location where, std::uint64_t event) {
  store_history& h = histories_[location];
  const std::size_t size = h.at(0).value.size();
  const bool newest = choice == 0;
  store_record& r = h.at(h.insert(places_[choice], bound_));
  r.writer = t;
  r.tick = clocks_.now(t).tick;
  r.sc_index = order == std::memory_order_seq_cst ? pending_sc_ : 0;
  r.released.assign(clocks_.publishes(t, order));
  r.observed.set_once(t, r.tick);
  r.where = where;
  r.event = event;
  const auto* bytes = static_cast<const unsigned char*>(value);
  r.value.assign(bytes, bytes + size);
  clocks_.step(t);
  return newest;
}

void atomic_memory::read_modify_write(thread_index t, std::uint32_t location, std::memory_order order,
                                      const void* current, const void* value, std::size_t size,
                                      std::source_location where, std::uint64_t event) {
  store_history& h = touch(location, current, size);
  const std::uint64_t sc_index = sc_reference(t, order);
  const std::uint32_t tick = clocks_.now(t).tick;
  store_record& read = h.newest();
  read.observed.set_once(t, tick);
  clocks_.take(t, read.released, order);
  // It continues the release sequence it read from, and heads its own if it releases.
  vector_clock sequence = read.released;
  sequence.join(clocks_.publishes(t, order));
  store_record& r = h.at(h.insert(h.size(), bound_));
  r.writer = t;
  r.tick = tick;
  r.sc_index = order == std::memory_order_seq_cst ? sc_index : 0;
  r.read_modify_write = true;
  r.released.assign(sequence);
  r.observed.set_once(t, tick);
  r.where = where;
  r.event = event;
  const auto* bytes = static_cast<const unsigned char*>(value);
  r.value.assign(bytes, bytes + size);
  clocks_.step(t);
}

void atomic_memory::read_newest(thread_index t, std::uint32_t location, std::memory_order order,
                                const void* current, std::size_t size) {
  store_history& h = touch(location, current, size);
  store_record& r = h.newest();
  if (order == std::memory_order_seq_cst) {
    ++sc_count_;
    if (r.sc_read == 0) r.sc_read = sc_count_;
  }
  r.observed.set_once(t, clocks_.now(t).tick);
  clocks_.take(t, r.released, order);
}

void atomic_memory::fence(thread_index t, std::memory_order order) {
  if (order != std::memory_order_seq_cst) {
    clocks_.fence(t, order);
    return;
  }
  clocks_.fence(t, order, &at_fence_);
  if (last_sc_fence_.size() <= t) {
    last_sc_fence_.resize(t + 1, 0);
    fenced_at_last_fence_.resize(t + 1);
  }
  last_sc_fence_[t] = ++sc_count_;
  fenced_.join(at_fence_);
  any_fence_ = true;
  fenced_at_last_fence_[t].assign(fenced_);
}

}  // namespace weft::detail
