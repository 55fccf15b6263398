// Litmus tests of the C++20 memory model: for each, the outcomes weft produces must be
// exactly the ones the model allows. Each allowed weak outcome must be reached, each
// forbidden one never: exhaustively with dfs, and over many random executions.
//
// Expected results, per test below, from:
// [Batty]   M. Batty, S. Owens, S. Sarkar, P. Sewell, T. Weber, "Mathematizing C++
//           Concurrency", POPL 2011 (SB, MP, IRIW, WRC, CoRR, release sequences, fences).
// [Lahav]   O. Lahav, V. Vafeiadis, J. Kang, C.-K. Hur, D. Dreyer, "Repairing Sequential
//           Consistency in C/C++11", PLDI 2017 (seq_cst fences; 2+2W with seq_cst).
// [ISO]     ISO/IEC 14882:2020 [intro.races] (coherence, release sequences after P0982),
//           [atomics.order] (the seq_cst order), [atomics.fences].
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <weft/weft.hpp>

#include "support.hpp"

namespace {

using outcome = std::vector<int>;
using outcome_set = std::set<outcome>;
constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto acquire = std::memory_order_acquire;
constexpr auto release = std::memory_order_release;
constexpr auto seq_cst = std::memory_order_seq_cst;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
constexpr bool sanitized = __has_feature(address_sanitizer);
#else
constexpr bool sanitized = false;
#endif

// The random walk's budget. Each seed's schedules are the same on both backends and in
// every build, and every allowed outcome is reached within the first 3,000 (the sanitizer
// builds run only those); an execution on OS threads costs about a hundred fibers' (the
// suite's /os_threads run took 250 CPU seconds for these tests at 20,000).
std::uint64_t random_executions() {
  const char* backend = std::getenv("WEFT_THREADS");
  const bool os_threads = backend != nullptr && std::string_view(backend) == "os_threads";
  return sanitized || os_threads ? 3000 : 20000;
}

// The outcomes `body` returns over an exploration with `strategy`.
outcome_set outcomes(const std::string& strategy, std::uint64_t iterations, const std::function<outcome()>& body) {
  outcome_set seen;
  weft::options opt = weft_test::options_for(iterations, strategy);
  opt.memory_model = weft::memory_model::c11;
  const weft::report r = weft::explore(opt, [&] { seen.insert(body()); });
  EXPECT_FALSE(r.failed()) << r;
  if (iterations == 0) {
    EXPECT_TRUE(r.complete()) << r;
  }
  return seen;
}

// Checks `weak` against every outcome dfs reaches and random reaches: allowed means both
// reach it, forbidden means neither does.
void expect(const std::function<outcome()>& body, const outcome& weak, bool allowed) {
  const outcome_set searched = outcomes("dfs", 0, body);
  const outcome_set sampled = outcomes("random", random_executions(), body);
  EXPECT_EQ(searched.count(weak), allowed ? 1u : 0u) << (allowed ? "dfs never reached" : "dfs reached");
  EXPECT_EQ(sampled.count(weak), allowed ? 1u : 0u) << (allowed ? "random never reached" : "random reached");
  // Random reaches nothing dfs does not: dfs saw every outcome.
  for (const outcome& o : sampled) {
    std::string text;
    for (int v : o) text += std::to_string(v) + " ";
    EXPECT_EQ(searched.count(o), 1u) << "dfs missed the outcome " << text;
  }
}

// SB, store buffering: each thread stores one variable and loads the other.
outcome store_buffering(std::memory_order store, std::memory_order load, bool fences) {
  weft::atomic<int> x{0}, y{0};
  int r1 = -1, r2 = -1;
  weft::thread t1([&] {
    x.store(1, store);
    if (fences) weft::atomic_thread_fence(seq_cst);
    r1 = y.load(load);
  });
  weft::thread t2([&] {
    y.store(1, store);
    if (fences) weft::atomic_thread_fence(seq_cst);
    r2 = x.load(load);
  });
  t1.join();
  t2.join();
  return {r1, r2};
}

// MP, message passing: data, then a flag; the reader reads the flag, then the data.
outcome message_passing(std::memory_order store, std::memory_order load, bool release_fence, bool acquire_fence) {
  weft::atomic<int> data{0}, flag{0};
  int r1 = -1, r2 = -1;
  weft::thread writer([&] {
    data.store(1, relaxed);
    if (release_fence) weft::atomic_thread_fence(release);
    flag.store(1, store);
  });
  weft::thread reader([&] {
    r1 = flag.load(load);
    if (acquire_fence) weft::atomic_thread_fence(acquire);
    r2 = data.load(relaxed);
  });
  writer.join();
  reader.join();
  return {r1, r2};
}

// IRIW, independent reads of independent writes: two readers see two writes in opposite orders.
// `fenced_readers` of the two readers (0, 1 or 2) run a seq_cst fence between their loads.
outcome iriw(std::memory_order store, std::memory_order load, int fenced_readers = 0) {
  weft::atomic<int> x{0}, y{0};
  int r1 = -1, r2 = -1, r3 = -1, r4 = -1;
  weft::thread a([&] { x.store(1, store); });
  weft::thread b([&] { y.store(1, store); });
  weft::thread c([&] {
    r1 = x.load(load);
    if (fenced_readers >= 1) weft::atomic_thread_fence(seq_cst);
    r2 = y.load(load);
  });
  weft::thread d([&] {
    r3 = y.load(load);
    if (fenced_readers >= 2) weft::atomic_thread_fence(seq_cst);
    r4 = x.load(load);
  });
  a.join();
  b.join();
  c.join();
  d.join();
  return {r1, r2, r3, r4};
}

// W+RWC: t2 reads t1's x, then y; t3 stores y, then reads x; relaxed accesses, with or
// without a seq_cst fence in t2 and in t3.
outcome write_read_write_causality(bool fences) {
  weft::atomic<int> x{0}, y{0};
  int a = -1, b = -1, c = -1;
  weft::thread t1([&] { x.store(1, relaxed); });
  weft::thread t2([&] {
    a = x.load(relaxed);
    if (fences) weft::atomic_thread_fence(seq_cst);
    b = y.load(relaxed);
  });
  weft::thread t3([&] {
    y.store(1, relaxed);
    if (fences) weft::atomic_thread_fence(seq_cst);
    c = x.load(relaxed);
  });
  t1.join();
  t2.join();
  t3.join();
  return {a, b, c};
}

// WRC, write-to-read causality: t2 sees x and then publishes y; t3 sees y, then x.
outcome wrc(std::memory_order publish, std::memory_order observe) {
  weft::atomic<int> x{0}, y{0};
  int r1 = -1, r2 = -1, r3 = -1;
  weft::thread t1([&] { x.store(1, relaxed); });
  weft::thread t2([&] {
    r1 = x.load(observe);
    y.store(1, publish);
  });
  weft::thread t3([&] {
    r2 = y.load(observe);
    r3 = x.load(relaxed);
  });
  t1.join();
  t2.join();
  t3.join();
  return {r1, r2, r3};
}

// CoRR, read-read coherence: two loads of one variable by one thread, while another
// thread stores to it twice.
outcome corr() {
  weft::atomic<int> x{0};
  int r1 = -1, r2 = -1;
  weft::thread writer([&] {
    x.store(1, relaxed);
    x.store(2, relaxed);
  });
  weft::thread reader([&] {
    r1 = x.load(relaxed);
    r2 = x.load(relaxed);
  });
  writer.join();
  reader.join();
  return {r1, r2};
}

// 2+2W: two threads store both variables in opposite orders; the final values are read
// after both are joined.
outcome two_plus_two_writes(std::memory_order order) {
  weft::atomic<int> x{0}, y{0};
  weft::thread t1([&] {
    x.store(1, order);
    y.store(2, order);
  });
  weft::thread t2([&] {
    y.store(1, order);
    x.store(2, order);
  });
  t1.join();
  t2.join();
  return {x.load(relaxed), y.load(relaxed)};
}

// A release sequence: t1 publishes data with a release store of flag = 1; t2 adds 1 to
// flag (a read-modify-write, which continues the sequence) or stores 2 (which does not);
// t3 acquires flag and reads data.
outcome release_sequence(bool read_modify_write) {
  weft::atomic<int> data{0}, flag{0};
  int r1 = -1, r2 = -1;
  weft::thread t1([&] {
    data.store(1, relaxed);
    flag.store(1, release);
  });
  weft::thread t2([&] {
    if (read_modify_write) {
      int expected = 1;
      flag.compare_exchange_strong(expected, 2, relaxed);
    } else if (flag.load(relaxed) == 1) {
      flag.store(2, relaxed);
    }
  });
  weft::thread t3([&] {
    r1 = flag.load(acquire);
    r2 = data.load(relaxed);
  });
  t1.join();
  t2.join();
  t3.join();
  return {r1 == 2 ? 2 : 0, r1 == 2 ? r2 : -1};
}

}  // namespace

