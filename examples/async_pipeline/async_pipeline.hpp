// The pipeline of examples/pipeline as C++20 coroutines: three tasks over bounded
// channels, and a shutdown.
//
//   source --raw--> parse --parsed--> total
//
// In async code every co_await is a place where a task can be cancelled, and weft's
// awaitables honour the task's stop request there: a co_await on a channel returns
// "stopped" instead of waiting. So how a pipeline is shut down decides what it loses.
//
// The careless shutdown cancels every stage. A stage cancelled between its receive and
// its send has an item in hand that its send now refuses (channel_status::stopped), and
// a stage stopped at its receive leaves what is still queued for it: items are lost. The right shutdown stops
// only the source: the source stops producing and closes its channel, each stage drains
// what it was given and closes the next channel, and every item produced is delivered.
#pragma once

#include <stop_token>

#include <weft/async.hpp>
#include <weft/channel.hpp>
#include <weft/thread.hpp>

namespace example {

enum class async_shutdown { cancel_every_stage, stop_the_source };

struct async_pipeline_result {
  int produced = 0;
  int delivered = 0;
};

inline weft::task<> produce(weft::channel<int>& raw, int items, int& produced) {
  weft::this_thread::set_name("source");
  for (int i = 1; i <= items; ++i) {
    const weft::send_result<int> sent = co_await weft::async_send(raw, i);
    if (!sent) break;  // stopped while waiting for room: the item was not produced
    ++produced;
  }
  raw.close();
}

inline weft::task<> parse(weft::channel<int>& raw, weft::channel<int>& parsed) {
  weft::this_thread::set_name("parse");
  for (;;) {
    weft::recv_result<int> item = co_await weft::async_recv(raw);
    if (!item) break;  // closed and drained (or, when cancelled, stopped)
    const weft::send_result<int> sent = co_await weft::async_send(parsed, *item * 10);
    if (!sent) break;  // cancelled here: the item in hand is gone
  }
  parsed.close();
}

inline weft::task<> total(weft::channel<int>& parsed, int& delivered) {
  weft::this_thread::set_name("total");
  for (;;) {
    const weft::recv_result<int> item = co_await weft::async_recv(parsed);
    if (!item) break;
    ++delivered;
  }
}

// Runs the pipeline over `items` items; a stop request on `shutdown` shuts it down the
// way `how` says.
inline async_pipeline_result run_async_pipeline(int items, std::stop_token shutdown, async_shutdown how) {
  weft::channel<int> raw(2);
  weft::channel<int> parsed(2);
  async_pipeline_result result;
  auto source = weft::spawn(produce(raw, items, result.produced));
  auto middle = weft::spawn(parse(raw, parsed));
  auto sink = weft::spawn(total(parsed, result.delivered));
  {
    std::stop_callback on_shutdown(shutdown, [&] {
      source.request_stop();
      if (how == async_shutdown::cancel_every_stage) {
        middle.request_stop();
        sink.request_stop();
      }
    });
    source.join();
    middle.join();
    sink.join();
  }
  return result;
}

}  // namespace example
