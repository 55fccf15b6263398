// The ring's test body: a producer pushes five numbers through a ring of two slots, the
// consumer pops them and checks their order.
#pragma once

#include <weft/assert.hpp>
#include <weft/thread.hpp>

#include "example_case.hpp"
#include "spsc_ring/ring.hpp"

namespace example {

inline void producer_and_consumer(index_orders orders) {
  constexpr int items = 5;
  spsc_ring<int, 2> ring(orders);
  weft::thread producer([&] {
    weft::this_thread::set_name("producer");
    for (int item = 1; item <= items;) {
      if (ring.try_push(item)) {
        ++item;
      } else {
        weft::this_thread::yield();
      }
    }
  });
  for (int expected = 1; expected <= items;) {
    if (const auto item = ring.try_pop()) {
      WEFT_ASSERT(*item == expected, "the consumer got an element out of order");
      ++expected;
    } else {
      weft::this_thread::yield();
    }
  }
  producer.join();
}

inline example_case relaxed_ring_indices() {
  return {
      .example = "spsc_ring",
      .bug = "relaxed indices publish a slot before its element",
      .kind = weft::failure_kind::data_race,
      .budget = 200,
      .wrong = [] { producer_and_consumer(index_orders::relaxed); },
      .right = [] { producer_and_consumer(index_orders::release_acquire); },
  };
}

}  // namespace example
