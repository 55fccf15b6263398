// libFuzzer target for the token decoder alone (fast: scripts/test runs it for 1,000,000
// inputs). Any input either is rejected with a replay_error that says why, or decodes to
// a schedule that encodes and decodes again to itself.
#include <cstddef>
#include <cstdint>

#include "schedule/token.hpp"
#include "token_input.hpp"

namespace {

bool same(const weft::detail::recorded_schedule& a, const weft::detail::recorded_schedule& b) {
  if (a.flags != b.flags || a.failure != b.failure || a.max_steps != b.max_steps ||
      a.max_cancellations != b.max_cancellations || a.choice_count != b.choice_count ||
      a.choice_digest != b.choice_digest || a.deviations.size() != b.deviations.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.deviations.size(); ++i) {
    const auto& x = a.deviations[i];
    const auto& y = b.deviations[i];
    if (x.position != y.position || x.kind != y.kind || x.value != y.value) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string token = weft_fuzz::token_of_input(data, size);
  const auto schedule = weft_fuzz::decode(token);
  if (!schedule) return 0;
  const auto again = weft_fuzz::decode(weft::detail::encode_token(*schedule));
  if (!again || !same(*again, *schedule)) weft_fuzz::broken("the schedule does not survive encoding again", token);
  return 0;
}
