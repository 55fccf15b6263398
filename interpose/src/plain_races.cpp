#include "plain_races.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include <weft/errors.hpp>

#include "api/environment.hpp"
#include "execution/execution.hpp"
#include "intercepted_call.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

// An access's bytes: where they start and how many. An access is checked against every
// span it overlaps, and recorded in its own.
using span = std::pair<std::uintptr_t, std::size_t>;

// No span is longer: an access to more bytes (a copy, a memset) is checked and recorded
// in pieces, so that it does not make every later lookup of the execution start that
// far back (plain_spans::first_near).
constexpr std::size_t longest_span = 64;

// One span's accesses that a later access of its bytes must be ordered after.
struct history {
  memory_access last_write;
  std::vector<memory_access> reads_since_write;
};

// The running execution's spans, kept by the OS thread of the one simulated thread that
// runs (nothing else touches them inside an execution).
struct plain_spans {
  std::uint64_t generation = 0;
  std::map<span, history> spans;
  std::size_t longest = 0;  // no span reaches further back from an address than this
  // Every span lies in [lowest, highest): most accesses to a stack are outside.
  std::uintptr_t lowest = UINTPTR_MAX;
  std::uintptr_t highest = 0;
  // Set while `spans` changes: the frees of its own nodes come back through free.
  bool changing = false;

  // Starts over in a new execution.
  void enter(std::uint64_t now);
  // The first span that may overlap the bytes from `address` on.
  std::map<span, history>::iterator first_near(std::uintptr_t address) {
    return spans.lower_bound(span{address - std::min(address, longest), 0});
  }
};
plain_spans recorded;

// Marks `recorded` as changing for its lifetime, whatever leaves the scope.
class changing_spans {
 public:
  changing_spans() noexcept { recorded.changing = true; }
  ~changing_spans() { recorded.changing = false; }
  changing_spans(const changing_spans&) = delete;
  changing_spans& operator=(const changing_spans&) = delete;
};

void plain_spans::enter(std::uint64_t now) {
  if (now == generation) return;
  generation = now;
  longest = 0;
  lowest = UINTPTR_MAX;
  highest = 0;
  std::map<span, history> earlier;
  earlier.swap(spans);
  const changing_spans clearing;
  earlier.clear();
}
bool overlaps(const span& a, std::uintptr_t address, std::size_t size) {
  return a.first < address + size && address < a.first + a.second;
}

// Calls `visit` with the history of each span of the running execution that overlaps the
// `size` bytes at `address`, in order, until it returns true. Returns whether it did.
template <class Visit>
bool any_overlapping(std::uintptr_t address, std::size_t size, Visit visit) {
  for (auto at = recorded.first_near(address); at != recorded.spans.end() && at->first.first < address + size;
       ++at) {
    if (overlaps(at->first, address, size) && visit(at->second)) return true;
  }
  return false;
}

}  // namespace

bool plain_accesses_recorded = false;

bool plain_races_checked(execution& ex, const void* return_address) {
  static std::uint64_t read_in = 0;
  static bool checked = true;
  if (ex.generation() == read_in) return checked;
  read_in = ex.generation();
  try {
    checked = env_flag("WEFT_PLAIN_RACES").value_or(true) && ex.os_thread(ex.running()).has_value();
  } catch (const option_error&) {
    checked = false;
    misuse("WEFT_PLAIN_RACES is set to something other than a yes/no value (1 or 0)",
           fast_call_site(return_address));
  }
  return checked;
}

bool plain_accesses_known(std::uint64_t generation, std::uintptr_t address, std::size_t size) {
  if (recorded.generation != generation || address >= recorded.highest || address + size <= recorded.lowest) {
    return false;
  }
  return any_overlapping(address, size, [](const history&) { return true; });
}

namespace {

// check_plain_access for at most longest_span bytes.
std::optional<racing_access> check_span(execution& ex, std::uintptr_t address, std::size_t size, bool writes,
                                        std::source_location where) {
  const thread_index me = ex.running();
  std::optional<racing_access> race;
  if (any_overlapping(address, size, [&](const history& earlier) {
        race = find_race(ex.memory(), me, writes, earlier.last_write, earlier.reads_since_write);
        return race.has_value();
      })) {
    return race;
  }
  __atomic_store_n(&plain_accesses_recorded, true, __ATOMIC_RELAXED);
  {
    const changing_spans recording;
    history& own = recorded.spans[span{address, size}];
    record_access(ex.memory(), me, writes, where, own.last_write, own.reads_since_write);
  }
  recorded.longest = std::max(recorded.longest, size);
  recorded.lowest = std::min(recorded.lowest, address);
  recorded.highest = std::max(recorded.highest, address + size);
  return std::nullopt;
}

}  // namespace

std::optional<racing_access> check_plain_access(execution& ex, std::uintptr_t address, std::size_t size,
                                                bool writes, std::source_location where) {
  recorded.enter(ex.generation());
  for (std::size_t done = 0; done < size; done += longest_span) {
    const std::size_t piece = std::min(longest_span, size - done);
    if (std::optional<racing_access> race = check_span(ex, address + done, piece, writes, where)) return race;
  }
  return std::nullopt;
}

void forget_plain_accesses(std::uintptr_t address, std::size_t size) noexcept {
  if (recorded.changing || recorded.spans.empty()) return;
  const changing_spans forgetting;
  auto at = recorded.first_near(address);
  while (at != recorded.spans.end() && at->first.first < address + size) {
    at = overlaps(at->first, address, size) ? recorded.spans.erase(at) : std::next(at);
  }
}

}  // namespace weft::detail::interpose
