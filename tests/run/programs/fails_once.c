/* Fails the first time it runs with a given marker file (argv[1]), which it creates: a
   failure that depends on something weft does not control (the file system), so that its
   replay passes. */
#undef NDEBUG /* the assert is the test; CMake's release flags would drop it */
#include <assert.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const int created = open(argv[1], O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (created >= 0) close(created);
  assert(created < 0); /* only the first run creates it */
  return 0;
}
