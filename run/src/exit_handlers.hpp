// The program's own exit handlers: the functions its executable gave atexit() and the
// destructors of its static objects, which a real exit() runs once main has returned
// while the program's other threads go on. weft-run ends each execution's process with
// _exit (it is a copy of the program from before main, whose statics the next one still
// needs), so it runs them itself, inside the execution: a thread still using a static
// object as it is destroyed is then a bug weft finds like any other.
#pragma once

namespace weft::run {

// Runs the handlers the program's executable registered (with atexit(), or its
// compiler's __cxa_atexit calls for static objects), newest first, as exit() does, on
// the calling simulated thread; each may reach scheduling points, where other threads
// run. Each handler runs once: one that calls exit() itself runs the rest from there, as
// the C library's exit() does. Handlers of the program's shared libraries do not run,
// nor do the atexit() functions of an executable linked with -no-pie: its atexit()
// passes a null handle, which does not tell them from anyone's (its static objects'
// registrations pass the address of its __dso_handle, and run). A handler that uses a
// stdio stream another thread holds parked at a scheduling point (flockfile around a
// sleep) waits on the C library's lock, which weft does not simulate: the watchdog
// reports a stall. May throw what a scheduling point throws (the execution's teardown).
void run_program_exit_handlers();

}  // namespace weft::run
