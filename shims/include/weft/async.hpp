// weft's C++20 coroutines: tasks, spawning, and an awaitable for every blocking primitive.
//
// Under weft::sim each spawned task is scheduled like a thread at its co_awaits (every
// interleaving of tasks explored, virtual time, injected cancellation, deadlocks naming
// each task's co_await line, replay tokens); on the pass-through build tasks run on a
// small real executor. See weft/async/task.hpp for how a task waits.
#pragma once

#include <weft/async/channel.hpp>
#include <weft/async/latch.hpp>
#include <weft/async/mutex.hpp>
#include <weft/async/semaphore.hpp>
#include <weft/async/spawn.hpp>
#include <weft/async/task.hpp>
#include <weft/async/task_group.hpp>
#include <weft/async/this_task.hpp>
#include <weft/async/when.hpp>
