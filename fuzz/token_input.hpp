// What the token fuzzers make of an input, and how they report a broken promise.
//
// The first byte picks the form. Even: the rest is token text as a user would paste it.
// Odd: the rest is the bytes inside a token, to which the harness adds the checksum and
// the base64url text (the layout schedule/token.hpp documents), so that mutations reach
// the fields behind the checksum instead of dying on it.
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

namespace weft_fuzz {

// Prints what went wrong with the token that did it, and aborts: libFuzzer then saves the
// input as a crash to reproduce.
[[noreturn]] inline void broken(const char* what, const std::string& token) {
  std::fprintf(stderr, "weft token fuzzer: %s\n  token: %s\n", what, token.c_str());
  std::abort();
}

inline std::string token_of_bytes(std::string_view bytes) {
  std::string all(bytes);
  std::uint32_t h = 2166136261u;  // FNV-1a, as the token's checksum
  for (unsigned char c : bytes) h = (h ^ c) * 16777619u;
  for (int i = 0; i < 4; ++i) all.push_back(static_cast<char>((h >> (8 * i)) & 0xff));
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string text = "W1";
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : all) {
    acc = (acc << 8) | c;
    for (bits += 8; bits >= 6;) text.push_back(alphabet[(acc >> (bits -= 6)) & 63]);
  }
  if (bits > 0) text.push_back(alphabet[(acc << (6 - bits)) & 63]);
  return text;
}

// The token an input stands for; `size` must be at least 1.
inline std::string token_of_input(const std::uint8_t* data, std::size_t size) {
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  return (data[0] & 1) != 0 ? token_of_bytes(rest) : std::string(rest);
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
