#include "schedule/token.hpp"
#include "memory/store_history.hpp"

#include <weft/errors.hpp>
#include <weft/report.hpp>

namespace weft::inline sim_v1::detail {

namespace {

constexpr std::string_view prefix = "W2";
constexpr std::string_view version_1_prefix = "W1";
constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint64_t max_choice_kind = static_cast<std::uint64_t>(choice_kind::spurious_failure);
constexpr std::uint64_t version_1_flags = recorded_schedule::spurious_wakeups | recorded_schedule::early_timeouts |
                                          recorded_schedule::check_lock_across_blocking |
                                          recorded_schedule::cancel_jthreads | recorded_schedule::buggify;
constexpr std::uint64_t all_flags =
    version_1_flags | recorded_schedule::sc_memory | recorded_schedule::cancel_tasks |
    recorded_schedule::lock_across_await_unchecked;
// What version 1 tokens could not say.
constexpr unsigned version_1_kind_bits = 3;
constexpr std::uint64_t version_1_store_history = 8;
constexpr std::uint64_t max_choice_count = std::uint64_t{1} << (64 - choice_kind_bits);

std::uint32_t fnv1a(const std::string& bytes) noexcept {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : bytes) h = (h ^ c) * 16777619u;
  return h;
}

// Streams bytes into base64url text, keeping the checksum as it goes. Allocates nothing.
class token_writer {
 public:
  token_writer(char* out, std::size_t capacity) noexcept : out_(out), capacity_(capacity) {
    for (char c : prefix) put_char(c);
  }

  void put_byte(unsigned char b) noexcept {
    checksum_ = (checksum_ ^ b) * 16777619u;
    acc_ = (acc_ << 8) | b;
    bits_ += 8;
    while (bits_ >= 6) {
      bits_ -= 6;
      put_char(alphabet[(acc_ >> bits_) & 63]);
    }
  }
  void put_varint(std::uint64_t v) noexcept {
    while (v >= 0x80) {
      put_byte(static_cast<unsigned char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    put_byte(static_cast<unsigned char>(v));
  }
  void put_u32(std::uint32_t v) noexcept {
    for (int i = 0; i < 4; ++i) put_byte(static_cast<unsigned char>((v >> (8 * i)) & 0xff));
  }
  // Appends the checksum of everything so far and flushes; returns the length or 0.
  std::size_t finish() noexcept {
    put_u32(checksum_);
    if (bits_ > 0) put_char(alphabet[(acc_ << (6 - bits_)) & 63]);
    return overflow_ ? 0 : length_;
  }

 private:
  void put_char(char c) noexcept {
    if (length_ < capacity_) {
      out_[length_++] = c;
    } else {
      overflow_ = true;
    }
  }

  char* out_;
  std::size_t capacity_;
  std::size_t length_ = 0;
  bool overflow_ = false;
  std::uint32_t acc_ = 0;
  int bits_ = 0;
  std::uint32_t checksum_ = 2166136261u;
};

int sextet(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

[[noreturn]] void bad(const std::string& what) {
  throw replay_error("weft: invalid replay token: " + what);
}

// 'c' for a printable character; a byte that is not (a NUL ended the message that
// quoted it, a control character garbles a terminal) by its value: byte 0x00.
std::string quoted_character(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
  constexpr char digits[] = "0123456789abcdef";
  return std::string("byte 0x") + digits[byte >> 4] + digits[byte & 15];
}

std::string from_base64url(std::string_view text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int v = sextet(text[i]);
    if (v < 0) {
      bad("unexpected character " + quoted_character(text[i]) + " at position " +
          std::to_string(i + prefix.size() + 1) + " (a token uses only A-Z a-z 0-9 - _)");
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // The last character's bits past the final byte are zero in every token weft writes: a
  // changed last character that only touched them would otherwise pass the checksum.
  if (bits == 6 || (acc & ((1u << bits) - 1)) != 0) {
    bad("its last character is not one weft writes (the token was cut short or changed at its end)");
  }
  return out;
}

class reader {
 public:
  explicit reader(std::string_view bytes) : bytes_(bytes) {}

  std::uint64_t varint(const char* field) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) truncated(field);
      const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    bad(std::string("the ") + field + " field is corrupt");
  }

  std::uint32_t u32(const char* field) {
    if (bytes_.size() - pos_ < 4) truncated(field);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes_[pos_++])) << (8 * i);
    return v;
  }

