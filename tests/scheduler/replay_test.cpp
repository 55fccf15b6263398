// A failing schedule replays from its token: same failure, same trace, every time; a
// token that no longer fits the body says so.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

void lost_update(int threads) {
  weft::atomic<int> x{0};
  std::vector<weft::thread> workers;
  for (int i = 0; i < threads; ++i) workers.emplace_back([&] { x.store(x.load() + 1); });
  for (auto& w : workers) w.join();
  WEFT_ASSERT(x.load() == threads, "lost update");
}

void expect_same_trace(const weft::report& a, const weft::report& b) {
  ASSERT_EQ(a.kind(), b.kind());
  EXPECT_EQ(a.message(), b.message());
  ASSERT_EQ(a.trace().size(), b.trace().size());
  for (std::size_t i = 0; i < a.trace().size(); ++i) {
    const auto& x = a.trace()[i];
    const auto& y = b.trace()[i];
    EXPECT_EQ(x.thread, y.thread) << "event " << i;
    EXPECT_EQ(x.operation, y.operation) << "event " << i;
    EXPECT_EQ(x.object, y.object) << "event " << i;
    EXPECT_EQ(x.where.line, y.where.line) << "event " << i;
  }
}

}  // namespace

TEST(Replay, ReproducesTheFailureAndTheTraceForManySeeds) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    for (const char* strategy : {"random", "pct"}) {
      const weft::report found = weft::explore(options_for(2000, strategy, seed), [] { lost_update(3); });
      ASSERT_TRUE(found.failed()) << strategy << " seed " << seed;
      for (int again = 0; again < 2; ++again) {
        const weft::report replayed = weft::replay(found.replay_token(), [] { lost_update(3); });
        expect_same_trace(found, replayed);
      }
    }
  }
}

TEST(Replay, TokenOfATwoThreadBugIsShort) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const weft::report found = weft::explore(options_for(1000, "random", seed), [] { lost_update(2); });
    ASSERT_TRUE(found.failed());
    EXPECT_LT(found.replay_token().size(), 100u) << found.replay_token();
    EXPECT_EQ(found.replay_token().substr(0, 2), "W2");
  }
}

TEST(Replay, TokenAgainstAChangedBodyReportsTheDivergence) {
  const weft::report found = weft::explore(options_for(1000), [] { lost_update(2); });
  ASSERT_TRUE(found.failed());
  const weft::report changed = weft::replay(found.replay_token(), [] { lost_update(3); });
  ASSERT_EQ(changed.kind(), failure_kind::replay_diverged) << changed;
  EXPECT_NE(changed.message().find("changed since the token was recorded"), std::string::npos)
      << changed.message();
  // Its replay line offers the token that diverged: the report says it diverges again.
  std::ostringstream printed;
  printed << changed;
  EXPECT_NE(printed.str().find("it diverges the same way each time; explore again"), std::string::npos)
      << printed.str();

  const weft::report fixed = weft::replay(found.replay_token(), [] {
    weft::atomic<int> x{0};
    weft::thread a([&] { x.fetch_add(1); });
    weft::thread b([&] { x.fetch_add(1); });
    a.join();
    b.join();
    WEFT_ASSERT(x.load() == 2);
  });
  EXPECT_EQ(fixed.kind(), failure_kind::replay_diverged) << fixed;
}

// The body now fails otherwise on the same schedule: the report says how, message included.
TEST(Replay, ATokenWhoseReplayFailsOtherwiseSaysHowItEnded) {
  const weft::report found = weft::explore(options_for(1000), [] { lost_update(2); });
  ASSERT_EQ(found.kind(), failure_kind::assertion) << found;
  const weft::report changed = weft::replay(found.replay_token(), [] {
    weft::atomic<int> x{0};
    std::vector<weft::thread> workers;
    for (int i = 0; i < 2; ++i) workers.emplace_back([&] { x.store(x.load() + 1); });
    for (auto& w : workers) w.join();
    if (x.load() != 2) throw std::runtime_error("an update was lost");
  });
  ASSERT_EQ(changed.kind(), failure_kind::replay_diverged) << changed;
  EXPECT_NE(changed.message().find("the recorded run ended with assertion, but the replay with exception ("),
            std::string::npos)
      << changed.message();
  EXPECT_NE(changed.message().find("an update was lost"), std::string::npos) << changed.message();
}

TEST(Replay, MalformedTokensAreClearErrors) {
  const weft::report found = weft::explore(options_for(1000), [] { lost_update(2); });
  const std::string token = found.replay_token();
  const struct {
    std::string token;
    const char* says;
  } cases[] = {
      {"", "it is empty"},
      {"hello", "does not start with \"W2\""},
      {"W9" + token.substr(2), "format version '9' is not supported"},
      {token.substr(0, 5) + "*" + token.substr(6), "unexpected character '*'"},
      {token.substr(0, token.size() - 3), "checksum"},
      {token.substr(0, 4), "too short"},
      {token.substr(0, 10) + (token[10] == 'A' ? "B" : "A") + token.substr(11), "checksum does not match"},
  };
  for (const auto& c : cases) {
    try {
      weft::replay(c.token, [] { lost_update(2); });
      ADD_FAILURE() << "no error for token \"" << c.token << "\"";
    } catch (const weft::replay_error& e) {
      EXPECT_NE(std::string(e.what()).find(c.says), std::string::npos)
          << "token \"" << c.token << "\": " << e.what();
    }
  }
}
