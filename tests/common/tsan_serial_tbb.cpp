// Linked into the ThreadSanitizer suites only (make tsan-core, MTW_TSAN_SERIAL_TBB): oneTBB hands
// work to its workers and back through synchronisation inside libtbb, which Debian ships
// uninstrumented, so TSan reports every value a worker writes and the caller reads after a
// parallel loop (723 reports in tst_trainer, every one of that kind). Here TBB runs on the
// calling thread, and TSan checks the threads the project starts itself: the session's worker
// QThread, run jobs and their followers, stop and pause requests, the run store's writer and
// readers. The parallel loops are checked in the normal suites instead: bit-identical results
// with 1 and 2 threads, and under ASan.
#include <tbb/global_control.h>

namespace {
const tbb::global_control serialTbb(tbb::global_control::max_allowed_parallelism, 1);
} // namespace
