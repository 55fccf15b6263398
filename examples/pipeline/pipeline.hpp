// A three-stage pipeline over bounded channels, with a clean shutdown.
//
//   source --raw--> parse --parsed--> total
//
// Every channel is bounded, so a slow stage slows the ones before it (backpressure)
// instead of letting a queue grow. Shutdown is a stop request: the source stops
// producing and closes its channel; each stage drains what it was given, then closes
// the next channel, so the close travels downstream and every item already in flight
// is delivered.
//
// The careless parse stage checks for the stop request after taking an item and, if it
// sees one, leaves at once: the item in its hands is lost.
#pragma once

#include <optional>
#include <stop_token>

#include <weft/channel.hpp>
#include <weft/thread.hpp>

namespace example {

enum class stage_style { careless, drains };

struct pipeline_result {
  int produced = 0;
  int delivered = 0;
};

// Runs the pipeline until `items` have been produced or a stop is requested on `stop`.
inline pipeline_result run_pipeline(int items, std::stop_token stop, stage_style style) {
  weft::channel<int> raw(2);
  weft::channel<int> parsed(2);
  pipeline_result result;

  weft::thread source([&] {
    weft::this_thread::set_name("source");
    for (int i = 1; i <= items && !stop.stop_requested(); ++i) {
      if (!raw.send(i, stop)) break;  // stopped while waiting for room
      ++result.produced;
    }
    raw.close();
  });
  weft::thread parse([&] {
    weft::this_thread::set_name("parse");
    while (std::optional<int> item = raw.recv()) {
      if (style == stage_style::careless && stop.stop_requested()) break;
      parsed.send(*item * 10);
    }
    parsed.close();
  });
  weft::thread total([&] {
    weft::this_thread::set_name("total");
    while (parsed.recv()) ++result.delivered;
  });
  source.join();
  parse.join();
  total.join();
  return result;
}

}  // namespace example
