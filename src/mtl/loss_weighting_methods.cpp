// Registry entries of this family; each method lives in its own file.
#include "mtl/method_registry.h"

namespace mtw::mtl {

void registerLossWeightingMethods(MethodRegistry&) { }

} // namespace mtw::mtl
