// A simulated thread that overflows its stack crashes the process with a report that
// says so, instead of writing over another thread's stack and finishing as if nothing
// happened; the stack size is what the options say, WEFT_TEST's settings included.
#include <gtest/gtest.h>

#include <cstddef>

#include <weft/gtest.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

namespace {

constexpr std::size_t kib = 1024;

// Indexes the compiler cannot see through: with constant ones clang 16 keeps only the
// two bytes written and the frame is no longer large.
volatile std::size_t first_byte = 0;

// A frame of `bytes` (volatile, written at run-time indexes: it is really there).
// Larger than the whole stack, it jumps any guard region below the stack unless the code
// probes a large frame page by page as it grows (-fstack-clash-protection, which
// weft::sim adds to its users' flags).
template <std::size_t bytes>
[[gnu::noinline]] int large_frame() {
  volatile char frame[bytes];
  const std::size_t low = first_byte;
  const std::size_t high = low + bytes - 1;
  frame[low] = 1;
  frame[high] = 1;
  return frame[low] + frame[high];
}

volatile bool bottomless = true;

// Takes another frame with each call, until the stack runs out.
[[gnu::noinline]] int recurse(int depth) {
  volatile char frame[256];
  frame[0] = static_cast<char>(depth);
  return bottomless ? recurse(depth + 1) + frame[0] : 0;
}

// Two threads, the first with a frame of `bytes`. Their stacks are mapped one below the
// other: the second thread's is the neighbour an unprotected overflow writes over.
template <std::size_t bytes>
void first_thread_with_frame() {
  weft::atomic<int> steps{0};
  weft::thread first([&] { steps.fetch_add(large_frame<bytes>()); });
  weft::thread second([&] { steps.fetch_add(1); });
  first.join();
  second.join();
}

// Fiber stacks are what these tests are about, whatever WEFT_THREADS says.
weft::options on_fibers(std::uint64_t iterations) {
  weft::options opt = weft_test::options_for(iterations);
  opt.threads = weft::thread_backend::fibers;
  return opt;
}

void deep_recursion_in_a_thread_named_parser() {
  weft::thread deep([] {
    weft::this_thread::set_name("parser");
    recurse(0);
  });
  deep.join();
}

}  // namespace

TEST(StackOverflow, AFrameLargerThanTheStackCrashesInsteadOfOverwritingANeighbour) {
  // Run in a fresh process: its stacks are mapped in the order the threads start.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(weft::explore(on_fibers(1), first_thread_with_frame<1024 * kib + 128 * kib>),
               "weft: stack overflow in t1 \\(thread-1\\): its stack is 1024 KiB; raise options::stack_size or "
               "WEFT_STACK_SIZE\nweft: the process crashed \\(SIGSEGV.*WEFT_REPLAY=W2");
}

TEST(StackOverflow, DeepRecursionIsReportedAsTheThreadsStackOverflow) {
  EXPECT_DEATH(weft::explore(on_fibers(1), deep_recursion_in_a_thread_named_parser),
               "weft: stack overflow in t1 \\(parser\\): its stack is 1024 KiB");
}

TEST(StackOverflow, AnOsThreadsOverflowIsReportedAsItsThreadsToo) {
  weft::options opt = weft_test::options_for(1);
  opt.threads = weft::thread_backend::os_threads;
  EXPECT_DEATH(weft::explore(opt, deep_recursion_in_a_thread_named_parser),
               "weft: stack overflow in t1 \\(parser\\): its stack is 8192 KiB.*\nweft: the process crashed "
               "\\(SIGSEGV.*WEFT_REPLAY=W2");
}

// Past the stacks with guard regions, stacks come from blocks with a red zone below each
// (fiber/stack_pool.hpp). A mapping budget of 4 leaves one guarded stack, main's: every
// other thread's comes from a block. Each test runs in a fresh process, whose stacks
// have taken no mappings yet.
namespace {
weft::options on_blocks() {
  weft::options opt = on_fibers(1);
  opt.max_stack_mappings = 4;
  return opt;
}
}  // namespace

TEST(StackOverflow, OnAStackFromABlockAFrameLargerThanTheStackIsCaughtByTheRedZone) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // No fault: the frame's probes and writes land in the red zone and the stack below;
  // the check when the thread finishes finds the red zone touched.
  EXPECT_DEATH(weft::explore(on_blocks(), first_thread_with_frame<1024 * kib + 128 * kib>),
               "weft: stack overflow in t1 \\(thread-1\\): its stack is 1024 KiB; raise options::stack_size or "
               "WEFT_STACK_SIZE\nweft: the process crashed \\(SIGABRT.*WEFT_REPLAY=W2");
}

TEST(StackOverflow, OnAStackFromABlockDeepRecursionIsReportedAsTheThreadsStackOverflow) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // It runs down through the red zone and the stacks below, and faults in the guard
  // region below the block.
  EXPECT_DEATH(weft::explore(on_blocks(), deep_recursion_in_a_thread_named_parser),
               "weft: stack overflow in t1 \\(parser\\): its stack is 1024 KiB.*\nweft: the process crashed "
               "\\(SIGSEGV.*WEFT_REPLAY=W2");
}

TEST(StackSize, ASmallerStackThanTheLastExplorationsIsHonoured) {
  weft::options small = on_fibers(1);
  small.stack_size = 256 * kib;
  EXPECT_DEATH(
      {
        weft::explore(on_fibers(1), [] {});  // the pool this thread keeps has 1 MiB stacks
        weft::explore(small, first_thread_with_frame<512 * kib>);
      },
      "weft: stack overflow in t1 \\(thread-1\\): its stack is 256 KiB");
}

TEST(StackSize, ALargerStackHoldsALargerFrame) {
  weft::options large = weft_test::options_for(20);
  large.stack_size = 4 * 1024 * kib;
  const weft::report r = weft::explore(large, first_thread_with_frame<2 * 1024 * kib>);
  EXPECT_FALSE(r.failed()) << r;
}

WEFT_TEST(StackSize, AWeftTestSetsItsOwn, [](weft::options& opt) { opt.stack_size = 4 * 1024 * kib; }) {
  first_thread_with_frame<2 * 1024 * kib>();
}
