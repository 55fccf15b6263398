/* A producer publishes a value through a flag with relaxed C11 atomics: the consumer may
   see the flag set and still read the value's old 0, as on any weakly ordered machine.
   Compiled with -fsanitize=thread, so that weft-run sees the atomics. Built with -DFIXED,
   the flag is stored with release and loaded with acquire. */
#undef NDEBUG /* the assert is the test; CMake's release flags would drop it */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

#ifdef FIXED
#define PUBLISH memory_order_release
#define OBSERVE memory_order_acquire
#else
#define PUBLISH memory_order_relaxed
#define OBSERVE memory_order_relaxed
#endif

static atomic_int value;
static atomic_int flag;

static void* produce(void* unused) {
  (void)unused;
  atomic_store_explicit(&value, 42, memory_order_relaxed);
  atomic_store_explicit(&flag, 1, PUBLISH);
  return NULL;
}

static void* consume(void* unused) {
  (void)unused;
  if (atomic_load_explicit(&flag, OBSERVE) == 1) assert(atomic_load_explicit(&value, memory_order_relaxed) == 42);
  return NULL;
}

int main(void) {
  pthread_t producer, consumer;
  pthread_create(&producer, NULL, produce, NULL);
  pthread_create(&consumer, NULL, consume, NULL);
  pthread_join(producer, NULL);
  pthread_join(consumer, NULL);
  return 0;
}
