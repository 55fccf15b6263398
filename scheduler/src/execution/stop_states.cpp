// The happens-before edge of a stop request (stop_states.hpp).
#include "execution/stop_states.hpp"

#include <cstring>
#include <new>

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

const void* stop_state_address(const std::stop_token& token) noexcept {
  static_assert(sizeof(std::stop_token) == sizeof(void*), "a std::stop_token is one pointer to its state");
  const void* address = nullptr;
  std::memcpy(&address, static_cast<const void*>(&token), sizeof address);
  return address;
}

void stop_state_watch::on_request::operator()() const noexcept { ex->stop_requested_on(state); }

void execution::hold_stop_token(const std::stop_token& token, thread_index holder) noexcept {
  if (stopping_ || !token.stop_possible()) return;
  try {
    const auto [known, added] = stop_state_index_.try_emplace(stop_state_address(token), stop_states_.size());
    if (added) {
      auto watch = std::make_unique<stop_state_watch>();
      watch->requested = token.stop_requested();
      stop_state_watch& made = *stop_states_.emplace_back(std::move(watch));
      if (!made.requested) made.callback.emplace(token, stop_state_watch::on_request{this, known->second});
    }
    if (holder == no_thread) return;
    stop_state_watch& state = *stop_states_[known->second];
    if (state.held_by.size() <= holder) state.held_by.resize(holder + 1);
    state.held_by[holder] = true;
    if (state.requested && tracked()) memory_.take(holder, state.released, std::memory_order_acquire);
  } catch (const std::bad_alloc&) {  // the edge is lost, never the run
  }
}

void execution::stop_requested_on(std::size_t index) noexcept {
  // After the run, or on an OS thread that runs no simulated thread of this execution.
  if (current() != this || index >= stop_states_.size()) return;
  stop_state_watch& state = *stop_states_[index];
  state.requested = true;
  if (!tracked() || stopping_ || running_ >= threads_.size()) return;
  state.released.assign(memory_.clock(running_));
  memory_.step(running_);
  for (thread_index t = 0; t < state.held_by.size(); ++t) {
    if (state.held_by[t] && t != running_) memory_.take(t, state.released, std::memory_order_acquire);
  }
}

void execution::forget_stop_states() noexcept {
  if (stop_states_.empty()) return;  // the usual run: no clearing of the index's buckets twice per run
  stop_states_.clear();
  stop_state_index_.clear();
}

}  // namespace weft::detail
