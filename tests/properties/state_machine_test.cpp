// Concurrent state-machine tests: RapidCheck programs, weft schedules, linearizability.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include <weft/properties/check.hpp>
#include <weft/weft.hpp>

namespace {

weft::options schedules(std::uint64_t n) {
  weft::options opt;
  opt.strategy = "random";
  opt.iterations = n;
  opt.seed = 1;
  return opt;
}

// Runs a property `cases` times with a fixed RapidCheck seed; returns RapidCheck's result.
template <class Property>
rc::detail::TestResult run_property(int cases, Property property) {
  rc::detail::TestParams params;
  params.maxSuccess = cases;
  params.seed = 12345;
  params.maxSize = 30;
  return rc::detail::checkTestable(property, rc::detail::TestMetadata{}, params);
}

std::string failure_of(const rc::detail::TestResult& result) {
  rc::detail::FailureResult failure;
  return result.match(failure) ? failure.description : std::string();
}

template <class Model, class System>
using command_base = weft::lin::command<Model, System, int>;
template <class Model, class System>
using command_ptr = weft::lin::command_ptr<Model, System, int>;

// Checks every generated program under `schedules_per_program` explored schedules.
// Returns RapidCheck's failure description (empty if the property held), and the size
// of the last (smallest, after shrinking) failing program.
template <class Model, class System, class Gen>
std::string check_programs(int cases, std::uint64_t schedules_per_program, Model initial, Gen gen_command,
                           std::size_t* smallest_failing = nullptr) {
  static std::size_t last_failing;
  last_failing = 0;
  const auto result = run_property(cases, [=] {
    const auto p = *weft::lin::gen_program<Model, System, int>(initial, gen_command);
    const weft::report r = weft::explore(schedules(schedules_per_program), [&] { weft::lin::run_and_check(initial, p); });
    if (r.failed()) {
      last_failing = p.size();
      std::ostringstream report;
      report << r;
      RC_FAIL(report.str());
    }
  });
  if (smallest_failing != nullptr) *smallest_failing = last_failing;
  return failure_of(result);
}

// ---- a counter --------------------------------------------------------------------

struct racy_counter {
  weft::atomic<int> value{0};
  void increment() { value.store(value.load() + 1); }
  int read() { return value.load(); }
};

struct atomic_counter {
  weft::atomic<int> value{0};
  void increment() { value.fetch_add(1); }
  int read() { return value.load(); }
};

template <class Counter>
struct increment : command_base<int, Counter> {
  int apply(int& model) const override {
    ++model;
    return 0;
  }
  int run(Counter& c) const override {
    c.increment();
    return 0;
  }
  void show(std::ostream& out) const override { out << "increment"; }
};

template <class Counter>
struct read : command_base<int, Counter> {
  int apply(int& model) const override { return model; }
  int run(Counter& c) const override { return c.read(); }
  void show(std::ostream& out) const override { out << "read"; }
};

template <class Counter>
rc::Gen<command_ptr<int, Counter>> counter_commands(const int&) {
  return rc::gen::element<command_ptr<int, Counter>>(std::make_shared<increment<Counter>>(),
                                                     std::make_shared<read<Counter>>());
}

}  // namespace

TEST(StateMachine, RacyCounterIsFoundAndShrunkToTwoIncrementsAndARead) {
  std::size_t smallest = 0;
  const std::string failure =
      check_programs<int, racy_counter>(200, 200, 0, counter_commands<racy_counter>, &smallest);
  ASSERT_FALSE(failure.empty()) << "the racy counter passed";
  EXPECT_NE(failure.find("not linearizable"), std::string::npos) << failure;
  EXPECT_EQ(smallest, 3u) << failure;
  EXPECT_TRUE((check_programs<int, atomic_counter>(200, 200, 0, counter_commands<atomic_counter>).empty()));
}

