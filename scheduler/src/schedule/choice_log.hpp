// The record of every choice an execution made, kept compact enough for the hot path.
//
// Only choices that differ from the non-preemptive default (keep running the current
// thread; "no" to spurious wakeups; the first waiter) are stored, so a schedule that
// preempts twice stores about two entries however long it runs. A running hash of each
// choice's kind and range lets a replay notice that the body now asks different
// questions even where it happens to take only defaults.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace weft::inline sim_v1::detail {

// What a choice was about; part of the token, so values are stable across versions.
enum class choice_kind : std::uint8_t {
  thread = 0,           // which runnable thread runs next (value: thread index)
  spurious_wakeup = 1,  // value 1: wake a waiter without a notify
  notify_target = 2,    // value: which waiter a notify_one wakes
  early_timeout = 3,    // value k > 0: fire the k-th pending timeout now
  random_seed = 4,      // value: the seed of weft::random()'s stream
  buggify_site = 5,     // value 0: the buggify call site is enabled for this execution
  buggify = 6,          // value: compared with the call's probability
  cancel = 7,           // value k > 0: request_stop() on the k-th cancellable source
  reads_from = 8,       // value k > 0: an atomic load reads the k-th newest store it may
  store_order = 9,      // value k > 0: a store goes k places before the newest
  spurious_failure = 10,  // value 1: a compare_exchange_weak fails though it found the expected value
};
// Bits a token gives a deviation's kind (version 2; version 1 had 3).
inline constexpr unsigned choice_kind_bits = 4;

// The answer meaning "no answer": every choice's range is below 2^64 - 1, so no real
// answer equals it, and a token that records it is rejected when decoded.
inline constexpr std::uint64_t no_choice = ~std::uint64_t{0};

struct deviation {
  std::uint64_t position;  // index of the choice in the execution, from 0
  choice_kind kind;
  std::uint64_t value;
};

class choice_log {
 public:
  choice_log() : deviations_(std::make_unique<deviation[]>(initial_room)), room_(initial_room) {}

  void clear() noexcept {
    count_ = 0;
    hash_ = hash_seed;
    schedule_hash_ = hash_seed;
    deviation_count_ = 0;
  }

  // Inlined into every scheduling point: a call costs a third of what it does. Without
  // a branch on whether the choice deviates, which a random walk's choices make in no
  // order the processor could learn: the entry is written either way (there is always
  // room for one more) and counted only if it deviates.
  [[gnu::always_inline]] void record(choice_kind kind, std::uint64_t range, std::uint64_t value,
                                     std::uint64_t fallback) {
    // The digest of tokens written before kinds needed a fourth bit, unchanged for their kinds.
    const auto k = static_cast<std::uint64_t>(kind);
    hash_ = (hash_ ^ (range << 3 | (k & 7)) ^ (k >> 3) * 0x9e3779b97f4a7c15ULL) * hash_prime;
    const bool deviates = value != fallback;
    deviations_[deviation_count_] = {count_, kind, value};
    deviation_count_ += deviates ? 1 : 0;
    const std::uint64_t with_it = (schedule_hash_ ^ (count_ * 0x9e3779b97f4a7c15ULL) ^ value) * hash_prime;
    schedule_hash_ ^= (with_it ^ schedule_hash_) & (0 - static_cast<std::uint64_t>(deviates));
    if (deviation_count_ == room_) [[unlikely]] grow();
    ++count_;
  }

  std::uint64_t count() const noexcept { return count_; }
  // The 32-bit digest of every choice's kind and range, as a token stores it.
  std::uint32_t digest() const noexcept { return static_cast<std::uint32_t>(hash_ ^ (hash_ >> 32)); }
  std::span<const deviation> deviations() const noexcept { return {deviations_.get(), deviation_count_}; }
  // Identifies the schedule: equal for executions that made the same choices.
  std::uint64_t schedule_hash() const noexcept { return schedule_hash_ ^ (hash_ * 31) ^ count_; }

 private:
  static constexpr std::uint64_t hash_seed = 0xcbf29ce484222325ULL;  // FNV-1a 64
  static constexpr std::uint64_t hash_prime = 0x100000001b3ULL;
  static constexpr std::size_t initial_room = 64;
  // Doubles the room. Out of line and cold: inlined, its call made every record() save
  // and restore registers.
  [[gnu::noinline, gnu::cold]] void grow() {
    auto larger = std::make_unique<deviation[]>(2 * room_);
    std::copy_n(deviations_.get(), deviation_count_, larger.get());
    deviations_ = std::move(larger);
    room_ *= 2;
  }
  std::uint64_t count_ = 0;
  std::uint64_t hash_ = hash_seed;
  std::uint64_t schedule_hash_ = hash_seed;
  // deviation_count_ entries, and room_ > deviation_count_ (record writes one past them).
  std::unique_ptr<deviation[]> deviations_;
  std::size_t deviation_count_ = 0;
  std::size_t room_ = 0;
};

}  // namespace weft::detail
