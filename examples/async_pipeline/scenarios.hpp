// The async pipeline's test body: five items, and a shutdown that may be requested at any
// moment (the exploration injects the stop request).
#pragma once

#include <stop_token>

#include <weft/assert.hpp>
#include <weft/cancellation.hpp>

#include "async_pipeline/async_pipeline.hpp"
#include "example_case.hpp"

namespace example {

inline void shut_down_async_pipeline_at_any_moment(async_shutdown how) {
  std::stop_source shutdown;
  weft::cancellable(shutdown);
  const async_pipeline_result r = run_async_pipeline(5, shutdown.get_token(), how);
  WEFT_ASSERT(r.delivered == r.produced, "an item that was produced was never delivered");
}

inline example_case stages_cancelled_mid_flight() {
  return {
      .example = "async_pipeline",
      .bug = "cancelling the stages loses the items in flight",
      .kind = weft::failure_kind::assertion,
      .budget = 2000,
      .wrong = [] { shut_down_async_pipeline_at_any_moment(async_shutdown::cancel_every_stage); },
      .right = [] { shut_down_async_pipeline_at_any_moment(async_shutdown::stop_the_source); },
      .configure = [](weft::options& opt) { opt.max_cancellations = 1; },
  };
}

}  // namespace example
