/* Reads numbers from standard input and has two threads add their sum to a counter
   under a lock. Correct, given input: every execution must read all of it (weft-run
   gives each the same input from its start). */
#undef NDEBUG /* the assert is the test; CMake's release flags would drop it */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long sum;
static long counter;

static void* add_sum(void* unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  counter += sum;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  long number;
  while (scanf("%ld", &number) == 1) sum += number;
  assert(sum > 0);
  pthread_t a, b;
  pthread_create(&a, NULL, add_sum, NULL);
  pthread_create(&b, NULL, add_sum, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(counter == 2 * sum);
  return 0;
}
