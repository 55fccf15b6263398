// weft::channel in the simulated build.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

using namespace std::chrono_literals;
using weft::channel_status;
using weft::failure_kind;
using weft_test::options_for;

TEST(Channel, CapacityBelowOneIsAClearError) {
  for (std::ptrdiff_t bad : {0, -1}) {
    try {
      weft::channel<int> c(bad);
      ADD_FAILURE() << "capacity " << bad << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("capacity must be at least 1"), std::string::npos) << e.what();
    }
  }
}

TEST(Channel, CloseDrainsThenEndsAndSendingAfterwardsThrows) {
  const weft::report r = weft::explore(options_for(200), [] {
    weft::channel<std::unique_ptr<int>> c(2);
    c.send(std::make_unique<int>(1));
    c.send(std::make_unique<int>(2));
    WEFT_ASSERT(c.size() == 2 && c.capacity() == 2);
    auto full = c.try_send(std::make_unique<int>(3));
    WEFT_ASSERT(full.status == channel_status::full && full.unsent && **full.unsent == 3, "lost the unsent item");
    c.close();
    WEFT_ASSERT(c.is_closed());
    bool threw = false;
    try {
      c.send(std::make_unique<int>(4));
    } catch (const weft::channel_closed&) {
      threw = true;
    }
    WEFT_ASSERT(threw, "send on a closed channel did not throw");
    WEFT_ASSERT(**c.recv() == 1 && **c.recv() == 2, "items sent before close were not delivered");
    WEFT_ASSERT(!c.recv().has_value());
    WEFT_ASSERT(c.try_recv().status == channel_status::closed);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Channel, TimedAndStoppableOperationsReturnWhyAndKeepTheItem) {
  weft::options opt = options_for(100);
  opt.early_timeouts = false;
  const weft::report r = weft::explore(opt, [] {
    weft::channel<std::unique_ptr<int>> c(1);
    WEFT_ASSERT(c.recv_for(2s).status == channel_status::timed_out);
    WEFT_ASSERT(weft::steady_clock::now().time_since_epoch() == 2s);
    c.send(std::make_unique<int>(7));
    auto late = c.send_until(std::make_unique<int>(8), weft::steady_clock::now() + 1s);
    WEFT_ASSERT(late.status == channel_status::timed_out && **late.unsent == 8);

    std::stop_source stop;
    weft::thread stopper([&] { stop.request_stop(); });
    auto stopped = c.send(std::make_unique<int>(9), stop.get_token());
    WEFT_ASSERT(stopped.status == channel_status::stopped && **stopped.unsent == 9);
    stopper.join();
    auto got = c.recv(stop.get_token());
    WEFT_ASSERT(got.status == channel_status::ok && **got == 7, "an item already there is delivered despite the stop");
    WEFT_ASSERT(c.recv(stop.get_token()).status == channel_status::stopped);
  });
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Channel, CloseWakesEveryBlockedSenderAndReceiver) {
  const weft::report r = weft::explore(options_for(300), [] {
    weft::channel<int> full(1);
    weft::channel<int> empty(1);
    full.send(0);
    weft::atomic<int> woken{0};
    weft::thread sender([&] {
      try {
        full.send(1);
      } catch (const weft::channel_closed&) {
        woken.fetch_add(1);
      }
    });
    weft::thread receiver([&] {
      if (!empty.recv()) woken.fetch_add(1);
    });
    full.close();
    empty.close();
    sender.join();
    receiver.join();
    WEFT_ASSERT(woken.load() == 2);
  });
  EXPECT_FALSE(r.failed()) << r;
}

namespace {

unsigned producer_send_line = 0;

// Three stages over bounded channels. The buggy middle stage stops reading after three
// items, so the producer blocks forever on a full channel.
void pipeline(bool fixed) {
  weft::channel<int> raw(2);
  weft::channel<int> doubled(2);
  weft::thread producer([&] {
    producer_send_line = __LINE__ + 1;
    for (int i = 0; i < 8; ++i) raw.send(i);
    raw.close();
  });
  weft::thread middle([&] {
    int handled = 0;
    while (auto item = raw.recv()) {
      doubled.send(*item * 2);
      if (!fixed && ++handled == 3) break;
    }
    doubled.close();
  });
  int sum = 0;
  while (auto item = doubled.recv()) sum += *item;
  producer.join();
  middle.join();
  WEFT_ASSERT(sum == 56);
}

}  // namespace

TEST(Channel, AStageThatStopsReadingDeadlocksTheProducerOnTheFullChannel) {
  const weft::report buggy = weft::explore(options_for(500), [] { pipeline(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::deadlock) << buggy;
  bool producer_on_full = false;
  for (const auto& t : buggy.threads()) {
    producer_on_full |= t.state == "blocked" && t.operation == "send on full" && t.where.line == producer_send_line;
  }
  EXPECT_TRUE(producer_on_full) << buggy;
  EXPECT_FALSE(weft::explore(options_for(500), [] { pipeline(true); }).failed());
}

// is_closed() and size() read what other threads' operations change: scheduling points
// dfs sees. They were not: dfs took the read for independent of the close, ran one
// schedule and called the search complete.
TEST(Channel, ReadingWhetherItIsClosedIsAPointDfsOrders) {
  const auto body = [] {
    weft::channel<int> ch(2);
    weft::atomic<int> mine{0};
    weft::atomic<int> theirs{0};
    weft::thread reader([&] {
      mine.store(1);
      WEFT_ASSERT(ch.is_closed(), "the reader saw the channel open");
    });
    theirs.store(1);
    ch.close();
    reader.join();
  };
  const weft::report found = weft::explore(options_for(0, "dfs"), body);
  EXPECT_EQ(found.kind(), failure_kind::assertion) << found;
  EXPECT_NE(found.message().find("the reader saw the channel open"), std::string::npos) << found;
}

TEST(Channel, ReadingItsSizeIsAPointDfsOrders) {
  const auto body = [] {
    weft::channel<int> ch(2);
    weft::atomic<int> mine{0};
    weft::atomic<int> theirs{0};
    weft::thread reader([&] {
      mine.store(1);
      WEFT_ASSERT(ch.size() == 1, "the reader saw no item");
    });
    theirs.store(1);
    ch.send(7);
    reader.join();
  };
  const weft::report found = weft::explore(options_for(0, "dfs"), body);
  EXPECT_EQ(found.kind(), failure_kind::assertion) << found;
  EXPECT_NE(found.message().find("the reader saw no item"), std::string::npos) << found;
}

TEST(Channel, NoItemIsLostOrDuplicatedAcrossSeedsAndStrategies) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const weft::report r = weft::explore(options_for(100, seed % 2 ? "random" : "pct", seed), [] {
      constexpr int producers = 3;
      constexpr int consumers = 2;
      constexpr int per_producer = 4;
      weft::channel<int> c(2);
      weft::atomic<int> producers_left{producers};
      std::vector<int> seen(producers * per_producer, 0);
      std::vector<weft::thread> threads;
      for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&, p] {
          for (int i = 0; i < per_producer; ++i) c.send(p * per_producer + i);
          if (producers_left.fetch_sub(1) == 1) c.close();
        });
      }
      for (int k = 0; k < consumers; ++k) {
        threads.emplace_back([&] {
          while (auto item = c.recv()) ++seen[static_cast<std::size_t>(*item)];
        });
      }
      for (auto& t : threads) t.join();
      for (int count : seen) WEFT_ASSERT(count == 1, "an item was lost or delivered twice");
    });
    ASSERT_FALSE(r.failed()) << "seed " << seed << "\n" << r;
  }
}
