/* Two threads each wait, yielding, for the other to go first: a livelock in every
   schedule. Its token (100,000 steps) is larger than a pipe holds, and weft-run still
   reports it. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

static atomic_int turn_taken[2];

static void* wait_for_the_other(void* self) {
  const int me = *(const int*)self;
  while (!atomic_load(&turn_taken[1 - me])) sched_yield();
  atomic_store(&turn_taken[me], 1);
  return NULL;
}

int main(void) {
  static const int ids[2] = {0, 1};
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) pthread_create(&threads[i], NULL, wait_for_the_other, (void*)&ids[i]);
  for (int i = 0; i < 2; ++i) pthread_join(threads[i], NULL);
  return 0;
}
