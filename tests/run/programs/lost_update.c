/* Two threads add to a counter, each reading it under the lock and writing it back under
   a second hold of the lock: an update is lost when both read before either writes.
   Built with -DFIXED, each adds under one hold. */
#undef NDEBUG /* the assert is the test; CMake's release flags would drop it */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void* add_one(void* unused) {
  (void)unused;
#ifdef FIXED
  pthread_mutex_lock(&lock);
  counter = counter + 1;
  pthread_mutex_unlock(&lock);
#else
  pthread_mutex_lock(&lock);
  int seen = counter;
  pthread_mutex_unlock(&lock);
  pthread_mutex_lock(&lock);
  counter = seen + 1;
  pthread_mutex_unlock(&lock);
#endif
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, add_one, NULL);
  pthread_create(&b, NULL, add_one, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  assert(counter == 2);
  return 0;
}
