// What the token fuzzers make of an input, and how they report a broken promise.
//
// The first byte picks the form, modulo 3:
//   0: the rest is token text as a user would paste it;
//   1: the rest is the bytes inside a token, to which the harness adds the checksum and the
//      base64url text (the layout schedule/token.hpp documents), so that mutations reach
//      the fields behind the checksum instead of dying on it;
//   2: the rest is the schedule's fields as fixed-width integers, encoded by weft, so that
//      a value the replay compares with (a sentinel, a range) lands in a field whole
//      instead of having to be found as a varint.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <weft/errors.hpp>

#include "schedule/token.hpp"
#include "token_framing.hpp"

namespace weft_fuzz {

// Prints what went wrong with the token that did it, and aborts: libFuzzer then saves the
// input as a crash to reproduce.
[[noreturn]] inline void broken(const char* what, const std::string& token) {
  std::fprintf(stderr, "weft token fuzzer: %s\n  token: %s\n", what, token.c_str());
  std::abort();
}

using weft_test::token_of_bytes;

// Little-endian integers off the front of the input; zeros once it is used up.
class field_reader {
 public:
  explicit field_reader(std::string_view bytes) : bytes_(bytes) {}
  bool empty() const { return bytes_.empty(); }
  std::uint64_t take(int width) {
    std::uint64_t v = 0;
    for (int i = 0; i < width && !bytes_.empty(); ++i) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_.front())) << (8 * i);
      bytes_.remove_prefix(1);
    }
    return v;
  }

 private:
  std::string_view bytes_;
};

// Form 2: flags, failure kind (a byte each), max_steps, max_cancellations (8 bytes each),
// the choice digest (4), then deviations of a gap byte, a kind byte and an 8-byte value
// while input remains; positions and the choice count are derived so that they are in
// order and in range, which leaves the values and kinds to the fuzzer.
inline std::string token_of_fields(std::string_view bytes) {
  field_reader in(bytes);
  weft::detail::recorded_schedule s;
  s.flags = static_cast<std::uint8_t>(in.take(1));
  s.failure = static_cast<std::uint8_t>(in.take(1));
  s.max_steps = in.take(8);
  s.max_cancellations = in.take(8);
  s.choice_digest = static_cast<std::uint32_t>(in.take(4));
  std::uint64_t position = 0;
  while (!in.empty()) {
    position += in.take(1) % 4 + (s.deviations.empty() ? 0 : 1);
    const auto kind = static_cast<weft::detail::choice_kind>(in.take(1) % 8);
    s.deviations.push_back({position, kind, in.take(8)});
  }
  s.choice_count = position + 1 + (s.max_steps % 8);
  return weft::detail::encode_token(s);
}

// The token an input stands for; `size` must be at least 1.
inline std::string token_of_input(const std::uint8_t* data, std::size_t size) {
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: return std::string(rest);
    case 1: return token_of_bytes(rest);
    default: return token_of_fields(rest);
  }
}

// The decoded schedule, or nothing for a token the decoder rejected with a proper
// replay_error (any other outcome aborts).
inline std::optional<weft::detail::recorded_schedule> decode(const std::string& token) {
  try {
    return weft::detail::decode_token(token);
  } catch (const weft::replay_error& e) {
    if (std::string_view(e.what()).rfind("weft: invalid replay token: ", 0) != 0) {
      broken("a replay_error that does not say what is wrong", token);
    }
    return std::nullopt;
  }
}

}  // namespace weft_fuzz
