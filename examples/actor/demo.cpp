// The demo: weft finds the account actor's shared-reply-channel bug from scratch, prints
// what happened, replays the failing schedule from its token, and checks the version
// that gives every request its own reply channel.
#include <cstdlib>
#include <iostream>

#include "actor/scenarios.hpp"

int main() {
  const example::example_case c = example::shared_reply_channel();
  const weft::options opt = c.options("random", 1, 10000);

  std::cout << "== exploring the client that shares one reply channel (" << opt.strategy << ", up to "
            << opt.iterations << " executions)\n\n";
  const weft::report found = weft::explore(opt, c.wrong);
  std::cout << found << '\n';
  if (!found.failed()) {
    std::cout << "weft did not find the bug: this is a regression in weft\n";
    return EXIT_FAILURE;
  }

  std::cout << "== replaying token " << found.replay_token() << "\n\n";
  const weft::report again = weft::replay(found.replay_token(), c.wrong);
  const bool same = again.kind() == found.kind() && again.message() == found.message() &&
                    again.trace().size() == found.trace().size();
  std::cout << "replay: " << to_string(again.kind()) << ", " << again.trace().size() << " events -> "
            << (same ? "the same failure and the same trace" : "DIFFERENT from the first run") << "\n\n";

  std::cout << "== exploring the client with one reply channel per request\n";
  const weft::report fixed = weft::explore(opt, c.right);
  std::cout << fixed;
  return same && !fixed.failed() ? EXIT_SUCCESS : EXIT_FAILURE;
}
