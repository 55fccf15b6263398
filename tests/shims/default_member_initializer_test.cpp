// Shims with template constructors held the usual way, as default member initializers
// with a lambda in them (`weft::jthread worker_{[this](std::stop_token st) { ... }};`,
// a task spawned from a coroutine lambda), and arrays of weft objects value-initialized
// as members (`std::array<weft::atomic<bool>, 2> flags_{};`, aggregate initialization).
// clang 16 rejected every one of them ("cannot take address of consteval function
// 'current'") while `std::source_location::current()` was their default argument; now
// the default is a detail::call_site. Reports name the constructor that ran the
// initializers, as they do for every member it declared: its own line, or the class's
// for an implicit constructor.
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include <weft/async.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;

namespace {

class actor {
 public:
  static constexpr unsigned constructor_line = __LINE__ + 1;
  actor() {}
  ~actor() { helper_.join(); }
  actor(const actor&) = delete;
  actor& operator=(const actor&) = delete;

  int run_task() {
    task_();
    return task_.get_future().get() + answer_.get();
  }

 private:
  int base_ = 1;
  std::stop_source source_;
  weft::atomic<int> stops_seen_{0};
  weft::jthread worker_{[this](std::stop_token st) {
    if (st.stop_requested()) stops_seen_.fetch_add(1);
  }};
  weft::thread helper_{[this] { source_.request_stop(); }};
  weft::packaged_task<int()> task_{[this] { return base_; }};
  weft::future<int> answer_ = weft::async([this] { return base_ + 40; });
  weft::stop_callback<std::function<void()>> on_stop_{source_.get_token(), [this] { stops_seen_.fetch_add(1); }};
};

struct implicit_constructor {
  static constexpr unsigned class_line = __LINE__ - 1;
  weft::jthread worker_{[this](std::stop_token) { (void)this; }};
};

// Two flags in an array and a mutex per flag, each value-initialized in place.
struct flag_pair {
  static constexpr unsigned class_line = __LINE__ - 1;
  std::array<weft::atomic<bool>, 2> flags_{};
  std::array<weft::mutex, 2> guards_{};
  std::array<weft::condition_variable, 2> changed_{};
};

class spawner {
 public:
  static constexpr unsigned constructor_line = __LINE__ + 1;
  spawner() {}
  int join() { return answer_.join(); }

 private:
  int base_ = 41;
  weft::join_handle<int> answer_{weft::spawn([this]() -> weft::task<int> { co_return base_ + 1; })};
};

}  // namespace

TEST(DefaultMemberInitializer, ArraysOfObjectsCompileAndNameTheClassesLine) {
  const weft::report r = weft::explore(options_for(20), [] {
    flag_pair p;
    weft::thread setter([&] {
      const std::lock_guard lock(p.guards_[1]);
      p.flags_[1].store(true);
      p.changed_[1].notify_one();
    });
    {
      std::unique_lock lock(p.guards_[1]);
      p.changed_[1].wait(lock, [&] { return p.flags_[1].load(); });
    }
    setter.join();
    WEFT_ASSERT(!p.flags_[0].load(), "show the objects");
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::none) << r;
  const weft::report shown = weft::explore(options_for(1), [] {
    flag_pair p;
    p.flags_[0].store(true);
    const std::lock_guard lock(p.guards_[0]);
    p.changed_[0].notify_all();
    WEFT_ASSERT(false, "show the objects");
  });
  ASSERT_EQ(shown.kind(), weft::failure_kind::assertion) << shown;
  unsigned named = 0;
  for (const auto& o : shown.objects()) {
    ++named;
    EXPECT_EQ(o.declared.line, flag_pair::class_line) << o.label << "\n" << shown;
  }
  EXPECT_EQ(named, 3u) << shown;
}

TEST(DefaultMemberInitializer, ATaskSpawnedFromACoroutineLambdaCompilesAndNamesTheConstructorsLine) {
  const weft::report r = weft::explore(options_for(20), [] {
    spawner s;
    WEFT_ASSERT(s.join() == 42);
    WEFT_ASSERT(false, "show the trace");
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  EXPECT_NE(r.message().find("show the trace"), std::string::npos) << r;
  EXPECT_EQ(weft_test::lines_of(r, "spawn"), std::vector<unsigned>{spawner::constructor_line}) << r;
}

TEST(DefaultMemberInitializer, TemplateConstructorsCompileAndNameTheConstructorsLine) {
  const weft::report r = weft::explore(options_for(20), [] {
    {
      actor a;
      WEFT_ASSERT(a.run_task() == 42);
    }
    implicit_constructor b;
    WEFT_ASSERT(false, "show the trace");
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  const unsigned ctor = actor::constructor_line;
  // The jthread, the thread and async's thread, then the implicit constructor's jthread.
  EXPECT_EQ(weft_test::lines_of(r, "spawn"), (std::vector<unsigned>{ctor, ctor, ctor, implicit_constructor::class_line}))
      << r;
  EXPECT_EQ(weft_test::lines_of(r, "register"), std::vector<unsigned>{ctor}) << r;
  unsigned futures = 0;
  for (const auto& o : r.objects()) {
    if (!o.label.starts_with("future#")) continue;
    ++futures;
    EXPECT_EQ(o.declared.line, ctor) << o.label << "\n" << r;
  }
  EXPECT_EQ(futures, 2u) << r;  // the packaged_task's and async's
}