namespace {

// ---- a bounded queue of capacity 3 --------------------------------------------------
// push(v) -> 1 if pushed, 0 if full; try_pop -> the item or -1; size -> the count.

constexpr std::size_t queue_capacity = 3;
enum class queue_bug { none, size_without_lock, pop_in_two_steps };

template <queue_bug Bug>
class bounded_queue {
 public:
  int push(int v) {
    std::lock_guard g(m_);
    if (tail_.load() - head_.load() == static_cast<int>(queue_capacity)) return 0;
    items_.push_back(v);
    tail_.fetch_add(1);
    return 1;
  }
  int try_pop() {
    if constexpr (Bug == queue_bug::pop_in_two_steps) {
      int front;
      {
        std::lock_guard g(m_);
        if (items_.empty()) return -1;
        front = items_.front();
      }
      std::lock_guard g(m_);  // another thread may have popped it meanwhile
      if (!items_.empty()) {
        items_.pop_front();
        head_.fetch_add(1);
      }
      return front;
    } else {
      std::lock_guard g(m_);
      if (items_.empty()) return -1;
      const int front = items_.front();
      items_.pop_front();
      head_.fetch_add(1);
      return front;
    }
  }
  int size() {
    if constexpr (Bug == queue_bug::size_without_lock) {
      const int tail = tail_.load();
      return tail - head_.load();
    } else {
      std::lock_guard g(m_);
      return tail_.load() - head_.load();
    }
  }

 private:
  weft::mutex m_;
  std::deque<int> items_;
  weft::atomic<int> head_{0};
  weft::atomic<int> tail_{0};
};

using queue_model = std::deque<int>;

template <class Queue>
struct push : command_base<queue_model, Queue> {
  int value;
  explicit push(int v) : value(v) {}
  int apply(queue_model& m) const override {
    if (m.size() == queue_capacity) return 0;
    m.push_back(value);
    return 1;
  }
  int run(Queue& q) const override { return q.push(value); }
  void show(std::ostream& out) const override { out << "push(" << value << ")"; }
};

template <class Queue>
struct try_pop : command_base<queue_model, Queue> {
  int apply(queue_model& m) const override {
    if (m.empty()) return -1;
    const int v = m.front();
    m.pop_front();
    return v;
  }
  int run(Queue& q) const override { return q.try_pop(); }
  void show(std::ostream& out) const override { out << "try_pop"; }
};

template <class Queue>
struct size : command_base<queue_model, Queue> {
  int apply(queue_model& m) const override { return static_cast<int>(m.size()); }
  int run(Queue& q) const override { return q.size(); }
  void show(std::ostream& out) const override { out << "size"; }
};

template <class Queue>
rc::Gen<command_ptr<queue_model, Queue>> queue_commands(const queue_model&) {
  return rc::gen::oneOf(rc::gen::map(rc::gen::inRange(1, 10),
                                     [](int v) -> command_ptr<queue_model, Queue> {
                                       return std::make_shared<push<Queue>>(v);
                                     }),
                        rc::gen::element<command_ptr<queue_model, Queue>>(std::make_shared<try_pop<Queue>>(),
                                                                           std::make_shared<size<Queue>>()));
}

}  // namespace

TEST(StateMachine, QueueWhoseSizeReadsWithoutTheLockIsFound) {
  using buggy = bounded_queue<queue_bug::size_without_lock>;
  const std::string failure = check_programs<queue_model, buggy>(300, 100, {}, queue_commands<buggy>);
  ASSERT_FALSE(failure.empty()) << "size() without the lock passed";
  EXPECT_NE(failure.find("size"), std::string::npos) << failure;
}

TEST(StateMachine, QueueWhoseTryPopCanReturnAnItemTwiceIsFound) {
  using buggy = bounded_queue<queue_bug::pop_in_two_steps>;
  const std::string failure = check_programs<queue_model, buggy>(300, 100, {}, queue_commands<buggy>);
  ASSERT_FALSE(failure.empty()) << "try_pop in two steps passed";
  EXPECT_NE(failure.find("try_pop"), std::string::npos) << failure;
}

TEST(StateMachine, CorrectQueuePassesThousandsOfPrograms) {
  using correct = bounded_queue<queue_bug::none>;
  const std::string failure = check_programs<queue_model, correct>(2000, 20, {}, queue_commands<correct>);
  EXPECT_TRUE(failure.empty()) << failure;
}

