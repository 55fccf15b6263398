/* A thread waits for a signal nobody sends: blocked outside anything weft simulates, a
   stall in every schedule, which weft-run reports with the replay command. */
#include <pthread.h>
#include <signal.h>

static void* wait_for_a_signal(void* unused) {
  (void)unused;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, NULL);
  int received = 0;
  sigwait(&signals, &received);
  return NULL;
}

int main(void) {
  pthread_t waiter;
  pthread_create(&waiter, NULL, wait_for_a_signal, NULL);
  pthread_join(waiter, NULL);
  return 0;
}
