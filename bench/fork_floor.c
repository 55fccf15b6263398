/* What an execution costs any tool that runs each in a process forked from the program,
 * with each simulated thread an OS thread: a fork, THREADS threads made (each allocating
 * once, as a thread's first malloc makes its arena) and joined, and the process's end.
 * bench/weft-run-cost compares weft-run's executions with it.
 *
 *   fork_floor EXECUTIONS THREADS   prints "executions=N threads=K seconds=S"
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void* body(void* unused) {
  (void)unused;
  free(malloc(64));
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s EXECUTIONS THREADS\n", argv[0]);
    return 2;
  }
  const long executions = atol(argv[1]);
  const int threads = atoi(argv[2]);
  if (executions <= 0 || threads < 0 || threads > 64) {
    fprintf(stderr, "%s: EXECUTIONS must be positive and THREADS 0 to 64\n", argv[0]);
    return 2;
  }
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (long i = 0; i < executions; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      perror("fork");
      return 1;
    }
    if (pid == 0) {
      pthread_t made[64];
      for (int t = 0; t < threads; ++t) pthread_create(&made[t], NULL, body, NULL);
      for (int t = 0; t < threads; ++t) pthread_join(made[t], NULL);
      _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("executions=%ld threads=%d seconds=%.3f\n", executions, threads,
         (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
  return 0;
}
