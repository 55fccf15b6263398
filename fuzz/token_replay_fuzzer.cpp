// libFuzzer target for replaying decoded tokens against a fixed body (fuzz_body.hpp):
// every token that decodes replays to a report, without a crash or a hang, and a failing
// report always says what failed. A replay runs the body's threads, so scripts/test
// runs this one for fewer inputs than the decoder's fuzzer. (With the decoder's check of
// the no_choice sentinel removed and replay as it was, a trial found the empty message
// after 270,000 inputs, through the fixed-width form of token_input.hpp.)
#include <cstddef>
#include <cstdint>

#include <weft/explore.hpp>

#include "fuzz_body.hpp"
#include "token_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string token = weft_fuzz::token_of_input(data, size);
  if (!weft_fuzz::decode(token)) return 0;
  static const weft::options opt = [] {
    weft::options o;
    o.report_events = 0;
    return o;
  }();
  const weft::report r = weft::replay(token, weft_fuzz::body, opt);
  if (r.failed() && r.message().empty()) weft_fuzz::broken("a failing replay without a message", token);
  return 0;
}
