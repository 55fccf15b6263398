#include <sstream>

#include <rapidcheck.h>

#include <weft/properties/check.hpp>

WEFT_BEGIN_NAMESPACE

void explore_property(const options& opt, const std::function<void()>& body) {
  const report r = explore(opt, body);
  if (!r.failed()) return;
  std::ostringstream out;
  out << r << "\nweft: replay this schedule with weft::replay(\"" << r.replay_token()
      << "\", body) on the input above; RapidCheck's RC_PARAMS=\"reproduce=...\" regenerates that "
         "input, and weft's exploration of it (strategy "
      << r.strategy() << ", seed " << r.seed() << ") finds the same schedule again";
  RC_FAIL(out.str());
}

WEFT_END_NAMESPACE
