// Writes the fuzzer's seed corpus: the replay tokens of failures weft finds in the fuzz
// body (one per strategy and seed), each as a file holding the fuzzer's text form (a '0'
// byte, then the token). Usage: weft_token_seeds DIR.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

#include "fuzz_body.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: weft_token_seeds DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  int written = 0;
  for (const char* strategy : {"random", "pct", "pos"}) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      weft::options opt;
      opt.strategy = strategy;
      opt.seed = seed;
      opt.iterations = 2000;
      opt.quiet = true;
      const weft::report r = weft::explore(opt, weft_fuzz::body);
      if (!r.failed()) continue;
      std::ofstream(dir / (std::string(strategy) + "-" + std::to_string(seed))) << '0' << r.replay_token();
      ++written;
    }
  }
  std::cout << "weft_token_seeds: " << written << " tokens in " << dir.string() << '\n';
  return written > 0 ? 0 : 1;
}
