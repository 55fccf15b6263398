#include "memory/race_check.hpp"

#include <algorithm>

#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

namespace {

bool happens_before_now(happens_before& memory, thread_index me, const memory_access& earlier) {
  return earlier.thread == no_thread || earlier.thread == me ||
         epoch{earlier.thread, earlier.tick}.happens_before(memory.clock(me));
}

}  // namespace

std::optional<racing_access> find_race(happens_before& memory, thread_index me, bool writes,
                                       const memory_access& last_write,
                                       const std::vector<memory_access>& reads_since_write) {
  if (!happens_before_now(memory, me, last_write)) return racing_access{last_write, true};
  if (!writes) return std::nullopt;
  for (const memory_access& read : reads_since_write) {
    if (!happens_before_now(memory, me, read)) return racing_access{read, false};
  }
  return std::nullopt;
}

void record_access(happens_before& memory, thread_index me, bool writes, std::source_location where,
                   memory_access& last_write, std::vector<memory_access>& reads_since_write) {
  const memory_access now{me, memory.now(me).tick, where};
  if (writes) {
    last_write = now;
    reads_since_write.clear();
    return;
  }
  const auto mine = std::find_if(reads_since_write.begin(), reads_since_write.end(),
                                 [me](const memory_access& a) { return a.thread == me; });
  if (mine == reads_since_write.end()) {
    reads_since_write.push_back(now);
  } else {
    *mine = now;
  }
}

std::string race_message(const std::string& label, thread_index me, bool writes, std::source_location where,
                         const racing_access& race, bool earlier_made_it) {
  const char* earlier_did = !race.earlier_writes ? " read it at "
                            : earlier_made_it    ? " made it (a write) at "
                                                 : " wrote it at ";
  return "data race on " + label + ": " + thread_label(me) + (writes ? " writes it at " : " reads it at ") +
         place_label(where) + ", and " + thread_label(race.earlier.thread) + earlier_did +
         place_label(race.earlier.where) +
         "; nothing orders the two (no lock, join, channel, or release/acquire pair between them: "
         "neither happens before the other)";
}

}  // namespace weft::detail
