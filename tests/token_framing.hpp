// The outer layer of a replay token, written independently of weft's encoder (schedule/
// token.cpp) so that tests and fuzzers can hand the decoder bytes behind a valid
// checksum: the bytes, their FNV-1a checksum (4 bytes, little-endian), in base64url
// after the version ("W1" or "W2").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace weft_test {

inline std::string token_of_bytes(std::string_view bytes, std::string_view version = "W1") {
  std::string all(bytes);
  std::uint32_t h = 2166136261u;
  for (unsigned char c : bytes) h = (h ^ c) * 16777619u;
  for (int i = 0; i < 4; ++i) all.push_back(static_cast<char>((h >> (8 * i)) & 0xff));
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string text(version);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : all) {
    acc = (acc << 8) | c;
    for (bits += 8; bits >= 6;) text.push_back(alphabet[(acc >> (bits -= 6)) & 63]);
  }
  if (bits > 0) text.push_back(alphabet[(acc << (6 - bits)) & 63]);
  return text;
}

}  // namespace weft_test
