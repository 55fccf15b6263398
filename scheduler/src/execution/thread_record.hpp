// Everything the simulator knows about one simulated thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <source_location>
#include <string>
#include <type_traits>
#include <vector>

#include <weft/detail/sim/runtime.hpp>
#include <weft/detail/sim/thread_core.hpp>

namespace weft::inline sim_v1::detail {

enum class thread_state : std::uint8_t { runnable, blocked, finished };

// The operation a thread is in: what it last did, or what it waits on while blocked.
// The same call site: a loop's iterations, as opposed to straight-line code.
inline bool same_site(const std::source_location& a, const std::source_location& b) noexcept {
  return a.line() == b.line() && a.column() == b.column() && a.file_name() == b.file_name();
}

struct activity {
  op what = op::start;
  object_kind kind = object_kind::none;
  std::uint32_t object = 0;  // object id, or thread index for object_kind::thread
  std::source_location where{};
  thread_index holder = no_thread;  // who holds what it waits for, when known
  virtual_time deadline = no_deadline;  // when its wait times out, if it has a timeout
};

// How a thread holds a mutex: alone, or (lock_shared) with other readers.
enum class hold : std::uint8_t { exclusive, shared };

// A weft mutex a thread holds, how, and where it locked it.
struct held_lock {
  const sim_object* mutex;
  std::source_location where;
  hold how;
};

// What a thread record holds besides its containers: trivially copyable, so that a
// record is reset with plain stores (thread_record::reset).
struct thread_fields {
  task body{};
  bool detached = false;
  bool joined = false;
  // Started by weft::spawn to run a weft::task: reports call it a task.
  bool is_task = false;
  // Left suspended during teardown, never to be resumed (execution_backend::abandon).
  bool abandoned = false;
  // Why its last wait ended (beside the flags: a byte where the layout had a hole).
  wake_reason woke = wake_reason::notified;
  // Scheduling points it passed while being torn down; past the limit it is abandoned.
  static constexpr std::uint32_t unwinding_points = 10000;
  std::uint32_t points_while_stopping = 0;
  // Times the teardown threw execution_aborted into it; a thread that caught it this
  // often (`catch (...)` in a loop) and went on is abandoned.
  static constexpr std::uint32_t swallowed_aborts = 2;
  std::uint32_t aborts_thrown = 0;
  // Its last scheduling point was a yield(), or a load of an atomic that nobody has
  // changed since this thread last loaded it (a spin): strategies let others go first.
  bool yielded = false;
  // The atomics it loaded most recently and their versions then, to recognise a spin
  // over several locations (Peterson's wait reads a flag and a turn variable).
  struct load_seen {
    std::uint32_t object = 0;
    std::uint64_t version = 0;
    std::uint32_t unchanged = 0;  // consecutive loads there that found it unchanged
    std::source_location where{};
  };
  // One unchanged re-read is a double check (double-checked locking); a spin re-reads
  // again and again, at the same line: loads of an unchanged value at different lines
  // are straight-line code, whose outcomes depend on where other threads' writes fall
  // between them (dfs must try those orders, so it must not take them for a spin).
  static constexpr std::uint32_t spin_rereads = 2;
  // Plain memory (instrumented code's accesses) is re-read unchanged at one line by every
  // loop over a bound kept in memory (`for (i = 0; i < count; i++)`): a few re-reads are
  // a loop, only many are a spin.
  static constexpr std::uint32_t spin_rereads_of_plain_memory = 8;
  static constexpr std::size_t remembered_loads = 4;
  load_seen recent_loads[remembered_loads];
  std::uint32_t next_load_slot = 0;  // beside failed_attempts: two words in one 8-byte slot
  // Non-blocking attempts (try_lock, try_acquire, ...) that failed in a row: past
  // spin_rereads of them it spins, as when it re-reads.
  std::uint32_t failed_attempts = 0;  // in a row, at the same line
  std::source_location failed_at{};
  activity doing;
  // The wait_queue it is in, if any (one at a time); its neighbours there are in
  // execution's waiter links.
  wait_queue* queue = nullptr;
  // While its next step is to lock a weft mutex (at a lock()'s scheduling point, or woken
  // from a condition variable wait that relocks): that mutex's owner field. A strategy is
  // not offered the thread while another thread owns the mutex (execution::choose_thread).
  const thread_index* lock_owner = nullptr;
  wait_queue joiners;  // threads blocked in join() on this one
};

static_assert(std::is_trivially_copyable_v<thread_fields>);

// Copies `from` over `to` in 64-byte pieces. Copied whole, a struct this size becomes a
// `rep movsq`, whose start-up cost three times the copy itself on x86-64 (about 16 ns
// against 6 for a record, measured), once per thread of every execution.
template <typename Fields>
void copy_in_pieces(Fields& to, const Fields& from) noexcept {
  static_assert(std::is_trivially_copyable_v<Fields>);
  constexpr std::size_t piece = 64;
  auto* out = reinterpret_cast<unsigned char*>(&to);
  const auto* in = reinterpret_cast<const unsigned char*>(&from);
  std::size_t left = sizeof(Fields);
  for (; left >= piece; left -= piece, out += piece, in += piece) std::memcpy(out, in, piece);
  std::memcpy(out, in, left);
}

struct thread_record : thread_fields {
  std::string name;  // empty: reports call it "main" or "thread-N"
  std::vector<held_lock> held;  // weft mutexes held, oldest first
  // Run when it finishes, last registered first (weft::thread_specific's values).
  struct exit_hook {
    void (*run)(void* object, thread_index thread);
    void* object;
  };
  std::vector<exit_hook> at_exit;
  // Run after every at_exit hook, first registered first (notify_all_at_thread_exit's).
  std::vector<exit_hook> after_exit;

  // Back to a new thread's state, keeping the memory its containers hold: records are
  // reused from one execution to the next, and the first lock a thread takes (held) would
  // otherwise allocate again in every execution. (Copy-assigning a whole fresh record
  // cost a hundred instructions a thread, in the containers' assignments.)
  void reset() noexcept {
    static constexpr thread_fields fresh{};
    copy_in_pieces<thread_fields>(*this, fresh);
    name.clear();
    held.clear();
    at_exit.clear();
    after_exit.clear();
  }
};

// reset() copies a whole thread_fields, tail padding included, over the record's: a class
// deriving from it may place members in that padding (the ABI allows it, thread_fields
// having default member initializers), which the copy would overwrite. So it has none: a
// byte member of a derived class starts at its end only then. (Offsets into a class that
// is not standard-layout are conditionally supported; GCC and Clang give them for a class
// without virtual bases.)
namespace layout_check {
struct derived_byte : thread_fields {
  char first;
};
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
static_assert(offsetof(derived_byte, first) == sizeof(thread_fields),
              "thread_fields has tail padding, where thread_record's members could lie: reorder its members");
#pragma GCC diagnostic pop
}  // namespace layout_check

}  // namespace weft::detail
