// Which backend (execution/backend.hpp) runs an exploration's executions.
#pragma once

#include <weft/options.hpp>

#include "execution/backend.hpp"

namespace weft::inline sim_v1::detail {

// The backend options::threads asks for, made for this OS thread and kept across
// explorations (mapping fiber stacks is the expensive part of starting a thread).
// Replaced when asked for another stack size, smaller ones included: a test that sets a
// small stack means it. Throws what making a backend throws.
execution_backend& backend_for(const options& opt);

// Makes thread_backend::automatic mean os_threads in this process: called by
// weft::interpose when it is linked in.
void prefer_os_threads() noexcept;

}  // namespace weft::detail
