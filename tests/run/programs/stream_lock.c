/* A detached logger holds stdout's lock (flockfile) across a sleep while main returns: a
   real process exits at once, whatever locks its streams hold. Correct. (Main writes with
   write(): stdio's locks are the C library's own, which weft does not simulate, so a
   printf here would wait for the parked logger, a stall weft reports.) */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void* log_in_two_parts(void* unused) {
  (void)unused;
  flockfile(stdout);
  printf("part 1, ");
  usleep(1000);
  printf("part 2\n");
  funlockfile(stdout);
  return NULL;
}

int main(void) {
  pthread_t logger;
  pthread_create(&logger, NULL, log_in_two_parts, NULL);
  pthread_detach(logger);
  usleep(500);
  const char done[] = "main returns\n";
  write(STDOUT_FILENO, done, strlen(done));
  return 0;
}
