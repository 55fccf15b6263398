// The pipeline's test body: five items, and a shutdown that may be requested at any
// moment (the exploration injects the stop request).
#pragma once

#include <stop_token>

#include <weft/assert.hpp>
#include <weft/cancellation.hpp>

#include "example_case.hpp"
#include "pipeline/pipeline.hpp"

namespace example {

inline void shut_down_at_any_moment(stage_style style) {
  std::stop_source stop;
  weft::cancellable(stop);
  const pipeline_result r = run_pipeline(5, stop.get_token(), style);
  WEFT_ASSERT(r.delivered == r.produced, "an item that was produced was never delivered");
}

inline example_case careless_pipeline_shutdown() {
  return {
      .example = "pipeline",
      .bug = "shutdown drops the item a stage holds",
      .kind = weft::failure_kind::assertion,
      .budget = 2000,
      .wrong = [] { shut_down_at_any_moment(stage_style::careless); },
      .right = [] { shut_down_at_any_moment(stage_style::drains); },
      .configure = [](weft::options& opt) { opt.max_cancellations = 1; },
  };
}

}  // namespace example
