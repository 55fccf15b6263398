// The tail a crash or stall message appends to its WEFT_REPLAY=<token> line
// (detail::rerun_command_scope in weft/explore.hpp).
#pragma once

namespace weft::inline sim_v1::detail {

// The innermost scope's tail, or "" (a static buffer: safe to read in a signal handler).
const char* rerun_command_tail() noexcept;

}  // namespace weft::detail
