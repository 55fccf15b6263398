// detail::keep_test_skip and take_test_skip (weft/explore.hpp).
#include <utility>

#include <weft/explore.hpp>

namespace weft::inline sim_v1::detail {

namespace {

// No lock: simulated threads keep a skip one at a time (the scheduler orders them, OS
// threads included), and the exploring thread takes it after they have all finished.
std::optional<test_skip> kept;

}  // namespace

void keep_test_skip(test_skip skip) {
  if (!kept) kept = std::move(skip);
}

std::optional<test_skip> take_test_skip() { return std::exchange(kept, std::nullopt); }

}  // namespace weft::detail
