#include "plain_races.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <weft/errors.hpp>

#include "api/environment.hpp"
#include "execution/execution.hpp"
#include "intercepted_call.hpp"
#include "memory/race_check.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

// The accesses of one span of bytes, by where it starts and how long it is: an access is
// checked against every span it overlaps, and recorded in its own.
using span = std::pair<std::uintptr_t, std::size_t>;

struct history {
  memory_access last_write;
  std::vector<memory_access> reads_since_write;
};

// The running execution's spans, kept by the OS thread of the one simulated thread that
// runs (nothing else touches them inside an execution).
struct plain_memory {
  std::uint64_t generation = 0;
  std::map<span, history> spans;
  std::size_t longest = 0;  // no span reaches further back from an address than this

  // Starts over in a new execution.
  void enter(std::uint64_t now) {
    if (now == generation) return;
    spans.clear();
    longest = 0;
    generation = now;
  }
  // The first span that may overlap the bytes from `address` on.
  std::map<span, history>::iterator first_near(std::uintptr_t address) {
    return spans.lower_bound(span{address - std::min(address, longest), 0});
  }
};
plain_memory memory;

bool overlaps(const span& a, std::uintptr_t address, std::size_t size) {
  return a.first < address + size && address < a.first + a.second;
}

}  // namespace

bool plain_accesses_recorded = false;

bool plain_races_checked(std::source_location where) {
  static std::uint64_t read_in = 0;
  static bool checked = true;
  const std::uint64_t now = execution_generation();
  if (now == read_in) return checked;
  read_in = now;
  try {
    checked = env_flag("WEFT_PLAIN_RACES").value_or(true);
  } catch (const option_error&) {
    checked = false;
    misuse("WEFT_PLAIN_RACES is set to something other than a yes/no value (1 or 0)", where);
  }
  return checked;
}

void check_plain_access(execution& ex, std::uintptr_t address, std::size_t size, bool writes,
                        const sim_object& location, std::source_location where) {
  memory.enter(ex.generation());
  const thread_index me = ex.running();
  for (auto at = memory.first_near(address); at != memory.spans.end() && at->first.first < address + size; ++at) {
    if (!overlaps(at->first, address, size)) continue;
    const history& earlier = at->second;
    const std::optional<racing_access> race =
        find_race(ex.memory(), me, writes, earlier.last_write, earlier.reads_since_write);
    if (!race) continue;
    resolve_call_sites();  // the message names both lines, as a replay's will
    ex.fail(failure_kind::data_race,
            race_message(object_label(location.kind(), location.id()), me, writes, where, *race), where);
    ex.abort_if_stopping();
    return;
  }
  __atomic_store_n(&plain_accesses_recorded, true, __ATOMIC_RELAXED);
  history& own = memory.spans[span{address, size}];
  memory.longest = std::max(memory.longest, size);
  record_access(ex.memory(), me, writes, where, own.last_write, own.reads_since_write);
}

void forget_plain_accesses(std::uintptr_t address, std::size_t size) noexcept {
  if (memory.spans.empty()) return;
  auto at = memory.first_near(address);
  while (at != memory.spans.end() && at->first.first < address + size) {
    at = overlaps(at->first, address, size) ? memory.spans.erase(at) : std::next(at);
  }
}

}  // namespace weft::detail::interpose
