// The linearizability checker on hand-written histories from the literature.
#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <vector>

#include <weft/properties/linearizability.hpp>

namespace {

// A register: write(v) returns nothing, read returns the value.
struct register_op {
  bool write;
  int value;  // written, or read
};

bool check_register(const std::vector<register_op>& ops, const std::vector<weft::lin::interval>& when) {
  return weft::lin::check(0, when, [&](int& reg, std::size_t i) {
           if (ops[i].write) {
             reg = ops[i].value;
             return true;
           }
           return reg == ops[i].value;
         }).linearizable;
}

// A FIFO queue: enq(v), deq -> v or empty (-1).
struct queue_op {
  bool enq;
  int value;
};

weft::lin::check_result check_queue(const std::vector<queue_op>& ops, const std::vector<weft::lin::interval>& when) {
  return weft::lin::check(std::deque<int>{}, when, [&](std::deque<int>& q, std::size_t i) {
    if (ops[i].enq) {
      q.push_back(ops[i].value);
      return true;
    }
    const int got = q.empty() ? -1 : q.front();
    if (!q.empty()) q.pop_front();
    return got == ops[i].value;
  });
}

}  // namespace

TEST(Linearizability, RegisterReadOverlappingTheWriteMaySeeEitherValue) {
  // write(1) [0,5] overlaps read->1 [1,2] and read->0... in either order is fine alone.
  EXPECT_TRUE(check_register({{true, 1}, {false, 1}}, {{0, 5}, {1, 2}}));
  EXPECT_TRUE(check_register({{true, 1}, {false, 0}}, {{0, 5}, {1, 2}}));
  // A read that ends before the write begins cannot see it.
  EXPECT_FALSE(check_register({{true, 1}, {false, 1}}, {{3, 4}, {0, 1}}));
}

TEST(Linearizability, RegisterNewOldInversionIsRejected) {
  // write(1) [0,5]; read->1 [1,2]; then read->0 [3,4]: once a read has seen the new value,
  // a later read cannot see the old one.
  EXPECT_FALSE(check_register({{true, 1}, {false, 1}, {false, 0}}, {{0, 5}, {1, 2}, {3, 4}}));
  // The other way round is fine: old value first, then new.
  EXPECT_TRUE(check_register({{true, 1}, {false, 0}, {false, 1}}, {{0, 5}, {1, 2}, {3, 4}}));
}

TEST(Linearizability, QueueOrderFollowsRealTimeOnlyWhereOperationsDoNotOverlap) {
  // enq(1) then enq(2), strictly ordered; a dequeue that gets 2 violates FIFO.
  const auto fifo_broken = check_queue({{true, 1}, {true, 2}, {false, 2}}, {{0, 1}, {2, 3}, {4, 5}});
  EXPECT_FALSE(fifo_broken.linearizable);
  EXPECT_EQ(fifo_broken.order.size(), 2u) << "both enqueues linearize; the dequeue cannot";
  // The same results with the enqueues overlapping: enq(2) may take effect first.
  const auto overlapping = check_queue({{true, 1}, {true, 2}, {false, 2}}, {{0, 3}, {1, 2}, {4, 5}});
  ASSERT_TRUE(overlapping.linearizable);
  EXPECT_EQ(overlapping.order, (std::vector<std::size_t>{1, 0, 2}));
}

TEST(Linearizability, QueueItemDequeuedTwiceOrFromEmptyIsRejected) {
  // Herlihy & Wing's example shape: one enq, two overlapping deqs both returning it.
  EXPECT_FALSE(check_queue({{true, 7}, {false, 7}, {false, 7}}, {{0, 1}, {2, 5}, {3, 4}}).linearizable);
  // A deq that returns empty while an enq that completed before it is still unconsumed.
  EXPECT_FALSE(check_queue({{true, 7}, {false, -1}}, {{0, 1}, {2, 3}}).linearizable);
  EXPECT_TRUE(check_queue({{true, 7}, {false, -1}}, {{0, 3}, {1, 2}}).linearizable);
}
