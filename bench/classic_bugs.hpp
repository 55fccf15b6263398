// Classic concurrency bugs written against weft: SCTBench's reorder_N and twostage_N
// (Thomson, Donaldson, Betts, PPoPP 2014) and textbook ones. Each body fails (an
// assertion or a deadlock) in some schedules. The bug-finding table
// (bug_finding.cpp) measures how fast each strategy finds them; the strategy tests
// use some as known targets.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include <weft/weft.hpp>

namespace weft_bench {

inline void lost_update() {
  weft::atomic<int> x{0};
  weft::thread a([&] { x.store(x.load() + 1); });
  weft::thread b([&] { x.store(x.load() + 1); });
  a.join();
  b.join();
  WEFT_ASSERT(x.load() == 2, "lost update");
}

inline void abba_deadlock() {
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
inline void lost_wakeup() {
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

inline void check_then_act() {
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
inline void double_checked_locking() {
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
inline void reorder(int threads) {
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
inline void twostage(int threads) {
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

inline void dining_philosophers(int n) {
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
inline void work_stealing_queue() {
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
inline void bounded_buffer_if() {
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

// Peterson: raise my flag, give the turn away, wait while the other wants in and it is
// its turn. The broken variant gives the turn away before raising the flag.
inline void peterson(bool broken) {
  weft::atomic<bool> wants[2] = {false, false};
  weft::atomic<int> turn{0};
  weft::atomic<int> inside{0};  // atomic: a scheduling point inside the critical section
  auto worker = [&](int me) {
    const int other = 1 - me;
    if (broken) {
      turn.store(other);
      wants[me].store(true);
    } else {
      wants[me].store(true);
      turn.store(other);
    }
    while (wants[other].load() && turn.load() == other) {
    }
    inside.fetch_add(1);
    WEFT_ASSERT(inside.load() == 1, "both threads in the critical section");
    inside.fetch_sub(1);
    wants[me].store(false);
  };
  weft::thread a(worker, 0);
  weft::thread b(worker, 1);
  a.join();
  b.join();
}

// The worker uses what its creator publishes only after starting it.
inline void order_violation() {
  int config = 7;
  weft::atomic<int*> shared{nullptr};
  weft::thread worker([&] { WEFT_ASSERT(shared.load() != nullptr, "used before it was set"); });
  shared.store(&config);
  worker.join();
}

}  // namespace weft_bench