// [Batty] SB: relaxed and release/acquire allow both loads to read 0; seq_cst forbids it,
// and so do seq_cst fences between relaxed accesses ([Lahav], [ISO] [atomics.order] p4).
TEST(Litmus, StoreBufferingIsAllowedRelaxed) { expect([] { return store_buffering(relaxed, relaxed, false); }, {0, 0}, true); }
TEST(Litmus, StoreBufferingIsAllowedWithReleaseAcquire) {
  expect([] { return store_buffering(release, acquire, false); }, {0, 0}, true);
}
TEST(Litmus, StoreBufferingIsForbiddenSeqCst) { expect([] { return store_buffering(seq_cst, seq_cst, false); }, {0, 0}, false); }
TEST(Litmus, StoreBufferingIsForbiddenWithSeqCstFences) {
  expect([] { return store_buffering(relaxed, relaxed, true); }, {0, 0}, false);
}

// [Batty] MP: relaxed allows seeing the flag but not the data; release/acquire forbids
// it, as do a release fence before a relaxed store and an acquire fence after a relaxed
// load ([ISO] [atomics.fences] p2); one fence alone does not.
TEST(Litmus, MessagePassingIsAllowedRelaxed) { expect([] { return message_passing(relaxed, relaxed, false, false); }, {1, 0}, true); }
TEST(Litmus, MessagePassingIsForbiddenWithReleaseAcquire) {
  expect([] { return message_passing(release, acquire, false, false); }, {1, 0}, false);
}
TEST(Litmus, MessagePassingIsForbiddenWithFences) {
  expect([] { return message_passing(relaxed, relaxed, true, true); }, {1, 0}, false);
}
TEST(Litmus, MessagePassingIsAllowedWithOnlyAReleaseFence) {
  expect([] { return message_passing(relaxed, relaxed, true, false); }, {1, 0}, true);
}
TEST(Litmus, MessagePassingIsForbiddenWithAReleaseFenceAndAnAcquireLoad) {
  expect([] { return message_passing(relaxed, acquire, true, false); }, {1, 0}, false);
}

