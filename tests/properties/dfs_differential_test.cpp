// The reduction of dfs is sound: on small generated bodies, the outcomes dfs reaches are
// exactly those a search without reduction (dfs:reduction=off, every runnable thread at
// every choice point) reaches. This is how DPOR implementations are tested (Flanagan &
// Godefroid, POPL 2005, section 5; Abdulla et al., "Optimal dynamic partial order
// reduction", POPL 2014, whose artefact compares against an unreduced search).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

namespace {

constexpr int object_count = 2;

// One operation of a generated thread on object `object`, with an order of the strength
// given: 0 relaxed, 1 acquire (loads), release (stores) or acq_rel, 2 seq_cst. Weak
// orders give loads several stores to read, which dfs must enumerate too.
struct step {
  enum kind_t { load, store, fetch_add, exchange, compare_exchange, locked_increment, fence } kind;
  int object;
  int value;
  int strength;
};

std::memory_order load_order(int strength) {
  return strength == 0 ? std::memory_order_relaxed : strength == 1 ? std::memory_order_acquire : std::memory_order_seq_cst;
}
std::memory_order store_order(int strength) {
  return strength == 0 ? std::memory_order_relaxed : strength == 1 ? std::memory_order_release : std::memory_order_seq_cst;
}
std::memory_order modify_order(int strength) {
  return strength == 0 ? std::memory_order_relaxed : strength == 1 ? std::memory_order_acq_rel : std::memory_order_seq_cst;
}

// threads[0] is the body's own thread; it starts threads[i] (i >= 1) just before its
// step spawn_at[i - 1] (or after its last step), then joins them all.
struct program {
  std::vector<std::vector<step>> threads;
  std::vector<std::size_t> spawn_at;
};

std::ostream& operator<<(std::ostream& out, const program& p) {
  static const char* names[] = {"load", "store", "fetch_add", "exchange", "cas", "locked++", "fence"};
  static const char* strengths[] = {"rlx", "acq/rel", "sc"};
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    out << "t" << t;
    if (t > 0) out << " (started before main's step " << p.spawn_at[t - 1] << ")";
    out << ":";
    for (const step& s : p.threads[t]) {
      out << " " << names[s.kind] << "(x" << s.object << "," << s.value << "," << strengths[s.strength] << ")";
    }
    out << "\n";
  }
  return out;
}

rc::Gen<step> gen_step() {
  return rc::gen::build<step>(
      rc::gen::set(&step::kind, rc::gen::element(step::load, step::store, step::fetch_add, step::exchange,
                                                 step::compare_exchange, step::locked_increment, step::fence)),
      rc::gen::set(&step::object, rc::gen::inRange(0, object_count)), rc::gen::set(&step::value, rc::gen::inRange(1, 3)),
      rc::gen::set(&step::strength, rc::gen::inRange(0, 3)));
}

// Scheduling points of a step (a locked increment locks, loads and stores).
std::size_t points_of(const step& s) { return s.kind == step::locked_increment ? 3 : 1; }

// The number of interleavings of the threads' points (a multinomial coefficient): a bound
// on what the unreduced search runs.
double interleavings(const std::vector<std::vector<step>>& threads) {
  double count = 1;
  std::size_t placed = 0;
  for (const auto& thread : threads) {
    for (const step& s : thread) {
      for (std::size_t i = 0; i < points_of(s); ++i) count = count * static_cast<double>(++placed) / static_cast<double>(i + 1);
    }
  }
  return count;
}

// Bodies of 2 to 5 threads of 1 to 3 steps each (the main thread's possibly none),
// trimmed (last steps first) to at most max_interleavings, so that the unreduced search
// stays fast.
constexpr double max_interleavings = 1000;

rc::Gen<program> gen_program() {
  return rc::gen::mapcat(rc::gen::inRange(2, 6), [](int thread_count) {
    return rc::gen::mapcat(
        rc::gen::container<std::vector<std::vector<step>>>(
            static_cast<std::size_t>(thread_count),
            rc::gen::mapcat(rc::gen::inRange<std::size_t>(1, 4),
                            [](std::size_t n) { return rc::gen::container<std::vector<step>>(n, gen_step()); })),
        [](std::vector<std::vector<step>> threads) {
          // Trimmed from the end: last steps first, then whole threads (two at least).
          for (std::size_t t = threads.size(); interleavings(threads) > max_interleavings;) {
            const bool all_single = std::all_of(threads.begin(), threads.end(), [](const auto& steps) { return steps.size() <= 1; });
            if (all_single && threads.size() > 2) {
              threads.pop_back();
              t = threads.size();
              continue;
            }
            if (all_single) break;
            t = (t == 0 ? threads.size() : t) - 1;
            if (threads[t].size() > 1) threads[t].pop_back();
          }
          // A quarter of the bodies have a main thread that only starts and joins the others
          // (IRIW's shape: with it, dfs once missed an outcome).
          return rc::gen::mapcat(rc::gen::inRange(0, 4), [threads](int coin) {
            std::vector<std::vector<step>> body = threads;
            if (coin == 0) body[0].clear();
            const std::size_t main_steps = body[0].size();
            return rc::gen::map(rc::gen::container<std::vector<std::size_t>>(
                                    body.size() - 1, rc::gen::inRange<std::size_t>(0, main_steps + 1)),
                                [body](std::vector<std::size_t> spawn_at) { return program{body, spawn_at}; });
          });
        });
  });
}

struct shared_state {
  weft::atomic<int> cells[object_count] = {0, 0};
  weft::mutex locks[object_count];
};