namespace {

// ---- a key-value store ----------------------------------------------------------------
// put_if_absent(k, v) -> 1 if it inserted; get(k) -> the value or -1.

template <bool CheckThenAct>
class kv_store {
 public:
  int put_if_absent(int key, int value) {
    if constexpr (CheckThenAct) {
      if (get(key) != -1) return 0;
      std::lock_guard g(m_);
      map_[key] = value;
      return 1;
    } else {
      std::lock_guard g(m_);
      return map_.emplace(key, value).second ? 1 : 0;
    }
  }
  int get(int key) {
    std::lock_guard g(m_);
    const auto it = map_.find(key);
    return it == map_.end() ? -1 : it->second;
  }

 private:
  weft::mutex m_;
  std::map<int, int> map_;
};

using kv_model = std::map<int, int>;

template <class Store>
struct put_if_absent : command_base<kv_model, Store> {
  int key;
  int value;
  put_if_absent(int k, int v) : key(k), value(v) {}
  int apply(kv_model& m) const override { return m.emplace(key, value).second ? 1 : 0; }
  int run(Store& s) const override { return s.put_if_absent(key, value); }
  void show(std::ostream& out) const override { out << "put_if_absent(" << key << ", " << value << ")"; }
};

template <class Store>
struct get : command_base<kv_model, Store> {
  int key;
  explicit get(int k) : key(k) {}
  int apply(kv_model& m) const override {
    const auto it = m.find(key);
    return it == m.end() ? -1 : it->second;
  }
  int run(Store& s) const override { return s.get(key); }
  void show(std::ostream& out) const override { out << "get(" << key << ")"; }
};

template <class Store>
rc::Gen<command_ptr<kv_model, Store>> kv_commands(const kv_model&) {
  const auto key = rc::gen::inRange(0, 2);
  return rc::gen::oneOf(rc::gen::map(rc::gen::pair(key, rc::gen::inRange(1, 10)),
                                     [](std::pair<int, int> kv) -> command_ptr<kv_model, Store> {
                                       return std::make_shared<put_if_absent<Store>>(kv.first, kv.second);
                                     }),
                        rc::gen::map(key, [](int k) -> command_ptr<kv_model, Store> {
                          return std::make_shared<get<Store>>(k);
                        }));
}

}  // namespace

TEST(StateMachine, KeyValueStoreCheckThenActRaceIsFoundAndReplaysFromBothSeeds) {
  using buggy = kv_store<true>;
  using buggy_program = weft::lin::program<kv_model, buggy, int>;
  static buggy_program last_failing;
  const auto result = run_property(300, [] {
    const auto p = *weft::lin::gen_program<kv_model, buggy, int>({}, kv_commands<buggy>);
    try {
      weft::check_linearizable(schedules(100), kv_model{}, p);
    } catch (...) {
      last_failing = p;  // shrinking tries passing programs too; keep the last failing one
      throw;
    }
  });
  const std::string failure = failure_of(result);
  ASSERT_FALSE(failure.empty()) << "put_if_absent's check-then-act race passed";
  EXPECT_NE(failure.find("put_if_absent"), std::string::npos) << failure;

  // RapidCheck's input (the shrunk program, which its reproduce string regenerates)
  // plus weft's token replay the failure exactly.
  const auto start = failure.find("weft::replay(\"");
  ASSERT_NE(start, std::string::npos) << failure;
  const auto token_start = start + std::string("weft::replay(\"").size();
  const std::string token = failure.substr(token_start, failure.find('"', token_start) - token_start);
  const weft::report again = weft::replay(token, [] { weft::lin::run_and_check(kv_model{}, last_failing); });
  EXPECT_EQ(again.kind(), weft::failure_kind::assertion) << again;
  EXPECT_NE(again.message().find("not linearizable"), std::string::npos) << again;

  using correct = kv_store<false>;
  EXPECT_TRUE(failure_of(run_property(300, [] {
                const auto p = *weft::lin::gen_program<kv_model, correct, int>({}, kv_commands<correct>);
                weft::check_linearizable(schedules(100), kv_model{}, p);
              })).empty());
}

// ---- how a report shows results ---------------------------------------------------

namespace {

struct slot {
  std::optional<int> value;
};

// take() empties the slot and returns what it held.
struct take : weft::lin::command<slot, slot, std::optional<int>> {
  std::optional<int> apply(slot& model) const override { return std::exchange(model.value, std::nullopt); }
  std::optional<int> run(slot& system) const override { return std::exchange(system.value, std::nullopt); }
  void show(std::ostream& out) const override { out << "take()"; }
};

}  // namespace

