/* Returns 3 when the reader saw the flag before the writer set it: a status some
   interleavings produce, which weft-run treats as a failure with --fail-on-exit-status.
   Built with -DWRAPS it returns 256 instead: the process's status is its low byte, 0. */
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int flag;

static void* set_flag(void* unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  flag = 1;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t writer;
  pthread_create(&writer, NULL, set_flag, NULL);
  pthread_mutex_lock(&lock);
  int seen = flag;
  pthread_mutex_unlock(&lock);
  pthread_join(writer, NULL);
#ifdef WRAPS
  return seen ? 0 : 256;
#else
  return seen ? 0 : 3;
#endif
}
