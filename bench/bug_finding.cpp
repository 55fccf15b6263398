// How many executions each strategy needs to find classic concurrency bugs.
//
//   ./build/bench/weft_bug_finding [seeds=20] [limit=10000]
//
// For every bug and strategy: the median and the worst number of executions to the
// first failure over `seeds` seeds, within `limit` executions (">limit" when a seed did
// not find it); dfs is deterministic and runs once. The bugs follow SCTBench's (Thomson,
// Donaldson, Betts, PPoPP 2014) and the classic textbook ones, written against weft.
// This counts executions rather than timing them, so it is a plain program.
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

#include "schedules_to_find.hpp"

namespace {

// ---- the bugs --------------------------------------------------------------------

void lost_update() {
  weft::atomic<int> x{0};
  weft::thread a([&] { x.store(x.load() + 1); });
  weft::thread b([&] { x.store(x.load() + 1); });
  a.join();
  b.join();
  WEFT_ASSERT(x.load() == 2);
}

void abba_deadlock() {
  weft::mutex a;
  weft::mutex b;
  weft::thread t1([&] {
    std::lock_guard g1(a);
    std::lock_guard g2(b);
  });
  weft::thread t2([&] {
    std::lock_guard g1(b);
    std::lock_guard g2(a);
  });
  t1.join();
  t2.join();
}

// The setter publishes without the waiter's mutex: its notify can fall between the
// waiter's check and its wait.
void lost_wakeup() {
  weft::mutex m;
  weft::condition_variable cv;
  weft::atomic<bool> ready{false};
  weft::thread waiter([&] {
    std::unique_lock l(m);
    if (!ready.load()) cv.wait(l);
  });
  ready.store(true);
  cv.notify_one();
  waiter.join();
}

void check_then_act() {
  weft::mutex m;
  std::vector<int> items{1};
  auto take = [&] {
    bool empty;
    {
      std::lock_guard g(m);
      empty = items.empty();
    }
    if (empty) return;
    std::lock_guard g(m);
    WEFT_ASSERT(!items.empty(), "popped from an empty vector");
    items.pop_back();
  };
  weft::thread a(take);
  weft::thread b(take);
  a.join();
  b.join();
}

// The flag is published before the data it guards.
void double_checked_locking() {
  weft::mutex m;
  weft::atomic<bool> ready{false};
  weft::atomic<int> value{0};
  auto get = [&] {
    if (!ready.load()) {
      std::lock_guard g(m);
      if (!ready.load()) {
        ready.store(true);
        value.store(42);
      }
    }
    WEFT_ASSERT(value.load() == 42, "saw the flag before the data");
  };
  weft::thread a(get);
  weft::thread b(get);
  a.join();
  b.join();
}

// SCTBench reorder_N: N-1 setters write a = 1 then b = -1; a checker must never see
// only half of one setter's update.
void reorder(int threads) {
  weft::atomic<int> a{0};
  weft::atomic<int> b{0};
  std::vector<weft::thread> ts;
  for (int i = 0; i < threads - 1; ++i) {
    ts.emplace_back([&] {
      a.store(1);
      b.store(-1);
    });
  }
  ts.emplace_back([&] {
    const int seen_a = a.load();
    const int seen_b = b.load();
    WEFT_ASSERT((seen_a == 0 && seen_b == 0) || (seen_a == 1 && seen_b == -1), "half an update");
  });
  for (auto& t : ts) t.join();
}

// SCTBench twostage_N: writers update data1 then data2 under two different locks; a
// reader that sees stage one done must see stage two done.
void twostage(int threads) {
  weft::mutex m1;
  weft::mutex m2;
  int data1 = 0;
  int data2 = 0;
  std::vector<weft::thread> ts;
  for (int i = 0; i < threads - 1; ++i) {
    ts.emplace_back([&] {
      {
        std::lock_guard g(m1);
        data1 = 1;
      }
      std::lock_guard g(m2);
      data2 = data1 + 1;
    });
  }
  ts.emplace_back([&] {
    int first;
    {
      std::lock_guard g(m1);
      first = data1;
    }
    if (first != 1) return;
    std::lock_guard g(m2);
    WEFT_ASSERT(data2 == 2, "stage one done, stage two not");
  });
  for (auto& t : ts) t.join();
}

void dining_philosophers(int n) {
  std::vector<std::unique_ptr<weft::mutex>> forks;
  for (int i = 0; i < n; ++i) forks.push_back(std::make_unique<weft::mutex>());
  std::vector<weft::thread> ts;
  for (int i = 0; i < n; ++i) {
    ts.emplace_back([&, i] {
      std::lock_guard left(*forks[static_cast<std::size_t>(i)]);
      std::lock_guard right(*forks[static_cast<std::size_t>((i + 1) % n)]);
    });
  }
  for (auto& t : ts) t.join();
}

// A work-stealing deque (Chase-Lev) whose owner takes the last item without the
// compare-exchange on `top`, so a concurrent steal can take the same item.
void work_stealing_queue() {
  weft::atomic<int> top{0};
  weft::atomic<int> bottom{0};
  int slots[4] = {0, 0, 0, 0};
  weft::atomic<int> taken[3] = {0, 0, 0};
  auto push = [&](int v) {
    const int b = bottom.load();
    slots[b] = v;
    bottom.store(b + 1);
  };
  push(1);
  push(2);
  weft::thread thief([&] {
    int t = top.load();
    const int b = bottom.load();
    if (t < b) {
      const int v = slots[t];
      if (top.compare_exchange_strong(t, t + 1)) taken[v].fetch_add(1);
    }
  });
  for (int i = 0; i < 2; ++i) {
    const int b = bottom.load() - 1;
    bottom.store(b);
    const int t = top.load();
    if (t <= b) {
      taken[slots[b]].fetch_add(1);
      if (t == b) bottom.store(b + 1);  // last item: should race the thief with a CAS
    } else {
      bottom.store(b + 1);
    }
  }
  thief.join();
  WEFT_ASSERT(taken[1].load() <= 1 && taken[2].load() <= 1, "an item was taken twice");
}

// A bounded buffer whose consumers wait with `if` instead of `while`.
void bounded_buffer_if() {
  weft::mutex m;
  weft::condition_variable cv;
  std::deque<int> items;
  auto consume = [&] {
    std::unique_lock l(m);
    if (items.empty()) cv.wait(l);
    WEFT_ASSERT(!items.empty(), "woke to an empty buffer");
    if (!items.empty()) items.pop_front();
  };
  weft::thread c1(consume);
  weft::thread c2(consume);
  for (int i = 0; i < 2; ++i) {
    std::lock_guard g(m);
    items.push_back(i);
    cv.notify_all();
  }
  c1.join();
  c2.join();
}

void peterson_broken() {
  weft::atomic<bool> wants[2] = {false, false};
  weft::atomic<int> turn{0};
  weft::atomic<int> inside{0};
  auto worker = [&](int me) {
    const int other = 1 - me;
    turn.store(other);
    wants[me].store(true);
    while (wants[other].load() && turn.load() == other) {
    }
    inside.fetch_add(1);
    WEFT_ASSERT(inside.load() == 1, "both in the critical section");
    inside.fetch_sub(1);
    wants[me].store(false);
  };
  weft::thread a(worker, 0);
  weft::thread b(worker, 1);
  a.join();
  b.join();
}

// The worker uses what its creator publishes only after starting it.
void order_violation() {
  int config = 7;
  weft::atomic<int*> shared{nullptr};
  weft::thread worker([&] { WEFT_ASSERT(shared.load() != nullptr, "used before it was set"); });
  shared.store(&config);
  worker.join();
}

struct bug {
  const char* name;
  std::function<void()> body;
};

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t seeds = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20;
  const std::uint64_t limit = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;
  const std::vector<bug> bugs = {
      {"lost update", lost_update},
      {"ABBA deadlock", abba_deadlock},
      {"lost wakeup", lost_wakeup},
      {"check-then-act", check_then_act},
      {"double-checked locking", double_checked_locking},
      {"reorder_3", [] { reorder(3); }},
      {"reorder_10", [] { reorder(10); }},
      {"reorder_20", [] { reorder(20); }},
      {"twostage_3", [] { twostage(3); }},
      {"twostage_10", [] { twostage(10); }},
      {"twostage_20", [] { twostage(20); }},
      {"dining philosophers (5)", [] { dining_philosophers(5); }},
      {"dining philosophers (7)", [] { dining_philosophers(7); }},
      {"work-stealing queue", work_stealing_queue},
      {"bounded buffer with if", bounded_buffer_if},
      {"Peterson, broken flag order", peterson_broken},
      {"order violation", order_violation},
  };
  const auto find = [&](const bug& b, const std::string& strategy, std::uint64_t seed) {
    weft::options opt;
    opt.strategy = strategy;
    opt.seed = seed;
    opt.iterations = limit;
    return weft_bench::executions_to_find(opt, b.body);
  };
  const std::vector<std::string> sampled = {"random", "pct", "pos"};
  std::printf("executions to the first failure: median / worst over %llu seeds (limit %llu); dfs: one run\n\n",
              static_cast<unsigned long long>(seeds), static_cast<unsigned long long>(limit));
  std::printf("| bug | random | pct | pos | dfs |\n|---|---|---|---|---|\n");
  for (const bug& b : bugs) {
    std::printf("| %s", b.name);
    for (const std::string& strategy : sampled) {
      std::vector<std::uint64_t> found;
      for (std::uint64_t seed = 1; seed <= seeds; ++seed) found.push_back(find(b, strategy, seed));
      std::printf(" | %s", weft_bench::median_and_worst(found, limit).c_str());
    }
    const std::uint64_t dfs = find(b, "dfs", 1);
    std::printf(" | %s |\n", dfs == 0 ? (">" + std::to_string(limit)).c_str() : std::to_string(dfs).c_str());
    std::fflush(stdout);
  }
  return 0;
}
