// Decoding replay tokens: content that weft never writes is a clear replay_error, and no
// token that decodes replays to a failure without a message.
//
// The tokens are built here byte by byte (the codec is internal to the scheduler), with
// the layouts schedule/token.hpp documents: "W1" or "W2", then base64url of varint fields
// and a FNV-1a checksum. Most are version 1 tokens, which weft still reads.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include <weft/weft.hpp>

#include "support.hpp"
#include "token_framing.hpp"

using weft::failure_kind;

namespace {

class token_builder {
 public:
  token_builder& varint(std::uint64_t v) {
    for (; v >= 0x80; v >>= 7) bytes_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    bytes_.push_back(static_cast<char>(v));
    return *this;
  }
  token_builder& u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return *this;
  }
  // The header up to the deviation count: flags, a failure kind, the default max_steps
  // and max_cancellations, a choice count, and a digest of the choices' kinds (0: these
  // tokens are rejected or diverge before it is compared).
  token_builder& header(std::uint64_t flags, failure_kind failure, std::uint64_t choices) {
    return varint(flags).varint(static_cast<std::uint64_t>(failure)).varint(100000).varint(1).varint(choices).u32(0);
  }
  // Version 2's header adds the store history bound after max_cancellations.
  token_builder& header_v2(std::uint64_t flags, failure_kind failure, std::uint64_t choices,
                           std::uint64_t store_history) {
    return varint(flags)
        .varint(static_cast<std::uint64_t>(failure))
        .varint(100000)
        .varint(1)
        .varint(store_history)
        .varint(choices)
        .u32(0);
  }
  // The token: the bytes and their checksum, in base64url after "W1" (or `version`).
  std::string token(std::string_view version = "W1") const { return weft_test::token_of_bytes(bytes_, version); }


 private:
  std::string bytes_;
};

constexpr std::uint64_t default_flags = 1 | 2 | 16;  // spurious wakeups, early timeouts, buggify
constexpr std::uint64_t no_choice = ~std::uint64_t{0};

// The replay_error `token` gets against the lost update; a test failure if none.
std::string replay_error_of(const std::string& token) {
  try {
    const weft::report r = weft::replay(token, weft_test::lost_update);
    ADD_FAILURE() << "token " << token << " replayed as " << weft::to_string(r.kind()) << " with message \""
                  << r.message() << "\"";
  } catch (const weft::replay_error& e) {
    return e.what();
  }
  return {};
}

// Nine deviations, each the largest gap a version 1 token can store after the one before,
// among 2^64-1 choices: the ninth would lie past 2^64 and wrap around to an early
// position. Rejected for its choice count: no execution makes 2^60 choices, and below
// that neither version's gaps can wrap (nor version 2's re-encoding overflow).
std::string wrapping_positions() {
  token_builder b;
  b.header(default_flags, failure_kind::assertion, no_choice).varint(9);
  for (int i = 0; i < 9; ++i) b.varint(~std::uint64_t{0} << 3).varint(1);
  return b.token();
}

}  // namespace

// 2^64-1 is the strategies' "no answer": replayed as the first thread choice, it failed
// the execution with the divergence message of a strategy that had not diverged, which
// was empty, and a token that recorded that kind of failure showed the empty message.
TEST(Token, ADeviationAnsweringTheNoChoiceSentinelIsRejected) {
  for (const failure_kind recorded : {failure_kind::replay_diverged, failure_kind::assertion}) {
    for (std::uint64_t kind = 0; kind < 8; ++kind) {
      const std::string token =
          token_builder().header(default_flags, recorded, 20).varint(1).varint(kind).varint(no_choice).token();
      const std::string error = replay_error_of(token);
      EXPECT_NE(error.find("deviation 1 answers 18446744073709551615, a value no choice can take"),
                std::string::npos)
          << "kind " << kind << ": " << error;
    }
  }
  // The largest value that is not the sentinel is an answer to no choice either: the
  // replay says so.
  for (std::uint64_t kind = 0; kind < 8; ++kind) {
    const std::string token = token_builder()
                                  .header(default_flags, failure_kind::replay_diverged, 20)
                                  .varint(1)
                                  .varint(kind)
                                  .varint(no_choice - 1)
                                  .token();
    const weft::report r = weft::replay(token, weft_test::lost_update);
    EXPECT_EQ(r.kind(), failure_kind::replay_diverged) << "kind " << kind << "\n" << r;
    EXPECT_FALSE(r.message().empty()) << "kind " << kind;
  }
}

