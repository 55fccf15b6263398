/* Two threads increment a counter under a test-and-set spin lock that never yields:
   correct. Built with -fsanitize=thread, its test-and-set reaches weft-run as an atomic
   exchange; one that finds the flag set is a failed try, so the spinner lets the holder
   run (counted as a success, PCT kept the spinner first for ever: a false livelock). */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_flag locked = ATOMIC_FLAG_INIT;
static long counter;

static void* increment(void* unused) {
  (void)unused;
  while (atomic_flag_test_and_set_explicit(&locked, memory_order_acquire)) {
  }
  ++counter;
  atomic_flag_clear_explicit(&locked, memory_order_release);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(counter == 2);
  return 0;
}
