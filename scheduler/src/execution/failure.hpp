// A failure an execution found, with what every thread was doing then (failure.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <weft/report.hpp>

#include "execution/thread_record.hpp"

namespace weft::inline sim_v1::detail {

struct thread_snapshot {
  thread_index id;
  std::string name;
  thread_state state;
  activity doing;
};

struct failure_record {
  failure_kind kind = failure_kind::none;
  std::string message;
  source_line where;
  thread_index thread = no_thread;
  std::uint64_t step = 0;
  std::vector<thread_snapshot> threads;  // as they were when the failure was found
};

}  // namespace weft::detail
