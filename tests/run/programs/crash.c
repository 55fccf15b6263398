/* A worker retires the configuration main reads: main dereferences a null pointer when the
   worker runs first, a crash (SIGSEGV) in some schedules only. Built with -DFIXED, main
   checks for a retired configuration. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int limit = 42;
static int* volatile configuration = &limit;

static void* retire(void* unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  configuration = NULL;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, retire, NULL);
  pthread_mutex_lock(&lock);
  int* const seen = configuration;
  pthread_mutex_unlock(&lock);
#ifdef FIXED
  if (seen != NULL) printf("limit %d\n", *seen);
#else
  printf("limit %d\n", *seen);
#endif
  pthread_join(worker, NULL);
  return 0;
}
