// Replay tokens: a recorded schedule as a short, shell-safe string.
//
// Layout: "W2" (format version 2), then base64url (no padding) of varints:
//   flags, failure kind, max_steps, max_cancellations, store history bound, choice count,
//   4-byte choice digest, deviation count, then per deviation (gap since previous << 4 |
//   kind) and value, and a 4-byte FNV-1a checksum of everything before it.
// Version 1 ("W1", still read) had no store history bound (8) and 3 bits of kind.
// Only strategy-independent facts are stored (thread indices, answers), so any
// strategy's schedule replays without knowing the strategy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schedule/choice_log.hpp"

namespace weft::inline sim_v1::detail {

struct recorded_schedule {
  enum flag : std::uint8_t {
    spurious_wakeups = 1,
    early_timeouts = 2,
    check_lock_across_blocking = 4,
    cancel_jthreads = 8,
    buggify = 16,
    sc_memory = 32,  // every atomic load read the latest store (memory_model::sc)
    cancel_tasks = 64,
    // Inverted, so that tokens of bodies with the check at its default stay as they were.
    lock_across_await_unchecked = 128,
  };
  std::uint8_t flags = 0;
  std::uint8_t failure = 0;  // the weft::failure_kind the schedule produced
  std::uint64_t max_steps = 0;
  std::uint64_t max_cancellations = 0;
  std::uint64_t store_history = 8;
  std::uint64_t choice_count = 0;
  std::uint32_t choice_digest = 0;
  std::vector<deviation> deviations;
};

std::string encode_token(const recorded_schedule& schedule);

// The same token written into `out` without allocating (async-signal-safe, for crash
// reports): `deviations` points at `count` entries. Returns the length written, or 0
// if it does not fit in `capacity`.
std::size_t encode_token_into(const recorded_schedule& header, const deviation* deviations, std::size_t count,
                              char* out, std::size_t capacity) noexcept;
// Throws weft::replay_error saying what is wrong: not a token, unknown version, bad
// character, truncated, a checksum mismatch, or content weft never writes (unknown flags,
// failure or choice kinds, deviations out of order or past the last choice, a deviation
// answering no_choice). Any token it returns replays to a report with a message.
recorded_schedule decode_token(std::string_view token);

}  // namespace weft::detail