// [Batty] IRIW: release/acquire lets the two readers disagree on the order of the two
// writes; seq_cst forbids it.
TEST(Litmus, IriwIsAllowedWithReleaseAcquire) { expect([] { return iriw(release, acquire); }, {1, 0, 1, 0}, true); }
TEST(Litmus, IriwIsForbiddenSeqCst) { expect([] { return iriw(seq_cst, seq_cst); }, {1, 0, 1, 0}, false); }
// [ISO] [atomics.order] p4.4: a fence between every pair of accesses restores SC; a fence
// in one reader alone does not. p4.1: seq_cst loads forbid it even of relaxed stores.
TEST(Litmus, IriwIsForbiddenWithSeqCstFencesInBothReaders) {
  expect([] { return iriw(relaxed, relaxed, 2); }, {1, 0, 1, 0}, false);
}
TEST(Litmus, IriwIsAllowedWithASeqCstFenceInOneReader) {
  expect([] { return iriw(relaxed, relaxed, 1); }, {1, 0, 1, 0}, true);
}
TEST(Litmus, IriwIsForbiddenWithSeqCstLoadsOfRelaxedStores) {
  expect([] { return iriw(relaxed, seq_cst); }, {1, 0, 1, 0}, false);
}
TEST(Litmus, WriteReadWriteCausalityIsAllowedRelaxed) {
  expect([] { return write_read_write_causality(false); }, {1, 0, 0}, true);
}
TEST(Litmus, WriteReadWriteCausalityIsForbiddenWithSeqCstFences) {
  expect([] { return write_read_write_causality(true); }, {1, 0, 0}, false);
}

// [Batty] WRC: happens-before is transitive, so release/acquire forbids t3 missing x;
// relaxed allows it.
TEST(Litmus, WriteToReadCausalityIsForbiddenWithReleaseAcquire) {
  expect([] { return wrc(release, acquire); }, {1, 1, 0}, false);
}
TEST(Litmus, WriteToReadCausalityIsAllowedRelaxed) { expect([] { return wrc(relaxed, relaxed); }, {1, 1, 0}, true); }

// [ISO] [intro.races] p16 (read-read coherence): even relaxed, a later load never reads
// an older store than an earlier load of the same thread; each older value is still
// readable first.
TEST(Litmus, CoherenceOfReadReadIsKeptRelaxed) {
  expect(corr, {2, 1}, false);
  expect(corr, {1, 0}, false);
  expect(corr, {2, 0}, false);
  expect(corr, {0, 2}, true);
  expect(corr, {1, 2}, true);
}

// [Lahav] 2+2W: the final values 1 and 1 need each thread's first store to come last in
// modification order, which release/acquire and relaxed allow and seq_cst forbids.
TEST(Litmus, TwoPlusTwoWritesIsAllowedRelaxed) { expect([] { return two_plus_two_writes(relaxed); }, {1, 1}, true); }
TEST(Litmus, TwoPlusTwoWritesIsAllowedWithRelease) { expect([] { return two_plus_two_writes(release); }, {1, 1}, true); }
TEST(Litmus, TwoPlusTwoWritesIsForbiddenSeqCst) { expect([] { return two_plus_two_writes(seq_cst); }, {1, 1}, false); }

// [ISO] [intro.races] p5 (C++20): a read-modify-write continues the release sequence, so
// acquiring its value synchronizes with the release store; a plain store ends it.
TEST(Litmus, ReleaseSequenceContinuesThroughAReadModifyWrite) {
  expect([] { return release_sequence(true); }, {2, 0}, false);
  expect([] { return release_sequence(true); }, {2, 1}, true);
}
TEST(Litmus, ReleaseSequenceEndsAtAPlainStore) { expect([] { return release_sequence(false); }, {2, 0}, true); }

// The switch: with memory_model::sc every load reads the latest store.
TEST(Litmus, TheScModelForbidsEveryWeakOutcome) {
  outcome_set seen;
  weft::options opt = weft_test::options_for(0, "dfs");
  opt.memory_model = weft::memory_model::sc;
  const weft::report r = weft::explore(opt, [&] { seen.insert(store_buffering(relaxed, relaxed, false)); });
  ASSERT_FALSE(r.failed()) << r;
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(seen, (outcome_set{{0, 1}, {1, 0}, {1, 1}}));
}
