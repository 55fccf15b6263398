// Ending a simulated thread early, as pthread_exit does.
#pragma once

namespace weft::inline sim_v1::detail {

// Thrown on a simulated thread to end it there: its stack unwinds, and the frame that
// started the thread (the execution's, for every thread; pthread_create's start frame
// first, which keeps the value for pthread_join) ends it as if its function had returned.
struct thread_exit {
  void* value;
};

}  // namespace weft::inline sim_v1::detail