TEST(Token, ContentWeftNeverWritesIsRejected) {
  const struct {
    std::string token;
    const char* says;
  } cases[] = {
      {token_builder().header(64, failure_kind::none, 0).varint(0).token(), "flags this weft does not know"},
      {token_builder().header(default_flags, static_cast<failure_kind>(200), 0).varint(0).token(),
       "a kind of failure this weft does not know"},
      {token_builder().header(default_flags, failure_kind::assertion, 20).varint(2).varint(3 << 3).varint(1)
           .varint(0).varint(1).token(),
       "deviation 2 is at the same choice as the one before"},
      {wrapping_positions(), "choices, more than an execution can make"},
      {token_builder().header(default_flags, failure_kind::assertion, 2).varint(3).token(),
       "more deviations than choices"},
  };
  for (const auto& c : cases) {
    const std::string error = replay_error_of(c.token);
    EXPECT_NE(error.find(c.says), std::string::npos) << c.token << ": " << error;
  }
}

// A character no token holds is quoted if printable and given by value if not: a NUL in
// the quote ended the message there ("unexpected character '").
TEST(Token, AnUnprintableCharacterIsNamedByItsValue) {
  const weft::report found = weft::explore(weft_test::options_for(1000), weft_test::lost_update);
  ASSERT_TRUE(found.failed());
  std::string token = found.replay_token();
  token[5] = '\0';
  const std::string error = replay_error_of(token);
  EXPECT_NE(error.find("unexpected character byte 0x00 at position 6"), std::string::npos) << error;
  token[5] = '!';
  EXPECT_NE(replay_error_of(token).find("unexpected character '!' at position 6"), std::string::npos);
}

// The last character's bits past the final byte are zero in every token weft writes; one
// changed only there passed the checksum and replayed as if intact.
TEST(Token, ALastCharacterWeftNeverWritesIsRejected) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 8 && checked == 0; ++seed) {
    const weft::report found = weft::explore(weft_test::options_for(1000, "random", seed), weft_test::lost_update);
    ASSERT_TRUE(found.failed());
    std::string token = found.replay_token();
    const std::size_t text = token.size() - 2;  // after "W2"
    if (text * 6 % 8 == 0) continue;             // no spare bits in its last character
    token.back() = alphabet[alphabet.find(token.back()) ^ 1];
    const std::string error = replay_error_of(token);
    EXPECT_NE(error.find("its last character is not one weft writes"), std::string::npos) << token << ": " << error;
    ++checked;
  }
  EXPECT_EQ(checked, 1) << "no token with spare bits in eight seeds";
}

TEST(Token, VersionTwoHasFourBitsOfKindAndTheStoreHistoryBound) {
  // A reads-from choice (kind 8) where the body asks which thread runs next: a replay
  // that names both questions.
  const std::string reads_from =
      token_builder().header_v2(default_flags, failure_kind::assertion, 20, 8).varint(1).varint(8).varint(1).token("W2");
  const weft::report r = weft::replay(reads_from, weft_test::lost_update);
  EXPECT_EQ(r.kind(), failure_kind::replay_diverged) << r;
  EXPECT_NE(r.message().find("which store an atomic load reads"), std::string::npos) << r;

  const struct {
    std::string token;
    const char* says;
  } cases[] = {
      {token_builder().header_v2(default_flags, failure_kind::assertion, 20, 0).varint(0).token("W2"),
       "store history bound, 0, is not from 1 to 64"},
      {token_builder().header_v2(default_flags, failure_kind::assertion, 20, 65).varint(0).token("W2"),
       "store history bound, 65, is not from 1 to 64"},
      {token_builder().header_v2(256, failure_kind::none, 0, 8).varint(0).token("W2"), "flags this weft does not know"},
      {token_builder().header_v2(default_flags, failure_kind::assertion, 20, 8).varint(1).varint(11).varint(1)
           .token("W2"),
       "a kind of choice this weft does not know"},
      // Version 1 knew none of the memory model's flags.
      {token_builder().header(64, failure_kind::none, 0).varint(0).token(), "flags this weft does not know"},
      {"W3AAAA", "format version '3' is not supported by this weft (it reads versions 1 and 2)"},
  };
  for (const auto& c : cases) {
    const std::string error = replay_error_of(c.token);
    EXPECT_NE(error.find(c.says), std::string::npos) << c.token << ": " << error;
  }
}
