// The single-producer/single-consumer ring: weft finds relaxed indices from scratch (a
// data race on the slot), the token replays it, and release/acquire indices pass.
#include "expect_example.hpp"
#include "spsc_ring/scenarios.hpp"

TEST(SpscRingExample, RelaxedIndicesAreFoundFromScratch) {
  example::expect_found_from_scratch(example::relaxed_ring_indices());
}

TEST(SpscRingExample, ReleaseAcquireIndicesPublishEveryElement) {
  example::expect_right_version_passes(example::relaxed_ring_indices());
}