 private:
  [[noreturn]] static void truncated(const char* field) {
    bad(std::string("it ends inside the ") + field + " field; was it cut off when copied?");
  }
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

std::size_t encode_token_into(const recorded_schedule& header, const deviation* deviations, std::size_t count,
                              char* out, std::size_t capacity) noexcept {
  token_writer w(out, capacity);
  w.put_varint(header.flags);
  w.put_varint(header.failure);
  w.put_varint(header.max_steps);
  w.put_varint(header.max_cancellations);
  w.put_varint(header.store_history);
  w.put_varint(header.choice_count);
  w.put_u32(header.choice_digest);
  w.put_varint(count);
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const deviation& d = deviations[i];
    w.put_varint((d.position - previous) << choice_kind_bits | static_cast<std::uint64_t>(d.kind));
    w.put_varint(d.value);
    previous = d.position;
  }
  return w.finish();
}

std::string encode_token(const recorded_schedule& schedule) {
  // Each deviation takes at most 20 bytes, the rest at most 50: 4/3 characters a byte.
  std::string token(prefix.size() + (50 + 20 * schedule.deviations.size()) * 4 / 3 + 8, '\0');
  token.resize(encode_token_into(schedule, schedule.deviations.data(), schedule.deviations.size(), token.data(),
                                 token.size()));
  return token;
}

recorded_schedule decode_token(std::string_view token) {
  if (token.empty()) bad("it is empty");
  if (token.size() < prefix.size() || token[0] != 'W') {
    bad("it does not start with \"" + std::string(prefix) + "\"; copy the whole token from the report");
  }
  const bool version_1 = token.substr(0, version_1_prefix.size()) == version_1_prefix;
  if (!version_1 && token.substr(0, prefix.size()) != prefix) {
    bad("format version '" + std::string(token.substr(1, 1)) +
        "' is not supported by this weft (it reads versions 1 and 2)");
  }
  const unsigned kind_bits = version_1 ? version_1_kind_bits : choice_kind_bits;
  const std::string bytes = from_base64url(token.substr(prefix.size()));
  if (bytes.size() < 4) bad("it is too short to hold a schedule; was it cut off when copied?");
  const std::string body = bytes.substr(0, bytes.size() - 4);
  reader check(std::string_view(bytes).substr(bytes.size() - 4));
  if (check.u32("checksum") != fnv1a(body)) {
    bad("its checksum does not match: a character was changed or the token was cut off");
  }

  reader in(body);
  recorded_schedule s;
  const std::uint64_t flags = in.varint("flags");
  if ((flags & ~(version_1 ? version_1_flags : all_flags)) != 0) bad("it sets flags this weft does not know");
  s.flags = static_cast<std::uint8_t>(flags);
  const std::uint64_t failure = in.varint("failure kind");
  if (failure > static_cast<std::uint64_t>(failure_kind::lock_across_await)) {
    bad("it records a kind of failure this weft does not know");
  }
  s.failure = static_cast<std::uint8_t>(failure);
  s.max_steps = in.varint("max steps");
  s.max_cancellations = in.varint("max cancellations");
  s.store_history = version_1 ? version_1_store_history : in.varint("store history");
  if (s.store_history == 0 || s.store_history > max_store_history) {
    bad("its store history bound, " + std::to_string(s.store_history) + ", is not from 1 to " +
        std::to_string(max_store_history));
  }
  s.choice_count = in.varint("choice count");
  // Every deviation's gap, shifted past its kind, must fit 64 bits when encoded again.
  if (s.choice_count > max_choice_count) {
    bad("it records " + std::to_string(s.choice_count) + " choices, more than an execution can make (" +
        std::to_string(max_choice_count) + ")");
  }
  s.choice_digest = in.u32("choice digest");
  const std::uint64_t n = in.varint("deviation count");
  if (n > s.choice_count) bad("it lists more deviations than choices");
  std::uint64_t position = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t head = in.varint("deviation");
    const std::uint64_t kind = head & ((1u << kind_bits) - 1);
    if (kind > max_choice_kind) bad("it records a kind of choice this weft does not know");
    const std::uint64_t gap = head >> kind_bits;
    // Deviations are stored in order, each after the previous one.
    if (i > 0 && gap == 0) bad("deviation " + std::to_string(i + 1) + " is at the same choice as the one before");
    if (gap >= s.choice_count - position) bad("a deviation lies past the last choice");
    position += gap;
    const std::uint64_t value = in.varint("deviation value");
    if (value == no_choice) {
      bad("deviation " + std::to_string(i + 1) + " answers " + std::to_string(value) +
          ", a value no choice can take (weft never writes it; was the token edited?)");
    }
    s.deviations.push_back({position, static_cast<choice_kind>(kind), value});
  }
  return s;
}

}  // namespace weft::detail
