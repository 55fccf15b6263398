// A concurrent state-machine test to copy: RapidCheck generates programs of queue
// operations (a sequential prefix, then two threads), weft explores how the threads
// interleave, and every history must be explained by the sequential model below.
#include <deque>
#include <memory>
#include <optional>
#include <ostream>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <weft/properties/check.hpp>

#include "job_queue.hpp"

namespace {

constexpr std::size_t capacity = 2;

// The sequential model: what the queue means, without threads.
struct model {
  std::deque<int> jobs;
  bool operator==(const model&) const = default;
};

// The system under test, built fresh for every explored execution.
struct queue_system {
  example::job_queue queue{capacity};
};

// What an operation returned, comparable and printable for the report.
using result = std::optional<int>;

using command = weft::lin::command<model, queue_system, result>;
using command_ptr = weft::lin::command_ptr<model, queue_system, result>;

struct offer : command {
  int job;
  explicit offer(int j) : job(j) {}
  result apply(model& m) const override {
    if (m.jobs.size() == capacity) return 0;  // refused
    m.jobs.push_back(job);
    return 1;
  }
  result run(queue_system& s) const override { return s.queue.offer(job) ? 1 : 0; }
  void show(std::ostream& out) const override { out << "offer(" << job << ")"; }
};

struct poll : command {
  result apply(model& m) const override {
    if (m.jobs.empty()) return std::nullopt;
    const int job = m.jobs.front();
    m.jobs.pop_front();
    return job;
  }
  result run(queue_system& s) const override { return s.queue.poll(); }
  void show(std::ostream& out) const override { out << "poll"; }
};

struct size : command {
  result apply(model& m) const override { return static_cast<int>(m.jobs.size()); }
  result run(queue_system& s) const override { return static_cast<int>(s.queue.size()); }
  void show(std::ostream& out) const override { out << "size"; }
};

rc::Gen<command_ptr> commands(const model&) {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::inRange(1, 100), [](int job) -> command_ptr { return std::make_shared<offer>(job); }),
      rc::gen::element<command_ptr>(std::make_shared<poll>(), std::make_shared<size>()));
}

}  // namespace

RC_GTEST_PROP(JobQueue, EveryConcurrentHistoryIsLinearizable, ()) {
  const auto program = *weft::lin::gen_program<model, queue_system, result>(model{}, commands);
  weft::options opt;
  opt.iterations = 50;  // schedules explored per generated program
  weft::check_linearizable(opt, model{}, program);
}