// RapidCheck shows a std::optional as "<???>": a report of two takes that both got the
// value said "take() returned <???>, the model says <???>".
TEST(StateMachineReport, OptionalResultsShowTheirValueOrNullopt) {
  EXPECT_EQ(weft::lin::result_text(std::optional<int>(3)), "3");
  EXPECT_EQ(weft::lin::result_text(std::optional<int>()), "nullopt");
  EXPECT_EQ(weft::lin::result_text(std::optional<std::optional<int>>(std::optional<int>())), "optional(nullopt)");
  EXPECT_EQ(weft::lin::result_text(std::optional<std::optional<int>>()), "nullopt");
  EXPECT_EQ(weft::lin::result_text(7), "7");

  using entry = weft::lin::history_entry<slot, slot, std::optional<int>>;
  const auto command = std::make_shared<take>();
  const std::vector<entry> history{{1, command, 5, {0, 1}}, {2, command, 5, {2, 3}}};
  const weft::lin::check_result checked{false, {0}};
  const std::string text = weft::lin::explain(slot{5}, history, checked);
  EXPECT_EQ(text.find("<\?\?\?>"), std::string::npos) << text;
  EXPECT_NE(text.find("take() returned 5, the model says nullopt"), std::string::npos) << text;
}

// ---- shrinking ------------------------------------------------------------------------

namespace {

struct inert {};

// Commands that do nothing: a program fails if it holds a `bad` one.
template <bool Bad>
struct marker : command_base<int, inert> {
  int apply(int&) const override { return 0; }
  int run(inert&) const override { return 0; }
  void show(std::ostream& out) const override { out << (Bad ? "bad" : "noop"); }
};

rc::Gen<command_ptr<int, inert>> rarely_bad(const int&) {
  return rc::gen::weightedElement<command_ptr<int, inert>>(
      {{30, std::make_shared<marker<false>>()}, {1, std::make_shared<marker<true>>()}});
}

using marker_program = weft::lin::program<int, inert, int>;

std::size_t bad_commands(const marker_program& p) {
  std::size_t n = 0;
  const auto count = [&](const auto& commands) {
    for (const auto& c : commands) n += dynamic_cast<const marker<true>*>(c.get()) != nullptr;
  };
  count(p.prefix);
  for (const auto& b : p.branches) count(b);
  return n;
}

bool fits(const marker_program& p, const weft::lin::shape& s) {
  bool ok = p.prefix.size() <= s.max_prefix && p.branches.size() == s.threads;
  for (const auto& b : p.branches) ok = ok && !b.empty() && b.size() <= s.max_per_thread;
  return ok;
}

}  // namespace

// Each list was a container of a drawn length, which shrinks only its commands and, by
// the length, its last ones: a `bad` behind others kept them, e.g. "prefix [] | thread 1
// [noop] | thread 2 [noop, bad]". Any command can go: shrinking stops at one command per
// thread (the least a thread has), with the prefix empty unless it is the only `bad`.
TEST(StateMachineShrinking, AnyCommandOfAnyListIsRemoved) {
  static const weft::lin::shape s{2, 6, 8};  // long lists: a `bad` is seldom last
  static marker_program last_failing;
  static bool all_fit;
  all_fit = true;  // every program tried, shrinks included, keeps the shape's lengths
  const std::string failure = failure_of(run_property(300, [] {
    const auto p = *weft::lin::gen_program<int, inert, int>(0, rarely_bad, s);
    all_fit = all_fit && fits(p, s);
    if (bad_commands(p) > 0) {
      last_failing = p;  // shrinking tries passing programs too; keep the last failing one
      RC_FAIL("a bad command");
    }
  }));
  ASSERT_FALSE(failure.empty()) << "no program held a bad command";
  EXPECT_TRUE(all_fit) << "a program outside the shape";
  std::ostringstream shown;
  weft::lin::showValue(last_failing, shown);
  for (const auto& b : last_failing.branches) EXPECT_EQ(b.size(), 1u) << shown.str();
  EXPECT_TRUE(last_failing.prefix.empty() || (last_failing.prefix.size() == 1 && bad_commands(last_failing) == 1))
      << shown.str();
}
