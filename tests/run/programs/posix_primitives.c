/* Two withdrawals from one account: each checks the balance under a read lock, then
   withdraws under the write lock; both can pass the check before either withdraws, and
   the balance goes negative. Built with -DFIXED, the check is made under the write lock.
   A barrier starts both together, a spin lock counts them, a semaphore says each is done. */
#undef NDEBUG /* the assert is the test */
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

static pthread_rwlock_t account = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t counter_lock;
static pthread_barrier_t start;
static sem_t finished;
static int balance = 100;
static int withdrawals;

static void* withdraw(void* unused) {
  (void)unused;
  pthread_barrier_wait(&start);
#ifdef FIXED
  pthread_rwlock_wrlock(&account);
  if (balance >= 80) balance -= 80;
  pthread_rwlock_unlock(&account);
#else
  pthread_rwlock_rdlock(&account);
  int enough = balance >= 80;
  pthread_rwlock_unlock(&account);
  if (enough) {
    pthread_rwlock_wrlock(&account);
    balance -= 80;
    pthread_rwlock_unlock(&account);
  }
#endif
  pthread_spin_lock(&counter_lock);
  ++withdrawals;
  pthread_spin_unlock(&counter_lock);
  sem_post(&finished);
  return NULL;
}

int main(void) {
  pthread_spin_init(&counter_lock, PTHREAD_PROCESS_PRIVATE);
  pthread_barrier_init(&start, NULL, 2);
  sem_init(&finished, 0, 0);
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw, NULL);
  pthread_create(&b, NULL, withdraw, NULL);
  sem_wait(&finished);
  sem_wait(&finished);
  pthread_rwlock_rdlock(&account);
  assert(balance >= 0);
  pthread_rwlock_unlock(&account);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(withdrawals == 2);
  return 0;
}