// A thread's steps are straight-line code: the k-th load and the k-th compare-exchange
// of a thread come from line k of these, not from one line run in a loop (which weft
// would take for a spin after two unchanged re-reads, and run others first).
int load_at(std::size_t k, weft::atomic<int>& x, std::memory_order order) {
  switch (k) {
    case 0: return x.load(order);
    case 1: return x.load(order);
    default: return x.load(order);
  }
}

bool compare_exchange_at(std::size_t k, weft::atomic<int>& x, int expected, int desired, std::memory_order order) {
  switch (k) {
    case 0: return x.compare_exchange_strong(expected, desired, order);
    case 1: return x.compare_exchange_strong(expected, desired, order);
    default: return x.compare_exchange_strong(expected, desired, order);
  }
}

// Performs `s`, the k-th step of its thread; appends what it read (if anything) to `seen`.
void perform(const step& s, std::size_t k, shared_state& state, std::vector<int>& seen) {
  weft::atomic<int>& x = state.cells[s.object];
  switch (s.kind) {
    case step::load: seen.push_back(load_at(k, x, load_order(s.strength))); break;
    case step::store: x.store(s.value, store_order(s.strength)); break;
    case step::fetch_add: seen.push_back(x.fetch_add(s.value, modify_order(s.strength))); break;
    case step::exchange: seen.push_back(x.exchange(s.value, modify_order(s.strength))); break;
    case step::compare_exchange:
      seen.push_back(compare_exchange_at(k, x, s.value - 1, s.value + 2, modify_order(s.strength)) ? 1 : 0);
      break;
    case step::fence: weft::atomic_thread_fence(modify_order(s.strength)); break;
    case step::locked_increment: {
      const std::lock_guard guard(state.locks[s.object]);
      const int now = x.load();
      x.store(now + 1);
      seen.push_back(now);
      break;
    }
  }
}

// Runs `p` once; returns what every thread read, then the final value of every object.
std::string run(const program& p) {
  shared_state state;
  std::vector<std::vector<int>> seen(p.threads.size());
  std::vector<weft::thread> started;
  const auto start_due = [&](std::size_t position) {
    for (std::size_t t = 1; t < p.threads.size(); ++t) {
      if (p.spawn_at[t - 1] != position) continue;
      started.emplace_back([&, t] {
        for (std::size_t k = 0; k < p.threads[t].size(); ++k) perform(p.threads[t][k], k, state, seen[t]);
      });
    }
  };
  for (std::size_t i = 0; i < p.threads[0].size(); ++i) {
    start_due(i);
    perform(p.threads[0][i], i, state, seen[0]);
  }
  start_due(p.threads[0].size());
  for (weft::thread& t : started) t.join();
  std::ostringstream outcome;
  for (const auto& values : seen) {
    for (int v : values) outcome << v << ' ';
    outcome << "| ";
  }
  for (const auto& x : state.cells) outcome << x.load() << ' ';
  return outcome.str();
}

// Every outcome of `p` under `strategy`, a search run to its end, or to `limit`
// executions (discarding the case: the body is too large to check).
std::set<std::string> outcomes(const program& p, const char* strategy, std::uint64_t limit) {
  std::set<std::string> reached;
  weft::options opt(weft::options::defaults_only);
  opt.strategy = strategy;
  opt.iterations = limit;
  opt.max_cancellations = 0;
  const weft::report r = weft::explore(opt, [&] { reached.insert(run(p)); });
  if (r.failed()) RC_FAIL("the body failed under " + std::string(strategy) + ": " + r.message());
  RC_PRE(r.complete());
  return reached;
}

}  // namespace

// Thousands of bodies in the plain build (about 40 s). The sanitizers check memory
// errors rather than the search and run it 10-20 times slower: there, a tenth of the
// bodies, and those whose unreduced search takes more than 2,000 executions are skipped.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif
constexpr int bodies = sanitized ? 200 : 2000;
constexpr std::uint64_t unreduced_limit = sanitized ? 2000 : 20000;

TEST(DfsDifferential, ReductionReachesEveryOutcomeOfTheUnreducedSearch) {
  rc::detail::TestParams params;
  params.maxSuccess = bodies;
  params.seed = 20261202;
  const auto result = rc::detail::checkTestable(
      [] {
        const program p = *gen_program();
        RC_TAG(p.threads.size());
        const std::set<std::string> unreduced = outcomes(p, "dfs:reduction=off", unreduced_limit);
        const std::set<std::string> reduced = outcomes(p, "dfs", 0);
        if (reduced != unreduced) {
          std::ostringstream why;
          why << "dfs reaches " << reduced.size() << " outcomes, the unreduced search " << unreduced.size()
              << ".\nprogram:\n"
              << p << "missed by dfs:";
          for (const std::string& o : unreduced) {
            if (!reduced.contains(o)) why << " [" << o << "]";
          }
          RC_FAIL(why.str());
        }
      },
      rc::detail::TestMetadata{}, params);
  rc::detail::FailureResult failure;
  EXPECT_FALSE(result.match(failure)) << failure.description;
}

// The test's own check: the unreduced search is the reference only if it is not reduced.
TEST(DfsDifferential, TheUnreducedSearchTriesEveryInterleaving) {
  const program independent{{{{step::store, 0, 1, 2}}, {{step::store, 1, 1, 2}}, {{step::store, 1, 2, 2}}}, {0, 0}};
  weft::options opt(weft::options::defaults_only);
  opt.iterations = 0;
  opt.max_cancellations = 0;
  opt.strategy = "dfs:reduction=off";
  const weft::report unreduced = weft::explore(opt, [&] { run(independent); });
  opt.strategy = "dfs";
  const weft::report reduced = weft::explore(opt, [&] { run(independent); });
  EXPECT_TRUE(unreduced.complete());
  EXPECT_TRUE(reduced.complete());
  EXPECT_GT(unreduced.executions(), 2 * reduced.executions()) << unreduced << reduced;
}
