// An exception that escapes a simulated thread is reported where it was thrown, not at
// the thread's last operation.
#include <gtest/gtest.h>

#include <exception>
#include <stdexcept>
#include <string_view>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::options_for;

namespace {

bool in_this_file(const weft::report& r) { return std::string_view(r.location().file).ends_with("throw_sites_test.cpp"); }

constexpr unsigned throw_line = __LINE__ + 7;
// Takes the last item after checking, outside the lock, that there is one.
void check_then_take(bool fixed) {
  weft::mutex m;
  int items = 1;
  auto take = [&] {
    std::unique_lock lock(m);
    if (items == 0) throw std::out_of_range("take from an empty pile");
    --items;
  };
  auto consume = [&] {
    bool empty;
    {
      std::lock_guard lock(m);
      empty = items == 0;
    }
    if (!empty && !fixed) take();
    if (fixed) {
      std::lock_guard lock(m);
      if (items > 0) --items;
    }
  };
  weft::thread a(consume);
  weft::thread b(consume);
  a.join();
  b.join();
}

}  // namespace

TEST(ThrowSites, AnEscapedExceptionIsReportedWhereItWasThrown) {
  const weft::report buggy = weft::explore(options_for(1000), [] { check_then_take(false); });
  ASSERT_EQ(buggy.kind(), failure_kind::exception) << buggy;
  EXPECT_TRUE(in_this_file(buggy)) << buggy;
  EXPECT_EQ(buggy.location().line, throw_line) << buggy;

  EXPECT_FALSE(weft::explore(options_for(1000), [] { check_then_take(true); }).failed());
}

namespace {

constexpr unsigned get_line = __LINE__ + 10;
// The exception is the standard library's, thrown inside it (future::get of a broken
// promise): the report names the user's call that led there.
void get_of_a_broken_promise() {
  weft::thread t([] {
    weft::future<int> never;
    {
      weft::promise<int> broken;
      never = broken.get_future();
    }
    (void)never.get();
  });
  t.join();
}

constexpr unsigned first_throw_line = __LINE__ + 7;
// Thrown by one thread, stored in a promise and rethrown by another's get(), where it
// escapes: the report names the first throw.
void rethrown_in_another_thread() {
  weft::promise<int> result;
  weft::thread producer([&] {
    try {
      throw std::runtime_error("no result");
    } catch (...) {
      result.set_exception(std::current_exception());
    }
  });
  weft::thread consumer([&] { (void)result.get_future().get(); });
  producer.join();
  consumer.join();
}

}  // namespace

TEST(ThrowSites, AnExceptionThrownInsideTheLibraryIsReportedAtTheUsersCall) {
  const weft::report r = weft::explore(options_for(10), [] { get_of_a_broken_promise(); });
  ASSERT_EQ(r.kind(), failure_kind::exception) << r;
  EXPECT_TRUE(in_this_file(r)) << r;
  EXPECT_EQ(r.location().line, get_line) << r;
}

TEST(ThrowSites, AnExceptionRethrownInAnotherThreadIsReportedAtItsFirstThrow) {
  const weft::report r = weft::explore(options_for(10), [] { rethrown_in_another_thread(); });
  ASSERT_EQ(r.kind(), failure_kind::exception) << r;
  EXPECT_NE(r.message().find("no result"), std::string::npos) << r;
  EXPECT_TRUE(in_this_file(r)) << r;
  EXPECT_EQ(r.location().line, first_throw_line) << r;
}
