// macOS has no death signal: nothing follows the parent here; the launcher's
// timeout and exit hooks remain (parent_death.h).
#include "parent_death.h"

namespace shm {

bool followParent(long) { return true; }

}  // namespace shm
