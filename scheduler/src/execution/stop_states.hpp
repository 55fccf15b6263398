// The stop states (each shared by a std::stop_source and its tokens) an execution has met,
// and the happens-before edge a stop request makes.
//
// C++20 [thread.stoptoken.intro]: a request_stop() that succeeds synchronizes with a
// stop_requested() that returns true. Both are std's own code, so weft sees neither; it
// watches each state it meets instead (a std::stop_callback of its own, run on the
// requesting thread at the moment of the request, whoever asks: a jthread, weft's
// injected cancellation, or code calling a std::stop_source) and knows which threads hold
// a token of it (a jthread's thread, a task's, a thread that waits with the token or
// registers a stop callback on it). At the request, what the requesting thread did so far
// happens before whatever each holder does next, as if the holder had seen the request
// there: a holder that never looks is over-approximated (a race it has with the
// requester's earlier writes goes unseen in the runs where it reads after the request,
// never in those where it reads before), a thread weft does not know holds a token is not
// covered (README, "Cancellation").
#pragma once

#include <cstddef>
#include <optional>
#include <stop_token>
#include <vector>

#include <weft/detail/sim/runtime.hpp>

#include "memory/vector_clock.hpp"

namespace weft::inline sim_v1::detail {

class execution;

struct stop_state_watch {
  // What the state runs inside request_stop(), on the requesting thread.
  struct on_request {
    execution* ex;
    std::size_t state;  // this watch's index among the execution's
    void operator()() const noexcept;
  };

  // What the requesting thread had done at the request: each holder takes it. Not an
  // object's clock in happens_before, so that watching a state does not number it among
  // the objects reports name.
  vector_clock released;
  bool requested = false;
  std::vector<bool> held_by;  // by thread index
  // Empty when the stop was requested before the execution met the state.
  std::optional<std::stop_callback<on_request>> callback;
};

// Identifies the stop state `token` shares: the address of the state, its only member
// in libstdc++ and libc++ (a key compared, never dereferenced). Null for no state.
const void* stop_state_address(const std::stop_token& token) noexcept;

}  // namespace weft::detail
